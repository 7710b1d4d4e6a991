"""Caixa de entrada do webhook do Telegram: gravar antes do 200, processar uma vez só.

Application real do PTB sobre a Bot API falsa, o fluxo de pré-inscrição de verdade e um
servidor aiohttp só com a rota do webhook. O que se conta é o que a pessoa veria: quantas
mensagens chegaram ao chat.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from telegram.ext import Application

from armazenamento import caixa_entrada
from armazenamento.banco import criar_motor, transacao
from armazenamento.modelos import Recebida
from armazenamento.tempo import FUSO, agora
from bot.telegram import (
    CABECALHO_SEGREDO,
    CANAL,
    criar_aplicacao,
    parar,
    reprocessar_pendentes,
    rota_webhook,
)
from fluxos.montagem import criar_motor_de_conversa
from tests.dados import semear_programa
from tests.falsos import updates_telegram as tg
from tests.falsos.bot_api import SEM_VALOR, FakeBotApi

TOKEN = "123456:TESTE"
SEGREDO = "segredo-do-webhook_1"
CHAT = 7_100_001
OUTRO_CHAT = 7_199_999
CABECALHOS = {CABECALHO_SEGREDO: SEGREDO}
_R = Recebida.__table__  # type: ignore[attr-defined]

Cliente = TestClient[web.Request, web.Application]


class ApiLenta(FakeBotApi):
    """A Bot API falsa, mas o sendMessage demora `atraso` segundos: dá tempo de uma
    reentrega chegar enquanto a primeira entrega ainda está sendo processada."""

    atraso = 0.0

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: Any = None,
        read_timeout: object = SEM_VALOR,
        write_timeout: object = SEM_VALOR,
        connect_timeout: object = SEM_VALOR,
        pool_timeout: object = SEM_VALOR,
    ) -> tuple[int, bytes]:
        if url.endswith("/sendMessage") and self.atraso:
            await asyncio.sleep(self.atraso)
        return await super().do_request(
            url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
        )


@pytest.fixture
def api() -> ApiLenta:
    return ApiLenta()


@pytest.fixture
async def app(
    motor_banco: AsyncEngine, sessoes: async_sessionmaker[AsyncSession], api: ApiLenta
) -> AsyncIterator[Application]:
    await semear_programa(sessoes, agora().astimezone(FUSO).date())
    aplicacao = criar_aplicacao(TOKEN, criar_motor_de_conversa(motor_banco), request=api)
    await aplicacao.initialize()
    api.limpar()  # o getMe da inicialização não interessa
    yield aplicacao
    await parar(aplicacao)


async def _cliente(app: Application, banco: AsyncEngine) -> TestClient[Any, Any]:
    servidor_web = web.Application()
    servidor_web.router.add_post("/telegram/webhook", rota_webhook(app, SEGREDO, banco))
    return TestClient(TestServer(servidor_web))


@pytest.fixture
async def cliente(app: Application, motor_banco: AsyncEngine) -> AsyncIterator[Cliente]:
    async with await _cliente(app, motor_banco) as c:
        yield c


async def postar(cliente: Cliente, corpo: dict[str, Any]) -> int:
    resposta = await cliente.post("/telegram/webhook", json=corpo, headers=CABECALHOS)
    return resposta.status


async def linhas(banco: AsyncEngine) -> list[tuple[str, datetime | None]]:
    """(id externo, processada_em) de cada linha da caixa de entrada."""
    async with banco.connect() as conexao:
        consulta = select(_R.c.id_externo, _R.c.processada_em).order_by(_R.c.id)
        return [(i, p) for i, p in (await conexao.execute(consulta)).all()]


async def respostas_a_um_start(cliente: Cliente, api: FakeBotApi) -> int:
    """Quantas mensagens um /start entregue uma vez gera (a referência dos testes)."""
    assert await postar(cliente, tg.comando(OUTRO_CHAT, "/start", update_id=900)) == 200
    quantas = len(api.enviadas(OUTRO_CHAT))
    assert quantas >= 1
    return quantas


# ----- webhook ---------------------------------------------------------------------------


async def test_update_novo_e_gravado_processado_e_marcado(
    cliente: Cliente, api: FakeBotApi, motor_banco: AsyncEngine
) -> None:
    corpo = tg.comando(CHAT, "/start", update_id=501)

    assert await postar(cliente, corpo) == 200

    assert api.enviadas(CHAT)
    ((id_externo, processada_em),) = await linhas(motor_banco)
    assert id_externo == "501"
    assert processada_em is not None and agora() - processada_em < timedelta(minutes=1)
    async with motor_banco.connect() as conexao:
        guardado = (await conexao.execute(select(_R.c.corpo, _R.c.canal))).one()
    assert (json.loads(guardado.corpo), guardado.canal) == (corpo, "telegram")


async def test_reentrega_e_processada_uma_vez(
    cliente: Cliente, api: FakeBotApi, motor_banco: AsyncEngine
) -> None:
    esperadas = await respostas_a_um_start(cliente, api)
    corpo = tg.comando(CHAT, "/start", update_id=502)

    assert await postar(cliente, corpo) == 200
    assert await postar(cliente, corpo) == 200

    assert len(api.enviadas(CHAT)) == esperadas
    assert [i for i, _ in await linhas(motor_banco)] == ["900", "502"]


@pytest.mark.parametrize("atraso", [0.0, 0.05], ids=["rapida", "envio_lento"])
async def test_reentregas_simultaneas_sao_processadas_uma_vez(
    cliente: Cliente, api: ApiLenta, motor_banco: AsyncEngine, atraso: float
) -> None:
    esperadas = await respostas_a_um_start(cliente, api)
    api.atraso = atraso  # lento: a 2ª chega com a 1ª ainda enviando
    corpo = tg.comando(CHAT, "/start", update_id=503)

    codigos = await asyncio.gather(*(postar(cliente, corpo) for _ in range(3)))

    assert codigos == [200, 200, 200]
    assert len(api.enviadas(CHAT)) == esperadas
    assert sum(i == "503" for i, _ in await linhas(motor_banco)) == 1
    assert all(p is not None for _, p in await linhas(motor_banco))


async def test_updates_diferentes_sao_todos_processados(
    cliente: Cliente, api: FakeBotApi, motor_banco: AsyncEngine
) -> None:
    esperadas = await respostas_a_um_start(cliente, api)

    codigos = await asyncio.gather(
        postar(cliente, tg.comando(CHAT, "/start", update_id=601)),
        postar(cliente, tg.comando(CHAT + 1, "/start", update_id=602)),
    )

    assert codigos == [200, 200]
    assert len(api.enviadas(CHAT)) == len(api.enviadas(CHAT + 1)) == esperadas
    processadas = {i for i, p in await linhas(motor_banco) if p is not None}
    assert processadas == {"900", "601", "602"}


@pytest.mark.parametrize(
    "corpo",
    [{"update_id": "12"}, {"update_id": True}, {"update_id": 1.5}, {"message": {}}],
    ids=["texto", "bool", "fracao", "sem_id"],
)
async def test_update_id_invalido_recebe_400_e_nada_e_gravado(
    cliente: Cliente, motor_banco: AsyncEngine, corpo: dict[str, Any]
) -> None:
    assert await postar(cliente, corpo) == 400
    assert await linhas(motor_banco) == []


async def test_segredo_errado_nao_grava(cliente: Cliente, motor_banco: AsyncEngine) -> None:
    resposta = await cliente.post(
        "/telegram/webhook", json=tg.comando(CHAT, "/start", update_id=700)
    )

    assert resposta.status == 403
    assert await linhas(motor_banco) == []


async def test_falha_ao_processar_responde_200_e_fica_pendente(
    cliente: Cliente,
    app: Application,
    api: FakeBotApi,
    motor_banco: AsyncEngine,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def quebrar(self: Application, update: object) -> None:
        raise RuntimeError("CPF 123.456.789-09 de Maria")

    corpo = tg.mensagem_texto(CHAT, "meu CPF é 123.456.789-09", update_id=801)
    with monkeypatch.context() as m, caplog.at_level(logging.INFO):
        m.setattr(Application, "process_update", quebrar)
        assert await postar(cliente, corpo) == 200
        assert await postar(cliente, corpo) == 200  # a reentrega não tenta de novo

    assert await linhas(motor_banco) == [("801", None)]
    assert "801" in caplog.text and "RuntimeError" in caplog.text
    assert "123.456.789-09" not in caplog.text and "Maria" not in caplog.text
    assert api.enviadas(CHAT) == []

    # mais tarde, a recuperação processa (uma vez) o que ficou pendente
    depois = agora() + timedelta(minutes=2)
    assert await reprocessar_pendentes(app, motor_banco, depois) == 1
    assert len(api.enviadas(CHAT)) >= 1
    ((_, processada_em),) = await linhas(motor_banco)
    assert processada_em is not None


async def test_banco_fora_do_ar_responde_503_sem_dados_no_log(
    app: Application, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Sem gravar não há 200: o Telegram entrega de novo. O erro do banco carrega os
    parâmetros do INSERT (o corpo, com dados da pessoa): o log leva só o tipo."""
    sem_tabelas = criar_motor(f"sqlite+aiosqlite:///{tmp_path / 'sem_tabelas.db'}")
    corpo = tg.mensagem_texto(CHAT, "meu CPF é 123.456.789-09", update_id=802)
    try:
        async with await _cliente(app, sem_tabelas) as c:
            with caplog.at_level(logging.INFO):
                assert await postar(c, corpo) == 503
    finally:
        await sem_tabelas.dispose()

    assert "802" in caplog.text
    assert "123.456.789-09" not in caplog.text


# ----- recuperação -------------------------------------------------------------------


async def _guardar(banco: AsyncEngine, corpo: dict[str, Any], quando: datetime) -> bool:
    async with transacao(banco) as conexao:
        return await caixa_entrada.guardar(
            conexao, CANAL, str(corpo["update_id"]), json.dumps(corpo), quando
        )


async def test_reprocessa_pendente_antiga_uma_vez(
    cliente: Cliente, app: Application, api: FakeBotApi, motor_banco: AsyncEngine
) -> None:
    esperadas = await respostas_a_um_start(cliente, api)
    momento = agora()
    corpo = tg.comando(CHAT, "/start", update_id=901)
    assert await _guardar(motor_banco, corpo, momento - timedelta(minutes=5))
    recente = tg.comando(CHAT + 1, "/start", update_id=902)
    assert await _guardar(motor_banco, recente, momento)  # o webhook ainda está nela

    assert await reprocessar_pendentes(app, motor_banco, momento - timedelta(minutes=1)) == 1
    assert await reprocessar_pendentes(app, motor_banco, momento - timedelta(minutes=1)) == 0

    assert len(api.enviadas(CHAT)) == esperadas
    assert api.enviadas(CHAT + 1) == []
    estado = dict(await linhas(motor_banco))
    assert estado["901"] is not None and estado["902"] is None
    # uma reentrega do que a recuperação já processou também não repete
    assert await postar(cliente, corpo) == 200
    assert len(api.enviadas(CHAT)) == esperadas


async def test_duas_recuperacoes_ao_mesmo_tempo_processam_uma_vez(
    app: Application, api: ApiLenta, motor_banco: AsyncEngine
) -> None:
    momento = agora()
    for n in range(5):
        corpo = tg.comando(CHAT + n, "/start", update_id=1000 + n)
        assert await _guardar(motor_banco, corpo, momento - timedelta(minutes=10 - n))
    api.atraso = 0.01
    prazo = momento - timedelta(minutes=1)

    feitos = await asyncio.gather(*(reprocessar_pendentes(app, motor_banco, prazo) for _ in "ab"))

    assert sum(feitos) == 5
    por_chat = [len(api.enviadas(CHAT + n)) for n in range(5)]
    assert len(set(por_chat)) == 1 and por_chat[0] >= 1
    assert all(p is not None for _, p in await linhas(motor_banco))


async def test_recuperacao_percorre_mais_de_um_lote(
    app: Application, api: FakeBotApi, motor_banco: AsyncEngine
) -> None:
    momento = agora()
    for n in range(5):
        corpo = tg.comando(CHAT + n, "/start", update_id=1100 + n)
        assert await _guardar(motor_banco, corpo, momento - timedelta(minutes=10))

    # prazo no futuro: as reservadas continuam "antigas", e mesmo assim termina
    assert await reprocessar_pendentes(app, motor_banco, momento + timedelta(hours=1), lote=2) == 5
    assert all(api.enviadas(CHAT + n) for n in range(5))


async def test_pendente_ilegivel_e_marcada_e_nao_volta(
    app: Application, motor_banco: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    async with transacao(motor_banco) as conexao:
        await caixa_entrada.guardar(
            conexao,
            CANAL,
            "1200",
            '{"update_id": "x", "cpf": "12345678909"}',
            agora() - timedelta(minutes=5),
        )

    with caplog.at_level(logging.INFO):
        assert await reprocessar_pendentes(app, motor_banco, agora()) == 0

    assert [p is not None for _, p in await linhas(motor_banco)] == [True]
    assert "1200" in caplog.text and "12345678909" not in caplog.text


# ----- armazenamento ------------------------------------------------------------------


async def test_guardar_devolve_se_e_novo_por_canal(motor_banco: AsyncEngine) -> None:
    momento = agora()
    async with transacao(motor_banco) as conexao:
        assert await caixa_entrada.guardar(conexao, "telegram", "1", "{}", momento)
        assert not await caixa_entrada.guardar(conexao, "telegram", "1", '{"outro": 1}', momento)
        assert await caixa_entrada.guardar(conexao, "whatsapp", "1", "{}", momento)


async def test_pendentes_em_ordem_com_limite_e_prazo(motor_banco: AsyncEngine) -> None:
    momento = agora()
    async with transacao(motor_banco) as conexao:
        for n, minutos in [(1, 3), (2, 9), (3, 5), (4, 0)]:
            await caixa_entrada.guardar(
                conexao, "telegram", str(n), f"c{n}", momento - timedelta(minutes=minutos)
            )
        await caixa_entrada.guardar(conexao, "whatsapp", "9", "w", momento - timedelta(hours=1))
        await caixa_entrada.marcar_processada(conexao, "telegram", "3", momento)
    prazo = momento - timedelta(minutes=1)

    async with transacao(motor_banco) as conexao:
        todas = await caixa_entrada.pendentes(conexao, "telegram", 10, prazo)
        uma = await caixa_entrada.pendentes(conexao, "telegram", 1, prazo)

    assert todas == [("2", "c2"), ("1", "c1")]
    assert uma == [("2", "c2")]


async def test_reservar_so_uma_vez(motor_banco: AsyncEngine) -> None:
    momento = agora()
    prazo = momento - timedelta(minutes=1)
    async with transacao(motor_banco) as conexao:
        await caixa_entrada.guardar(conexao, "telegram", "1", "{}", momento - timedelta(hours=1))
        assert await caixa_entrada.reservar(conexao, "telegram", "1", prazo, momento)
        assert not await caixa_entrada.reservar(conexao, "telegram", "1", prazo, momento)
        assert await caixa_entrada.pendentes(conexao, "telegram", 10, prazo) == []
        # quem reservou caiu: passado o prazo, volta a ser pendente
        depois = momento + timedelta(minutes=2)
        assert await caixa_entrada.pendentes(conexao, "telegram", 10, depois) == [("1", "{}")]


async def test_marcar_processada_nao_muda_a_primeira_marca(motor_banco: AsyncEngine) -> None:
    momento = agora()
    async with transacao(motor_banco) as conexao:
        await caixa_entrada.guardar(conexao, "telegram", "1", "{}", momento)
        await caixa_entrada.marcar_processada(conexao, "telegram", "1", momento)
        await caixa_entrada.marcar_processada(
            conexao, "telegram", "1", momento + timedelta(hours=1)
        )
    ((_, processada_em),) = await linhas(motor_banco)
    assert processada_em == momento


async def test_apagar_antigas_so_as_processadas(motor_banco: AsyncEngine) -> None:
    momento = agora()
    velho = momento - timedelta(days=10)
    async with transacao(motor_banco) as conexao:
        for n in ("velha", "nova", "pendente"):
            await caixa_entrada.guardar(conexao, "telegram", n, "{}", velho)
        await caixa_entrada.marcar_processada(conexao, "telegram", "velha", velho)
        await caixa_entrada.marcar_processada(conexao, "telegram", "nova", momento)

    async with transacao(motor_banco) as conexao:
        apagadas = await caixa_entrada.apagar_antigas(conexao, momento - timedelta(days=7))
        de_novo = await caixa_entrada.apagar_antigas(conexao, momento - timedelta(days=7))
        total = (await conexao.execute(select(func.count()).select_from(_R))).scalar_one()

    assert (apagadas, de_novo, total) == (1, 0, 2)
    assert {i for i, _ in await linhas(motor_banco)} == {"nova", "pendente"}
