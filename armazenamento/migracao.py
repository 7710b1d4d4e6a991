"""Aplica as migrações do Alembic a partir do código (`inclusao migrar` e a partida)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

PASTA = Path(__file__).parent / "migracoes"


def configuracao(url: str = "") -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(PASTA))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def _subir(conexao: Connection) -> None:
    cfg = configuracao()
    cfg.attributes["connection"] = conexao
    command.upgrade(cfg, "head")


async def migrar(motor: AsyncEngine) -> None:
    """Leva o banco à última versão do esquema."""
    async with motor.begin() as conexao:
        await conexao.run_sync(_subir)
