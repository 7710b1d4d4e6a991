"""Ambiente do Alembic: usa a conexão dada por `armazenamento.migracao` (ou a URL)."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import async_engine_from_config
from sqlmodel import SQLModel

import armazenamento.modelos  # noqa: F401  (registra as tabelas)

config = context.config
target_metadata = SQLModel.metadata


def _configurar(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _pela_url() -> None:
    motor = async_engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    async with motor.connect() as conexao:
        await conexao.run_sync(_configurar)
    await motor.dispose()


conexao_dada = config.attributes.get("connection")
if conexao_dada is not None:
    _configurar(conexao_dada)
else:
    asyncio.run(_pela_url())
