"""O servidor HTTP: chat web, saúde e as rotas que a raiz de composição acrescenta.

Um app aiohttp só, para caber num processo (SQLite) ou em vários atrás de um balanceador
(PostgreSQL): nada aqui guarda estado que importe, só o freio de mensagens por minuto.
"""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections.abc import Sequence

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware
from sqlalchemy import text as sql
from sqlalchemy.ext.asyncio import AsyncEngine

from armazenamento.disponibilidade import disponibilidade
from bot import banco_fora
from bot.proxies import ProxiesConfiaveis
from bot.webchat import ChatWeb, responder_erro
from fluxos.motor import Motor

log = logging.getLogger(__name__)

CHAVE_MOTOR = web.AppKey("motor", Motor)
CHAVE_BANCO = web.AppKey("motor_banco", AsyncEngine)
PRAZO_SAUDE = 5.0  # segundos; o HEALTHCHECK do Docker espera um pouco mais
TAMANHO_MAXIMO = 256 * 1024  # webhooks; a API do chat tem um limite próprio, menor

_ERROS_API = {
    404: ("web.erro.nao_encontrado", "nao_encontrado"),
    413: ("web.erro.grande", "grande"),
    429: ("web.erro.muitas", "muitas"),
}


def criar_app_http(
    motor: Motor,
    motor_banco: AsyncEngine,
    rotas_extras: Sequence[web.RouteDef] = (),
    *,
    frame_ancestors: str = "'self'",
    limite_por_minuto: int = 30,
    sessoes_novas_por_minuto: int = 60,
    limite_equipe_por_minuto: int = 120,
    proxies_confiaveis: Sequence[str] = (),
    chave_sessao: str = "",
) -> web.Application:
    """Monta o app. `frame_ancestors="*"` (ou o endereço do site da Prefeitura) deixa
    a página ser embutida num iframe; o padrão só permite o próprio servidor.
    `proxies_confiaveis`: só deles vale o `X-Forwarded-For` (`bot/proxies.py`)."""
    intermediarios: list[Middleware] = [_tratar_erros]
    if proxies_confiaveis:  # depois de _tratar_erros: um cabeçalho ruim vira 400 em JSON
        intermediarios.append(ProxiesConfiaveis(proxies_confiaveis).middleware)
    intermediarios.append(banco_fora.criar_middleware(motor_banco))  # 503 por dentro
    app = web.Application(middlewares=intermediarios, client_max_size=TAMANHO_MAXIMO)
    app[CHAVE_MOTOR] = motor
    app[CHAVE_BANCO] = motor_banco
    chat = ChatWeb(
        motor,
        limite_por_minuto,
        sessoes_novas_por_minuto,
        limite_equipe_por_minuto=limite_equipe_por_minuto,
        chave_sessao=chave_sessao,
    )
    app.add_routes(chat.rotas())
    app.add_routes([web.get("/saude", ver_saude)])
    app.add_routes(list(rotas_extras))
    cabecalhos = cabecalhos_de_seguranca(frame_ancestors)

    async def proteger(_request: web.Request, resposta: web.StreamResponse) -> None:
        for nome, valor in cabecalhos.items():
            resposta.headers.setdefault(nome, valor)

    app.on_response_prepare.append(proteger)
    return app


def cabecalhos_de_seguranca(frame_ancestors: str = "'self'") -> dict[str, str]:
    """Só recursos do próprio servidor: nenhum script, fonte ou imagem de fora."""
    politica = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        f"frame-ancestors {frame_ancestors}"
    )
    cabecalhos = {
        "Content-Security-Policy": politica,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    }
    if frame_ancestors == "'self'":
        cabecalhos["X-Frame-Options"] = "SAMEORIGIN"  # navegadores antigos ignoram o CSP
    return cabecalhos


async def ver_saude(request: web.Request) -> web.Response:
    """200 se o banco responde a um `SELECT 1`; 503 se não (sem detalhes para fora)."""
    try:
        async with asyncio.timeout(PRAZO_SAUDE):
            async with request.app[CHAVE_BANCO].connect() as conexao:
                await conexao.execute(sql("SELECT 1"))
    except Exception as exc:
        if not disponibilidade(request.app[CHAVE_BANCO]).registrar(exc):  # queda: já registrada
            log.warning("saude: banco indisponivel (%s)", type(exc).__name__)
        return web.json_response(
            {"status": "indisponivel"}, status=503, headers={"Cache-Control": "no-store"}
        )
    return web.json_response({"status": "ok"}, headers={"Cache-Control": "no-store"})


@web.middleware
async def _tratar_erros(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Erros da API saem em JSON com texto do catálogo; nada de rastro de pilha para fora."""
    eh_api = request.path.startswith("/api/")
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if not eh_api or exc.status < 400:
            raise
        chave, codigo = _ERROS_API.get(exc.status, ("web.erro.formato", "formato"))
        return responder_erro(exc.status, chave, codigo)
    except Exception as exc:
        _registrar_falha(request, exc)
        if eh_api:
            return responder_erro(500, "web.erro.interno", "interno")
        raise web.HTTPInternalServerError() from None


def _registrar_falha(request: web.Request, exc: Exception) -> None:
    """Só o tipo e as linhas do código: a mensagem da exceção pode trazer dados pessoais
    (um erro de SQL repete os parâmetros, por exemplo)."""
    pilha = "".join(traceback.format_tb(exc.__traceback__))
    log.error("falha em %s %s: %s\n%s", request.method, request.path, type(exc).__name__, pilha)
