"""As linhas da planilha da turma (R16, R24): as matrículas ativas de uma turma do escopo.

O telefone só sai do banco para quem responde pela turma na OSC (ou a gestão): o
instrutor vê nome, idade, turno e data da matrícula, nunca o telefone (ARQUITETURA §7).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.acesso import Acesso
from armazenamento.modelos import Curso, Matricula, PreInscricao, Turma
from armazenamento.planilhas import osc_no_escopo

_T = Turma.__table__  # type: ignore[attr-defined]
_CU = Curso.__table__  # type: ignore[attr-defined]
_M = Matricula.__table__  # type: ignore[attr-defined]
_P = PreInscricao.__table__  # type: ignore[attr-defined]

ACAO_PLANILHA_TURMA = "turma.planilha"  # auditoria: a planilha de uma turma


@dataclass(frozen=True, slots=True)
class LinhaDaTurma:
    nome: str
    nome_social: str
    nascimento: date
    telefone: str  # vazio para quem não pode ver
    turno: str  # o turno que a pessoa escolheu na pré-inscrição (R10)
    matriculada_em: datetime
    matricula_id: int  # liga a linha à frequência (`armazenamento.frequencias`)


async def ve_telefone(conexao: AsyncConnection, acesso: Acesso, turma_id: int) -> bool:
    """Quem responde pela turma na OSC (ou a gestão) vê o telefone; o instrutor, não."""
    consulta = (
        sa.select(sa.func.count())
        .select_from(_T.join(_CU, _CU.c.id == _T.c.curso_id))
        .where(_T.c.id == turma_id, osc_no_escopo(acesso, _CU.c.osc_id))
    )
    return bool((await conexao.execute(consulta)).scalar_one())


async def linhas_da_turma(
    conexao: AsyncConnection, acesso: Acesso, turma_id: int
) -> list[LinhaDaTurma]:
    """As matrículas ativas, por nome. Quem chama já conferiu a turma no escopo
    (`turmas.turma_de`); o telefone vem vazio para quem não é da OSC da turma."""
    telefone = sa.case((osc_no_escopo(acesso, _CU.c.osc_id), _P.c.telefone), else_="")
    nome = sa.func.coalesce(sa.func.nullif(_P.c.nome_social, ""), _P.c.nome)
    consulta = (
        sa.select(
            _P.c.nome,
            _P.c.nome_social,
            _P.c.nascimento,
            telefone,
            _P.c.turno,
            _M.c.criada_em,
            _M.c.id,
        )
        .select_from(
            _M.join(_P, _P.c.id == _M.c.preinscricao_id)
            .join(_T, _T.c.id == _M.c.turma_id)
            .join(_CU, _CU.c.id == _T.c.curso_id)
        )
        .where(_M.c.turma_id == turma_id, _M.c.situacao == "ativa")
        .order_by(nome, _M.c.id)
    )
    return [LinhaDaTurma(*linha) for linha in await conexao.execute(consulta)]
