"""Uma Bot API do Telegram falsa, dentro do processo, como `BaseRequest` do PTB.

Grava cada chamada (método + parâmetros já decodificados) e responde como a API real,
para que os testes usem a `Application` de verdade sem rede. Pode ser mandada falhar
(429 com retry_after, 403, 500...) num método, uma ou mais vezes.

    api = FakeBotApi()
    app = criar_aplicacao("123456:TESTE", motor, request=api)
    api.falhar("sendMessage", 429)
    ...
    api.enviadas(chat_id)  # parâmetros de cada sendMessage para esse chat
    api.documentos(chat_id)  # parâmetros de cada sendDocument (o arquivo em "document")
    api.fotos(chat_id)  # parâmetros de cada sendPhoto (a imagem em "photo")
    api.menus(chat_id)  # setMyCommands/deleteMyCommands no escopo desse chat
    api.edicoes(chat_id)  # parâmetros de cada editMessageText que a API aceitou

Guarda o texto e o teclado de cada mensagem que o bot mandou: editMessageText troca os dois
e devolve a mensagem editada, como a API real; recusa (400) a edição de uma mensagem que
não existe nesse chat e a que não muda nada ("message is not modified").
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

from telegram.request import BaseRequest, RequestData

# Os tempos-limite não importam aqui; `object` aceita o DefaultValue que o PTB passa.
SEM_VALOR = BaseRequest.DEFAULT_NONE

ERROS: dict[int, dict[str, Any]] = {
    400: {"ok": False, "error_code": 400, "description": "Bad Request: message text is empty"},
    403: {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"},
    404: {"ok": False, "error_code": 404, "description": "Not Found"},
    429: {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 3",
        "parameters": {"retry_after": 3},
    },
    500: {"ok": False, "error_code": 500, "description": "Internal Server Error"},
    # editMessageText: as recusas como a API real as descreve
    4001: {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: message is not modified: specified new message content "
        "and reply markup are exactly the same as a current content and reply markup of the "
        "message",
    },
    4002: {"ok": False, "error_code": 400, "description": "Bad Request: message to edit not found"},
    502: {"ok": False, "error_code": 502, "description": "Bad Gateway"},
}


@dataclass(frozen=True, slots=True)
class Arquivo:
    """Um arquivo enviado em multipart (sendDocument): nome, tipo MIME e os bytes."""

    nome: str
    tipo: str
    dados: bytes = field(repr=False)


@dataclass(frozen=True, slots=True)
class Chamada:
    """Uma chamada feita à API: método, parâmetros, URL e o que a API respondeu."""

    metodo: str
    parametros: dict[str, Any]
    url: str
    codigo: int
    resposta: Any


def usuario_do_bot(bot_id: int, username: str) -> dict[str, Any]:
    """O User do bot como a API devolve no getMe (e no `from` das mensagens do bot)."""
    return {
        "id": bot_id,
        "is_bot": True,
        "first_name": "Inclusao Produtiva",
        "username": username,
        "can_join_groups": False,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
    }


class FakeBotApi(BaseRequest):
    """Responde como a Bot API; `gravar=False` (benchmarks) não guarda as chamadas."""

    def __init__(
        self, bot_id: int = 123456, username: str = "inclusao_teste_bot", gravar: bool = True
    ) -> None:
        self.bot_id, self.username, self.gravar = bot_id, username, gravar
        self.chamadas: list[Chamada] = []
        self._falhas: dict[str, deque[int]] = defaultdict(deque)
        self._proxima_mensagem = 1000
        # (chat, message_id) → a mensagem como está agora no chat (texto e teclado)
        self._no_chat: dict[tuple[int, int], dict[str, Any]] = {}
        self._pendentes: list[dict[str, Any]] = []  # updates à espera de getUpdates
        self._novidade = asyncio.Event()  # nova chamada ou novo update entregue

    # ----- controle pelos testes ----------------------------------------------------

    def falhar(self, metodo: str, codigo: int, vezes: int = 1) -> None:
        """As próximas `vezes` chamadas a `metodo` recebem o erro `codigo` (429, 403, 500...)."""
        self._falhas[metodo].extend([codigo] * vezes)

    def metodos(self) -> list[str]:
        return [c.metodo for c in self.chamadas]

    def chamadas_de(self, metodo: str) -> list[dict[str, Any]]:
        return [c.parametros for c in self.chamadas if c.metodo == metodo]

    def enviadas(self, chat_id: int | str | None = None) -> list[dict[str, Any]]:
        """Os sendMessage (de um chat, se dado), na ordem."""
        todas = self.chamadas_de("sendMessage")
        if chat_id is None:
            return todas
        return [p for p in todas if str(p.get("chat_id")) == str(chat_id)]

    def documentos(self, chat_id: int | str | None = None) -> list[dict[str, Any]]:
        """Os sendDocument (de um chat, se dado), na ordem; o arquivo é um `Arquivo`."""
        todas = self.chamadas_de("sendDocument")
        if chat_id is None:
            return todas
        return [p for p in todas if str(p.get("chat_id")) == str(chat_id)]

    def fotos(self, chat_id: int | str | None = None) -> list[dict[str, Any]]:
        """Os sendPhoto (de um chat, se dado), na ordem; a imagem é um `Arquivo`."""
        todas = self.chamadas_de("sendPhoto")
        return todas if chat_id is None else [p for p in todas if str(p["chat_id"]) == str(chat_id)]

    def edicoes(self, chat_id: int | str | None = None) -> list[dict[str, Any]]:
        """Os editMessageText aceitos (de um chat, se dado), na ordem."""
        todas = [
            c.parametros for c in self.chamadas if c.metodo == "editMessageText" and c.codigo == 200
        ]
        return todas if chat_id is None else [p for p in todas if str(p["chat_id"]) == str(chat_id)]

    def menus(self, chat_id: int | str) -> list[tuple[str, list[str]]]:
        """As trocas do menu "/" só desse chat, na ordem: ("setMyCommands", nomes) ou
        ("deleteMyCommands", [])."""
        trocas = []
        for c in self.chamadas:
            escopo = _como_dict(c.parametros.get("scope")) or {}
            if c.metodo not in ("setMyCommands", "deleteMyCommands") or c.codigo != 200:
                continue
            if escopo.get("type") == "chat" and str(escopo.get("chat_id")) == str(chat_id):
                comandos = c.parametros.get("commands") or []
                if isinstance(comandos, str):
                    comandos = json.loads(comandos)
                trocas.append((c.metodo, [item["command"] for item in comandos]))
        return trocas

    def limpar(self) -> None:
        self.chamadas.clear()

    def entregar(self, update: dict[str, Any]) -> None:
        """Põe um update na fila do getUpdates (para testar o polling)."""
        self._pendentes.append(update)
        self._novidade.set()

    async def esperar(self, metodo: str, quantas: int = 1, limite: float = 5.0) -> None:
        """Espera (sem sleep) até haver `quantas` chamadas a `metodo`; TimeoutError se não."""
        async with asyncio.timeout(limite):
            while len(self.chamadas_de(metodo)) < quantas:
                self._novidade.clear()
                await self._novidade.wait()

    # ----- BaseRequest ----------------------------------------------------------------

    @property
    def read_timeout(self) -> float | None:
        return 5.0

    async def initialize(self) -> None:
        """Nada a abrir: não há rede."""

    async def shutdown(self) -> None:
        """Nada a fechar."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = SEM_VALOR,
        write_timeout: object = SEM_VALOR,
        connect_timeout: object = SEM_VALOR,
        pool_timeout: object = SEM_VALOR,
    ) -> tuple[int, bytes]:
        metodo = url.rsplit("/", 1)[-1]
        parametros: dict[str, Any] = dict(request_data.parameters) if request_data else {}
        if request_data is not None and request_data.contains_files:
            parametros.update(_arquivos(request_data))
        fila = self._falhas.get(metodo)
        if fila:
            codigo = fila.popleft()
            corpo: Any = ERROS.get(codigo, ERROS[500])
        elif metodo == "getUpdates":
            codigo, corpo = 200, {"ok": True, "result": await self._buscar_updates(parametros)}
        else:
            resultado = self._responder(metodo, parametros)
            codigo = 404 if resultado is None else 200
            corpo = ERROS[404] if resultado is None else {"ok": True, "result": resultado}
            if isinstance(resultado, int) and resultado in ERROS:  # recusa da edição
                corpo = ERROS[resultado]
                codigo = corpo["error_code"]
        if self.gravar:
            self.chamadas.append(Chamada(metodo, parametros, url, codigo, corpo.get("result")))
            self._novidade.set()
        return codigo, json.dumps(corpo).encode()

    async def _buscar_updates(self, p: dict[str, Any]) -> list[dict[str, Any]]:
        """Long polling de verdade: espera um update até `timeout` segundos."""
        deslocamento = int(p.get("offset", 0))
        prontos = [u for u in self._pendentes if u["update_id"] >= deslocamento]
        if not prontos and float(p.get("timeout", 0)) > 0:
            self._novidade.clear()
            try:
                await asyncio.wait_for(self._novidade.wait(), float(p["timeout"]))
            except TimeoutError:
                return []
            prontos = [u for u in self._pendentes if u["update_id"] >= deslocamento]
        self._pendentes = [u for u in self._pendentes if u["update_id"] >= deslocamento]
        return prontos

    # ----- respostas ------------------------------------------------------------------

    def _eu(self) -> dict[str, Any]:
        return usuario_do_bot(self.bot_id, self.username)

    def _responder(self, metodo: str, p: dict[str, Any]) -> Any:
        if metodo == "getMe":
            return self._eu()
        if metodo == "sendMessage":
            return self._mensagem(p)
        if metodo == "sendDocument":
            return self._documento(p)
        if metodo == "sendPhoto":
            return self._foto(p)
        if metodo == "editMessageText":
            return self._editar(p)
        if metodo == "editMessageReplyMarkup":
            if "inline_message_id" in p:
                return True
            return {**self._mensagem(p, message_id=int(p["message_id"])), "edit_date": _agora()}
        if metodo in (
            "answerCallbackQuery",
            "setMyCommands",
            "deleteMyCommands",
            "setWebhook",
            "deleteWebhook",
            "setChatMenuButton",
        ):
            return True
        if metodo == "getWebhookInfo":
            return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        return None

    def _mensagem(self, p: dict[str, Any], message_id: int | None = None) -> dict[str, Any]:
        """Uma Message como a API devolve: a API real só ecoa teclados inline."""
        if message_id is None:
            self._proxima_mensagem += 1
            message_id = self._proxima_mensagem
        chat_id = int(p["chat_id"])
        mensagem: dict[str, Any] = {
            "message_id": message_id,
            "from": self._eu(),
            "chat": {"id": chat_id, "first_name": "Pessoa", "type": "private"},
            "date": _agora(),
        }
        if "text" in p:
            mensagem["text"] = p["text"]
        teclado = _como_dict(p.get("reply_markup"))
        if teclado and "inline_keyboard" in teclado:
            mensagem["reply_markup"] = teclado
        self._no_chat[(chat_id, message_id)] = mensagem
        return mensagem

    def _editar(self, p: dict[str, Any]) -> dict[str, Any] | int:
        """A mensagem editada (com `edit_date`), ou o código da recusa em `ERROS`."""
        chave = (int(p["chat_id"]), int(p["message_id"]))
        antes = self._no_chat.get(chave)
        if antes is None:
            return 4002
        teclado = _como_dict(p.get("reply_markup"))
        depois = {**antes, "text": p["text"], "edit_date": _agora()}
        depois.pop("reply_markup", None)
        if teclado and "inline_keyboard" in teclado:
            depois["reply_markup"] = teclado
        mesmo = ("text", "reply_markup")
        if all(antes.get(c) == depois.get(c) for c in mesmo):
            return 4001
        self._no_chat[chave] = depois
        return depois

    def _documento(self, p: dict[str, Any]) -> dict[str, Any] | None:
        """A Message de um documento; sem arquivo, a API real recusa (aqui: 404 do falso)."""
        arquivo = p.get("document")
        if not isinstance(arquivo, Arquivo):
            return None
        mensagem = self._mensagem({k: v for k, v in p.items() if k != "text"})
        mensagem["document"] = documento_recebido(arquivo)
        if "caption" in p:
            mensagem["caption"] = p["caption"]
        return mensagem

    def _foto(self, p: dict[str, Any]) -> dict[str, Any] | None:
        """A Message de uma foto; sem imagem que dê para ler, a API real recusa (aqui: 404)."""
        arquivo = p.get("photo")
        if not isinstance(arquivo, Arquivo) or foto_recebida(arquivo) is None:
            return None
        mensagem = self._mensagem({k: v for k, v in p.items() if k != "text"})
        mensagem["photo"] = foto_recebida(arquivo)
        if "caption" in p:
            mensagem["caption"] = p["caption"]
        return mensagem


PNG = b"\x89PNG\r\n\x1a\n"


def foto_recebida(arquivo: Arquivo) -> list[dict[str, Any]] | None:
    """As PhotoSize como a API as devolve; a largura e a altura vêm do cabeçalho do PNG
    (o falso só entende PNG; outra coisa é recusada, como a API real recusa o que não lê)."""
    dados = arquivo.dados
    if not dados.startswith(PNG) or len(dados) < 24:
        return None
    largura, altura = int.from_bytes(dados[16:20], "big"), int.from_bytes(dados[20:24], "big")
    return [
        {
            "file_id": f"foto-{len(dados)}",
            "file_unique_id": f"f{len(dados)}",
            "width": largura,
            "height": altura,
            "file_size": len(dados),
        }
    ]


def documento_recebido(arquivo: Arquivo) -> dict[str, Any]:
    """O Document como a API o devolve (ids de mentira, tamanho de verdade)."""
    return {
        "file_id": f"doc-{len(arquivo.dados)}",
        "file_unique_id": f"u{len(arquivo.dados)}",
        "file_name": arquivo.nome,
        "mime_type": arquivo.tipo,
        "file_size": len(arquivo.dados),
    }


def _arquivos(dados: RequestData) -> dict[str, Arquivo]:
    arquivos = {}
    for nome, (arquivo, conteudo, tipo) in dados.multipart_data.items():
        bruto = conteudo if isinstance(conteudo, bytes) else conteudo.read()
        arquivos[nome] = Arquivo(arquivo, tipo, bytes(bruto))
    return arquivos


def _como_dict(valor: Any) -> dict[str, Any] | None:
    if isinstance(valor, str):
        valor = json.loads(valor)
    return valor if isinstance(valor, dict) else None


def _agora() -> int:
    return int(time.time())
