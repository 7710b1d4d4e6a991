"""As turmas como a equipe as vê: curso, turno, vagas ocupadas e o próximo encontro.

Sempre filtradas pelo escopo de quem pergunta (`escopo.turmas_visiveis`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.acesso import Acesso
from armazenamento.escopo import turmas_visiveis
from armazenamento.modelos import Curso, Encontro, Matricula, Osc, PreInscricao, Turma

_T = Turma.__table__  # type: ignore[attr-defined]
_CU = Curso.__table__  # type: ignore[attr-defined]
_O = Osc.__table__  # type: ignore[attr-defined]
_E = Encontro.__table__  # type: ignore[attr-defined]
_M = Matricula.__table__  # type: ignore[attr-defined]
_P = PreInscricao.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class TurmaVista:
    id: int
    codigo: str
    curso: str
    osc: str
    turno: str
    capacidade: int
    matriculados: int
    local: str
    proximo_encontro: datetime | None


def _consulta(acesso: Acesso, agora: datetime) -> sa.Select[tuple[object, ...]]:
    ativas = (
        sa.select(sa.func.count())
        .select_from(_M)
        .where(_M.c.turma_id == _T.c.id, _M.c.situacao == "ativa")
        .scalar_subquery()
    )
    proximo = (
        sa.select(sa.func.min(_E.c.inicio))
        .where(_E.c.turma_id == _T.c.id, _E.c.inicio > agora, sa.not_(_E.c.cancelado))
        .scalar_subquery()
    )
    return (
        sa.select(
            _T.c.id,
            _T.c.codigo,
            _CU.c.nome.label("curso"),
            _O.c.nome.label("osc"),
            _T.c.turno,
            _T.c.capacidade,
            ativas.label("matriculados"),
            _T.c.local,
            proximo.label("proximo"),
        )
        .join(_CU, _CU.c.id == _T.c.curso_id)
        .join(_O, _O.c.id == _CU.c.osc_id)
        .where(turmas_visiveis(acesso))
    )


def _vista(linha: sa.Row[tuple[object, ...]]) -> TurmaVista:
    m = linha._mapping
    return TurmaVista(
        m["id"],
        m["codigo"],
        m["curso"],
        m["osc"],
        m["turno"],
        m["capacidade"],
        int(m["matriculados"] or 0),
        m["local"],
        m["proximo"],
    )


async def turmas_de(
    conexao: AsyncConnection, acesso: Acesso, agora: datetime, ciclo_id: int | None = None
) -> list[TurmaVista]:
    """As turmas do escopo (do ciclo, se dado), por curso e código."""
    consulta = _consulta(acesso, agora)
    if ciclo_id is not None:
        consulta = consulta.where(_T.c.ciclo_id == ciclo_id)
    linhas = (await conexao.execute(consulta.order_by(_CU.c.nome, _T.c.codigo))).all()
    return [_vista(linha) for linha in linhas]


async def turma_de(
    conexao: AsyncConnection, acesso: Acesso, turma_id: int, agora: datetime
) -> TurmaVista | None:
    """Uma turma, se está no escopo; senão None (quem pergunta ouve "não encontrada")."""
    linha = (await conexao.execute(_consulta(acesso, agora).where(_T.c.id == turma_id))).first()
    return _vista(linha) if linha is not None else None


@dataclass(frozen=True, slots=True)
class Aluno:
    """Uma matrícula ativa como o instrutor a vê (R24): o nome; a frequência vem de
    `armazenamento.frequencias` (R16, por horas)."""

    matricula_id: int
    nome: str


async def alunos_da_turma(conexao: AsyncConnection, turma_id: int) -> list[Aluno]:
    """As matrículas ativas, em ordem de nome (o social, se a pessoa deu). Quem chama já
    conferiu que a turma está no escopo (`turma_de`)."""
    nome = sa.func.coalesce(sa.func.nullif(_P.c.nome_social, ""), _P.c.nome)
    consulta = (
        sa.select(_M.c.id, nome)
        .join(_P, _P.c.id == _M.c.preinscricao_id)
        .where(_M.c.turma_id == turma_id, _M.c.situacao == "ativa")
        .order_by(nome, _M.c.id)
    )
    return [Aluno(*linha) for linha in (await conexao.execute(consulta)).all()]
