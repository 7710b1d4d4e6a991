"""Trilha de leitura de dados pessoais pela equipe (ARQUITETURA.md §8, LGPD).

Cada tela ou planilha da equipe que mostra dados de pessoas grava quem (o vínculo da
equipe), o quê (um código da ação) e sobre o quê (um id), na transação da própria leitura.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.modelos import Auditoria

_A = Auditoria.__table__  # type: ignore[attr-defined]


async def registrar_leitura(
    conexao: AsyncConnection, membro_id: int | None, acao: str, alvo: object, agora: datetime
) -> None:
    if membro_id is None:  # só a equipe lê dados de outras pessoas
        return
    await conexao.execute(
        sa.insert(_A).values(membro_id=membro_id, acao=acao, alvo=str(alvo)[:40], em=agora)
    )
