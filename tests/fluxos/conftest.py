"""Relógio fixo e motor do cidadão com um cadastro pequeno."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from fluxos.montagem import criar_motor_de_conversa
from fluxos.motor import Motor
from tests.conversa import Conversa
from tests.dados import semear_programa

AGORA = datetime(2027, 1, 10, 15, 0, tzinfo=UTC)  # domingo, 10 de janeiro, 12h em Bauru


@pytest.fixture
async def motor(sessoes: async_sessionmaker[AsyncSession]) -> Motor:
    await semear_programa(sessoes, AGORA.date())
    return criar_motor_de_conversa(sessoes.kw["bind"], relogio=lambda: AGORA)


@pytest.fixture
def pessoa(motor: Motor) -> Conversa:
    return Conversa(motor)
