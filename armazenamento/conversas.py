"""Leitura e gravação do estado das conversas (sem commit: quem chama decide).

É a consulta mais frequente do sistema (uma leitura e uma gravação por mensagem), por
isso as instruções são montadas uma vez só e rodam pelo Core, sem o caminho do ORM; no
SQLite embutido vão direto ao `sqlite3`, na mesma conexão e transação da sessão.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.dialects.postgresql import insert as insert_pg
from sqlalchemy.dialects.sqlite import insert as insert_sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.modelos import Conversa
from armazenamento.sqlite_direto import ConexaoDireta
from armazenamento.tempo import em_utc

_T = Conversa.__table__  # type: ignore[attr-defined]
_CAMPOS = (
    "fluxo", "passo", "versao", "dados", "atualizada_em", "ultima_entrada", "ultima_resposta"
)  # fmt: skip

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
    ultima_entrada: str = ""  # o id da última mensagem (do canal) e o que se respondeu a ela
    ultima_resposta: str = ""


_LER_SQLITE = (
    "SELECT fluxo, passo, versao, dados, atualizada_em, ultima_entrada, ultima_resposta"
    " FROM conversa WHERE canal = ? AND chat_id = ?"
)
_GRAVAR_SQLITE = (
    "INSERT INTO conversa (canal, chat_id, fluxo, passo, versao, dados, atualizada_em,"
    " ultima_entrada, ultima_resposta) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (canal, chat_id) DO UPDATE SET"
    " fluxo = excluded.fluxo, passo = excluded.passo, versao = excluded.versao,"
    " dados = excluded.dados, atualizada_em = excluded.atualizada_em,"
    " ultima_entrada = excluded.ultima_entrada, ultima_resposta = excluded.ultima_resposta"
)


async def sqlite_direto(conexao: AsyncConnection) -> ConexaoDireta | None:
    """A conexão `sqlite3` por trás desta, quando é o SQLite embutido (guardada no `info`
    da conexão do pool: cada ida ao SQLAlchemy assíncrono custa mais que a consulta)."""
    if "sqlite_direto" not in conexao.info:
        bruta = (await conexao.get_raw_connection()).driver_connection
        conexao.info["sqlite_direto"] = bruta if isinstance(bruta, ConexaoDireta) else None
    direta: ConexaoDireta | None = conexao.info["sqlite_direto"]
    return direta


async def carregar_conversa(
    conexao: AsyncConnection, canal: str, chat_id: str
) -> LinhaConversa | None:
    direta = await sqlite_direto(conexao)
    if direta is not None:
        linha = direta.executar(_LER_SQLITE, (canal, chat_id)).fetchone()
        if linha is None:
            return None
        fluxo, passo, versao, dados, quando, entrada, resposta = linha
        quando = em_utc(datetime.fromisoformat(quando))
        return LinhaConversa(fluxo, passo, versao, dados, quando, entrada, resposta)
    linha = (await conexao.execute(_LER, {"canal": canal, "chat_id": chat_id})).first()
    return LinhaConversa(*linha) if linha else None


async def salvar_conversa(
    conexao: AsyncConnection,
    canal: str,
    chat_id: str,
    fluxo: str,
    passo: str,
    versao: int,
    dados: str,
    momento: datetime,
    ultima: tuple[str, str] = ("", ""),
) -> None:
    """`ultima`: (id da mensagem respondida, resposta em texto), para uma repetição."""
    direta = await sqlite_direto(conexao)
    if direta is not None:  # mesmo formato de data que o SQLAlchemy usa no SQLite
        quando = em_utc(momento).strftime("%Y-%m-%d %H:%M:%S.%f")
        registro = (canal, chat_id, fluxo, passo, versao, dados, quando, *ultima)
        direta.executar(_GRAVAR_SQLITE, registro)
        return
    valores = {
        "canal": canal,
        "chat_id": chat_id,
        "fluxo": fluxo,
        "passo": passo,
        "versao": versao,
        "dados": dados,
        "atualizada_em": momento,
        "ultima_entrada": ultima[0],
        "ultima_resposta": ultima[1],
    }
    await conexao.execute(_GRAVAR[conexao.dialect.name], valores)
