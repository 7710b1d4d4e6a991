"""A lista do CRAS para uma turma (R4, R5, R10): quem ainda pode ser convocado, em que
ordem, e as vagas de cada turno do curso (para a regra do turno, `fluxos/convocacao`).

A ordem vem pronta de quem chama (`turno` primeiro, `esperam` de fora, depois a posição
da lista): a regra fica em `fluxos/convocacao/regras.py`; aqui só o SQL.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.convocacoes import ATIVA, PENDENTE, TurmaDaConvocacao, nome_de_chamada
from armazenamento.modelos import (
    Afastamento,
    Convocacao,
    Encaminhamento,
    Matricula,
    PreInscricao,
    Turma,
)

_T = Turma.__table__  # type: ignore[attr-defined]
_M = Matricula.__table__  # type: ignore[attr-defined]
_P = PreInscricao.__table__  # type: ignore[attr-defined]
_C = Convocacao.__table__  # type: ignore[attr-defined]
_EN = Encaminhamento.__table__  # type: ignore[attr-defined]
_AF = Afastamento.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Candidato:
    """Uma pessoa da lista do CRAS que ainda pode ser convocada para a turma, com o turno
    que escolheu e se o curso da turma foi a 1ª ou a 2ª opção dela."""

    preinscricao_id: int
    posicao: int
    nome: str
    turno: str = ""
    opcao: int = 1


def _candidatos(turma: TurmaDaConvocacao, esperam: Collection[str]) -> sa.Select[Any]:
    """Encaminhados à OSC da turma para o curso da turma, ainda não convocados para esta
    turma, sem convocação pendente noutra turma do ciclo, sem matrícula ativa no ciclo,
    não postos de lado (Afastamento) e que não esperam a turma do próprio turno (R10)."""
    do_ciclo = sa.select(_T.c.id).where(_T.c.ciclo_id == turma.ciclo_id)
    convocada = sa.exists().where(
        _C.c.preinscricao_id == _EN.c.preinscricao_id,
        sa.or_(
            _C.c.turma_id == turma.id,
            sa.and_(_C.c.situacao == PENDENTE, _C.c.turma_id.in_(do_ciclo)),
        ),
    )
    matriculada = sa.exists().where(
        _M.c.preinscricao_id == _EN.c.preinscricao_id,
        _M.c.situacao == ATIVA,
        _M.c.turma_id.in_(do_ciclo),
    )
    afastada = sa.exists().where(_AF.c.preinscricao_id == _EN.c.preinscricao_id)
    filtros = [
        _EN.c.osc_id == turma.osc_id,
        _EN.c.curso_id == turma.curso_id,
        _P.c.ciclo_id == turma.ciclo_id,
        ~convocada,
        ~matriculada,
        ~afastada,
    ]
    if esperam:
        filtros.append(_P.c.turno.not_in(sorted(esperam)))
    return (
        sa.select(
            _EN.c.preinscricao_id,
            _EN.c.posicao,
            _P.c.nome,
            _P.c.nome_social,
            _P.c.turno,
            _P.c.curso1_id,
        )
        .join(_P, _P.c.id == _EN.c.preinscricao_id)
        .where(*filtros)
    )


async def candidatos(
    conexao: AsyncConnection,
    turma: TurmaDaConvocacao,
    limite: int,
    so: int | None = None,
    esperam: Collection[str] = (),
) -> list[Candidato]:
    """Os próximos `limite` da lista (`so`: só essa, se ainda é candidata): primeiro quem
    escolheu o turno da turma, depois os outros (R10), cada grupo na ordem do CRAS.
    PostgreSQL: a escolhida fica travada e as travadas por outra transação são puladas
    (SKIP LOCKED): duas turmas do mesmo curso ao mesmo tempo não chamam a mesma pessoa."""
    consulta = _candidatos(turma, esperam)
    if so is not None:
        consulta = consulta.where(_EN.c.preinscricao_id == so)
    outro_turno = sa.case((_P.c.turno == turma.turno, 0), else_=1)
    consulta = consulta.order_by(outro_turno, _EN.c.posicao, _EN.c.id).limit(max(limite, 0))
    consulta = consulta.with_for_update(of=_P, skip_locked=True, key_share=True)
    return [
        Candidato(
            pid, posicao, nome_de_chamada(nome, social), turno, 1 if curso1 == turma.curso_id else 2
        )
        for pid, posicao, nome, social, turno, curso1 in (await conexao.execute(consulta)).all()
    ]


async def contar_candidatos(
    conexao: AsyncConnection, turma: TurmaDaConvocacao, esperam: Collection[str] = ()
) -> int:
    sub = _candidatos(turma, esperam).subquery()
    return int(await conexao.scalar(sa.select(sa.func.count()).select_from(sub)) or 0)


async def turmas_do_curso(
    conexao: AsyncConnection, turma: TurmaDaConvocacao
) -> list[tuple[str, int, int, int]]:
    """R10: (turno, capacidade, matriculados, aguardando resposta) de cada turma do mesmo
    curso e ciclo (a própria turma inclusive), para saber que turnos ainda têm vaga."""
    ativas = (
        sa.select(sa.func.count())
        .where(_M.c.turma_id == _T.c.id, _M.c.situacao == ATIVA)
        .scalar_subquery()
    )
    pendentes = (
        sa.select(sa.func.count())
        .where(_C.c.turma_id == _T.c.id, _C.c.situacao == PENDENTE)
        .scalar_subquery()
    )
    consulta = (
        sa.select(_T.c.turno, _T.c.capacidade, ativas, pendentes)
        .where(_T.c.curso_id == turma.curso_id, _T.c.ciclo_id == turma.ciclo_id)
        .order_by(_T.c.id)
    )
    return [(t, int(c), int(m), int(p)) for t, c, m, p in (await conexao.execute(consulta)).all()]
