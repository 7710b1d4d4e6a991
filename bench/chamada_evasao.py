"""Benchmark da verificação de evasão (R17), parte do `bench/chamada.py` da issue 10.

(a) A verificação da noite (`fluxos.evasao.verificar_a_noite`) sobre 1.000 turmas × 40
encontros × 15 pessoas (600.000 marcas), num SQLite em arquivo e num banco próprio do
PostgreSQL (127.0.0.1:5432, criado e apagado aqui): segundos de cada um e o pico de
memória do processo (alvos: ≤ 30 s e ≤ 300 MB).
(b) A coorte simulada (`bench/evasao_coorte.py`): recall antecipada, antecedência mediana
e falsos alarmes da regra com os limites padrão.

`medir()` devolve o dicionário; rodado sozinho, imprime uma linha JSON.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
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
from bench.evasao_coorte import medir_coorte  # noqa: E402
from bench.evasao_semente import ENCONTROS, INICIO, semear_pg, semear_sqlite  # noqa: E402
from fluxos.evasao import verificar_a_noite  # noqa: E402

TURMAS = int(os.environ.get("EVASAO_TURMAS", "1000"))
AGORA = INICIO.replace(year=2027, month=8)  # depois do último encontro
PG_ADMIN = (
    os.environ.get("INCLUSAO_TESTE_PG_URL", "") or "postgresql://postgres@127.0.0.1:5432/test"
)
NOME_PG = f"inclusao_bench_evasao_{os.getpid()}"


def _pico_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


async def _verificar(url: str) -> tuple[float, int]:
    motor = criar_motor(url)
    try:
        inicio = time.perf_counter()
        abertos = await verificar_a_noite(motor, AGORA)
        return time.perf_counter() - inicio, abertos
    finally:
        await motor.dispose()


async def medir_sqlite() -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as pasta:
        caminho = Path(pasta) / "evasao.db"
        motor = criar_motor(f"sqlite+aiosqlite:///{caminho}")
        await migrar(motor)
        await motor.dispose()
        await asyncio.to_thread(semear_sqlite, str(caminho), TURMAS)
        return await _verificar(f"sqlite+aiosqlite:///{caminho}")


async def medir_pg() -> tuple[float, int] | None:
    """Num banco só deste benchmark, apagado no fim; None sem PostgreSQL."""
    try:
        admin = await asyncpg.connect(PG_ADMIN, timeout=5)
    except (OSError, asyncpg.PostgresError):
        return None
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{NOME_PG}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{NOME_PG}"')
        url = make_url(PG_ADMIN).set(database=NOME_PG)
        motor = criar_motor(url.set(drivername="postgresql+asyncpg").render_as_string(False))
        await migrar(motor)
        await motor.dispose()
        await semear_pg(url.set(drivername="postgresql").render_as_string(False), TURMAS)
        return await _verificar(
            url.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)
        )
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{NOME_PG}" WITH (FORCE)')
        await admin.close()


async def _medir() -> dict[str, Any]:
    s_sqlite, abertos = await medir_sqlite()
    pg = await medir_pg()
    resultado: dict[str, Any] = {
        "bench": "chamada_evasao",
        "marcas": TURMAS * ENCONTROS * 15,
        "evasao_s_sqlite": round(s_sqlite, 2),
        "evasao_s_pg": round(pg[0], 2) if pg else None,
        "alertas_abertos": abertos,
        "pico_mb": _pico_mb(),
    }
    if pg and pg[1] != abertos:
        raise SystemExit(f"SQLite abriu {abertos} alertas e o PostgreSQL {pg[1]}")
    return resultado | medir_coorte()


def medir() -> dict[str, Any]:
    """As medidas da verificação de evasão (uma linha do `bench/chamada.py`)."""
    return asyncio.run(_medir())


if __name__ == "__main__":
    print(json.dumps(medir()))
