"""Uma Bot API do Telegram falsa, como servidor HTTP de verdade (aiohttp), numa porta local.

Diferente de `bot_api.FakeBotApi` (um `BaseRequest` dentro do processo), aqui o PTB fala
HTTP pela rede, com o httpx de sempre: serve para testar a partida inteira (`bot.app`),
que recebe só `TELEGRAM_BASE_URL`. Rotas `/bot{token}/{metodo}`, respostas no formato da
API real; getUpdates faz long polling de verdade (respeita `timeout` e `offset`).

    async with ServidorBotApi(token) as api:
        config = Config(telegram_token=token, telegram_base_url=api.url, ...)
        api.entregar(update)
        await api.esperar(lambda: api.enviadas(chat_id))
"""

from __future__ import annotations

import asyncio
import json
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Self

from aiohttp import web

# Campos que o PTB manda como texto puro; os outros vêm em JSON (números, listas, objetos).
CAMPOS_DE_TEXTO = {"text", "url", "secret_token", "callback_query_id", "caption", "parse_mode"}
NAO_AUTORIZADO = {"ok": False, "error_code": 401, "description": "Unauthorized"}
NAO_ENCONTRADO = {"ok": False, "error_code": 404, "description": "Not Found"}


@dataclass(frozen=True, slots=True)
class Chamada:
    metodo: str
    parametros: dict[str, Any]


class ServidorBotApi:
    """Grava cada chamada; `entregar` põe updates na fila do getUpdates."""

    def __init__(self, token: str, bot_id: int = 123456, username: str = "inclusao_bot") -> None:
        self.token, self.bot_id, self.username = token, bot_id, username
        self.chamadas: list[Chamada] = []
        self.url = ""
        self._pendentes: list[dict[str, Any]] = []
        self._sinal = asyncio.Event()
        self._fechando = False
        self._proxima_mensagem = 1000
        app = web.Application()
        app.add_routes([web.route("*", "/bot{token}/{metodo}", self._atender)])
        self._executor = web.AppRunner(app, shutdown_timeout=1.0)

    # ----- ciclo de vida --------------------------------------------------------------

    async def __aenter__(self) -> Self:
        await self._executor.setup()
        tomada = socket.socket()
        tomada.bind(("127.0.0.1", 0))  # porta livre escolhida pelo sistema
        await web.SockSite(self._executor, tomada).start()
        self.url = f"http://127.0.0.1:{tomada.getsockname()[1]}"
        return self

    async def __aexit__(self, *_: object) -> None:
        self._fechando = True
        self._avisar()  # long pollings pendentes respondem já, sem esperar o timeout
        await self._executor.cleanup()

    # ----- controle pelos testes ------------------------------------------------------

    def entregar(self, update: dict[str, Any]) -> None:
        self._pendentes.append(update)
        self._avisar()

    def chamadas_de(self, metodo: str) -> list[dict[str, Any]]:
        return [c.parametros for c in self.chamadas if c.metodo == metodo]

    def enviadas(self, chat_id: int) -> list[str]:
        """Textos dos sendMessage para esse chat, na ordem."""
        return [
            str(p.get("text", ""))
            for p in self.chamadas_de("sendMessage")
            if str(p.get("chat_id")) == str(chat_id)
        ]

    async def esperar(self, condicao: Callable[[], object], limite: float = 10.0) -> None:
        """Espera, sem sleep, até a condição valer (reavalia a cada chamada recebida)."""
        async with asyncio.timeout(limite):
            while True:
                sinal = self._sinal
                if condicao():
                    return
                await sinal.wait()

    # ----- HTTP -----------------------------------------------------------------------

    def _avisar(self) -> None:
        self._sinal.set()
        self._sinal = asyncio.Event()

    async def _atender(self, request: web.Request) -> web.Response:
        metodo = request.match_info["metodo"]
        if request.match_info["token"] != self.token:
            return web.json_response(NAO_AUTORIZADO, status=401)
        parametros = await _parametros(request)
        self.chamadas.append(Chamada(metodo, parametros))
        self._avisar()
        if metodo == "getUpdates":
            resultado: Any = await self._buscar_updates(parametros)
        else:
            resultado = self._responder(metodo, parametros)
        if resultado is None:
            return web.json_response(NAO_ENCONTRADO, status=404)
        return web.json_response({"ok": True, "result": resultado})

    async def _buscar_updates(self, p: dict[str, Any]) -> list[dict[str, Any]]:
        """Confirma (apaga) os anteriores a `offset`; espera um novo até `timeout` segundos."""
        deslocamento = int(p.get("offset") or 0)
        self._pendentes = [u for u in self._pendentes if u["update_id"] >= deslocamento]
        limite = float(p.get("timeout") or 0)
        try:
            async with asyncio.timeout(limite):
                while not self._pendentes and not self._fechando and limite > 0:
                    await self._sinal.wait()
        except TimeoutError:
            pass
        return self._pendentes[: int(p.get("limit") or 100)]

    def _eu(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Inclusao Produtiva",
            "username": self.username,
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def _responder(self, metodo: str, p: dict[str, Any]) -> Any:
        if metodo == "getMe":
            return self._eu()
        if metodo == "sendMessage":
            self._proxima_mensagem += 1
            mensagem: dict[str, Any] = {
                "message_id": self._proxima_mensagem,
                "from": self._eu(),
                "chat": {"id": int(p["chat_id"]), "first_name": "Pessoa", "type": "private"},
                "date": int(time.time()),
                "text": p.get("text", ""),
            }
            teclado = p.get("reply_markup")
            if isinstance(teclado, dict) and "inline_keyboard" in teclado:
                mensagem["reply_markup"] = teclado  # a API real só ecoa teclados inline
            return mensagem
        if metodo in ("deleteWebhook", "setWebhook", "answerCallbackQuery", "setMyCommands"):
            return True
        return None


async def _parametros(request: web.Request) -> dict[str, Any]:
    """JSON, formulário ou query string, como a API real aceita."""
    if request.content_type == "application/json":
        corpo = await request.json()
        return dict(corpo) if isinstance(corpo, dict) else {}
    brutos = {**request.query, **(await request.post())}
    return {
        nome: valor if nome in CAMPOS_DE_TEXTO else _decodificar(valor)
        for nome, valor in brutos.items()
        if isinstance(valor, str)
    }


def _decodificar(valor: str) -> Any:
    try:
        return json.loads(valor)
    except ValueError:
        return valor
