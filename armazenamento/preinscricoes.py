"""Consultas e gravação de pré-inscrições (sem commit)."""

from __future__ import annotations

import secrets

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from armazenamento.modelos import PedidoAviso, PreInscricao


async def buscar_por_cpf(sessao: AsyncSession, ciclo_id: int, cpf: str) -> PreInscricao | None:
    consulta = select(PreInscricao).where(
        col(PreInscricao.ciclo_id) == ciclo_id, col(PreInscricao.cpf) == cpf
    )
    return (await sessao.scalars(consulta)).first()


async def buscar_do_chat(sessao: AsyncSession, canal: str, chat_id: str) -> PreInscricao | None:
    """A pré-inscrição mais recente feita por esta conversa."""
    consulta = (
        select(PreInscricao)
        .where(col(PreInscricao.canal) == canal, col(PreInscricao.chat_id) == chat_id)
        .order_by(col(PreInscricao.id).desc())
        .limit(1)
    )
    return (await sessao.scalars(consulta)).first()


async def criar(sessao: AsyncSession, pre: PreInscricao, ano: int) -> PreInscricao:
    """Grava e dá o número de protocolo (ano + sequência), que a pessoa guarda."""
    pre.protocolo = "p" + secrets.token_hex(8)
    sessao.add(pre)
    await sessao.flush()
    pre.protocolo = f"{ano}-{pre.id:06d}"
    await sessao.flush()
    return pre


async def pedir_aviso(sessao: AsyncSession, canal: str, chat_id: str, ano: int) -> None:
    """Guarda o "me avise quando abrir"; pedir duas vezes não duplica."""
    consulta = select(PedidoAviso.id).where(
        col(PedidoAviso.canal) == canal,
        col(PedidoAviso.chat_id) == chat_id,
        col(PedidoAviso.ano) == ano,
    )
    if (await sessao.scalars(consulta)).first() is None:
        sessao.add(PedidoAviso(canal=canal, chat_id=chat_id, ano=ano))
