"""Desistências confirmadas (R17, R19): a lista que vai para a equipe do Acessuas Trabalho.

Uma matrícula com situação "desistente" é uma desistência confirmada pela OSC ou pelo
CRAS (a confirmação em si vem com os alertas de evasão). O Acessuas e a gestão veem
todas; ninguém mais (o escopo está na consulta).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.acesso import Acesso, Papel
from armazenamento.modelos import Cras, Curso, Matricula, PreInscricao, Turma

_M = Matricula.__table__  # type: ignore[attr-defined]
_P = PreInscricao.__table__  # type: ignore[attr-defined]
_T = Turma.__table__  # type: ignore[attr-defined]
_CU = Curso.__table__  # type: ignore[attr-defined]
_CR = Cras.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Desistente:
    matricula_id: int
    nome: str
    nascimento: date
    telefone: str
    cras: str
    curso: str
    turma: str


async def desistentes(
    conexao: AsyncConnection, acesso: Acesso, limite: int, pular: int = 0
) -> tuple[int, list[Desistente]]:
    """Total e uma página das desistências confirmadas, das mais recentes às mais antigas."""
    if not acesso.tem(Papel.ACESSUAS, Papel.GESTAO):
        return 0, []
    base = (
        sa.select(
            _M.c.id,
            sa.func.coalesce(sa.func.nullif(_P.c.nome_social, ""), _P.c.nome).label("nome"),
            _P.c.nascimento,
            _P.c.telefone,
            _CR.c.nome.label("cras"),
            _CU.c.nome.label("curso"),
            _T.c.codigo,
        )
        .join(_P, _P.c.id == _M.c.preinscricao_id)
        .join(_T, _T.c.id == _M.c.turma_id)
        .join(_CU, _CU.c.id == _T.c.curso_id)
        .join(_CR, _CR.c.id == _P.c.cras_id)
        .where(_M.c.situacao == "desistente")
    )
    total = (
        await conexao.execute(sa.select(sa.func.count()).select_from(base.subquery()))
    ).scalar_one()
    pagina = base.order_by(_M.c.id.desc()).limit(limite).offset(pular)
    linhas = (await conexao.execute(pagina)).all()
    return int(total), [Desistente(*linha) for linha in linhas]


async def marcar_desistente(conexao: AsyncConnection, matricula_id: int) -> bool:
    """R17→R19: a matrícula ativa passa a desistente. Falso se ela não estava ativa (já
    confirmada por outro técnico, cancelada, concluída): confirmar duas vezes não duplica."""
    mudar = (
        sa.update(_M)
        .where(_M.c.id == matricula_id, _M.c.situacao == "ativa")
        .values(situacao="desistente")
        .returning(_M.c.id)
    )
    return (await conexao.execute(mudar)).scalar() is not None
