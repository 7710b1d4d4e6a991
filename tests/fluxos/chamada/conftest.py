"""Um relógio que anda (corrigir no dia seguinte, passar da janela) e a turma T0 com 15
pessoas (matriculadas um mês antes) e um encontro hoje de manhã."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from armazenamento.banco import transacao
from armazenamento.modelos import Turma
from fluxos.montagem import criar_motor_de_conversa
from fluxos.motor import Motor
from tests.conversa import Conversa
from tests.dados import semear_programa
from tests.fluxos.chamada.dados_chamada import NOMES_15, matricular_nomes, novo_encontro
from tests.fluxos.conftest import AGORA
from tests.fluxos.equipe.conftest import Convidar, convidar, tecnica  # noqa: F401

HOJE_8H = AGORA - timedelta(hours=4)  # AGORA é meio-dia em Bauru: a aula foi às 8h
MATRICULA = AGORA - timedelta(days=30)


@dataclass
class Relogio:
    agora: datetime = AGORA

    def __call__(self) -> datetime:
        return self.agora

    def andar(self, **quanto: float) -> None:
        self.agora += timedelta(**quanto)


@dataclass
class Turma15:
    turma_id: int
    outra_turma_id: int
    matriculas: list[int]
    encontro_id: int


@pytest.fixture
def relogio() -> Relogio:
    return Relogio()


@pytest.fixture
async def motor(sessoes: async_sessionmaker[AsyncSession], relogio: Relogio) -> Motor:
    await semear_programa(sessoes, AGORA.date())
    return criar_motor_de_conversa(sessoes.kw["bind"], relogio=relogio)


@pytest.fixture
async def turma(motor: Motor) -> Turma15:
    async with transacao(motor.banco) as c:
        ids = dict((await c.execute(sa.select(Turma.codigo, Turma.id))).all())  # type: ignore[call-overload]
    # matriculados um mês antes: as aulas dos últimos dias são deles também (R16)
    matriculas = await matricular_nomes(motor.banco, ids["T0"], NOMES_15, MATRICULA)
    encontro = await novo_encontro(motor.banco, ids["T0"], HOJE_8H)
    return Turma15(ids["T0"], ids["T1"], matriculas, encontro)


@pytest.fixture
async def instrutor(tecnica: Conversa, convidar: Convidar, turma: Turma15) -> Conversa:
    """A conversa "900", ligada como instrutor da T0."""
    await tecnica.comando("start", (await convidar("instrutor", turma_id=turma.turma_id)).token)
    return tecnica
