"""Quem da equipe responde por uma pessoa que não recebe mais mensagens por um canal
(WhatsApp 131026/368): a equipe liga para ela. Nada aqui faz commit.

A pessoa é achada pela conversa (`canal`, `chat_id`) da pré-inscrição mais nova. A equipe:
com matrícula ativa, os técnicos da OSC da turma e os do CRAS (R17/R20); convocada e sem
matrícula, os técnicos da OSC que convocou (R5); senão, os do CRAS do território (R4).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.convocacoes import nome_de_chamada
from armazenamento.destinos import tecnicos_da_matricula, tecnicos_da_osc, tecnicos_do_cras
from armazenamento.equipe import Destino
from armazenamento.modelos import (
    Convocacao,
    Curso,
    Inalcancavel,
    Matricula,
    PreInscricao,
    Turma,
)
from armazenamento.tempo import em_utc

_P = PreInscricao.__table__  # type: ignore[attr-defined]
_M = Matricula.__table__  # type: ignore[attr-defined]
_C = Convocacao.__table__  # type: ignore[attr-defined]
_T = Turma.__table__  # type: ignore[attr-defined]
_CU = Curso.__table__  # type: ignore[attr-defined]
_I = Inalcancavel.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Responsaveis:
    """A pré-inscrição da pessoa, o nome como ela é chamada e quem avisar."""

    preinscricao_id: int
    nome: str
    destinos: tuple[Destino, ...]


async def responsaveis_da_conversa(
    conexao: AsyncConnection, canal: str, chat_id: str
) -> Responsaveis | None:
    """None: a conversa não é de nenhuma pré-inscrição (alguém da equipe, por exemplo)."""
    consulta = (
        sa.select(_P.c.id, _P.c.nome, _P.c.nome_social, _P.c.cras_id)
        .where(_P.c.canal == canal, _P.c.chat_id == chat_id)
        .order_by(_P.c.id.desc())
        .limit(1)
    )
    pessoa = (await conexao.execute(consulta)).first()
    if pessoa is None:
        return None
    destinos = await _destinos(conexao, int(pessoa.id), int(pessoa.cras_id))
    return Responsaveis(
        int(pessoa.id), nome_de_chamada(pessoa.nome, pessoa.nome_social), tuple(destinos)
    )


async def _destinos(conexao: AsyncConnection, preinscricao_id: int, cras_id: int) -> list[Destino]:
    matricula = (
        await conexao.execute(
            sa.select(_M.c.id)
            .where(_M.c.preinscricao_id == preinscricao_id, _M.c.situacao == "ativa")
            .order_by(_M.c.id.desc())
            .limit(1)
        )
    ).scalar()
    if matricula is not None:
        return await tecnicos_da_matricula(conexao, int(matricula))
    osc = (
        await conexao.execute(
            sa.select(_CU.c.osc_id)
            .select_from(_C.join(_T, _T.c.id == _C.c.turma_id).join(_CU, _CU.c.id == _T.c.curso_id))
            .where(_C.c.preinscricao_id == preinscricao_id)
            .order_by(_C.c.id.desc())
            .limit(1)
        )
    ).scalar()
    if osc is not None:
        return await tecnicos_da_osc(conexao, int(osc))
    return await tecnicos_do_cras(conexao, cras_id)


async def inalcancavel_desde(
    conexao: AsyncConnection, preinscricao_id: int
) -> tuple[str, datetime] | None:
    """(canal, desde quando) se a conversa da pré-inscrição está marcada como
    inalcançável (a fila não entrega mais por ela); None se não."""
    consulta = (
        sa.select(_I.c.canal, _I.c.desde)
        .select_from(_P.join(_I, sa.and_(_I.c.canal == _P.c.canal, _I.c.chat_id == _P.c.chat_id)))
        .where(_P.c.id == preinscricao_id, _P.c.chat_id != "")
    )
    linha = (await conexao.execute(consulta)).first()
    return None if linha is None else (str(linha.canal), em_utc(linha.desde))
