"""Limpeza e comparação de textos digitados."""

from __future__ import annotations

import re
import unicodedata

LIMITE_TEXTO = 300  # nenhuma resposta do cidadão precisa de mais que isso

_ESPACOS = re.compile(r"\s+")
_PONTUACAO = re.compile(r"[^\w\s]")


def limpar(texto: str) -> str:
    """Tira caracteres de controle, NUL, marcas de direção (RLO) e espaços sobrando."""
    limpo = "".join(
        c if unicodedata.category(c)[0] != "C" else " " for c in unicodedata.normalize("NFC", texto)
    )
    return _ESPACOS.sub(" ", limpo).strip()


def normalizar(texto: str) -> str:
    """Minúsculo, sem acento, sem pontuação: para comparar o que a pessoa digitou."""
    sem_acento = "".join(
        c for c in unicodedata.normalize("NFKD", texto) if not unicodedata.combining(c)
    )
    return _ESPACOS.sub(" ", _PONTUACAO.sub(" ", sem_acento.casefold())).strip()
