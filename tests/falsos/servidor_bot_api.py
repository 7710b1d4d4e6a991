"""Uma Bot API do Telegram falsa, como servidor HTTP de verdade (aiohttp), numa porta local.

Diferente de `bot_api.FakeBotApi` (um `BaseRequest` dentro do processo), aqui o PTB fala
HTTP pela rede, com o httpx de sempre: serve para testar a partida inteira (`bot.app`),
que recebe só `TELEGRAM_BASE_URL`. Rotas `/bot{token}/{metodo}`, respostas no formato da
API real; getUpdates faz long polling de verdade (respeita `timeout` e `offset`).

    async with ServidorBotApi(token) as api:
        config = Config(telegram_token=token, telegram_base_url=api.url, ...)
        api.entregar(update)
        await api.esperar(lambda: api.enviadas(chat_id))

Falhas sob encomenda, como o Telegram e a rede de verdade as produzem:

    api.limitar(30)                     # sendMessage acima de 30/s (todos os chats): 429
    api.falhar("sendMessage", 403)      # próximas chamadas: erro com o corpo da API real
    api.resetar_conexoes(2)             # fecha a conexão sem responder (nada é entregue)
    api.travar(1, segundos=30)          # entrega a mensagem e não responde (o cliente desiste)
    api.total_aceitas, api.enviadas_por_chat(), api.duplicadas()
    api.documentos(chat_id)             # sendDocument (multipart) aceitos: o arquivo em "document"
    api.fotos(chat_id)                  # sendPhoto (multipart) aceitos: a imagem em "photo"
    api.menus(chat_id)                  # setMyCommands/deleteMyCommands no escopo desse chat

A ordem no servidor, para cada chamada: reset, falha encomendada, limite de taxa,
aceitação (a mensagem conta como entregue), trava. O limite usa `relogio` (injetável:
um relógio fixo deixa o teste determinístico) e só vale para sendMessage.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import socket
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Self

from aiohttp import web

from tests.falsos.bot_api import Arquivo, documento_recebido, foto_recebida, usuario_do_bot

# Campos que o PTB manda como texto puro; os outros vêm em JSON (números, listas, objetos).
CAMPOS_DE_TEXTO = {"text", "url", "secret_token", "callback_query_id", "caption", "parse_mode"}
TAMANHO_MAXIMO = 60 * 1024 * 1024  # o bot pode mandar documentos de até 50 MB
NAO_AUTORIZADO = {"ok": False, "error_code": 401, "description": "Unauthorized"}
NAO_ENCONTRADO = {"ok": False, "error_code": 404, "description": "Not Found"}
# Descrições da API real para os erros que `falhar` produz (403 e 400 mais comuns no envio).
DESCRICOES = {
    400: "Bad Request: chat not found",
    403: "Forbidden: bot was blocked by the user",
    429: "Too Many Requests: retry after {n}",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}
# O 502 da API real vem do nginx na frente dela: HTML, não JSON.
HTML_502 = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n"
    "</body>\r\n</html>\r\n"
)


@dataclass(frozen=True, slots=True)
class Falha:
    codigo: int
    descricao: str
    retry_after: int


@dataclass(frozen=True, slots=True)
class Chamada:
    metodo: str
    parametros: dict[str, Any]
    em: float = 0.0  # quando chegou, no relógio do servidor (monotônico)


class ServidorBotApi:
    """Grava cada chamada recebida (`chamadas`, inclusive as recusadas); `entregar` põe
    updates na fila do getUpdates. `codigos` conta as respostas por status HTTP (0: nenhuma
    resposta chegou ao cliente: conexão resetada, ou o cliente desistiu de uma trava)."""

    def __init__(
        self,
        token: str,
        bot_id: int = 123456,
        username: str = "inclusao_bot",
        relogio: Callable[[], float] = time.monotonic,
    ) -> None:
        self.token, self.bot_id, self.username = token, bot_id, username
        self.chamadas: list[Chamada] = []
        self.codigos: Counter[int] = Counter()
        self.url = ""
        self._pendentes: list[dict[str, Any]] = []
        self._sinal = asyncio.Event()
        self._fechando = False
        self._parar = asyncio.Event()  # solta as chamadas travadas ao desligar
        self._proxima_mensagem = 1000
        self._relogio = relogio
        self._falhas: dict[str, deque[Falha]] = defaultdict(deque)
        self._resets: Counter[str] = Counter()
        self._travas: dict[str, deque[float]] = defaultdict(deque)
        self._taxa: float | None = None
        self._rajada = 1
        self._ocupadas: deque[float] = deque()  # quando cada sendMessage recente foi aceito
        self._por_chat: dict[str, list[str]] = defaultdict(list)
        self.total_aceitas = 0
        self._documentos: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self._fotos: dict[str, list[dict[str, Any]]] = defaultdict(list)
        app = web.Application(client_max_size=TAMANHO_MAXIMO)
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
        self._parar.set()  # chamadas travadas respondem já
        self._avisar()  # long pollings pendentes respondem já, sem esperar o timeout
        await self._executor.cleanup()

    # ----- falhas sob encomenda -------------------------------------------------------

    def limitar(self, por_segundo: float | None, rajada: int | None = None) -> None:
        """Limite global de sendMessage (todos os chats juntos); None tira o limite.

        Janela deslizante: até `rajada` (padrão: a parte inteira de `por_segundo`, no
        mínimo 1) aceitas a cada `rajada / por_segundo` segundos. Acima disso, 429 com
        `retry_after` = segundos inteiros até uma vaga abrir (mínimo 1), como o Telegram.
        """
        if por_segundo is not None and por_segundo <= 0:
            raise ValueError("por_segundo precisa ser positivo")
        self._taxa = por_segundo
        self._rajada = rajada or max(1, math.floor(por_segundo or 1))
        self._ocupadas.clear()

    def falhar(
        self,
        metodo: str,
        codigo: int,
        vezes: int = 1,
        descricao: str | None = None,
        retry_after: int = 3,
    ) -> None:
        """As próximas `vezes` chamadas a `metodo` recebem o erro `codigo`, no corpo da API
        real (`DESCRICOES`, ou `descricao`). 429 leva `parameters.retry_after`; 502 é o HTML
        do nginx. Nada é entregue."""
        texto = descricao or DESCRICOES.get(codigo, "Unknown Error")
        falha = Falha(codigo, texto.format(n=retry_after), retry_after)
        self._falhas[metodo].extend([falha] * vezes)

    def resetar_conexoes(self, vezes: int = 1, metodo: str = "sendMessage") -> None:
        """As próximas `vezes` chamadas a `metodo` têm a conexão fechada sem resposta, antes
        de qualquer efeito (o cliente vê "Server disconnected")."""
        self._resets[metodo] += vezes

    def travar(self, vezes: int = 1, segundos: float = 30.0, metodo: str = "sendMessage") -> None:
        """As próximas `vezes` chamadas a `metodo` são aceitas (a mensagem conta como
        entregue) e a resposta só sai depois de `segundos`, ou quando o servidor desliga:
        o cliente desiste antes (ReadTimeout) sem saber que a mensagem chegou."""
        self._travas[metodo].extend([segundos] * vezes)

    # ----- controle pelos testes ------------------------------------------------------

    def entregar(self, update: dict[str, Any]) -> None:
        self._pendentes.append(update)
        self._avisar()

    def chamadas_de(self, metodo: str) -> list[dict[str, Any]]:
        return [c.parametros for c in self.chamadas if c.metodo == metodo]

    def enviadas(self, chat_id: int | str) -> list[str]:
        """Textos dos sendMessage aceitos para esse chat, na ordem."""
        return list(self._por_chat.get(str(chat_id), []))

    def enviadas_por_chat(self) -> dict[str, list[str]]:
        """Textos aceitos de cada chat (chave: chat_id como texto), na ordem."""
        return {chat: list(textos) for chat, textos in self._por_chat.items()}

    def documentos(self, chat_id: int | str) -> list[dict[str, Any]]:
        """Parâmetros dos sendDocument aceitos para esse chat; "document" é um `Arquivo`."""
        return list(self._documentos.get(str(chat_id), []))

    def fotos(self, chat_id: int | str) -> list[dict[str, Any]]:
        """Parâmetros dos sendPhoto aceitos para esse chat; "photo" é um `Arquivo`."""
        return list(self._fotos.get(str(chat_id), []))

    def menus(self, chat_id: int | str) -> list[tuple[str, list[str]]]:
        """Trocas do menu "/" no escopo desse chat, na ordem: ("setMyCommands", nomes) ou
        ("deleteMyCommands", [])."""
        trocas = []
        for c in self.chamadas:
            escopo = c.parametros.get("scope")
            if c.metodo not in ("setMyCommands", "deleteMyCommands") or not isinstance(
                escopo, dict
            ):
                continue
            if escopo.get("type") == "chat" and str(escopo.get("chat_id")) == str(chat_id):
                nomes = [item["command"] for item in c.parametros.get("commands") or []]
                trocas.append((c.metodo, nomes))
        return trocas

    def duplicadas(self) -> int:
        """Cópias a mais: o mesmo texto aceito mais de uma vez no mesmo chat."""
        return sum(
            n - 1 for textos in self._por_chat.values() for n in Counter(textos).values() if n > 1
        )

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

    async def _atender(self, request: web.Request) -> web.StreamResponse:
        resposta = await self._atender_sem_contar(request)
        transporte = request.transport
        sem_resposta = transporte is None or transporte.is_closing()
        self.codigos[0 if sem_resposta else resposta.status] += 1
        self._avisar()
        return resposta

    async def _atender_sem_contar(self, request: web.Request) -> web.StreamResponse:
        metodo = request.match_info["metodo"]
        if request.match_info["token"] != self.token:
            return web.json_response(NAO_AUTORIZADO, status=401)
        parametros = await _parametros(request)
        self.chamadas.append(Chamada(metodo, parametros, self._relogio()))
        self._avisar()
        if self._resets[metodo] > 0:
            self._resets[metodo] -= 1
            return _sem_resposta(request)
        if self._falhas[metodo]:
            return _erro(self._falhas[metodo].popleft())
        if metodo == "sendMessage" and self._taxa is not None:
            espera = self._ocupar_vaga()
            if espera > 0:
                n = max(1, math.ceil(espera))
                return _erro(Falha(429, DESCRICOES[429].format(n=n), n))
        if metodo == "getUpdates":
            resultado: Any = await self._buscar_updates(parametros)
        else:
            resultado = self._responder(metodo, parametros)
        if resultado is None:
            return web.json_response(NAO_ENCONTRADO, status=404)
        if self._travas[metodo]:
            await self._esperar_trava(self._travas[metodo].popleft())
        return web.json_response({"ok": True, "result": resultado})

    def _ocupar_vaga(self) -> float:
        """0 se há vaga na janela (e a ocupa); senão, segundos até a mais antiga sair."""
        assert self._taxa is not None
        agora = self._relogio()
        janela = self._rajada / self._taxa
        while self._ocupadas and self._ocupadas[0] <= agora - janela:
            self._ocupadas.popleft()
        if len(self._ocupadas) < self._rajada:
            self._ocupadas.append(agora)
            return 0.0
        return self._ocupadas[0] + janela - agora

    async def _esperar_trava(self, segundos: float) -> None:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(segundos):
                await self._parar.wait()

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
        return usuario_do_bot(self.bot_id, self.username)

    def _responder(self, metodo: str, p: dict[str, Any]) -> Any:
        if metodo == "getMe":
            return self._eu()
        if metodo == "sendMessage":
            self._proxima_mensagem += 1
            self.total_aceitas += 1
            self._por_chat[str(p.get("chat_id"))].append(str(p.get("text", "")))
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
        if metodo == "sendDocument":
            return self._documento(p)
        if metodo == "sendPhoto":
            return self._foto(p)
        if metodo in (
            "deleteWebhook",
            "setWebhook",
            "answerCallbackQuery",
            "setMyCommands",
            "deleteMyCommands",
        ):
            return True
        return None

    def _documento(self, p: dict[str, Any]) -> dict[str, Any] | None:
        arquivo = p.get("document")
        if not isinstance(arquivo, Arquivo):
            return None  # sem o arquivo em multipart (ou um file_id): fora do que o falso faz
        self._proxima_mensagem += 1
        self._documentos[str(p.get("chat_id"))].append(p)
        mensagem: dict[str, Any] = {
            "message_id": self._proxima_mensagem,
            "from": self._eu(),
            "chat": {"id": int(p["chat_id"]), "first_name": "Pessoa", "type": "private"},
            "date": int(time.time()),
            "document": documento_recebido(arquivo),
        }
        if p.get("caption"):
            mensagem["caption"] = p["caption"]
        return mensagem

    def _foto(self, p: dict[str, Any]) -> dict[str, Any] | None:
        arquivo = p.get("photo")
        tamanhos = foto_recebida(arquivo) if isinstance(arquivo, Arquivo) else None
        if tamanhos is None:
            return None  # sem imagem PNG em multipart: fora do que o falso faz
        self._proxima_mensagem += 1
        self._fotos[str(p.get("chat_id"))].append(p)
        mensagem: dict[str, Any] = {
            "message_id": self._proxima_mensagem,
            "from": self._eu(),
            "chat": {"id": int(p["chat_id"]), "first_name": "Pessoa", "type": "private"},
            "date": int(time.time()),
            "photo": tamanhos,
        }
        if p.get("caption"):
            mensagem["caption"] = p["caption"]
        return mensagem


def _erro(falha: Falha) -> web.Response:
    if falha.codigo == 502:
        return web.Response(status=502, text=HTML_502, content_type="text/html")
    corpo: dict[str, Any] = {
        "ok": False,
        "error_code": falha.codigo,
        "description": falha.descricao,
    }
    if falha.codigo == 429:
        corpo["parameters"] = {"retry_after": falha.retry_after}
    return web.json_response(corpo, status=falha.codigo)


def _sem_resposta(request: web.Request) -> web.StreamResponse:
    """Fecha a conexão sem mandar nada; a resposta devolvida nunca chega a ser escrita."""
    if request.transport is not None:
        request.transport.abort()
    return web.Response(status=204)


async def _parametros(request: web.Request) -> dict[str, Any]:
    """JSON, formulário (também multipart, com arquivos) ou query string, como a API real."""
    if request.content_type == "application/json":
        corpo = await request.json()
        return dict(corpo) if isinstance(corpo, dict) else {}
    brutos = {**request.query, **(await request.post())}
    parametros: dict[str, Any] = {}
    for nome, valor in brutos.items():
        if isinstance(valor, web.FileField):
            parametros[nome] = Arquivo(valor.filename, valor.content_type, valor.file.read())
        elif isinstance(valor, str):
            parametros[nome] = valor if nome in CAMPOS_DE_TEXTO else _decodificar(valor)
    return parametros


def _decodificar(valor: str) -> Any:
    try:
        return json.loads(valor)
    except ValueError:
        return valor
