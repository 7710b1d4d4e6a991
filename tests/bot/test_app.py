"""A partida inteira (`bot.app.iniciar`): banco, demonstração, chat web e Telegram.

O Telegram fala HTTP de verdade com uma Bot API falsa numa porta local; nada de rede.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from telegram.error import InvalidToken

from armazenamento.banco import criar_motor
from bot.app import iniciar
from bot.config import Config
from bot.telegram import CABECALHO_SEGREDO
from tests.falsos import updates_telegram as tg
from tests.falsos.servidor_bot_api import ServidorBotApi

TOKEN = "123:ABC"
CHAT = 7_100_001
WEBHOOK = "https://exemplo.invalid/telegram/webhook"
SEGREDO = "segredo_do_teste-1"
PRAZO = 20.0  # segundos para subir ou parar; normalmente menos de 2
CURTO = aiohttp.ClientTimeout(total=3)
TABELAS = ("ciclo", "curso", "cras")  # a demonstração: 1 ciclo, 6 cursos, 10 CRAS


def porta_livre() -> int:
    with socket.socket() as tomada:
        tomada.bind(("127.0.0.1", 0))
        return int(tomada.getsockname()[1])


@pytest.fixture
def config(tmp_path: Path, url_banco: str) -> Config:
    """No SQLite, um arquivo que ainda não existe (a partida migra); no PostgreSQL, um banco
    migrado e vazio (lá quem migra é o `inclusao migrar`)."""
    sqlite = url_banco.startswith("sqlite")
    return Config(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'inclusao.db'}" if sqlite else url_banco,
        http_host="127.0.0.1",
        http_porta=porta_livre(),
    )


async def esperar_saude(base: str, tarefa: asyncio.Task[None]) -> None:
    """Consulta /saude até dar 200; falha já se a partida morreu no caminho."""
    async with aiohttp.ClientSession(timeout=CURTO) as cliente, asyncio.timeout(PRAZO):
        while True:
            if tarefa.done():
                tarefa.result()  # mostra a exceção da partida, se houve
                raise AssertionError("iniciar terminou sem ninguém mandar parar")
            try:
                async with cliente.get(f"{base}/saude") as resposta:
                    if resposta.status == 200:
                        assert await resposta.json() == {"status": "ok"}
                        return
            except aiohttp.ClientConnectionError:
                pass  # ainda subindo
            await asyncio.sleep(0.05)


@asynccontextmanager
async def no_ar(config: Config) -> AsyncIterator[str]:
    """Sobe o assistente (com a demonstração) e, na saída, para e confere que parou."""
    parar = asyncio.Event()
    tarefa = asyncio.create_task(iniciar(config, demo=True, parar=parar))
    base = f"http://{config.http_host}:{config.http_porta}"
    try:
        await esperar_saude(base, tarefa)
        yield base
    finally:
        parar.set()
        await asyncio.wait_for(tarefa, PRAZO)  # termina limpo: sem exceção, sem travar


async def porta_fechada(base: str) -> bool:
    try:
        async with aiohttp.ClientSession(timeout=CURTO) as cliente:
            await cliente.get(f"{base}/saude")
    except aiohttp.ClientConnectionError:
        return True
    return False


def rotulos(parametros: dict[str, Any]) -> list[str]:
    teclado = parametros.get("reply_markup") or {}
    return [b["text"] for linha in teclado.get("inline_keyboard", []) for b in linha]


async def test_chat_web_sobe_responde_e_para(config: Config) -> None:
    async with no_ar(config) as base, aiohttp.ClientSession(timeout=CURTO) as cliente:
        pedido = {"sessao": None, "tipo": "comando", "comando": "start"}
        async with cliente.post(f"{base}/api/conversa", json=pedido) as resposta:
            assert resposta.status == 200
            dados = await resposta.json()
        async with cliente.get(f"{base}/") as pagina:
            assert pagina.status == 200
            assert "text/html" in pagina.headers["Content-Type"]
    primeira = dados["mensagens"][0]
    assert "pré-inscrição" in primeira["texto"]
    assert "16 anos" in primeira["texto"]
    assert [b["rotulo"] for b in primeira["botoes"]] == [
        "Entendi, continuar",
        "Saber mais",
        "Agora não",
    ]
    assert dados["sessao"]
    assert await porta_fechada(base)


async def test_demo_so_e_carregada_com_banco_vazio(config: Config) -> None:
    """Reiniciar não duplica a demonstração: quem já se inscreveu continua com o protocolo."""
    async with no_ar(config) as base, aiohttp.ClientSession(timeout=CURTO) as cliente:
        pedido = {"sessao": None, "tipo": "comando", "comando": "start"}
        async with cliente.post(f"{base}/api/conversa", json=pedido) as resposta:
            sessao = (await resposta.json())["sessao"]
    async with no_ar(config) as base, aiohttp.ClientSession(timeout=CURTO) as cliente:
        pedido = {"sessao": sessao, "tipo": "texto", "texto": "Entendi, continuar"}
        async with cliente.post(f"{base}/api/conversa", json=pedido) as resposta:
            dados = await resposta.json()
    assert "nome completo" in dados["mensagens"][-1]["texto"]  # continuou de onde parou
    motor_banco = criar_motor(config.database_url)
    try:
        async with motor_banco.connect() as conexao:
            contagens = [
                (await conexao.exec_driver_sql(f"SELECT count(*) FROM {t}")).scalar_one()
                for t in TABELAS
            ]
    finally:
        await motor_banco.dispose()
    assert contagens == [1, 6, 10]


async def test_telegram_por_polling(config: Config) -> None:
    async with ServidorBotApi(TOKEN) as api:
        config = replace(config, telegram_token=TOKEN, telegram_base_url=api.url)
        async with no_ar(config):
            update = tg.comando(CHAT, "/start")
            api.entregar(update)
            await api.esperar(lambda: any("pré-inscrição" in t for t in api.enviadas(CHAT)))
            saudacao = api.chamadas_de("sendMessage")[-1]
            assert rotulos(saudacao)[0] == "Entendi, continuar"
            assert not api.chamadas_de("setWebhook")
            assert api.chamadas_de("deleteWebhook")  # um webhook antigo não rouba os updates
            (menu,) = api.chamadas_de("setMyCommands")  # o menu "/" do cidadão, em português
            assert [c["command"] for c in menu["commands"]] == [
                "start",
                "status",
                "frequencia",
                "vincular",
                "ajuda",
                "voltar",
                "cancelar",
            ]
            assert menu["commands"][1]["description"] == "Ver como está minha pré-inscrição"
        # na parada o update foi confirmado: não volta na próxima partida
        assert api.chamadas_de("getUpdates")[-1]["offset"] == update["update_id"] + 1
        assert len(api.enviadas(CHAT)) == 1


async def test_telegram_por_webhook_com_segredo(config: Config) -> None:
    async with ServidorBotApi(TOKEN) as api:
        config = replace(
            config,
            telegram_token=TOKEN,
            telegram_base_url=api.url,
            telegram_webhook_url=WEBHOOK,
            telegram_secret_token=SEGREDO,
        )
        async with no_ar(config) as base, aiohttp.ClientSession(timeout=CURTO) as cliente:
            (registro,) = api.chamadas_de("setWebhook")
            assert (registro["url"], registro["secret_token"]) == (WEBHOOK, SEGREDO)
            assert registro["allowed_updates"] == ["message", "callback_query"]
            assert not api.chamadas_de("getUpdates")
            rota = f"{base}/telegram/webhook"
            for cabecalhos in ({CABECALHO_SEGREDO: "outro-segredo"}, {}):
                corpo = tg.comando(CHAT, "/start")
                async with cliente.post(rota, json=corpo, headers=cabecalhos) as resposta:
                    assert resposta.status == 403
            assert api.enviadas(CHAT) == []

            corpo = tg.comando(CHAT, "/start")
            async with cliente.post(
                rota, json=corpo, headers={CABECALHO_SEGREDO: SEGREDO}
            ) as resposta:
                assert resposta.status == 200
            await api.esperar(lambda: api.enviadas(CHAT))
            assert "pré-inscrição" in api.enviadas(CHAT)[0]


async def test_token_recusado_pela_api_impede_a_partida(config: Config) -> None:
    """Token errado: a partida falha com o erro do Telegram em vez de subir pela metade."""
    async with ServidorBotApi("999:OUTRO") as api:
        config = replace(config, telegram_token=TOKEN, telegram_base_url=api.url)
        with pytest.raises(InvalidToken, match="rejected"):
            await asyncio.wait_for(iniciar(config, parar=asyncio.Event()), PRAZO)
    assert await porta_fechada(f"http://{config.http_host}:{config.http_porta}")
