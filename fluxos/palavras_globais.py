"""Palavras que valem em qualquer ponto da conversa, digitadas (sem acento, minúsculas)."""

from __future__ import annotations

PALAVRAS_GLOBAIS = {
    "ajuda": "ajuda",
    "cancelar": "cancelar",
    "sair": "cancelar",
    "parar": "cancelar",
    "voltar": "voltar",
    "menu": "menu",
    "inicio": "menu",
    # quem volta dias depois costuma cumprimentar: retoma a pergunta em que parou
    "oi": "start",
    "ola": "start",
    "bom dia": "start",
    "boa tarde": "start",
    "boa noite": "start",
}
