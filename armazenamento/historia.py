"""O que aconteceu com uma pré-inscrição depois da lista do CRAS (sem commit): a convocação
e a matrícula mais recentes. `fluxos.situacao` conta isso à pessoa como UMA história."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.modelos import Convocacao, Matricula

_C = Convocacao.__table__  # type: ignore[attr-defined]
_M = Matricula.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class UltimaConvocacao:
    turma_id: int
    situacao: str  # pendente | confirmada | recusada | expirada | cancelada
    prazo: datetime
    criada_em: datetime
    respondida_em: datetime | None


@dataclass(frozen=True, slots=True)
class UltimaMatricula:
    turma_id: int
    situacao: str  # ativa | cancelada | desistente | concluida
    motivo: str
    criada_em: datetime
    cancelada_em: datetime | None


@dataclass(frozen=True, slots=True)
class Fatos:
    convocacao: UltimaConvocacao | None
    matricula: UltimaMatricula | None


async def fatos(conexao: AsyncConnection, preinscricao_id: int) -> Fatos:
    """A convocação mais recente e a matrícula que importa (a ativa, se houver; senão a
    última que mudou)."""
    conv = (
        await conexao.execute(
            sa.select(_C.c.turma_id, _C.c.situacao, _C.c.prazo, _C.c.criada_em, _C.c.respondida_em)
            .where(_C.c.preinscricao_id == preinscricao_id)
            .order_by(_C.c.id.desc())
            .limit(1)
        )
    ).first()
    ativa_primeiro = sa.case((_M.c.situacao == "ativa", 0), else_=1)
    mat = (
        await conexao.execute(
            sa.select(
                _M.c.turma_id,
                _M.c.situacao,
                _M.c.motivo_cancelamento,
                _M.c.criada_em,
                _M.c.cancelada_em,
            )
            .where(_M.c.preinscricao_id == preinscricao_id)
            .order_by(ativa_primeiro, _M.c.id.desc())
            .limit(1)
        )
    ).first()
    return Fatos(
        UltimaConvocacao(*conv) if conv is not None else None,
        UltimaMatricula(*mat) if mat is not None else None,
    )
