"""Raiz de composição: o único lugar que liga banco, motor, canais e servidor HTTP."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from datetime import date, timedelta

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from telegram.ext import Application

from armazenamento import importacao
from armazenamento.banco import criar_motor, fabrica_de_sessoes
from armazenamento.disponibilidade import disponibilidade
from armazenamento.migracao import migrar
from armazenamento.tempo import FUSO, agora
from bot import telegram
from bot.agendador import criar_agendador
from bot.config import Config
from bot.despachante import Despachante
from bot.instancia import instancia_unica
from bot.lider import criar_lideranca
from bot.limite_envio import FOLGA, LimiteDeEnvio
from bot.remetente_telegram import RemetenteTelegram
from bot.servidor import criar_app_http
from bot.whatsapp.fila import RemetenteFilaWhatsApp
from bot.whatsapp.graph import ClienteGraph, ConfigGraph
from bot.whatsapp.processamento import ProcessadorWhatsApp
from bot.whatsapp.remetente import RemetenteWhatsApp
from bot.whatsapp.webhook import WebhookWhatsApp
from fluxos.montagem import criar_motor_de_conversa
from fluxos.motor import Motor

log = logging.getLogger(__name__)


def hoje_em_bauru() -> date:
    return agora().astimezone(FUSO).date()


async def preparar_banco(config: Config) -> tuple[AsyncEngine, async_sessionmaker[AsyncSession]]:
    """Abre o banco; no SQLite embutido aplica as migrações na partida (PostgreSQL: `migrar`)."""
    motor_banco = criar_motor(config.database_url, config.prazos_banco)
    if config.sqlite:
        await migrar(motor_banco)
    return motor_banco, fabrica_de_sessoes(motor_banco)


async def carregar_demo_se_vazio(sessoes: async_sessionmaker[AsyncSession]) -> bool:
    if not await importacao.banco_sem_programa(sessoes):
        return False
    await importacao.importar(importacao.CAMINHO_DEMO, sessoes, hoje_em_bauru())
    log.info("banco vazio: carga de demonstração importada")
    return True


@dataclass
class Canais:
    """O que os canais ligados acrescentam: rotas HTTP e despachantes da fila de envio."""

    rotas: list[web.RouteDef] = field(default_factory=list)
    despachantes: list[Despachante] = field(default_factory=list)
    minuto_a_minuto: list[Callable[[], Awaitable[object]]] = field(default_factory=list)

    def somar(self, outros: Canais) -> None:
        self.rotas += outros.rotas
        self.despachantes += outros.despachantes
        self.minuto_a_minuto += outros.minuto_a_minuto


async def _ligar_telegram(config: Config, motor: Motor, pilha: AsyncExitStack) -> Canais:
    if not config.telegram_token:
        return Canais()
    aplicacao = telegram.criar_aplicacao(
        config.telegram_token,
        motor,
        config.telegram_base_url or None,
        polling=not config.telegram_webhook_url,
    )
    pilha.push_async_callback(telegram.parar, aplicacao)
    rotas = await _receber_do_telegram(config, motor, aplicacao)
    limite = LimiteDeEnvio(config.telegram_envios_por_segundo, folga=FOLGA)
    remetente = RemetenteTelegram(aplicacao.bot)
    lideranca = criar_lideranca(motor.banco, "telegram")  # um despachante por canal
    pilha.push_async_callback(lideranca.largar)
    despachante = Despachante(
        motor.banco, "telegram", remetente, limite, paralelos=8, lideranca=lideranca
    )
    pilha.push_async_callback(despachante.encerrar)  # grava o que ficou de uma queda

    async def recuperar() -> None:  # updates guardados e não processados (queda no meio)
        await telegram.reprocessar_pendentes(aplicacao, motor.banco, agora() - timedelta(minutes=1))

    return Canais(rotas, [despachante], [recuperar] if rotas else [])


async def _ligar_whatsapp(config: Config, motor: Motor, pilha: AsyncExitStack) -> Canais:
    """O webhook (/whatsapp/webhook), o despachante da fila "whatsapp" e a recuperação das
    mensagens guardadas e não processadas. Um ritmo só para respostas e fila: a vazão é
    do número na Cloud API."""
    wa = config.whatsapp
    if not wa.ligado:
        return Canais()
    limite = LimiteDeEnvio(wa.envios_por_segundo, folga=FOLGA)  # no cliente: cada POST
    graph = ConfigGraph(wa.phone_number_id, wa.token, wa.api_base_url)
    cliente = ClienteGraph(graph, limite=limite)
    pilha.push_async_callback(cliente.fechar)
    remetente = RemetenteWhatsApp(cliente, banco=motor.banco)  # o canônico -> o destino
    processador = ProcessadorWhatsApp(motor, remetente)
    pilha.push_async_callback(processador.ocioso)  # as respostas em curso terminam
    webhook = WebhookWhatsApp(processador, wa.app_secret, wa.verify_token)
    lideranca = criar_lideranca(motor.banco, "whatsapp")
    pilha.push_async_callback(lideranca.largar)
    # A fila (convocações, lembretes, avisos): janela de 24 h, modelos, limite diário.
    da_fila = RemetenteFilaWhatsApp(
        motor.banco,
        remetente,
        cliente,
        config.whatsapp_fila,
        prazo_convocacao=motor.ajustes.prazo_convocacao,
    )
    despachante = Despachante(
        motor.banco, "whatsapp", da_fila, None, paralelos=8, lideranca=lideranca
    )
    pilha.push_async_callback(despachante.encerrar)

    async def recuperar() -> None:
        await processador.reprocessar_pendentes(agora() - timedelta(minutes=1))

    log.info("whatsapp: webhook em /whatsapp/webhook")
    return Canais(webhook.rotas(), [despachante], [recuperar])


async def _receber_do_telegram(
    config: Config, motor: Motor, aplicacao: Application
) -> list[web.RouteDef]:
    """Webhook quando há URL (rota no nosso servidor); senão, polling (desenvolvimento)."""
    if config.telegram_webhook_url:
        await telegram.configurar_webhook(
            aplicacao, config.telegram_webhook_url, config.telegram_secret_token
        )
        log.info("telegram: webhook configurado")
        return [
            web.post(
                "/telegram/webhook",
                telegram.rota_webhook(aplicacao, config.telegram_secret_token, motor.banco),
            )
        ]
    await telegram.iniciar_polling(aplicacao)
    log.info("telegram: recebendo por polling")
    return []


async def iniciar(config: Config, demo: bool = False, parar: asyncio.Event | None = None) -> None:
    """Sobe tudo e espera Ctrl+C / SIGTERM (ou o evento `parar`, nos testes). No SQLite,
    uma segunda partida no mesmo arquivo levanta `InstanciaEmUso` (`bot.instancia`)."""
    parar = parar or asyncio.Event()
    async with AsyncExitStack() as pilha:
        pilha.enter_context(instancia_unica(config.database_url))
        motor_banco, sessoes = await preparar_banco(config)
        pilha.push_async_callback(motor_banco.dispose)
        pilha.push_async_callback(disponibilidade(motor_banco).fechar)
        if demo:
            await carregar_demo_se_vazio(sessoes)
        motor = criar_motor_de_conversa(
            motor_banco, ajustes=config.ajustes, validade=config.retencao.conversa
        )
        canais = await _ligar_telegram(config, motor, pilha)
        canais.somar(await _ligar_whatsapp(config, motor, pilha))
        agendador = criar_agendador(
            motor_banco,
            canais.despachantes,
            canais.minuto_a_minuto,
            hora_lembrete=config.hora_lembrete,
            feriados_extras=config.feriados_extras,
            ajustes=config.ajustes,
            retencao=config.retencao,
            resumo_acessuas=config.resumo_acessuas,
        )
        agendador.start()
        pilha.callback(agendador.shutdown, wait=False)
        executor = web.AppRunner(
            criar_app_http(
                motor,
                motor_banco,
                canais.rotas,
                limite_por_minuto=config.web.mensagens_por_minuto,
                sessoes_novas_por_minuto=config.web.sessoes_novas_por_minuto,
                limite_equipe_por_minuto=config.web.mensagens_por_minuto_equipe,
                proxies_confiaveis=config.web.proxies_confiaveis,
                chave_sessao=config.web.chave_sessao,
            )
        )
        await executor.setup()
        pilha.push_async_callback(executor.cleanup)
        await web.TCPSite(executor, config.http_host, config.http_porta).start()
        log.info("chat web em http://%s:%s", config.http_host, config.http_porta)
        laco = asyncio.get_running_loop()
        for sinal in (signal.SIGINT, signal.SIGTERM):
            laco.add_signal_handler(sinal, parar.set)
        await parar.wait()
        log.info("encerrando")
