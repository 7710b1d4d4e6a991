"""Conexão SQLite que roda no próprio laço de eventos, sem a thread do aiosqlite.

Por quê: no SQLite embutido cada mensagem faz poucas consultas de microssegundos, e a ida
e volta até a thread do aiosqlite (fila, troca de contexto, aviso ao laço) custava mais do
que as consultas. O dialeto continua o `sqlite+aiosqlite` do SQLAlchemy; só a conexão é
esta, entregue por `async_creator` (gancho documentado do `create_async_engine`).

Consequência aceita: enquanto outro processo segura a trava de escrita (ex.: uma
importação), o laço espera até `busy_timeout`. Vários processos servindo o mesmo bot é
caso para PostgreSQL (README).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import Any


class _Cursor:
    """A interface de cursor do aiosqlite, executando na hora."""

    __slots__ = ("_c",)

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._c = cursor

    async def __aenter__(self) -> _Cursor:
        return self

    async def __aexit__(self, *_: object) -> None:
        self._c.close()

    @property
    def description(self) -> Any:
        return self._c.description

    @property
    def rowcount(self) -> int:
        return self._c.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._c.lastrowid

    @property
    def arraysize(self) -> int:
        return self._c.arraysize

    @arraysize.setter
    def arraysize(self, valor: int) -> None:
        self._c.arraysize = valor

    async def execute(self, sql: str, parametros: Sequence[Any] = ()) -> _Cursor:
        self._c.execute(sql, parametros)
        return self

    async def executemany(self, sql: str, lotes: Iterable[Sequence[Any]]) -> _Cursor:
        self._c.executemany(sql, lotes)
        return self

    async def fetchone(self) -> Any:
        return self._c.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._c.fetchmany(size if size is not None else self._c.arraysize)

    async def fetchall(self) -> list[Any]:
        return self._c.fetchall()

    async def close(self) -> None:
        self._c.close()


class _FilaImediata:
    """Imita a fila interna do aiosqlite usada pelo SQLAlchemy para mudar o isolamento."""

    __slots__ = ()

    def put_nowait(self, item: tuple[Any, Callable[[], Any]]) -> None:
        futuro, funcao = item
        try:
            futuro.set_result(funcao())
        except Exception as erro:
            futuro.set_exception(erro)


class _ThreadNenhuma:
    daemon = True


class ConexaoDireta:
    """A interface de conexão do aiosqlite sobre um `sqlite3.Connection` comum."""

    def __init__(self, conexao: sqlite3.Connection) -> None:
        self._conn: sqlite3.Connection | None = conexao
        self._tx = _FilaImediata()
        self._thread = _ThreadNenhuma()

    @property
    def _connection(self) -> sqlite3.Connection | None:
        return self._conn

    def _viva(self) -> sqlite3.Connection:
        if self._conn is None:
            raise ValueError("no active connection")
        return self._conn

    def __await__(self) -> Any:
        if False:  # pragma: no cover - só para ser um gerador
            yield
        return self

    @property
    def isolation_level(self) -> str | None:
        return self._viva().isolation_level

    def cursor(self) -> _Cursor:
        return _Cursor(self._viva().cursor())

    async def execute(self, sql: str, parametros: Sequence[Any] = ()) -> _Cursor:
        return _Cursor(self._viva().execute(sql, parametros))

    def executar(self, sql: str, parametros: Sequence[Any] = ()) -> sqlite3.Cursor:
        """SQL direto, na transação aberta: para as instruções mais quentes do sistema."""
        return self._viva().execute(sql, parametros)

    async def commit(self) -> None:
        self._viva().commit()

    async def rollback(self) -> None:
        self._viva().rollback()

    async def create_function(self, *args: Any, **kw: Any) -> None:
        self._viva().create_function(*args, **kw)

    async def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def stop(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def criador(caminho: str) -> Callable[[], Any]:
    """A função que o `create_async_engine(async_creator=...)` chama a cada conexão nova."""

    async def conectar() -> ConexaoDireta:
        return ConexaoDireta(sqlite3.connect(caminho, check_same_thread=False))

    return conectar
