"""Issue 9 §3: entradas ruins em todas as rotas HTTP que recebem dados nunca dão 500.

App HTTP real (o mesmo de `inclusao iniciar`) com o webhook do Telegram ligado (Application
real do PTB sobre a Bot API falsa) e um proxy confiável configurado. Os pedidos vão crus
pelo socket: um cliente HTTP comum não deixa mandar bytes que não são UTF-8 num cabeçalho.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from telegram.ext import Application

from armazenamento.tempo import agora
from bot.servidor import criar_app_http
from bot.telegram import CABECALHO_SEGREDO, criar_aplicacao, parar, rota_webhook
from fluxos.montagem import criar_motor_de_conversa
from tests.dados import semear_programa
from tests.falsos import updates_telegram as tg
from tests.falsos.bot_api import FakeBotApi

SEGREDO = b"segredo-do-webhook_1"
NAO_UTF8 = b"\xff\xfe\xc3\x28"
ANINHADO = b"[" * 16 * 1024
QUASE_NO_LIMITE = b"[" * 950 + b"]" * 950  # dá para ler, mas não para str()/repr()
GRANDE = b'{"tipo": "texto", "texto": "' + b"a" * 64 * 1024 + b'"}'
JSON = [(b"Content-Type", b"application/json")]


@pytest.fixture
async def servidor(
    sessoes: async_sessionmaker[AsyncSession], motor_banco: AsyncEngine
) -> AsyncIterator[TestServer]:
    await semear_programa(sessoes, agora().date())
    motor = criar_motor_de_conversa(motor_banco)
    aplicacao: Application = criar_aplicacao("123456:TESTE", motor, request=FakeBotApi())
    await aplicacao.initialize()
    rota = web.post("/telegram/webhook", rota_webhook(aplicacao, SEGREDO.decode(), motor_banco))
    app = criar_app_http(motor, motor_banco, [rota], proxies_confiaveis=("127.0.0.1",))
    async with TestServer(app) as s:
        yield s
    await parar(aplicacao)


async def pedir_cru(
    servidor: TestServer,
    caminho: str,
    corpo: bytes = b"",
    cabecalhos: list[tuple[bytes, bytes]] | None = None,
    metodo: bytes = b"POST",
) -> tuple[int, bytes]:
    """Um pedido HTTP/1.1 escrito à mão; devolve o status e o corpo da resposta."""
    leitor, escritor = await asyncio.open_connection(servidor.host, servidor.port)
    linhas = [metodo + b" " + caminho.encode() + b" HTTP/1.1", b"Host: teste"]
    linhas += [nome + b": " + valor for nome, valor in cabecalhos or []]
    linhas += [b"Content-Length: " + str(len(corpo)).encode(), b"Connection: close"]
    escritor.write(b"\r\n".join(linhas) + b"\r\n\r\n" + corpo)
    await escritor.drain()
    resposta = await leitor.read()
    escritor.close()
    cabeca, _, resto = resposta.partition(b"\r\n\r\n")
    return int(cabeca.split(b" ", 2)[1]), resto


def _api(**campos: object) -> bytes:
    return json.dumps({"tipo": "texto", "texto": "oi", **campos}).encode()


CONVERSA: list[tuple[str, bytes, list[tuple[bytes, bytes]], int, str]] = [
    ("bytes_invalidos", NAO_UTF8, JSON, 400, "formato"),
    (
        "bytes_invalidos_no_texto",
        b'{"tipo": "texto", "texto": "' + NAO_UTF8 + b'"}',
        JSON,
        400,
        "formato",
    ),
    ("json_aninhado_16kb", ANINHADO, JSON, 400, "formato"),
    ("json_aninhado_no_tipo", b'{"tipo": ' + QUASE_NO_LIMITE + b"}", JSON, 400, "formato"),
    (
        "json_aninhado_no_texto",
        b'{"tipo": "texto", "texto": ' + QUASE_NO_LIMITE + b"}",
        JSON,
        400,
        "formato",
    ),
    (
        "json_aninhado_na_sessao",
        b'{"tipo": "texto", "sessao": ' + QUASE_NO_LIMITE + b"}",
        JSON,
        400,
        "",  # "formato" ou "sessao": depende de onde a pilha acaba; 500 nunca
    ),
    ("tipo_lista", _api(tipo=["texto"]), JSON, 400, "formato"),
    ("tipo_objeto", _api(tipo={"a": 1}), JSON, 400, "formato"),
    ("texto_numero", _api(texto=5), JSON, 400, "formato"),
    ("texto_nulo", _api(texto=None), JSON, 400, "formato"),
    ("meio_emoji", b'{"tipo": "texto", "texto": "\\ud83d"}', JSON, 400, "formato"),
    ("sessao_objeto", _api(sessao={"a": 1}), JSON, 400, "sessao"),
    ("id_numero", _api(id=5), JSON, 400, "formato"),
    ("id_grande", _api(id="a" * 65), JSON, 400, "formato"),
    ("id_com_espaco", _api(id="a b"), JSON, 400, "formato"),
    ("numero_enorme", b'{"tipo": "texto", "texto": ' + b"9" * 5000 + b"}", JSON, 400, "formato"),
    ("64kb", GRANDE, JSON, 413, "grande"),
    ("xff_nao_utf8", _api(), [*JSON, (b"X-Forwarded-For", NAO_UTF8)], 400, "formato"),
    ("xff_lixo", _api(), [*JSON, (b"X-Forwarded-For", b"1.2.3.4, lixo")], 400, "formato"),
    ("content_type_nao_utf8", _api(), [(b"Content-Type", NAO_UTF8)], 200, ""),
    ("if_none_match_nao_utf8", _api(), [*JSON, (b"If-None-Match", NAO_UTF8)], 200, ""),
]


@pytest.mark.parametrize(
    ("corpo", "cabecalhos", "status", "codigo"),
    [c[1:] for c in CONVERSA],
    ids=[c[0] for c in CONVERSA],
)
async def test_i9_api_conversa_com_entrada_ruim_nunca_da_500(
    servidor: TestServer,
    corpo: bytes,
    cabecalhos: list[tuple[bytes, bytes]],
    status: int,
    codigo: str,
) -> None:
    recebido, resposta = await pedir_cru(servidor, "/api/conversa", corpo, cabecalhos)

    assert recebido == status, resposta[:300]
    if codigo:
        assert json.loads(resposta)["codigo"] == codigo


UPDATE = json.dumps(tg.comando(7_100_001, "/start", update_id=77)).encode()
CERTO = [*JSON, (CABECALHO_SEGREDO.encode(), SEGREDO)]
WEBHOOK: list[tuple[str, bytes, list[tuple[bytes, bytes]], int]] = [
    ("segredo_nao_utf8", UPDATE, [*JSON, (CABECALHO_SEGREDO.encode(), NAO_UTF8)], 403),
    ("segredo_nao_utf8_no_fim", UPDATE, [(CABECALHO_SEGREDO.encode(), SEGREDO + b"\xff")], 403),
    ("sem_segredo", UPDATE, JSON, 403),
    ("bytes_invalidos", NAO_UTF8, CERTO, 400),
    ("json_aninhado_16kb", ANINHADO, CERTO, 400),
    (
        "json_aninhado_na_mensagem",
        b'{"update_id": 5, "message": ' + QUASE_NO_LIMITE + b"}",
        CERTO,
        400,
    ),
    ("mensagem_texto", b'{"update_id": 6, "message": "oi"}', CERTO, 400),
    ("update_id_texto", b'{"update_id": "7"}', CERTO, 400),
    ("64kb", b'{"update_id": 8, "x": "' + b"a" * 64 * 1024 + b'"}', CERTO, 200),
    ("64kb_de_lixo", NAO_UTF8 * 16 * 1024, CERTO, 400),
    ("xff_nao_utf8", UPDATE, [*CERTO, (b"X-Forwarded-For", NAO_UTF8)], 400),
]


@pytest.mark.parametrize(
    ("corpo", "cabecalhos", "status"),
    [c[1:] for c in WEBHOOK],
    ids=[c[0] for c in WEBHOOK],
)
async def test_i9_webhook_com_entrada_ruim_nunca_da_500(
    servidor: TestServer, corpo: bytes, cabecalhos: list[tuple[bytes, bytes]], status: int
) -> None:
    recebido, resposta = await pedir_cru(servidor, "/telegram/webhook", corpo, cabecalhos)

    assert recebido == status, resposta[:300]


@pytest.mark.parametrize("caminho", ["/", "/saude", "/static/chat.js", "/favicon.ico", "/nada"])
async def test_i9_paginas_com_cabecalhos_ruins_nunca_dao_500(
    servidor: TestServer, caminho: str
) -> None:
    ruins = [(b"If-None-Match", NAO_UTF8), (b"Accept-Encoding", NAO_UTF8), (b"Cookie", NAO_UTF8)]

    recebido, _ = await pedir_cru(servidor, caminho, cabecalhos=ruins, metodo=b"GET")

    assert recebido in (200, 404)
