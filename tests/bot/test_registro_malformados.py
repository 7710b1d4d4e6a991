"""Pedidos HTTP malformados no protocolo (NUL num cabeçalho, cabeçalho enorme) recebem 400
e deixam UMA linha curta no registro, sem rastro de pilha: um pedido assim não inunda o
registro. Um erro de verdade no nosso código continua com o rastro (ERROR).

App HTTP real (o de `inclusao iniciar`), pedidos crus pelo socket, registro configurado
por `configurar_registro` (como no processo)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.registro import LOGGER_DO_SERVIDOR, PedidoMalformado, configurar_registro
from bot.servidor import criar_app_http
from fluxos.montagem import criar_motor_de_conversa

QUEBRA = "/quebra"  # rota que falha de verdade (um erro do nosso código)


@pytest.fixture
def registro(niveis_de_registro: None) -> Iterator[None]:
    configurar_registro("INFO")
    yield
    servidor = logging.getLogger(LOGGER_DO_SERVIDOR)
    for filtro in [f for f in servidor.filters if isinstance(f, PedidoMalformado)]:
        servidor.removeFilter(filtro)


@pytest.fixture
async def servidor(motor_banco: AsyncEngine, registro: None) -> AsyncIterator[TestServer]:
    async def quebrar(_request: web.Request) -> web.Response:
        raise RuntimeError("erro de verdade")

    motor = criar_motor_de_conversa(motor_banco)
    app = criar_app_http(motor, motor_banco, [web.get(QUEBRA, quebrar)])
    servidor_http = TestServer(app)
    async with servidor_http:
        yield servidor_http


async def pedir_cru(servidor: TestServer, cabecalhos: list[bytes], caminho: str = "/") -> int:
    leitor, escritor = await asyncio.open_connection(servidor.host, servidor.port)
    linhas = [b"GET " + caminho.encode() + b" HTTP/1.1", b"Host: teste", *cabecalhos]
    escritor.write(b"\r\n".join([*linhas, b"Connection: close"]) + b"\r\n\r\n")
    await escritor.drain()
    resposta = await leitor.read()
    escritor.close()
    return int(resposta.split(b" ", 2)[1])


MALFORMADOS = [
    ("nul_no_valor", [b"X-Teste: a\x00b"]),
    ("nul_no_nome", [b"X-Te\x00ste: a"]),
    ("cabecalho_de_9_kb", [b"X-Grande: " + b"a" * 9 * 1024]),
    ("nome_de_9_kb", [b"X-" + b"a" * 9 * 1024 + b": a"]),
    ("sem_dois_pontos", [b"cabecalho sem valor"]),
]


@pytest.mark.parametrize(("caso", "cabecalhos"), MALFORMADOS, ids=[c for c, _ in MALFORMADOS])
async def test_pedido_malformado_deixa_uma_linha_curta_sem_rastro(
    servidor: TestServer, caplog: pytest.LogCaptureFixture, caso: str, cabecalhos: list[bytes]
) -> None:
    caplog.set_level(logging.INFO)
    for _ in range(3):
        assert await pedir_cru(servidor, cabecalhos) == 400

    do_servidor = [r for r in caplog.records if r.name == LOGGER_DO_SERVIDOR]
    assert len(do_servidor) == 3  # uma linha por pedido, nada a mais
    for r in do_servidor:
        assert r.levelno == logging.WARNING
        assert r.exc_info is None and not r.exc_text
        linha = r.getMessage()
        assert "\n" not in linha and len(linha) < 120, linha
        assert "aaaa" not in linha  # nada do que veio no cabeçalho
    assert "Traceback" not in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_erro_de_verdade_continua_com_rastro(
    servidor: TestServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    assert await pedir_cru(servidor, [], QUEBRA) == 500

    erros = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert erros, caplog.text
    assert "RuntimeError" in caplog.text and "quebrar" in caplog.text  # tipo e linha do código
