"""Limpeza e comparação de textos digitados."""

from __future__ import annotations

import re
import unicodedata

from armazenamento.normalizacao import normalizar

__all__ = ["LIMITE_TEXTO", "limpar", "normalizar"]

LIMITE_TEXTO = 300  # nenhuma resposta do cidadão precisa de mais que isso

_ESPACOS = re.compile(r"\s+")


def limpar(texto: str) -> str:
    """Tira caracteres de controle, NUL, marcas de direção (RLO) e espaços sobrando."""
    limpo = "".join(
        c if unicodedata.category(c)[0] != "C" else " " for c in unicodedata.normalize("NFC", texto)
    )
    return _ESPACOS.sub(" ", limpo).strip()
