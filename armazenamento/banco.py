"""Motor de banco e unidade de trabalho.

SQLite (padrão embutido) em modo WAL, com chaves estrangeiras e espera por trava;
PostgreSQL com o mesmo esquema. Consultas nunca fazem commit: a unidade de trabalho
faz, uma vez só.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
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
from armazenamento.disponibilidade import Prazos, disponibilidade
from armazenamento.ruido_asyncpg import calar_futuros_orfaos


def _configurar_sqlite(espera_ms: int) -> Any:
    def configurar(conexao: Any, _registro: Any) -> None:
        cursor = conexao.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={espera_ms}")
        cursor.close()

    return configurar


def criar_motor(url: str, prazos: Prazos | None = None, **opcoes: Any) -> AsyncEngine:
    """Cria o motor assíncrono; no SQLite, cria a pasta do arquivo e liga WAL e FKs.

    `prazos` (conexão, instrução, fila do pool): um banco que não responde vira erro
    nesse tempo, e não uma requisição pendurada (`armazenamento.disponibilidade`).

    Sem URL padrão aqui: o padrão do SQLite embutido depende da pasta do projeto e é
    resolvido pela configuração (`bot.config.url_padrao`), nunca pela pasta corrente."""
    prazos = prazos or Prazos()
    url_obj = make_url(url)
    if url_obj.get_backend_name() == "sqlite":
        banco = url_obj.database or ""
        if banco and banco != ":memory:":
            Path(banco).parent.mkdir(parents=True, exist_ok=True)
            opcoes.setdefault("async_creator", sqlite_direto.criador(banco))
        opcoes.setdefault("hide_parameters", True)  # erros do banco sem dados pessoais
        motor = create_async_engine(url, **opcoes)
        espera_ms = max(1, round(prazos.comando * 1000))
        event.listen(motor.sync_engine, "connect", _configurar_sqlite(espera_ms))
        disponibilidade(motor, prazos)
        return motor
    opcoes.setdefault("pool_pre_ping", True)
    opcoes.setdefault("hide_parameters", True)
    opcoes.setdefault("pool_timeout", prazos.fila)
    argumentos = opcoes.setdefault("connect_args", {})
    argumentos.setdefault("timeout", prazos.conexao)
    argumentos.setdefault("command_timeout", prazos.comando)
    motor = create_async_engine(url, **opcoes)
    disponibilidade(motor, prazos)
    calar_futuros_orfaos()  # a queda é uma linha só, sem o rastro órfão do asyncpg
    return motor


def fabrica_de_sessoes(motor: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(motor, expire_on_commit=False, autoflush=False)


@asynccontextmanager
async def transacao(motor: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """Uma mensagem, um commit, só com o Core (sem a sessão do ORM): o caminho do motor
    das conversas, que roda a cada mensagem recebida.

    Com o banco fora (`armazenamento.disponibilidade`) falha na hora com `BancoForaDoAr`;
    uma transação que demora faz a sonda olhar o banco; um erro de banco fora abre o
    disjuntor, e a conexão é descartada sem rollback (que também ficaria esperando)."""
    estado = disponibilidade(motor)
    estado.verificar()
    alarme = asyncio.get_running_loop().call_later(estado.prazos.suspeita, estado.suspeitar)
    try:
        try:
            conexao = await motor.connect()
        except Exception as erro:
            estado.registrar(erro)
            raise
        try:
            await conexao.begin()
            yield conexao
            await conexao.commit()
        except BaseException as erro:
            if estado.registrar(erro) or isinstance(erro, asyncio.CancelledError):
                await _descartar(conexao)
            else:
                await conexao.rollback()
            raise
        finally:
            await conexao.close()
    finally:
        alarme.cancel()


async def _descartar(conexao: AsyncConnection) -> None:
    """Tira do pool uma conexão que talvez não responda, sem esperar por ela."""
    with suppress(Exception):  # já quebrada: o pool a descarta de qualquer jeito
        await conexao.invalidate()


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
