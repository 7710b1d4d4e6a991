"""Benchmark do envio: N linhas da fila (chats diferentes) pela Bot API falsa, por HTTP.

Casos (cada despachante é um processo `python -m bot.despachar --ate-vazio`):
- `envio_por_s`: SQLite, um processo, API sem limite;
- `envio_por_s_pg_1` / `envio_por_s_pg_3`: PostgreSQL com 1 e 3 processos (só o líder envia);
- `razao_limite`: API que recusa (429) acima de R/s e despachantes em R/s (3 processos no
  PostgreSQL, ou 1 no SQLite sem PostgreSQL): tempo ÷ (N / R); com 0 perdidas e 0 duplicadas.

O tempo vai do primeiro sendMessage recebido ao último aceito (a partida do Python, ~2 s,
fica de fora). Variáveis: ENVIO_LINHAS (10000), ENVIO_R (200), INCLUSAO_TESTE_PG_URL.
Imprime uma linha JSON no fim.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RAIZ = Path(__file__).resolve().parent.parent
if str(RAIZ) not in sys.path:
    sys.path.insert(0, str(RAIZ))

import asyncpg  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from armazenamento.banco import criar_motor  # noqa: E402
from armazenamento.migracao import migrar  # noqa: E402
from tests.bot.test_varios_processos import encher, estados  # noqa: E402
from tests.falsos.servidor_bot_api import ServidorBotApi  # noqa: E402

TOKEN = "123456:BENCHENVIO"
LINHAS = int(os.environ.get("ENVIO_LINHAS", "10000"))
TAXA = float(os.environ.get("ENVIO_R", "200"))
PG_ADMIN = (
    os.environ.get("INCLUSAO_TESTE_PG_URL", "") or "postgresql://postgres@127.0.0.1:5432/test"
)


async def banco_pg(nome: str) -> str | None:
    """Cria o banco (vazio) e devolve a URL do SQLAlchemy; None sem PostgreSQL."""
    try:
        conexao = await asyncpg.connect(PG_ADMIN, timeout=5)
    except (OSError, asyncpg.PostgresError):
        return None
    try:
        await conexao.execute(f'DROP DATABASE IF EXISTS "{nome}" WITH (FORCE)')
        await conexao.execute(f'CREATE DATABASE "{nome}"')
        await conexao.execute(f'ALTER DATABASE "{nome}" SET synchronous_commit = off')
    finally:
        await conexao.close()
    url = make_url(PG_ADMIN).set(drivername="postgresql+asyncpg", database=nome)
    return url.render_as_string(hide_password=False)


async def apagar_pg(nome: str) -> None:
    conexao = await asyncpg.connect(PG_ADMIN, timeout=5)
    try:
        await conexao.execute(f'DROP DATABASE IF EXISTS "{nome}" WITH (FORCE)')
    finally:
        await conexao.close()


async def rodar_caso(url: str, processos: int, taxa: float | None) -> dict[str, Any]:
    """Enche a fila, sobe os despachantes e mede até a última mensagem aceita."""
    motor = criar_motor(url)
    try:
        await migrar(motor)
        await encher(motor, LINHAS)
        async with ServidorBotApi(TOKEN) as api:
            api.limitar(taxa)
            ambiente = {
                **os.environ,
                "DATABASE_URL": url,
                "TELEGRAM_TOKEN": TOKEN,
                "TELEGRAM_BASE_URL": api.url,
                "INCLUSAO_LOG": "WARNING",
            }
            argumentos = ["--ate-vazio", "--por-segundo", str(taxa or 1_000_000)]
            filhos = [
                await asyncio.create_subprocess_exec(
                    sys.executable, "-m", "bot.despachar", *argumentos, cwd=RAIZ, env=ambiente
                )
                for _ in range(processos)
            ]
            await api.esperar(lambda: api.chamadas, limite=60)
            inicio = time.perf_counter()
            await api.esperar(lambda: api.total_aceitas >= LINHAS, limite=3600)
            segundos = time.perf_counter() - inicio
            codigos = [await filho.wait() for filho in filhos]
            contagem = await estados(motor)
            return {
                "segundos": segundos,
                "por_s": LINHAS / segundos,
                "perdidas": LINHAS - len(api.enviadas_por_chat()),
                "duplicadas": api.duplicadas(),
                "r429": api.codigos[429],
                "enviadas_no_banco": contagem.get("enviada", 0),
                "codigos": codigos,
            }
    finally:
        await motor.dispose()


async def principal() -> dict[str, Any]:
    resultado: dict[str, Any] = {"bench": "envio", "linhas": LINHAS}
    detalhes: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as pasta:
        sqlite = f"sqlite+aiosqlite:///{pasta}/envio.db"
        detalhes["sqlite_1"] = await rodar_caso(sqlite, 1, None)
    resultado["envio_por_s"] = round(detalhes["sqlite_1"]["por_s"])
    nome = f"inclusao_bench_envio_{os.getpid()}"
    casos_pg = {"pg_1": (1, None), "pg_3": (3, None), "limite": (3, TAXA)}
    for caso, (processos, taxa) in casos_pg.items():
        url = await banco_pg(nome)
        if url is None:
            resultado[f"envio_por_s_{caso}"] = None
            continue
        try:
            detalhes[caso] = await rodar_caso(url, processos, taxa)
        finally:
            await apagar_pg(nome)
    if "limite" not in detalhes:  # sem PostgreSQL: o limite no SQLite, um processo
        with tempfile.TemporaryDirectory() as pasta:
            sqlite = f"sqlite+aiosqlite:///{pasta}/limite.db"
            detalhes["limite"] = await rodar_caso(sqlite, 1, TAXA)
    for caso in ("pg_1", "pg_3"):
        if caso in detalhes:
            resultado[f"envio_por_s_{caso}"] = round(detalhes[caso]["por_s"])
    limite = detalhes["limite"]
    resultado["r"] = TAXA
    resultado["razao_limite"] = round(limite["segundos"] / (LINHAS / TAXA), 3)
    resultado["r429_limite"] = limite["r429"]
    resultado["perdidas"] = sum(d["perdidas"] for d in detalhes.values())
    resultado["duplicadas"] = sum(d["duplicadas"] for d in detalhes.values())
    for caso, dados in detalhes.items():
        print(f"# {caso}: {json.dumps({k: v for k, v in dados.items()})}", file=sys.stderr)
    return resultado


if __name__ == "__main__":
    print(json.dumps(asyncio.run(principal())))
