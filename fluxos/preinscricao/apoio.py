"""Pequenas ajudas comuns aos passos da pré-inscrição."""

from __future__ import annotations

from fluxos.passos import Opcao, Pergunta, Repetir
from mensagens.catalogo import texto

FLUXO = "preinscricao"
VERSAO_AVISO = "2026-11"
ANOS_GUARDA = 5


def t(chave: str, **campos: object) -> str:
    """Texto do catálogo da pré-inscrição (chave sem o prefixo do fluxo)."""
    return texto(f"{FLUXO}.{chave}", **campos)


def opcao(valor: str, chave: str) -> Opcao:
    return Opcao(valor, texto(chave))


def pergunta(passo: str, *opcoes: Opcao, **campos: object) -> Pergunta:
    return Pergunta(t(f"{passo}.pergunta", **campos), list(opcoes))


def repetir(chave: str) -> Repetir:
    return Repetir(t(chave))
