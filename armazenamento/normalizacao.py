"""Normalização de nomes para comparar o que foi digitado com o cadastro.

Mesma semântica de `fluxos.regras.texto.normalizar`, repetida aqui porque o
armazenamento não depende dos fluxos. É a regra da `Bairro.chave`.
"""

from __future__ import annotations

import re
import unicodedata

_ESPACOS = re.compile(r"\s+")
_PONTUACAO = re.compile(r"[^\w\s]")


def normalizar(texto: str) -> str:
    """Minúsculo, sem acento, sem pontuação, espaços únicos: "Vila Falcão" -> "vila falcao"."""
    sem_acento = "".join(
        c for c in unicodedata.normalize("NFKD", texto) if not unicodedata.combining(c)
    )
    return _ESPACOS.sub(" ", _PONTUACAO.sub(" ", sem_acento.casefold())).strip()
