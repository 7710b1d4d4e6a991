"""Segredos do servidor guardados no banco: gerados uma vez, os mesmos em todo processo.

Vários processos no mesmo banco (e um processo reiniciado) precisam da mesma chave, senão
uma sessão assinada por um não vale no outro. Quem chega primeiro grava; os outros leem o
que ficou (a chave primária decide, sem checar antes). Nada aqui faz commit.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as insert_pg
from sqlalchemy.dialects.sqlite import insert as insert_sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.modelos import Segredo

_S = Segredo.__table__  # type: ignore[attr-defined]
_INSERIR: dict[str, Any] = {"sqlite": insert_sqlite, "postgresql": insert_pg}


async def obter_ou_criar(
    conexao: AsyncConnection, nome: str, gerar: Callable[[], str], agora: datetime
) -> str:
    """O valor guardado de `nome`; sem nenhum, grava `gerar()` (se dois processos gravam ao
    mesmo tempo, um só vence e os dois devolvem o valor dele)."""
    inserir = _INSERIR[conexao.dialect.name](_S)
    await conexao.execute(
        inserir.values(nome=nome, valor=gerar(), criado_em=agora).on_conflict_do_nothing(
            index_elements=["nome"]
        )
    )
    valor = (await conexao.execute(select(_S.c.valor).where(_S.c.nome == nome))).scalar_one()
    return str(valor)
