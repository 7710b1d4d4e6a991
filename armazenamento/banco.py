"""Motor de banco e unidade de trabalho.

SQLite (padrão embutido) em modo WAL, com chaves estrangeiras e espera por trava;
PostgreSQL com o mesmo esquema. Consultas nunca fazem commit: a unidade de trabalho
faz, uma vez só.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from armazenamento import sqlite_direto


def _configurar_sqlite(conexao: Any, _registro: Any) -> None:
    cursor = conexao.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def criar_motor(url: str, **opcoes: Any) -> AsyncEngine:
    """Cria o motor assíncrono; no SQLite, cria a pasta do arquivo e liga WAL e FKs.

    Sem URL padrão aqui: o padrão do SQLite embutido depende da pasta do projeto e é
    resolvido pela configuração (`bot.config.url_padrao`), nunca pela pasta corrente."""
    url_obj = make_url(url)
    if url_obj.get_backend_name() == "sqlite":
        banco = url_obj.database or ""
        if banco and banco != ":memory:":
            Path(banco).parent.mkdir(parents=True, exist_ok=True)
            opcoes.setdefault("async_creator", sqlite_direto.criador(banco))
        opcoes.setdefault("hide_parameters", True)  # erros do banco sem dados pessoais
        motor = create_async_engine(url, **opcoes)
        event.listen(motor.sync_engine, "connect", _configurar_sqlite)
        return motor
    opcoes.setdefault("pool_pre_ping", True)
    opcoes.setdefault("hide_parameters", True)
    return create_async_engine(url, **opcoes)


def fabrica_de_sessoes(motor: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(motor, expire_on_commit=False, autoflush=False)


@asynccontextmanager
async def transacao(motor: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """Uma mensagem, um commit, só com o Core (sem a sessão do ORM): o caminho do motor
    das conversas, que roda a cada mensagem recebida."""
    conexao = await motor.connect()
    try:
        await conexao.begin()
        yield conexao
        await conexao.commit()
    except BaseException:
        await conexao.rollback()
        raise
    finally:
        await conexao.close()


@asynccontextmanager
async def unidade_de_trabalho(
    sessoes: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    """Uma mensagem, um commit: confirma no fim, desfaz se algo falhar.

    Fecha a sessão direto, sem o `async with` da sessão: aquele cria uma tarefa (shield)
    a cada mensagem, e isso pesava no caminho mais quente do sistema.
    """
    sessao = sessoes()
    try:
        yield sessao
        await sessao.commit()
    except BaseException:
        await sessao.rollback()
        raise
    finally:
        await sessao.close()
