"""Banco fora do ar → 503 rápido, sem rastro de pilha, e nada perdido.

Um middleware do app aiohttp (o chat web e o webhook do Telegram passam por ele):

- um erro de banco fora (prazo esgotado, conexão caída, o disjuntor aberto) vira 503 com
  `Retry-After`; na API do chat, com o texto do catálogo ("fora do ar, tente de novo"),
  que a página mostra com o botão "Tentar de novo". O webhook responde 503 sem corpo: o
  Telegram entrega o update de novo mais tarde, e ele é processado então;
- se o banco cai enquanto uma requisição espera por ele, ela não espera o prazo inteiro:
  recebe 503 assim que a queda é confirmada (`armazenamento.disponibilidade`);
- o registro ganha UMA linha por queda e uma na volta (a disponibilidade escreve), não um
  rastro de pilha por requisição.
"""

from __future__ import annotations

import asyncio

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware
from sqlalchemy.ext.asyncio import AsyncEngine

from armazenamento.disponibilidade import Disponibilidade, disponibilidade
from bot.webchat import responder_erro

ESPERAR_PARA_TENTAR = "5"  # segundos, no Retry-After


def responder_fora(request: web.Request) -> web.Response:
    cabecalhos = {"Retry-After": ESPERAR_PARA_TENTAR}
    if request.path.startswith("/api/"):
        return responder_erro(503, "web.erro.fora_do_ar", "fora_do_ar", **cabecalhos)
    return web.Response(status=503, headers={**cabecalhos, "Cache-Control": "no-store"})


def criar_middleware(banco: AsyncEngine) -> Middleware:
    """O middleware para o banco `banco`; vai por dentro do que trata os outros erros."""
    estado = disponibilidade(banco)

    @web.middleware
    async def banco_fora(request: web.Request, handler: Handler) -> web.StreamResponse:
        return await _atender(estado, request, handler)

    return banco_fora


async def _atender(
    estado: Disponibilidade, request: web.Request, handler: Handler
) -> web.StreamResponse:
    tarefa = asyncio.current_task()
    cortada = False

    def cortar() -> None:  # o banco caiu no meio desta requisição: não espera o prazo
        nonlocal cortada
        if tarefa is not None and not tarefa.done():
            cortada = True
            tarefa.cancel()

    if tarefa is not None:
        estado.vigiar(tarefa, cortar)
    try:
        return await handler(request)
    except asyncio.CancelledError:
        if not cortada or tarefa is None:
            raise
        tarefa.uncancel()
        return responder_fora(request)
    except Exception as erro:
        if not estado.absorver(erro):
            raise
        return responder_fora(request)
    finally:
        if tarefa is not None:
            estado.esquecer(tarefa)
