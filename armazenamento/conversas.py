"""Leitura e gravação do estado das conversas (sem commit: quem chama decide).

É a consulta mais frequente do sistema (uma leitura e uma gravação por mensagem), por
isso as instruções são montadas uma vez só e rodam pelo Core, sem o caminho do ORM.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.dialects.postgresql import insert as insert_pg
from sqlalchemy.dialects.sqlite import insert as insert_sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from armazenamento.modelos import Conversa

_T = Conversa.__table__  # type: ignore[attr-defined]
_CAMPOS = ("fluxo", "passo", "versao", "dados", "atualizada_em")

_LER = select(*(_T.c[c] for c in _CAMPOS)).where(
    _T.c.canal == bindparam("canal"), _T.c.chat_id == bindparam("chat_id")
)


def _gravar(insert: Any) -> Any:
    """INSERT ... ON CONFLICT DO UPDATE: uma instrução, sem ler antes."""
    base = insert(_T).values({c: bindparam(c) for c in ("canal", "chat_id", *_CAMPOS)})
    return base.on_conflict_do_update(
        index_elements=["canal", "chat_id"], set_={c: base.excluded[c] for c in _CAMPOS}
    )


_GRAVAR = {"sqlite": _gravar(insert_sqlite), "postgresql": _gravar(insert_pg)}


@dataclass(frozen=True, slots=True)
class LinhaConversa:
    fluxo: str
    passo: str
    versao: int
    dados: str
    atualizada_em: datetime


async def carregar_conversa(sessao: AsyncSession, canal: str, chat_id: str) -> LinhaConversa | None:
    conexao = await sessao.connection()
    linha = (await conexao.execute(_LER, {"canal": canal, "chat_id": chat_id})).first()
    return LinhaConversa(*linha) if linha else None


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
    conexao = await sessao.connection()
    valores = {
        "canal": canal,
        "chat_id": chat_id,
        "fluxo": fluxo,
        "passo": passo,
        "versao": versao,
        "dados": dados,
        "atualizada_em": momento,
    }
    await conexao.execute(_GRAVAR[conexao.dialect.name], valores)
