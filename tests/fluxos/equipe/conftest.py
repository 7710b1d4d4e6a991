"""Convites prontos para os testes da equipe (criados direto no banco, como o CLI faz)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

import pytest
import sqlalchemy as sa

from armazenamento.banco import transacao
from armazenamento.equipe import ConviteNovo, Escopo, criar_convite
from armazenamento.modelos import Cras, Osc, Turma
from fluxos.motor import Motor
from tests.conversa import Conversa
from tests.fluxos.conftest import AGORA

Convidar = Callable[..., Awaitable[ConviteNovo]]


@pytest.fixture
def convidar(motor: Motor) -> Convidar:
    """convidar("osc") → um convite da 1ª OSC; `validade` e ids de escopo opcionais."""

    async def criar(
        papel: str, validade: timedelta = timedelta(hours=72), **escopo: int
    ) -> ConviteNovo:
        async with transacao(motor.banco) as conexao:
            if papel == "osc" and "osc_id" not in escopo:
                escopo["osc_id"] = (
                    await conexao.execute(sa.select(sa.func.min(Osc.id)))
                ).scalar_one()
            if papel == "cras" and "cras_id" not in escopo:
                escopo["cras_id"] = (
                    await conexao.execute(sa.select(sa.func.min(Cras.id)))
                ).scalar_one()
            if papel == "instrutor" and "turma_id" not in escopo:
                escopo["turma_id"] = (
                    await conexao.execute(sa.select(sa.func.min(Turma.id)))
                ).scalar_one()
            return await criar_convite(conexao, Escopo(papel, **escopo), AGORA, validade)

    return criar


@pytest.fixture
def tecnica(motor: Motor) -> Conversa:
    return Conversa(motor, chat_id="900")
