"""Cancelar a matrícula (a OSC, R5) com o motivo como código, e o que a pessoa vê depois.

O motivo é um código de uma lista fechada (`fluxos.convocacao.motivos`), nunca relato livre
(ARQUITETURA.md §8). Cancelar é um UPDATE condicional (só uma matrícula ativa muda): um
botão repetido ou antigo não cancela duas vezes.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.convocacoes import ATIVA, mudar_preinscricoes
from armazenamento.modelos import Curso, Matricula, Turma

_M = Matricula.__table__  # type: ignore[attr-defined]
_T = Turma.__table__  # type: ignore[attr-defined]
_CU = Curso.__table__  # type: ignore[attr-defined]
CANCELADA = "cancelada"


async def cancelar_matricula(
    conexao: AsyncConnection, turma_id: int, preinscricao_id: int, motivo: str, agora: datetime
) -> int | None:
    """ativa → cancelada (a vaga fica livre), com o motivo. None: não havia matrícula ativa."""
    feito = await conexao.execute(
        sa.update(_M)
        .where(
            _M.c.turma_id == turma_id,
            _M.c.preinscricao_id == preinscricao_id,
            _M.c.situacao == ATIVA,
        )
        .values(situacao=CANCELADA, cancelada_em=agora, motivo_cancelamento=motivo)
        .returning(_M.c.id)
    )
    matricula = feito.scalar()
    if matricula is not None:
        await mudar_preinscricoes(conexao, [preinscricao_id], "aprovada", ("matriculada",))
    return matricula
