"""Issue 9 §2: o banco some no meio do trabalho e nada sai duplicado, nada se perde, nada
fica pendurado.

A queda é de verdade, sem mexer no código do projeto:
- PostgreSQL: um proxy TCP em loopback (tests/falsos/proxy_tcp.py) entre o app e o banco;
  `cortar()` é uma partição (nada passa, nada é recusado), `religar()` a desfaz;
- SQLite: outro processo (aqui, outra conexão) segura a trava de escrita do arquivo; quem
  precisa gravar espera o `busy_timeout` e recebe "database is locked".

Os prazos do banco são curtos e configurados aqui (não se espera 20 s: o `make bench`
faz a queda de 20 s). Nada de sleep: eventos da disponibilidade e da Bot API falsa.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Bot
from telegram.request import HTTPXRequest

from armazenamento.banco import criar_motor, fabrica_de_sessoes
from armazenamento.disponibilidade import Prazos, disponibilidade
from armazenamento.tempo import FUSO, agora
from bot.despachante import Despachante
from bot.limite_envio import LimiteDeEnvio
from bot.remetente_telegram import RemetenteTelegram
from bot.servidor import criar_app_http
from bot.telegram import CABECALHO_SEGREDO, criar_aplicacao, parar, rota_webhook
from fluxos.montagem import criar_motor_de_conversa
from mensagens.catalogo import texto
from tests.bot.test_caixa_entrada import linhas
from tests.bot.test_varios_processos import encher, estados
from tests.bot.test_webchat import montar_motor
from tests.dados import semear_programa
from tests.falsos import updates_telegram as tg
from tests.falsos.bot_api import FakeBotApi
from tests.falsos.proxy_tcp import ProxyTcp
from tests.falsos.servidor_bot_api import ServidorBotApi

PRAZOS = Prazos(conexao=1.0, comando=1.0, fila=1.0, suspeita=0.3, sonda=0.05)
LIMITE = 15.0  # segundos para cada espera por condição (nunca uma margem afirmada)
TOKEN = "123456:QUEDA"
SEGREDO = "segredo-da-queda_1"
CHAT = 7_300_001
LOG_DISPONIBILIDADE = "armazenamento.disponibilidade"


class Queda:
    """O banco visto por um motor que pode perder o banco (`motor`), e o controle do corte."""

    def __init__(self, motor: AsyncEngine) -> None:
        self.motor = motor

    def cortar(self) -> None:
        raise NotImplementedError

    def religar(self) -> None:
        raise NotImplementedError

    async def esperar_volta(self) -> None:
        async with asyncio.timeout(LIMITE):
            await disponibilidade(self.motor).esperar_volta()


class QuedaPg(Queda):
    def __init__(self, motor: AsyncEngine, proxy: ProxyTcp) -> None:
        super().__init__(motor)
        self.proxy = proxy

    def cortar(self) -> None:
        self.proxy.cortar()

    def religar(self) -> None:
        self.proxy.religar()


class QuedaSqlite(Queda):
    """Outra conexão segura a trava de escrita do arquivo (como uma importação travada)."""

    def __init__(self, motor: AsyncEngine, arquivo: str) -> None:
        super().__init__(motor)
        self.arquivo = arquivo
        self._trava: sqlite3.Connection | None = None

    def cortar(self) -> None:
        self._trava = sqlite3.connect(self.arquivo, isolation_level=None)
        self._trava.execute("BEGIN EXCLUSIVE")

    def religar(self) -> None:
        if self._trava is not None:
            self._trava.execute("ROLLBACK")
            self._trava.close()
            self._trava = None


@pytest.fixture
async def queda(url_banco: str, tipo_banco: str) -> AsyncIterator[Queda]:
    url = make_url(url_banco)
    if tipo_banco == "sqlite":
        motor = criar_motor(url_banco, PRAZOS)
        sq = QuedaSqlite(motor, url.database or "")
        yield sq
        sq.religar()
    else:
        async with ProxyTcp(url.host or "127.0.0.1", url.port or 5432) as proxy:
            pelo_proxy = url.set(host="127.0.0.1", port=proxy.porta)
            motor = criar_motor(pelo_proxy.render_as_string(hide_password=False), PRAZOS)
            yield QuedaPg(motor, proxy)
            proxy.religar()
    await disponibilidade(motor).fechar()
    await motor.dispose()


def registros(caplog: pytest.LogCaptureFixture, trecho: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if trecho in r.getMessage()]


# ----- 1. duplicatas depois de uma queda --------------------------------------------------


@pytest.fixture
async def api() -> AsyncIterator[ServidorBotApi]:
    async with ServidorBotApi(TOKEN) as servidor:
        yield servidor


class Relogio:
    """As datas do despachante: o agora de verdade mais um salto que o teste dá."""

    def __init__(self) -> None:
        self.salto = timedelta()

    def __call__(self) -> datetime:
        return agora() + self.salto


async def test_queda_do_banco_no_meio_do_envio_nao_duplica_nem_perde(
    queda: Queda, api: ServidorBotApi, motor_banco: AsyncEngine
) -> None:
    """200 linhas; o banco cai com o envio no meio e o arrendamento vence durante a queda.
    Os resultados ficam em memória e são gravados quando o banco volta, antes de qualquer
    reivindicação nova: 0 duplicadas, 0 perdidas, todas "enviada"."""
    quantas = 200
    await encher(motor_banco, quantas)
    relogio = Relogio()
    pedido = HTTPXRequest(connection_pool_size=8)
    async with Bot(TOKEN, base_url=f"{api.url}/bot", request=pedido) as bot:
        despachante = Despachante(
            queda.motor,
            "telegram",
            RemetenteTelegram(bot),
            LimiteDeEnvio(200),  # ~1 s para tudo: dá para cortar no meio
            lote=50,
            prazo=timedelta(seconds=30),
            relogio=relogio,
            paralelos=4,
        )
        envio = asyncio.ensure_future(despachante.esvaziar())
        await api.esperar(lambda: api.total_aceitas >= 60, limite=LIMITE)
        queda.cortar()
        async with asyncio.timeout(LIMITE):
            await envio  # o despachante não cai nem trava: para de reivindicar e guarda

        assert disponibilidade(queda.motor).fora
        assert despachante.resultados_pendentes > 0
        enviadas_na_queda = api.total_aceitas
        assert 0 < enviadas_na_queda < quantas
        relogio.salto = timedelta(hours=1)  # o arrendamento das linhas em voo venceu
        assert await despachante.esvaziar() == 0  # banco fora: nada sai
        assert api.total_aceitas == enviadas_na_queda

        queda.religar()
        await queda.esperar_volta()
        async with asyncio.timeout(LIMITE):
            while await despachante.esvaziar():
                pass

    assert despachante.resultados_pendentes == 0
    assert api.duplicadas() == 0
    assert len(api.enviadas_por_chat()) == quantas  # ninguém ficou sem
    assert await estados(motor_banco) == {"enviada": quantas}


# ----- 2. requisições penduradas -----------------------------------------------------------


@pytest.fixture
async def cliente_web(queda: Queda) -> AsyncIterator[TestClient[Any, Any]]:
    app = criar_app_http(montar_motor(fabrica_de_sessoes(queda.motor)), queda.motor)
    async with TestClient(TestServer(app)) as cliente:
        yield cliente


async def test_chat_web_com_banco_pendurado_responde_503_e_uma_linha_de_log(
    queda: Queda, cliente_web: TestClient[Any, Any], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    primeira = await cliente_web.post("/api/conversa", json={"tipo": "comando", "comando": "start"})
    assert primeira.status == 200
    sessao = (await primeira.json())["sessao"]
    pedido = {"sessao": sessao, "tipo": "botao", "valor": "azul"}

    queda.cortar()
    respostas = await asyncio.gather(
        *(cliente_web.post("/api/conversa", json=pedido) for _ in range(5))
    )
    respostas.append(await cliente_web.post("/api/conversa", json=pedido))  # disjuntor aberto

    for resposta in respostas:
        assert resposta.status == 503
        assert resposta.headers["Retry-After"]
        assert await resposta.json() == {
            "erro": texto("web.erro.fora_do_ar"),
            "codigo": "fora_do_ar",
        }
    assert len(registros(caplog, "banco fora do ar")) == 1
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert all(r.exc_info is None for r in caplog.records)  # nenhum rastro de pilha

    queda.religar()
    await queda.esperar_volta()
    depois = await cliente_web.post("/api/conversa", json=pedido)
    assert depois.status == 200  # a conversa segue de onde estava
    assert len(registros(caplog, "banco de volta")) == 1
    assert len(registros(caplog, "banco fora do ar")) == 1


async def test_webhook_com_banco_pendurado_responde_503_e_o_update_chega_depois(
    queda: Queda, motor_banco: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    """O Telegram reentrega o que recebeu 503: quando o banco volta, a pessoa é atendida
    (uma vez) e o update fica gravado como processado."""
    caplog.set_level(logging.INFO)
    await semear_programa(fabrica_de_sessoes(motor_banco), agora().astimezone(FUSO).date())
    api = FakeBotApi()
    aplicacao = criar_aplicacao(TOKEN, criar_motor_de_conversa(queda.motor), request=api)
    await aplicacao.initialize()
    rota = web.post("/telegram/webhook", rota_webhook(aplicacao, SEGREDO, queda.motor))
    app = criar_app_http(criar_motor_de_conversa(queda.motor), queda.motor, [rota])
    update = tg.comando(CHAT, "/start", update_id=4242)
    cabecalhos = {CABECALHO_SEGREDO: SEGREDO}
    try:
        async with TestClient(TestServer(app)) as cliente:
            queda.cortar()
            for _ in range(2):  # a primeira entrega e uma reentrega ainda na queda
                resposta = await cliente.post("/telegram/webhook", json=update, headers=cabecalhos)
                assert resposta.status == 503
            assert api.enviadas(CHAT) == []

            queda.religar()
            await queda.esperar_volta()
            resposta = await cliente.post("/telegram/webhook", json=update, headers=cabecalhos)
            assert resposta.status == 200
    finally:
        await parar(aplicacao)

    assert api.enviadas(CHAT)  # a pessoa foi atendida
    assert [(i, p is not None) for i, p in await linhas(motor_banco)] == [("4242", True)]
    assert len(registros(caplog, "banco fora do ar")) == 1
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
