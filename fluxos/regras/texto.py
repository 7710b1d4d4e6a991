"""Limpeza e comparação de textos digitados."""

from __future__ import annotations

import re
import unicodedata

from armazenamento.normalizacao import normalizar

__all__ = ["LIMITE_RECADO", "LIMITE_TEXTO", "limpar", "normalizar"]

LIMITE_TEXTO = 300  # nenhuma resposta do cidadão a uma pergunta precisa de mais que isso
# um recado escrito (o pedido de ajuda, a resposta da equipe, o texto solto que vai para
# um pedido aberto): cabe numa mensagem do Telegram e do WhatsApp (4.096) com o cabeçalho
# do aviso; o banco guarda em pedaços de 1.000 (`armazenamento.pedidos_ajuda.anotar`)
LIMITE_RECADO = 2000

_ESPACOS = re.compile(r"\s+")


def limpar(texto: str) -> str:
    """Tira caracteres de controle, NUL, marcas de direção (RLO) e espaços sobrando."""
    limpo = "".join(
        c if unicodedata.category(c)[0] != "C" else " " for c in unicodedata.normalize("NFC", texto)
    )
    return _ESPACOS.sub(" ", limpo).strip()
