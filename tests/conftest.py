"""Fixtures comuns: um banco de verdade, novo e migrado, por teste.

A suíte roda duas vezes (`make test`): no SQLite e no PostgreSQL. Quem escolhe é a
variável `INCLUSAO_TESTE_BANCO` (`sqlite`, o padrão, ou `postgresql`); o servidor do
PostgreSQL vem de `INCLUSAO_TESTE_PG_URL` (padrão: `postgresql://postgres@127.0.0.1:5432/test`,
usado só como conexão de administração para criar e apagar bancos).

- SQLite: as migrações rodam uma vez num arquivo-modelo; cada teste recebe uma cópia.
- PostgreSQL: as migrações rodam uma vez num banco-modelo (`inclusao_modelo_<máquina>_<pid>`);
  cada teste recebe um banco criado dele (`CREATE DATABASE ... TEMPLATE ...`), que no fim
  do teste é esvaziado e volta para o próximo (veja `_devolver`).

Sem PostgreSQL alcançável, a passada do PostgreSQL é pulada inteira com uma linha que diz
por quê (nunca em silêncio). Testes que só fazem sentido no SQLite levam a marca `sqlite`
e aparecem como pulados, com o motivo, no resumo (`-rs`) da passada do PostgreSQL.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import re
import shutil
import socket
import zlib
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from armazenamento.banco import criar_motor, fabrica_de_sessoes
from armazenamento.migracao import migrar

_ESCOLHA = os.environ.get("INCLUSAO_TESTE_BANCO", "").strip().lower() or "sqlite"
if _ESCOLHA not in {"sqlite", "postgresql", "postgres", "pg"}:
    raise pytest.UsageError(f"INCLUSAO_TESTE_BANCO={_ESCOLHA!r}: use 'sqlite' ou 'postgresql'")
POSTGRESQL = _ESCOLHA != "sqlite"
"""Esta passada roda no PostgreSQL."""

PG_ADMIN = make_url(
    os.environ.get("INCLUSAO_TESTE_PG_URL", "").strip()
    or "postgresql://postgres@127.0.0.1:5432/test"
)
PRAZO_PG = 5.0  # segundos para conectar no servidor
_PREFIXO = "inclusao_"
# máquina (hostname) e processo no nome de cada banco: <tipo>_<maquina>_<pid>[_<n>]
_MAQUINA = f"{zlib.crc32(socket.gethostname().encode()):08x}"
_DONO = f"{_MAQUINA}_{os.getpid()}"
_numeros = itertools.count(1)


def _dsn(banco: str | None = None) -> str:
    """A URL de administração (ou de outro banco no mesmo servidor) para o asyncpg."""
    url = PG_ADMIN.set(drivername="postgresql")
    if banco is not None:
        url = url.set(database=banco)
    return url.render_as_string(hide_password=False)


def url_postgresql(banco: str) -> str:
    """A URL do SQLAlchemy (asyncpg) para um banco do servidor de testes."""
    url: URL = PG_ADMIN.set(drivername="postgresql+asyncpg", database=banco)
    return url.render_as_string(hide_password=False)


def _onde() -> str:
    return f"{PG_ADMIN.host or 'localhost'}:{PG_ADMIN.port or 5432}"


async def _admin() -> asyncpg.Connection:
    return await asyncpg.connect(_dsn(), timeout=PRAZO_PG)


async def _criar(conexao: asyncpg.Connection, banco: str, modelo: str) -> None:
    await conexao.execute(f'CREATE DATABASE "{banco}" TEMPLATE "{modelo}"')
    # Sem esperar o fsync do WAL a cada commit: o que um teste vê é igual (só a
    # durabilidade se o servidor cair muda), e os testes que fazem muitos commits
    # ficam bem mais rápidos. Vale para as conexões novas a esse banco.
    await conexao.execute(f'ALTER DATABASE "{banco}" SET synchronous_commit = off')


async def _apagar(conexao: asyncpg.Connection, banco: str) -> None:
    # WITH (FORCE) (PG 13+) derruba as conexões que ainda estiverem abertas
    await conexao.execute(f'DROP DATABASE IF EXISTS "{banco}" WITH (FORCE)')


def _processo_vivo(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


async def _recolher_sobras(conexao: asyncpg.Connection) -> None:
    """Bancos de testes de processos desta máquina que morreram sem apagar os seus."""
    padrao = rf"^inclusao_(?:modelo|t|v|a)_{_MAQUINA}_(\d+)"
    nomes = await conexao.fetch("SELECT datname FROM pg_database WHERE datname ~ $1", padrao)
    for linha in nomes:
        achado = re.match(padrao, linha["datname"])
        if achado and not _processo_vivo(int(achado.group(1))):
            await _apagar(conexao, linha["datname"])


def _erro_de_conexao() -> str | None:
    """None se o servidor do PostgreSQL responde; senão, por que não dá para conectar.

    Servidor que atende mas recusa (senha, banco que não existe) não é "indisponível":
    isso é configuração errada e derruba a passada com erro.
    """

    async def tentar() -> None:
        conexao = await _admin()
        try:
            await conexao.fetchval("SELECT 1")
        finally:
            await conexao.close()

    try:
        asyncio.run(tentar())
    except OSError as erro:  # inclui TimeoutError
        return f"{type(erro).__name__}: {erro}"
    except asyncpg.PostgresError as erro:
        pytest.exit(
            f"PostgreSQL em {_onde()} recusou a conexão de testes "
            f"(INCLUSAO_TESTE_PG_URL): {type(erro).__name__}: {erro}",
            returncode=3,
        )
    return None


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "sqlite(motivo): só faz sentido no SQLite; pulado na passada do PostgreSQL",
    )
    if POSTGRESQL:
        erro = _erro_de_conexao()
        if erro is not None:
            pytest.exit(
                f"PostgreSQL indisponível em {_onde()}: a segunda passada (PostgreSQL) "
                f"foi pulada ({erro})",
                returncode=0,
            )


def pytest_report_header(config: pytest.Config) -> str:
    if POSTGRESQL:
        return f"banco dos testes: PostgreSQL em {_onde()} (INCLUSAO_TESTE_BANCO={_ESCOLHA})"
    return "banco dos testes: SQLite (INCLUSAO_TESTE_BANCO=postgresql para o PostgreSQL)"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not POSTGRESQL:
        return
    for item in items:
        marca = item.get_closest_marker("sqlite")
        if marca is not None:
            motivo = marca.args[0] if marca.args else marca.kwargs.get("motivo", "")
            texto = f"só SQLite: {motivo}" if motivo else "só SQLite"
            item.add_marker(pytest.mark.skip(reason=texto))


# --- SQLite ---------------------------------------------------------------------------


async def _migrar_arquivo(caminho: Path) -> None:
    motor = criar_motor(f"sqlite+aiosqlite:///{caminho}")
    await migrar(motor)
    async with motor.connect() as conexao:
        await conexao.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    await motor.dispose()


@pytest.fixture(scope="session")
def banco_modelo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """O arquivo SQLite migrado de onde saem as cópias (só na passada do SQLite)."""
    caminho = tmp_path_factory.mktemp("modelo") / "modelo.db"
    asyncio.run(_migrar_arquivo(caminho))
    return caminho


# --- PostgreSQL -----------------------------------------------------------------------
#
# CREATE DATABASE ... TEMPLATE leva ~60 ms, mas DROP DATABASE força um checkpoint e leva
# ~0,6 s (PG 15, fsync ligado): apagar um banco por teste somaria minutos. Por isso cada
# banco criado do modelo volta limpo para um estoque e serve o teste seguinte: no fim do
# teste as conexões que sobraram caem, confere-se que o esquema é o do modelo (mesma
# "assinatura") e as linhas saem (DELETE em todas as tabelas, sequências do zero), o que
# deixa o banco igual a um recém-criado do modelo. Se o teste mexeu no esquema (ex.: DROP
# TABLE), o banco é apagado e o próximo teste recebe um novo.

ASSINATURA = """
SELECT md5(coalesce(string_agg(x, E'\\n' ORDER BY x), '')) FROM (
    SELECT 'r:' || n.nspname || '.' || c.relname || ':' || c.relkind::text || ':' || c.relnatts AS x
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
       AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
    UNION ALL
    SELECT 'a:' || a.attrelid::regclass::text || '.' || a.attname || ':'
           || format_type(a.atttypid, a.atttypmod) || ':' || a.attnotnull
           || ':' || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE c.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped
    UNION ALL
    SELECT 'c:' || conrelid::regclass::text || ':' || conname || ':' || pg_get_constraintdef(oid)
      FROM pg_constraint WHERE connamespace = 'public'::regnamespace
    UNION ALL
    SELECT 'i:' || indexrelid::regclass::text || ':' || pg_get_indexdef(indexrelid)
      FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
     WHERE c.relnamespace = 'public'::regnamespace
    UNION ALL
    SELECT 'f:' || p.oid::regprocedure::text FROM pg_proc p
     WHERE p.pronamespace = 'public'::regnamespace
    UNION ALL
    SELECT 't:' || tgrelid::regclass::text || ':' || tgname FROM pg_trigger WHERE NOT tgisinternal
    UNION ALL
    SELECT 'e:' || extname FROM pg_extension
    UNION ALL
    SELECT 'v:' || version_num FROM alembic_version
) AS partes
"""


class _EstoquePg:
    """O banco-modelo da sessão e os bancos limpos prontos para o próximo teste."""

    def __init__(self, modelo: str, assinatura: str, limpeza: str) -> None:
        self.modelo = modelo
        self.assinatura = assinatura
        self.limpeza = limpeza
        self.livres: list[str] = []
        self.todos: set[str] = set()


async def _sql_de_limpeza(conexao: asyncpg.Connection) -> str:
    """O SQL que esvazia todas as tabelas (menos a versão do Alembic) e zera as sequências."""
    tabelas = [
        linha["nome"]
        for linha in await conexao.fetch(
            "SELECT quote_ident(tablename) AS nome FROM pg_tables"
            " WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
        )
    ]
    sequencias = [
        linha["nome"]
        for linha in await conexao.fetch(
            "SELECT quote_literal(quote_ident(sequencename)) AS nome FROM pg_sequences"
            " WHERE schemaname = 'public'"
        )
    ]
    zerar = "".join(f"SELECT setval({s}, 1, false);" for s in sequencias)
    if await conexao.fetchval("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"):
        # superusuário: sem os gatilhos das chaves estrangeiras, DELETE em qualquer ordem
        apagar = "".join(f"DELETE FROM {t};" for t in tabelas)
        return f"SET LOCAL session_replication_role = replica;{apagar}{zerar}"
    if not tabelas:
        return zerar
    return f"TRUNCATE {', '.join(tabelas)} RESTART IDENTITY;{zerar}"


async def _criar_modelo_pg(nome: str) -> _EstoquePg:
    conexao = await _admin()
    try:
        await _recolher_sobras(conexao)
        await _apagar(conexao, nome)
        await _criar(conexao, nome, "template0")
    finally:
        await conexao.close()
    motor = criar_motor(url_postgresql(nome))
    try:
        await migrar(motor)
    finally:
        await motor.dispose()  # um modelo não pode ter conexões abertas
    modelo = await asyncpg.connect(_dsn(nome), timeout=PRAZO_PG)
    try:
        estoque = _EstoquePg(nome, await modelo.fetchval(ASSINATURA), await _sql_de_limpeza(modelo))
    finally:
        await modelo.close()
    return estoque


async def _apagar_pg(nomes: list[str]) -> None:
    conexao = await _admin()
    try:
        for nome in nomes:
            await _apagar(conexao, nome)
    finally:
        await conexao.close()


@pytest.fixture(scope="session")
def estoque_pg() -> Iterator[_EstoquePg]:
    """O banco-modelo do PostgreSQL, migrado uma vez por sessão do pytest."""
    estoque = asyncio.run(_criar_modelo_pg(f"{_PREFIXO}modelo_{_DONO}"))
    yield estoque
    asyncio.run(_apagar_pg([*sorted(estoque.todos), estoque.modelo]))


async def _devolver(estoque: _EstoquePg, nome: str) -> None:
    """Fim do teste: o banco volta limpo para o estoque, ou é apagado se mudou de esquema."""
    try:
        banco = await asyncpg.connect(_dsn(nome), timeout=PRAZO_PG)
        try:
            # conexões que o teste deixou abertas (um motor sem dispose, um subprocesso)
            await banco.execute(
                "SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if await banco.fetchval(ASSINATURA) == estoque.assinatura:
                async with banco.transaction():
                    await banco.execute(estoque.limpeza)
                estoque.livres.append(nome)
                return
        finally:
            await banco.close()
    except (OSError, asyncpg.PostgresError):
        pass  # fica de fora do estoque: apagado logo abaixo
    estoque.todos.discard(nome)
    await _apagar_pg([nome])


class BancosAvulsos:
    """Bancos para fixtures de módulo (ex.: subprocessos do `inclusao`), fora do estoque;
    todos são apagados no fim da sessão."""

    def __init__(self, request: pytest.FixtureRequest, pasta: Path) -> None:
        self._request = request
        self._pasta = pasta
        self._criados: list[str] = []

    def novo(self, migrado: bool = True) -> str:
        """URL de um banco novo, migrado ou vazio (sem nem a tabela do Alembic)."""
        numero = next(_numeros)
        if not POSTGRESQL:
            arquivo = self._pasta / f"avulso_{numero}.db"
            if migrado:
                shutil.copyfile(self._request.getfixturevalue("banco_modelo"), arquivo)
            return f"sqlite+aiosqlite:///{arquivo}"
        modelo = self._request.getfixturevalue("estoque_pg").modelo if migrado else "template0"
        nome = f"{_PREFIXO}a_{_DONO}_{numero}"

        async def criar() -> None:
            conexao = await _admin()
            try:
                await _criar(conexao, nome, modelo)
            finally:
                await conexao.close()

        asyncio.run(criar())
        self._criados.append(nome)
        return url_postgresql(nome)

    def apagar_todos(self) -> None:
        if self._criados:
            asyncio.run(_apagar_pg(self._criados))


@pytest.fixture(scope="session")
def bancos_avulsos(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[BancosAvulsos]:
    bancos = BancosAvulsos(request, tmp_path_factory.mktemp("avulsos"))
    yield bancos
    bancos.apagar_todos()


@pytest.fixture(scope="session")
def tipo_banco() -> str:
    """O banco desta passada: "sqlite" ou "postgresql"."""
    return "postgresql" if POSTGRESQL else "sqlite"


# --- o banco de cada teste ------------------------------------------------------------


@pytest.fixture
def _modelo(request: pytest.FixtureRequest) -> Path | _EstoquePg:
    """O modelo da passada: o arquivo SQLite ou o estoque de bancos do PostgreSQL."""
    return request.getfixturevalue("estoque_pg" if POSTGRESQL else "banco_modelo")  # type: ignore[no-any-return]


@pytest.fixture
async def url_banco(tmp_path: Path, _modelo: Path | _EstoquePg) -> AsyncIterator[str]:
    """URL (SQLAlchemy) de um banco novo e migrado só deste teste, no banco da passada.

    Serve para quem precisa da URL e não do motor: `DATABASE_URL` de um subprocesso,
    a `Config` da partida.
    """
    if isinstance(_modelo, Path):
        arquivo = tmp_path / "teste.db"
        shutil.copyfile(_modelo, arquivo)
        yield f"sqlite+aiosqlite:///{arquivo}"
        return
    if _modelo.livres:
        nome = _modelo.livres.pop()
    else:
        nome = f"{_PREFIXO}t_{_DONO}_{next(_numeros)}"
        conexao = await _admin()
        try:
            await _criar(conexao, nome, _modelo.modelo)
        finally:
            await conexao.close()
        _modelo.todos.add(nome)
    yield url_postgresql(nome)
    await _devolver(_modelo, nome)


@pytest.fixture
async def url_banco_vazio(tmp_path: Path) -> AsyncIterator[str]:
    """URL de um banco novo e vazio (sem migração nenhuma), no banco da passada."""
    if not POSTGRESQL:
        yield f"sqlite+aiosqlite:///{tmp_path / 'vazio.db'}"
        return
    nome = f"{_PREFIXO}v_{_DONO}_{next(_numeros)}"
    conexao = await _admin()
    try:
        await _criar(conexao, nome, "template0")
        yield url_postgresql(nome)
        await _apagar(conexao, nome)
    finally:
        await conexao.close()


@pytest.fixture
async def motor_banco(url_banco: str) -> AsyncIterator[AsyncEngine]:
    motor = criar_motor(url_banco)
    yield motor
    await motor.dispose()


@pytest.fixture
def sessoes(motor_banco: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return fabrica_de_sessoes(motor_banco)
