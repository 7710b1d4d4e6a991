"""Uma semana de aulas de duas OSCs para os testes da suspensão em lote (R21).

O relógio está na segunda, 1º de março de 2027, 18h em Bauru (`dados_lembretes.AGORA`).
A OSC 1 ("Instituto Esperança") tem T0, T1 e T2; a OSC 2 ("Casa do Sol"), a turma S1.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from armazenamento.banco import transacao
from armazenamento.equipe import Escopo, criar_convite
from armazenamento.modelos import Ciclo, Curso, Encontro, Envio, Osc, Turma
from fluxos.montagem import criar_motor_de_conversa
from fluxos.motor import Motor
from tests.conversa import Conversa
from tests.fluxos.dados_lembretes import AGORA, em_bauru, encontro, matricular, semear


@dataclass
class Relogio:
    agora: datetime = AGORA

    def __call__(self) -> datetime:
        return self.agora

    def andar(self, **quanto: float) -> None:
        self.agora += timedelta(**quanto)


@dataclass
class Semana:
    """Os ids do cenário: turmas por código, encontros por (turma, dia) e matrículas."""

    turmas: dict[str, int]
    encontros: dict[tuple[str, int], int] = field(default_factory=dict)
    matriculas: dict[str, int] = field(default_factory=dict)
    osc2: int = 0


async def _outra_osc(banco: AsyncEngine) -> tuple[int, int]:
    async with banco.begin() as c:
        ciclo = (await c.execute(sa.select(Ciclo.id))).scalar_one()
        osc = (
            await c.execute(sa.insert(Osc.__table__).values(nome="Casa do Sol"))
        ).inserted_primary_key[0]
        curso = (
            await c.execute(sa.insert(Curso.__table__).values(nome="Padaria", osc_id=osc))
        ).inserted_primary_key[0]
        turma = await c.execute(
            sa.insert(Turma.__table__).values(
                codigo="S1", ciclo_id=ciclo, curso_id=curso, turno="tarde", capacidade=15, local=""
            )
        )
    return int(osc), int(turma.inserted_primary_key[0])


async def montar_semana(
    sessoes: async_sessionmaker[AsyncSession],
    banco: AsyncEngine,
    canal: str = "telegram",
    chat: Callable[[str], str] = str,
) -> Semana:
    """T0: terça e quinta 14h (e a terça seguinte); T1: quarta 8h; S1 (outra OSC): terça 14h.
    T0 tem 3 pessoas no `canal` (Telegram), 1 do chat do site e 1 matrícula cancelada; T1,
    1 pessoa; S1, 1 pessoa. `chat`: o id da conversa de cada uma ("501"...) nesse canal."""
    turmas = await semear(sessoes)
    osc2, s1 = await _outra_osc(banco)
    turmas["S1"] = s1
    s = Semana(turmas, osc2=osc2)
    aulas = (("T0", 2, 14), ("T0", 4, 14), ("T0", 9, 14), ("T1", 3, 8), ("S1", 2, 14))
    for codigo, dia, hora in aulas:
        s.encontros[(codigo, dia)] = await encontro(
            banco, turmas[codigo], em_bauru(2027, 3, dia, hora)
        )
    for numero in ("501", "502", "503"):
        s.matriculas[numero] = await matricular(banco, turmas["T0"], chat(numero), canal)
    s.matriculas["web"] = await matricular(banco, turmas["T0"], "w1", canal="web")
    s.matriculas["saiu"] = await matricular(
        banco, turmas["T0"], chat("509"), canal, situacao="cancelada"
    )
    s.matriculas["601"] = await matricular(banco, turmas["T1"], chat("601"), canal)
    s.matriculas["701"] = await matricular(banco, turmas["S1"], chat("701"), canal)
    return s


@pytest.fixture
async def semana(sessoes: async_sessionmaker[AsyncSession], motor_banco: AsyncEngine) -> Semana:
    return await montar_semana(sessoes, motor_banco)


@pytest.fixture
def relogio() -> Relogio:
    return Relogio()


@pytest.fixture
def motor(motor_banco: AsyncEngine, relogio: Relogio, semana: Semana) -> Motor:
    return criar_motor_de_conversa(motor_banco, relogio=relogio)


async def entrar(motor: Motor, chat: str, escopo: Escopo) -> Conversa:
    """Uma conversa do Telegram ligada à equipe pelo convite (como o link faz)."""
    async with transacao(motor.banco) as c:
        convite = await criar_convite(c, escopo, AGORA)
    conversa = Conversa(motor, chat, "telegram")
    await conversa.comando("start", convite.token)
    return conversa


@pytest.fixture
async def tecnica(motor: Motor) -> Conversa:
    """A técnica da OSC 1 (uma OSC só)."""
    async with motor.banco.connect() as c:
        osc = (await c.execute(sa.select(sa.func.min(Osc.id)))).scalar_one()
    return await entrar(motor, "900", Escopo("osc", osc_id=osc))


@pytest.fixture
async def instrutor(motor: Motor, semana: Semana) -> Conversa:
    return await entrar(motor, "800", Escopo("instrutor", turma_id=semana.turmas["T0"]))


async def fila(banco: AsyncEngine) -> list[tuple[str, str, str]]:
    """(chave, chat, estado) de cada linha da fila, em ordem de chave."""
    _E = Envio.__table__
    async with banco.connect() as c:
        consulta = sa.select(_E.c.chave, _E.c.chat_id, _E.c.estado).order_by(_E.c.chave)
        return [tuple(linha) for linha in (await c.execute(consulta)).all()]


async def encontros(banco: AsyncEngine) -> dict[int, tuple[datetime, bool]]:
    _E = Encontro.__table__
    async with banco.connect() as c:
        linhas = (await c.execute(sa.select(_E.c.id, _E.c.inicio, _E.c.cancelado))).all()
    return {
        i: (inicio.astimezone(AGORA.tzinfo), bool(cancelado)) for i, inicio, cancelado in linhas
    }
