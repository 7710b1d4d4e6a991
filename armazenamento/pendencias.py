"""O que uma conversa ainda pode responder de uma mensagem da fila: a convocação pendente
e o lembrete de aula de um encontro que ainda não aconteceu.

Quem responde por escrito ("confirmo", "não vou poder") em vez de tocar no botão precisa
que a resposta valha para a mensagem certa: a mais recente ainda em aberto daquela pessoa.
Tudo roda na transação de quem chama e nada faz commit.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.modelos import Convocacao, Encontro, Envio, Matricula, PreInscricao

_C = Convocacao.__table__  # type: ignore[attr-defined]
_E = Encontro.__table__  # type: ignore[attr-defined]
_EN = Envio.__table__  # type: ignore[attr-defined]
_M = Matricula.__table__  # type: ignore[attr-defined]
_P = PreInscricao.__table__  # type: ignore[attr-defined]


async def convocacao_aberta(
    conexao: AsyncConnection, canal: str, chat_id: str, agora: datetime
) -> tuple[int, datetime] | None:
    """A convocação pendente e no prazo mais recente desta conversa: (id, criada em)."""
    consulta = (
        sa.select(_C.c.id, _C.c.criada_em)
        .join(_P, _P.c.id == _C.c.preinscricao_id)
        .where(
            _P.c.canal == canal,
            _P.c.chat_id == chat_id,
            _C.c.situacao == "pendente",
            _C.c.prazo > agora,
        )
        .order_by(_C.c.criada_em.desc(), _C.c.id.desc())
        .limit(1)
    )
    linha = (await conexao.execute(consulta)).first()
    return None if linha is None else (int(linha[0]), linha[1])


async def lembrete_aberto(
    conexao: AsyncConnection, canal: str, chat_id: str, agora: datetime
) -> tuple[int, datetime] | None:
    """O lembrete mais recente desta conversa cuja aula ainda não começou nem foi
    cancelada: (id do encontro, momento do lembrete). A chave do envio é
    "lembrete:{encontro}:{matricula}" (`armazenamento/lembretes.py`)."""
    chave = (
        sa.literal("lembrete:")
        + sa.cast(_E.c.id, sa.String)
        + sa.literal(":")
        + sa.cast(_M.c.id, sa.String)
    )
    consulta = (
        sa.select(_E.c.id, _EN.c.criado_em)
        .select_from(_P)
        .join(_M, _M.c.preinscricao_id == _P.c.id)
        .join(_E, _E.c.turma_id == _M.c.turma_id)
        .join(_EN, _EN.c.chave == chave)
        .where(
            _P.c.canal == canal,
            _P.c.chat_id == chat_id,
            _M.c.situacao == "ativa",
            _E.c.cancelado.is_(False),
            _E.c.inicio > agora,
        )
        .order_by(_EN.c.criado_em.desc(), _E.c.inicio)
        .limit(1)
    )
    linha = (await conexao.execute(consulta)).first()
    return None if linha is None else (int(linha[0]), linha[1])
