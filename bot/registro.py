"""Registro (logs) sem dados pessoais: quem aparece, aparece por um pseudônimo com chave."""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets

_CHAVE = (os.environ.get("INCLUSAO_CHAVE_LOG") or secrets.token_hex(16)).encode()


def pseudonimo(valor: str) -> str:
    """HMAC curto: o mesmo chat tem o mesmo apelido no log, sem revelar quem é."""
    return hmac.new(_CHAVE, valor.encode(), hashlib.sha256).hexdigest()[:12]


def configurar_registro(nivel: str = "INFO") -> None:
    logging.basicConfig(
        level=getattr(logging, nivel, logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # bibliotecas falantes: o httpx registra URLs com o token do bot
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
