"""Registro (logs) sem dados pessoais: nenhuma biblioteca fala mais do que deve."""

from __future__ import annotations

import logging


def configurar_registro(nivel: str = "INFO") -> None:
    logging.basicConfig(
        level=getattr(logging, nivel, logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # bibliotecas falantes: o httpx registra URLs com o token do bot
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # um "rodou" a cada 2 s
    # em DEBUG, o PTB, o aiosqlite e o SQLAlchemy registram textos e parâmetros (dados
    # pessoais): nunca abaixo de INFO, seja qual for INCLUSAO_LOG
    logging.getLogger("telegram").setLevel(max(logging.INFO, getattr(logging, nivel, 20)))
    for falante in ("aiosqlite", "sqlalchemy", "asyncpg"):  # em INFO já mostram parâmetros
        logging.getLogger(falante).setLevel(logging.WARNING)
