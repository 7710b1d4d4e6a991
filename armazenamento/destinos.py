"""Para quem vai um aviso da equipe (R17, R19, R20): os vínculos ativos de cada papel.

Uma só definição de "os técnicos da OSC", "os técnicos do CRAS" e "a equipe do Acessuas",
para os alertas de evasão, os pedidos de ajuda e as listas de desistentes. O aviso vai a
cada vínculo (`Destino`); quem entrou por um canal que não entrega depois (o chat do site)
é filtrado por quem enfileira (`fluxos.canais.entrega_depois`).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.equipe import Destino
from armazenamento.modelos import Curso, Matricula, MembroEquipe, PreInscricao, Turma

_EQ = MembroEquipe.__table__  # type: ignore[attr-defined]
_M = Matricula.__table__  # type: ignore[attr-defined]
_P = PreInscricao.__table__  # type: ignore[attr-defined]
_T = Turma.__table__  # type: ignore[attr-defined]
_CU = Curso.__table__  # type: ignore[attr-defined]


async def _do_papel(
    conexao: AsyncConnection, papel: str, *filtros: sa.ColumnElement[bool]
) -> list[Destino]:
    consulta = sa.select(_EQ.c.id, _EQ.c.canal, _EQ.c.chat_id).where(
        _EQ.c.papel == papel, _EQ.c.revogado_em.is_(None), *filtros
    )
    return [Destino(*linha) for linha in (await conexao.execute(consulta.order_by(_EQ.c.id))).all()]


async def tecnicos_da_osc(conexao: AsyncConnection, osc_id: int) -> list[Destino]:
    """Os vínculos ativos de técnico(a) da OSC (assistente social, psicólogo)."""
    return await _do_papel(conexao, "osc", _EQ.c.osc_id == osc_id)


async def tecnicos_do_cras(conexao: AsyncConnection, cras_id: int) -> list[Destino]:
    """Os vínculos ativos de técnico(a) de referência do CRAS."""
    return await _do_papel(conexao, "cras", _EQ.c.cras_id == cras_id)


async def equipe_acessuas(conexao: AsyncConnection) -> list[Destino]:
    """Os vínculos ativos da equipe do Acessuas Trabalho (R19)."""
    return await _do_papel(conexao, "acessuas")


async def osc_e_cras_da_matricula(
    conexao: AsyncConnection, matricula_id: int
) -> tuple[int, int] | None:
    """(OSC da turma, CRAS do território da pessoa) de uma matrícula; None se não existe."""
    consulta = (
        sa.select(_CU.c.osc_id, _P.c.cras_id)
        .select_from(_M.join(_T, _T.c.id == _M.c.turma_id).join(_CU, _CU.c.id == _T.c.curso_id))
        .join(_P, _P.c.id == _M.c.preinscricao_id)
        .where(_M.c.id == matricula_id)
    )
    linha = (await conexao.execute(consulta)).first()
    return (int(linha.osc_id), int(linha.cras_id)) if linha else None


async def tecnicos_da_matricula(conexao: AsyncConnection, matricula_id: int) -> list[Destino]:
    """R17/R20: os técnicos da OSC da turma e os do CRAS do território da pessoa, sem
    repetir a mesma conversa (quem tem os dois papéis recebe um aviso só)."""
    escopo = await osc_e_cras_da_matricula(conexao, matricula_id)
    if escopo is None:
        return []
    todos = await tecnicos_da_osc(conexao, escopo[0]) + await tecnicos_do_cras(conexao, escopo[1])
    vistos: set[tuple[str, str]] = set()
    unicos = []
    for destino in todos:
        if (destino.canal, destino.chat_id) not in vistos:
            vistos.add((destino.canal, destino.chat_id))
            unicos.append(destino)
    return unicos
