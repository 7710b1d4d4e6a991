"""Fixtures comuns: um banco SQLite de verdade (arquivo novo e migrado) por teste.

As migrações rodam uma vez numa cópia-modelo; cada teste recebe uma cópia do arquivo.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from armazenamento.banco import criar_motor, fabrica_de_sessoes
from armazenamento.migracao import migrar


async def _migrar_arquivo(caminho: Path) -> None:
    motor = criar_motor(f"sqlite+aiosqlite:///{caminho}")
    await migrar(motor)
    async with motor.connect() as conexao:
        await conexao.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    await motor.dispose()


@pytest.fixture(scope="session")
def banco_modelo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    caminho = tmp_path_factory.mktemp("modelo") / "modelo.db"
    asyncio.run(_migrar_arquivo(caminho))
    return caminho


@pytest.fixture
async def motor_banco(tmp_path: Path, banco_modelo: Path) -> AsyncIterator[AsyncEngine]:
    arquivo = tmp_path / "teste.db"
    shutil.copyfile(banco_modelo, arquivo)
    motor = criar_motor(f"sqlite+aiosqlite:///{arquivo}")
    yield motor
    await motor.dispose()


@pytest.fixture
def sessoes(motor_banco: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return fabrica_de_sessoes(motor_banco)
