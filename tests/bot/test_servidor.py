"""Servidor HTTP: saúde, cabeçalhos de segurança, rotas extras, erros e logs sem dados pessoais."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from bot.servidor import criar_app_http
from fluxos.motor import Acao
from fluxos.passos import Contexto
from mensagens.catalogo import texto
from tests.bot.test_webchat import Cliente, montar_motor

SEGREDO = "Maria da Silva 123.456.789-09"


@pytest.fixture
async def cliente(
    sessoes: async_sessionmaker[AsyncSession], motor_banco: AsyncEngine
) -> AsyncIterator[Cliente]:
    app = criar_app_http(montar_motor(sessoes), motor_banco)
    async with TestClient(TestServer(app)) as c:
        yield c


# ----- saúde ------------------------------------------------------------------------


async def test_saude_responde_ok_quando_o_banco_responde(cliente: Cliente) -> None:
    resp = await cliente.get("/saude")
    assert resp.status == 200
    assert await resp.json() == {"status": "ok"}


async def test_saude_responde_503_com_banco_quebrado(
    sessoes: async_sessionmaker[AsyncSession], tmp_path: Path, url_banco: str
) -> None:
    if url_banco.startswith("sqlite"):  # pasta que não existe
        quebrado = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'nao-existe' / 'x.db'}")
    else:  # o servidor atende, mas o banco não existe
        url = make_url(url_banco).set(database="inclusao_nao_existe")
        quebrado = create_async_engine(url.render_as_string(hide_password=False))
    app = criar_app_http(montar_motor(sessoes), quebrado)
    try:
        async with TestClient(TestServer(app)) as cliente:
            resp = await cliente.get("/saude")
            assert resp.status == 503
            corpo = await resp.text()
    finally:
        await quebrado.dispose()
    assert "Traceback" not in corpo
    for detalhe in ("sqlite", "postgres", "asyncpg", "inclusao_nao_existe"):
        assert detalhe not in corpo.lower()
    assert resp.headers["Content-Type"].startswith("application/json")


@pytest.mark.sqlite("o banco que some é o arquivo SQLite trocado por uma pasta")
async def test_saude_passa_a_503_quando_o_banco_some(
    sessoes: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    arquivo = tmp_path / "some.db"
    motor_banco = create_async_engine(f"sqlite+aiosqlite:///{arquivo}")
    app = criar_app_http(montar_motor(sessoes), motor_banco)
    try:
        async with TestClient(TestServer(app)) as cliente:
            assert (await cliente.get("/saude")).status == 200
            await motor_banco.dispose()
            arquivo.unlink()
            arquivo.mkdir()  # no lugar do banco, algo que o SQLite não consegue abrir
            assert (await cliente.get("/saude")).status == 503
    finally:
        await motor_banco.dispose()


# ----- cabeçalhos e rotas -----------------------------------------------------------


@pytest.mark.parametrize(
    ("metodo", "caminho"),
    [("GET", "/"), ("GET", "/static/chat.js"), ("GET", "/saude"), ("GET", "/nada"),
     ("POST", "/api/conversa")],
)  # fmt: skip
async def test_toda_resposta_leva_cabecalhos_de_seguranca(
    cliente: Cliente, metodo: str, caminho: str
) -> None:
    resp = await cliente.request(metodo, caminho, data=b"{")
    politica = resp.headers["Content-Security-Policy"]
    assert "default-src 'self'" in politica
    assert "script-src 'self'" in politica and "unsafe-inline" not in politica
    assert "frame-ancestors 'self'" in politica
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Referrer-Policy"] == "no-referrer"
    assert resp.headers["X-Frame-Options"] == "SAMEORIGIN"


async def test_pagina_pode_ser_embutida_no_site_da_prefeitura(
    sessoes: async_sessionmaker[AsyncSession], motor_banco: AsyncEngine
) -> None:
    app = criar_app_http(
        montar_motor(sessoes), motor_banco, frame_ancestors="https://www2.bauru.sp.gov.br"
    )
    async with TestClient(TestServer(app)) as cliente:
        resp = await cliente.get("/")
    assert "frame-ancestors https://www2.bauru.sp.gov.br" in resp.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in resp.headers


async def test_rotas_extras_entram_no_app(
    sessoes: async_sessionmaker[AsyncSession], motor_banco: AsyncEngine
) -> None:
    recebidos: list[bytes] = []

    async def webhook(request: web.Request) -> web.Response:
        recebidos.append(await request.read())
        return web.Response(text="ok")

    rotas = [web.post("/telegram/webhook", webhook)]
    app = criar_app_http(montar_motor(sessoes), motor_banco, rotas)
    async with TestClient(TestServer(app)) as cliente:
        resp = await cliente.post("/telegram/webhook", data=b'{"update_id": 1}')
        assert resp.status == 200
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert recebidos == [b'{"update_id": 1}']


async def test_erros_da_api_saem_em_json(cliente: Cliente) -> None:
    resp = await cliente.get("/api/conversa")
    assert resp.status == 405
    assert (await resp.json())["erro"] == texto("web.erro.formato")
    resp = await cliente.post("/api/nada")
    assert resp.status == 404
    assert (await resp.json())["erro"] == texto("web.erro.nao_encontrado")


# ----- falhas e logs ----------------------------------------------------------------


async def _falhar(_ctx: Contexto, _argumento: str) -> Acao:
    raise RuntimeError(f"erro com dado pessoal: {SEGREDO}")


async def test_falha_interna_vira_500_gentil_sem_rastro(
    sessoes: async_sessionmaker[AsyncSession],
    motor_banco: AsyncEngine,
    caplog: pytest.LogCaptureFixture,
) -> None:
    app = criar_app_http(montar_motor(sessoes, menu=_falhar), motor_banco)
    caplog.set_level(logging.INFO)
    async with TestClient(TestServer(app)) as cliente:
        resp = await cliente.post(
            "/api/conversa", json={"sessao": None, "tipo": "comando", "comando": "menu"}
        )
        assert resp.status == 500
        corpo = await resp.text()
    assert "Traceback" not in corpo and SEGREDO not in corpo
    assert (await resp.json())["erro"] == texto("web.erro.interno")
    assert "RuntimeError" in caplog.text  # quem cuida do servidor sabe o que houve...
    assert SEGREDO not in caplog.text  # ...sem ler o dado pessoal


async def test_logs_nao_trazem_o_texto_nem_a_sessao(
    cliente: Cliente, caplog: pytest.LogCaptureFixture
) -> None:
    # INFO: em DEBUG o aiosqlite mostra os parâmetros do SQL; a configuração de logs
    # da aplicação precisa mantê-lo acima disso.
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.DEBUG, logger="bot")
    resp = await cliente.post(
        "/api/conversa", json={"sessao": None, "tipo": "comando", "comando": "start"}
    )
    sessao = (await resp.json())["sessao"]
    await cliente.post("/api/conversa", json={"sessao": sessao, "tipo": "texto", "texto": SEGREDO})
    assert "chat web" in caplog.text
    assert SEGREDO not in caplog.text
    assert sessao not in caplog.text
