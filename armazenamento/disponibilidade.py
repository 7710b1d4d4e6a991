"""O banco fora do ar: prazos, o disjuntor e uma linha de registro por queda.

Um banco que para de responder (partição da rede, servidor travado, arquivo SQLite preso
por outro processo) não recusa nada: quem pergunta espera. Por isso:

- toda conexão tem prazo para abrir e toda instrução tem prazo para responder (`Prazos`,
  aplicados por `armazenamento.banco.criar_motor`);
- uma transação que passa de `Prazos.suspeita` sem terminar dispara uma sonda (uma conexão
  nova, fora do pool, com prazo curto): se a sonda também não consegue, o banco está fora;
- com o banco fora, o disjuntor abre: `verificar` falha na hora (`BancoForaDoAr`), sem
  tocar no banco, até a sonda ver que ele voltou (ela tenta a cada `Prazos.sonda`);
- a queda e a volta deixam UMA linha cada no registro, não um rastro por requisição.

Uma instrução lenta de verdade não abre o disjuntor: a sonda responde e nada muda.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass

import asyncpg
from sqlalchemy import event, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Prazos:
    """Segundos. `conexao`: abrir uma conexão; `comando`: cada instrução (no PostgreSQL o
    `command_timeout` do asyncpg; no SQLite o `busy_timeout`, a espera pela trava de
    escrita); `fila`: esperar uma conexão livre no pool; `suspeita`: transação mais longa
    que isso faz a sonda olhar o banco; `sonda`: intervalo entre as tentativas da sonda
    enquanto o banco está fora."""

    conexao: float = 2.0
    comando: float = 5.0
    fila: float = 2.0
    suspeita: float = 0.5
    sonda: float = 0.5


ESPERA_SONDA_SQLITE = 0.05  # segundos: a sonda do SQLite roda no laço, não pode segurá-lo


class BancoForaDoAr(ConnectionError):
    """O banco caiu há pouco e ainda não voltou: nem se tenta (o disjuntor está aberto)."""


_PALAVRAS_SQLITE = ("locked", "busy", "unable to open", "disk i/o")
_ASYNCPG_QUEDA = (
    asyncpg.exceptions.InterfaceError,  # conexão fechada, operação em curso abandonada
    asyncpg.exceptions.PostgresConnectionError,  # classe 08
    asyncpg.exceptions.OperatorInterventionError,  # classe 57: desligando, reiniciando
)


def e_queda(erro: BaseException) -> bool:
    """O erro diz "o banco não está respondendo" (e não "a consulta está errada")?"""
    if isinstance(erro, BancoForaDoAr | OSError | sa_exc.TimeoutError):  # OSError: TimeoutError
        return True
    candidatos: list[BaseException | None] = [erro]
    if isinstance(erro, sa_exc.DBAPIError):
        if erro.connection_invalidated:
            return True
        candidatos += [erro.orig, getattr(erro.orig, "__cause__", None)]
    for candidato in candidatos:
        if isinstance(candidato, (OSError, *_ASYNCPG_QUEDA)):
            return True
        if isinstance(candidato, sqlite3.OperationalError):  # também o do caminho direto
            return any(p in str(candidato).lower() for p in _PALAVRAS_SQLITE)
    return False


class Disponibilidade:
    """O estado de um banco (um motor) neste processo: no ar, ou fora desde quando."""

    def __init__(self, motor: AsyncEngine, prazos: Prazos) -> None:
        self.prazos = prazos
        self._motor = weakref.ref(motor)
        self._fora_desde: float | None = None
        self._sonda: asyncio.Task[None] | None = None  # a que confere uma suspeita
        self._volta: asyncio.Task[None] | None = None  # a que espera o banco voltar
        self._motor_sonda: AsyncEngine | None = None
        self._caiu = asyncio.Event()
        self._voltou = asyncio.Event()
        self._voltou.set()
        self.quedas = 0
        self._vigias: dict[asyncio.Task[object], Callable[[], None]] = {}

    @property
    def fora(self) -> bool:
        return self._fora_desde is not None

    def verificar(self) -> None:
        """Falha na hora se o banco está fora (o chamador responde 503 ou tenta depois)."""
        if self._fora_desde is not None:
            raise BancoForaDoAr("banco fora do ar")

    def registrar(self, erro: BaseException) -> bool:
        """Se `erro` é de banco fora, abre o disjuntor (uma linha no registro por queda)."""
        if not e_queda(erro):
            return False
        self._abrir(type(erro).__name__)
        return True

    def absorver(self, erro: BaseException) -> bool:
        """Para quem recebe erros de todo tipo (uma requisição, uma tarefa agendada): erro
        do banco que diz "fora" abre o disjuntor; um prazo ou conexão perdida qualquer só
        conta se o banco já está dado como fora (o cliente que fechou a conexão não é o
        banco). Os erros de `transacao` já chegam registrados por ela."""
        if isinstance(erro, sa_exc.SQLAlchemyError):
            return self.registrar(erro)
        return self.fora and e_queda(erro)

    async def esperar_queda(self) -> None:
        await self._caiu.wait()

    def vigiar(self, tarefa: asyncio.Task[object], avisar: Callable[[], None]) -> None:
        """`avisar` é chamada se o banco cair enquanto `tarefa` espera por ele (uma
        requisição que pode responder 503 já, em vez de esperar o prazo)."""
        self._vigias[tarefa] = avisar

    def esquecer(self, tarefa: asyncio.Task[object]) -> None:
        self._vigias.pop(tarefa, None)

    async def esperar_volta(self) -> None:
        await self._voltou.wait()

    def suspeitar(self) -> None:
        """Uma transação demora: a sonda olha o banco por fora do pool (uma de cada vez)."""
        if self._fora_desde is None and (self._sonda is None or self._sonda.done()):
            self._sonda = _tarefa(self._conferir())

    def esquecer_queda(self) -> None:
        """O motor foi descartado (`dispose`): as sondas param e o disjuntor fecha; o
        próximo uso tenta o banco de verdade (e abre de novo se ele ainda estiver fora)."""
        for sonda in (self._sonda, self._volta):
            if sonda is not None and not sonda.done():
                sonda.cancel()
        self._sonda = self._volta = None
        if self._fora_desde is not None:
            self._fora_desde = None
            self._caiu.clear()
            self._voltou.set()

    async def fechar(self) -> None:
        """Para as sondas (fim do processo ou do teste)."""
        for sonda in (self._sonda, self._volta):
            if sonda is not None and not sonda.done():
                sonda.cancel()
                with contextlib.suppress(BaseException):
                    await sonda
        self._sonda = self._volta = None
        motor_sonda, self._motor_sonda = self._motor_sonda, None
        if motor_sonda is not None:
            await motor_sonda.dispose()

    def _abrir(self, motivo: str) -> None:
        if self._fora_desde is not None:
            return
        self._fora_desde = time.monotonic()
        self.quedas += 1
        self._voltou.clear()
        self._caiu.set()
        log.warning("banco fora do ar (%s): respostas 503 até ele voltar", motivo)
        atual = _tarefa_atual()
        for tarefa, avisar in list(self._vigias.items()):
            if tarefa is not atual:  # quem viu a queda já está saindo pelo erro
                avisar()
        if self._volta is None or self._volta.done():
            self._volta = _tarefa(self._esperar_voltar())

    def _fechar(self) -> None:
        inicio, self._fora_desde = self._fora_desde, None
        self._caiu.clear()
        self._voltou.set()
        if inicio is not None:
            log.warning("banco de volta depois de %.1f s fora", time.monotonic() - inicio)

    async def _conferir(self) -> None:
        try:
            await self._sondar()
        except Exception as erro:
            self._abrir(f"sonda: {type(erro).__name__}")

    async def _esperar_voltar(self) -> None:
        while self._fora_desde is not None:
            await asyncio.sleep(self.prazos.sonda)
            try:
                await self._sondar()
            except Exception as erro:
                log.debug("banco ainda fora: %s", type(erro).__name__)
                continue
            self._fechar()

    async def _sondar(self) -> None:
        motor = self._motor()
        if motor is None:
            return
        if self._motor_sonda is None and motor.url.get_backend_name() != "sqlite":
            self._motor_sonda = motor_da_sonda(motor, self.prazos)
        async with asyncio.timeout(self.prazos.conexao + self.prazos.comando):
            await sondar(self._motor_sonda or motor)


def motor_da_sonda(motor: AsyncEngine, prazos: Prazos) -> AsyncEngine:
    """Um motor sem pool para o mesmo endereço (mesma URL, mesmos parâmetros dela, como
    ssl): cada sonda é uma conexão nova, que não disputa o pool nem herda uma morta."""
    argumentos = {"timeout": prazos.conexao, "command_timeout": prazos.comando}
    return create_async_engine(
        motor.url, poolclass=NullPool, connect_args=argumentos, hide_parameters=True
    )


async def sondar(motor: AsyncEngine) -> None:
    """Uma conexão nova e uma pergunta mínima; erro se o banco não atende.

    SQLite: pega a trava de escrita quase sem esperar (`BEGIN IMMEDIATE`) e a solta: um
    arquivo preso por outro processo está "fora" para quem grava, mesmo se a leitura anda.
    """
    url = motor.url
    if url.get_backend_name() == "sqlite":
        caminho = url.database or ""
        if not caminho or caminho == ":memory:":
            return
        conexao = sqlite3.connect(caminho, timeout=ESPERA_SONDA_SQLITE, isolation_level=None)
        try:
            conexao.execute("BEGIN IMMEDIATE")
            conexao.execute("ROLLBACK")
        finally:
            conexao.close()
        return
    async with motor.connect() as assincrona:
        await assincrona.execute(text("SELECT 1"))


_ESTADOS: weakref.WeakKeyDictionary[object, Disponibilidade] = weakref.WeakKeyDictionary()
_TAREFAS: set[asyncio.Task[None]] = set()


def _tarefa_atual() -> asyncio.Task[object] | None:
    try:
        return asyncio.current_task()
    except RuntimeError:
        return None


def _tarefa(corrotina: object) -> asyncio.Task[None]:
    tarefa: asyncio.Task[None] = asyncio.get_running_loop().create_task(corrotina)  # type: ignore[arg-type]
    _TAREFAS.add(tarefa)  # referência forte: uma tarefa solta pode ser recolhida no meio
    tarefa.add_done_callback(_TAREFAS.discard)
    return tarefa


def disponibilidade(motor: AsyncEngine, prazos: Prazos | None = None) -> Disponibilidade:
    """O estado do banco deste motor (criado na primeira vez, com `prazos` ou os padrões)."""
    estado = _ESTADOS.get(motor.sync_engine)
    if estado is None:
        estado = Disponibilidade(motor, prazos or Prazos())
        _ESTADOS[motor.sync_engine] = estado
        event.listen(motor.sync_engine, "engine_disposed", lambda _motor: estado.esquecer_queda())
    return estado
