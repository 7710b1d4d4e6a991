"""O que a Cloud API real recusa num POST /messages (400), para a Graph API falsa.

Os limites são os da documentação da Meta (mensagens interativas e de texto); os códigos e
textos seguem os das respostas reais: 131008 (falta parâmetro), 131009 (valor inválido),
100 (parâmetro inválido).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

TEXTO = 4096
CORPO_INTERATIVO = 1024
LEGENDA = 1024
BOTOES = 3
TITULO_BOTAO = 20
ID_BOTAO = 256
LINHAS = 10
SECOES = 10
TITULO_LINHA = 24
DESCRICAO_LINHA = 72
ID_LINHA = 200
BOTAO_LISTA = 20
TITULO_SECAO = 24


@dataclass(frozen=True, slots=True)
class Recusa:
    codigo: int
    titulo: str
    detalhes: str


def _invalido(detalhes: str) -> Recusa:
    return Recusa(131009, "Parameter value is not valid", detalhes)


def _falta(detalhes: str) -> Recusa:
    return Recusa(131008, "Required parameter is missing", detalhes)


def _tamanho(valor: object, maximo: int, nome: str) -> Recusa | None:
    if not isinstance(valor, str) or not valor.strip():
        return _falta(f"{nome} is required")
    if len(valor) > maximo:
        return _invalido(f"{nome} length invalid. Min length: 1, Max length: {maximo}")
    return None


def destino(corpo: Mapping[str, Any]) -> str:
    """Para quem vai: o número em `to` ou o id de usuário da empresa (BSUID) em `recipient`
    (`to` vale mais, se vierem os dois)."""
    valor = corpo.get("to") or corpo.get("recipient")
    return valor if isinstance(valor, str) else ""


def validar(corpo: dict[str, Any], midias: Mapping[str, object]) -> Recusa | None:
    """None se a Cloud API aceitaria o pedido; senão, a recusa."""
    if corpo.get("messaging_product") != "whatsapp":
        return Recusa(100, "Invalid parameter", "messaging_product must be whatsapp")
    if not destino(corpo):
        return _falta("to is required")
    if "to" in corpo and not str(corpo["to"]).lstrip("+").isdigit():
        return Recusa(100, "Invalid parameter", "to must be a phone number; use recipient")
    tipo = corpo.get("type", "text")
    if tipo == "text":
        texto = corpo.get("text")
        return _tamanho(texto.get("body") if isinstance(texto, dict) else None, TEXTO, "text.body")
    if tipo == "interactive":
        return _interativo(corpo.get("interactive"))
    if tipo == "document":
        return _documento(corpo.get("document"), midias)
    if tipo == "template":
        modelo = corpo.get("template")
        if not isinstance(modelo, dict) or not modelo.get("name"):
            return _falta("template.name is required")
        idioma = modelo.get("language")
        if not isinstance(idioma, dict) or not idioma.get("code"):
            return _falta("template.language.code is required")
        return None
    return Recusa(131051, "Unsupported message type", f"type {tipo} is not supported")


def _documento(documento: object, midias: Mapping[str, object]) -> Recusa | None:
    if not isinstance(documento, dict):
        return _falta("document is required")
    if str(documento.get("id")) not in midias and not documento.get("link"):
        return Recusa(131053, "Media upload error", "Invalid media id")
    legenda = documento.get("caption")
    if legenda is not None and len(str(legenda)) > LEGENDA:
        return _invalido(f"document.caption length invalid. Max length: {LEGENDA}")
    return None


def _interativo(interativo: object) -> Recusa | None:
    if not isinstance(interativo, dict):
        return _falta("interactive is required")
    corpo = interativo.get("body")
    recusa = _tamanho(
        corpo.get("text") if isinstance(corpo, dict) else None, CORPO_INTERATIVO, "Body text"
    )
    if recusa is not None:
        return recusa
    acao = interativo.get("action")
    if not isinstance(acao, dict):
        return _falta("interactive.action is required")
    if interativo.get("type") == "button":
        return _botoes(acao.get("buttons"))
    if interativo.get("type") == "list":
        return _lista(acao)
    return _invalido(f"interactive.type {interativo.get('type')} is not supported")


def _botoes(botoes: object) -> Recusa | None:
    if not isinstance(botoes, list) or not 1 <= len(botoes) <= BOTOES:
        quantos = len(botoes) if isinstance(botoes, list) else 0
        return _invalido(
            f"Invalid buttons count. Min allowed buttons: 1, Max allowed buttons: {BOTOES}"
            f" (got {quantos})"
        )
    ids: list[str] = []
    titulos: list[str] = []
    for botao in botoes:
        resposta = botao.get("reply") if isinstance(botao, dict) else None
        if not isinstance(resposta, dict) or botao.get("type") != "reply":
            return _falta("buttons[].reply is required")
        recusa = _tamanho(resposta.get("title"), TITULO_BOTAO, "Button title") or _tamanho(
            resposta.get("id"), ID_BOTAO, "Button id"
        )
        if recusa is not None:
            return recusa
        ids.append(resposta["id"])
        titulos.append(resposta["title"])
    if len(set(ids)) != len(ids):
        return _invalido("Duplicate button id is not allowed")
    if len(set(titulos)) != len(titulos):
        return _invalido("Button title must be unique")
    return None


def _lista(acao: dict[str, Any]) -> Recusa | None:
    recusa = _tamanho(acao.get("button"), BOTAO_LISTA, "Button label")
    if recusa is not None:
        return recusa
    secoes = acao.get("sections")
    if not isinstance(secoes, list) or not 1 <= len(secoes) <= SECOES:
        return _invalido(f"Invalid sections count. Min: 1, Max: {SECOES}")
    linhas = []
    for secao in secoes:
        if not isinstance(secao, dict) or not isinstance(secao.get("rows"), list):
            return _falta("sections[].rows is required")
        if len(secoes) > 1 or "title" in secao:
            recusa = _tamanho(secao.get("title"), TITULO_SECAO, "Section title")
            if recusa is not None:
                return recusa
        linhas.extend(secao["rows"])
    if not 1 <= len(linhas) <= LINHAS:
        return _invalido(f"Total row count exceed max allowed count: {LINHAS} (got {len(linhas)})")
    ids = []
    for linha in linhas:
        if not isinstance(linha, dict):
            return _falta("rows[] must be objects")
        recusa = _tamanho(linha.get("title"), TITULO_LINHA, "Row title") or _tamanho(
            linha.get("id"), ID_LINHA, "Row id"
        )
        if recusa is not None:
            return recusa
        descricao = linha.get("description")
        if descricao is not None and len(str(descricao)) > DESCRICAO_LINHA:
            return _invalido(f"Row description length invalid. Max length: {DESCRICAO_LINHA}")
        ids.append(linha["id"])
    if len(set(ids)) != len(ids):
        return _invalido("Duplicate row id is not allowed")
    return None
