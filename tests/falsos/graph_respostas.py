"""O que a Graph API falsa (`graph_api`) grava e responde: os pedidos, as mídias, o que a
pessoa vê (`Vista`) e os corpos de erro da Cloud API real para cada código."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.falsos.graph_validacao import Recusa

# (status HTTP, mensagem, detalhes) como a Cloud API real responde a cada código.
ERROS: dict[int, tuple[int, str, str]] = {
    2: (503, "(#2) Service temporarily unavailable", ""),
    4: (400, "(#4) Application request limit reached", "Too many API calls"),
    100: (400, "(#100) Invalid parameter", ""),
    131000: (
        500,
        "(#131000) Something went wrong",
        "Message failed to send due to an unknown error.",
    ),
    131016: (503, "(#131016) Service unavailable", "A service is temporarily unavailable."),
    131026: (
        400,
        "(#131026) Message undeliverable",
        "Unable to deliver message. Reasons can include: the recipient phone number is not a "
        "WhatsApp phone number; the recipient has not accepted the new Terms of Service.",
    ),
    131047: (
        400,
        "(#131047) Re-engagement message",
        "Message failed to send because more than 24 hours have passed since the customer "
        "last replied to this number.",
    ),
    131056: (
        400,
        "(#131056) (Business Account, Consumer Account) pair rate limit hit",
        "Message failed to send because there were too many messages sent from this phone "
        "number to the same phone number in a short period of time.",
    ),
    130429: (400, "(#130429) Rate limit hit", "Cloud API message throughput has been reached."),
    80007: (
        400,
        "(#80007) Rate limit issues",
        "The WhatsApp Business Account has reached its rate limit.",
    ),
    368: (
        403,
        "(#368) Temporarily blocked for policies violations",
        "The WhatsApp Business Account associated with the app has been restricted or "
        "disabled for violating a platform policy.",
    ),
    132001: (
        404,
        "(#132001) Template name does not exist in the translation",
        "template name does not exist in the language",
    ),
}
HTML_502 = "<html><head><title>502 Bad Gateway</title></head><body>502</body></html>"


@dataclass(frozen=True, slots=True)
class Pedido:
    caminho: str
    cabecalhos: dict[str, str]
    json: dict[str, Any] | None
    formulario: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Midia:
    nome: str
    tipo: str
    dados: bytes = field(repr=False)


@dataclass(frozen=True, slots=True)
class Vista:
    """Uma mensagem como a pessoa a vê. `opcoes`: títulos dos botões ou das linhas da
    lista (`descricoes` ao lado); `ids` o que volta ao tocar; `arquivo` num documento.
    Num modelo (template): `texto` é o nome, `idioma` o código e `parametros` os textos
    dos parâmetros, na ordem em que foram mandados."""

    tipo: str  # "texto", "botoes", "lista", "documento", "imagem", "modelo"
    texto: str
    opcoes: tuple[str, ...] = ()
    descricoes: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    botao_lista: str = ""
    arquivo: Midia | None = None
    wamid: str = ""
    idioma: str = ""
    parametros: tuple[str, ...] = ()

    def id_de(self, titulo: str) -> str:
        """O id que volta no webhook quando a pessoa toca a opção de título `titulo`."""
        return self.ids[self.opcoes.index(titulo)]


def vista(corpo: dict[str, Any], midias: dict[str, Midia], wamid: str) -> Vista:
    tipo = corpo.get("type")
    if tipo == "text":
        return Vista("texto", corpo["text"]["body"], wamid=wamid)
    if tipo in ("document", "image"):
        documento = corpo[tipo]
        arquivo = midias.get(str(documento.get("id")))
        nome = "documento" if tipo == "document" else "imagem"
        return Vista(nome, documento.get("caption", ""), arquivo=arquivo, wamid=wamid)
    if tipo == "template":
        modelo = corpo["template"]
        parametros = tuple(  # os do corpo ({{1}}, {{2}}...): o documento do cabeçalho não
            str(p.get("text", ""))
            for componente in modelo.get("components") or []
            if componente.get("type") == "body"
            for p in componente.get("parameters") or []
        )
        idioma = modelo["language"]["code"]
        respostas = tuple(  # o payload de cada botão de resposta rápida, na ordem
            str(p.get("payload", ""))
            for componente in modelo.get("components") or []
            if componente.get("type") == "button"
            for p in componente.get("parameters") or []
        )
        return Vista(
            "modelo",
            modelo["name"],
            ids=respostas,
            wamid=wamid,
            idioma=idioma,
            parametros=parametros,
        )
    interativo = corpo["interactive"]
    texto = interativo["body"]["text"]
    acao = interativo["action"]
    if interativo["type"] == "button":
        botoes = [b["reply"] for b in acao["buttons"]]
        return Vista(
            "botoes",
            texto,
            opcoes=tuple(b["title"] for b in botoes),
            ids=tuple(b["id"] for b in botoes),
            wamid=wamid,
        )
    linhas = [linha for secao in acao["sections"] for linha in secao["rows"]]
    return Vista(
        "lista",
        texto,
        opcoes=tuple(linha["title"] for linha in linhas),
        descricoes=tuple(linha.get("description", "") for linha in linhas),
        ids=tuple(linha["id"] for linha in linhas),
        botao_lista=acao["button"],
        wamid=wamid,
    )


def erro_graph(
    status: int, codigo: int, mensagem: str, detalhes: str, tipo: str = "OAuthException"
) -> web.Response:
    erro: dict[str, Any] = {"message": mensagem, "type": tipo, "code": codigo}
    if detalhes:
        erro["error_data"] = {"messaging_product": "whatsapp", "details": detalhes}
    erro["fbtrace_id"] = "A" + secrets.token_urlsafe(16)
    return web.json_response({"error": erro}, status=status)


def resposta_de_recusa(recusa: Recusa) -> web.Response:
    return erro_graph(400, recusa.codigo, f"(#{recusa.codigo}) {recusa.titulo}", recusa.detalhes)
