"""Fixtures comuns: um banco SQLite de verdade (arquivo novo e migrado) por teste."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from armazenamento.banco import criar_motor, fabrica_de_sessoes
from armazenamento.migracao import migrar


@pytest.fixture
async def motor_banco(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    motor = criar_motor(f"sqlite+aiosqlite:///{tmp_path / 'teste.db'}")
    await migrar(motor)
    yield motor
    await motor.dispose()


@pytest.fixture
def sessoes(motor_banco: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return fabrica_de_sessoes(motor_banco)
