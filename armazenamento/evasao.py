"""Leitura em lote para a verificação de evasão (R16, R17): matrículas ativas, encontros e
marcas, turma a turma, sem objetos do ORM.

Por que assim: a verificação da noite olha todas as turmas (1.000 turmas × 40 encontros ×
15 pessoas = 600.000 marcas). Cada lote de turmas faz três consultas ordenadas (as
matrículas ativas, os encontros e as marcas, estas pelos ids dos encontros); quem chama
monta as sequências só daquele lote (`fluxos.evasao.sequencias`) antes de ler o próximo.
A memória fica no tamanho de um lote, não do banco inteiro. Um encontro é "realizado"
quando tem marcas de origem "chamada"; `Encontro.cancelado` é suspenso (R21).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.modelos import Encontro, Matricula, Presenca
from armazenamento.tempo import FUSO

_E = Encontro.__table__  # type: ignore[attr-defined]
_M = Matricula.__table__  # type: ignore[attr-defined]
_PR = Presenca.__table__  # type: ignore[attr-defined]

LOTE_TURMAS = 50  # ~30.000 marcas por lote
ORIGEM_CHAMADA = "chamada"


@dataclass(frozen=True, slots=True)
class EncontroDaTurma:
    """Um encontro como a verificação precisa: horas da fase (a soma dos módulos), se foi
    suspenso (R21) e o dia em Bauru."""

    id: int
    inicio: datetime
    horas: float
    suspenso: bool
    dia: date


@dataclass(frozen=True, slots=True)
class MatriculaAtiva:
    id: int
    turma_id: int
    dia: date  # o dia da matrícula em Bauru (R16: matrícula atrasada)


@dataclass(slots=True)
class Lote:
    """O que um lote de turmas tem: as matrículas ativas, os encontros de cada turma em
    ordem de data, as marcas de cada matrícula (encontro → situação) e os encontros com
    chamada feita (marcas de origem "chamada")."""

    ativas: list[MatriculaAtiva] = field(default_factory=list)
    encontros: dict[int, list[EncontroDaTurma]] = field(default_factory=dict)
    marcas: dict[int, dict[int, str]] = field(default_factory=dict)
    com_chamada: set[int] = field(default_factory=set)


async def turmas_com_ativas(conexao: AsyncConnection) -> list[int]:
    """As turmas com alguma matrícula ativa, em ordem (pelo índice de turma e situação)."""
    consulta = sa.select(_M.c.turma_id).where(_M.c.situacao == "ativa").distinct()
    return sorted(int(t) for t in (await conexao.execute(consulta)).scalars())


def em_lotes(ids: Sequence[int], tamanho: int = LOTE_TURMAS) -> list[list[int]]:
    unicos = sorted(set(ids))
    return [unicos[i : i + tamanho] for i in range(0, len(unicos), tamanho)]


async def _encontros(
    conexao: AsyncConnection, turmas: list[int]
) -> dict[int, list[EncontroDaTurma]]:
    horas = _E.c.horas_aprendizagem + _E.c.horas_desenvolvimento_pessoal
    horas = horas + _E.c.horas_desenvolvimento_gerencial  # a fase: a soma dos módulos
    consulta = (
        sa.select(_E.c.turma_id, _E.c.id, _E.c.inicio, horas.label("horas"), _E.c.cancelado)
        .where(_E.c.turma_id.in_(turmas))
        .order_by(_E.c.turma_id, _E.c.inicio, _E.c.id)
    )
    por_turma: dict[int, list[EncontroDaTurma]] = {}
    for t, eid, inicio, h, cancelado in (await conexao.execute(consulta)).all():
        dia = inicio.astimezone(FUSO).date()
        por_turma.setdefault(t, []).append(
            EncontroDaTurma(eid, inicio, float(h), bool(cancelado), dia)
        )
    return por_turma


async def _marcas(
    conexao: AsyncConnection, encontros: list[int]
) -> tuple[dict[int, dict[int, str]], set[int]]:
    """As marcas de cada matrícula (encontro → situação) e os encontros com chamada feita.
    Pelos ids dos encontros (o índice único de presença começa por eles): sem varrer a
    tabela inteira a cada lote."""
    consulta = sa.select(_PR.c.encontro_id, _PR.c.matricula_id, _PR.c.situacao, _PR.c.origem)
    consulta = consulta.where(_PR.c.encontro_id.in_(encontros))
    marcas: dict[int, dict[int, str]] = {}
    com_chamada: set[int] = set()
    for encontro_id, matricula_id, situacao, origem in (await conexao.execute(consulta)).all():
        da_matricula = marcas.get(matricula_id)
        if da_matricula is None:
            da_matricula = marcas[matricula_id] = {}
        da_matricula[encontro_id] = situacao
        if origem == ORIGEM_CHAMADA:
            com_chamada.add(encontro_id)
    return marcas, com_chamada


async def _ativas(conexao: AsyncConnection, turmas: list[int]) -> list[MatriculaAtiva]:
    consulta = (
        sa.select(_M.c.turma_id, _M.c.id, _M.c.criada_em)
        .where(_M.c.turma_id.in_(turmas), _M.c.situacao == "ativa")
        .order_by(_M.c.turma_id, _M.c.id)
    )
    return [
        MatriculaAtiva(int(m), int(t), criada.astimezone(FUSO).date())
        for t, m, criada in (await conexao.execute(consulta)).all()
    ]


async def ler_lote(conexao: AsyncConnection, turmas: list[int]) -> Lote:
    """Três consultas ordenadas para um lote de turmas (nada de objetos do ORM)."""
    lote = Lote(await _ativas(conexao, turmas))
    if not lote.ativas:
        return lote
    lote.encontros = await _encontros(conexao, turmas)
    ids = [e.id for lista in lote.encontros.values() for e in lista]
    if ids:
        lote.marcas, lote.com_chamada = await _marcas(conexao, ids)
    return lote
