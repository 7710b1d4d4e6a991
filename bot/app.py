"""Raiz de composição: o único lugar que liga banco, motor, canais e servidor HTTP."""

from __future__ import annotations

import asyncio
import logging
import signal
from contextlib import AsyncExitStack
from datetime import date

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from armazenamento import importacao
from armazenamento.banco import criar_motor, fabrica_de_sessoes
from armazenamento.migracao import migrar
from armazenamento.tempo import FUSO, agora
from bot import telegram
from bot.config import Config
from bot.servidor import criar_app_http
from fluxos.montagem import criar_motor_de_conversa
from fluxos.motor import Motor

log = logging.getLogger(__name__)


def hoje_em_bauru() -> date:
    return agora().astimezone(FUSO).date()


async def preparar_banco(config: Config) -> tuple[AsyncEngine, async_sessionmaker[AsyncSession]]:
    """Abre o banco; no SQLite embutido aplica as migrações na partida (PostgreSQL: `migrar`)."""
    motor_banco = criar_motor(config.database_url)
    if config.sqlite:
        await migrar(motor_banco)
    return motor_banco, fabrica_de_sessoes(motor_banco)


async def carregar_demo_se_vazio(sessoes: async_sessionmaker[AsyncSession]) -> bool:
    if not await importacao.banco_sem_programa(sessoes):
        return False
    await importacao.importar(importacao.CAMINHO_DEMO, sessoes, hoje_em_bauru())
    log.info("banco vazio: carga de demonstração importada")
    return True


async def _ligar_telegram(
    config: Config, motor: Motor, pilha: AsyncExitStack
) -> list[web.RouteDef]:
    """Webhook quando há URL (rota no nosso servidor); senão, polling (desenvolvimento)."""
    if not config.telegram_token:
        return []
    webhook = bool(config.telegram_webhook_url)
    aplicacao = telegram.criar_aplicacao(
        config.telegram_token, motor, config.telegram_base_url or None, polling=not webhook
    )
    pilha.push_async_callback(telegram.parar, aplicacao)
    if webhook:
        await telegram.configurar_webhook(
            aplicacao, config.telegram_webhook_url, config.telegram_secret_token
        )
        log.info("telegram: webhook configurado")
        return [
            web.post(
                "/telegram/webhook", telegram.rota_webhook(aplicacao, config.telegram_secret_token)
            )
        ]
    await telegram.iniciar_polling(aplicacao)
    log.info("telegram: recebendo por polling")
    return []


async def iniciar(config: Config, demo: bool = False, parar: asyncio.Event | None = None) -> None:
    """Sobe tudo e espera Ctrl+C / SIGTERM (ou o evento `parar`, nos testes)."""
    parar = parar or asyncio.Event()
    async with AsyncExitStack() as pilha:
        motor_banco, sessoes = await preparar_banco(config)
        pilha.push_async_callback(motor_banco.dispose)
        if demo:
            await carregar_demo_se_vazio(sessoes)
        motor = criar_motor_de_conversa(motor_banco)
        rotas = await _ligar_telegram(config, motor, pilha)
        executor = web.AppRunner(criar_app_http(motor, motor_banco, rotas))
        await executor.setup()
        pilha.push_async_callback(executor.cleanup)
        await web.TCPSite(executor, config.http_host, config.http_porta).start()
        log.info("chat web em http://%s:%s", config.http_host, config.http_porta)
        laco = asyncio.get_running_loop()
        for sinal in (signal.SIGINT, signal.SIGTERM):
            laco.add_signal_handler(sinal, parar.set)
        await parar.wait()
        log.info("encerrando")
