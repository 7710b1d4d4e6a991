"""Leitura e gravação do estado das conversas (sem commit: quem chama decide)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from armazenamento.modelos import Conversa


async def carregar_conversa(sessao: AsyncSession, canal: str, chat_id: str) -> Conversa | None:
    return await sessao.get(Conversa, (canal, chat_id))


async def salvar_conversa(
    sessao: AsyncSession,
    canal: str,
    chat_id: str,
    fluxo: str,
    passo: str,
    versao: int,
    dados: str,
    momento: datetime,
) -> None:
    linha = await sessao.get(Conversa, (canal, chat_id))
    if linha is None:
        linha = Conversa(canal=canal, chat_id=chat_id)
        sessao.add(linha)
    linha.fluxo, linha.passo, linha.versao = fluxo, passo, versao
    linha.dados, linha.atualizada_em = dados, momento
