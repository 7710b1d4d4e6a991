"""Benchmark dos lembretes de aula (issue 3): gerar os lembretes de amanhã para 10.000 e
para 100.000 matrículas ativas, num SQLite em arquivo.

Cada turma tem 15 matrículas (R7) e uma aula amanhã às 14h; o cadastro é semeado com
executemany do Core (em pedaços, para a semeadura não inflar o pico de memória). Mede o
tempo de `gerar_lembretes` em cada tamanho, a razão entre eles (≤ 12 é linear) e o pico
de memória do processo (≤ 300 MB: os envios nascem no banco, em lotes). Imprime uma
linha JSON.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from itertools import islice
from pathlib import Path
from typing import Any

RAIZ = Path(__file__).resolve().parent.parent
if str(RAIZ) not in sys.path:
    sys.path.insert(0, str(RAIZ))

import sqlalchemy as sa  # noqa: E402

from armazenamento.banco import criar_motor  # noqa: E402
from armazenamento.migracao import migrar  # noqa: E402
from armazenamento.modelos import (  # noqa: E402
    Ciclo,
    Cras,
    Curso,
    Encontro,
    Envio,
    Matricula,
    Osc,
    PreInscricao,
    Turma,
)
from armazenamento.tempo import FUSO  # noqa: E402
from fluxos.lembretes import gerar_lembretes  # noqa: E402

AGORA = datetime(2027, 3, 1, 21, 0, tzinfo=UTC)  # segunda, 18h em Bauru
AULA = datetime(2027, 3, 2, 14, 0, tzinfo=FUSO)  # terça, 14h
POR_TURMA = 15
PEDACO = 5_000


def _tabela(modelo: Any) -> sa.Table:
    return modelo.__table__  # type: ignore[no-any-return]


def _pedacos(linhas: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    while pedaco := list(islice(linhas, PEDACO)):
        yield pedaco


def _preinscricoes(
    total: int, ciclo_id: int, cras_id: int, curso_id: int
) -> Iterator[dict[str, Any]]:
    for i in range(1, total + 1):
        yield {
            "ciclo_id": ciclo_id,
            "nome": f"Pessoa {i}",
            "nome_social": "",
            "nascimento": date(2000, 1, 1),
            "cpf": None,
            "telefone": "",
            "cras_id": cras_id,
            "prioridades": "",
            "curso1_id": curso_id,
            "turno": "tarde",
            "escolaridade": "medio",
            "aviso_versao": "1",
            "canal": "telegram" if i % 3 else "whatsapp",
            "chat_id": str(700_000 + i),
            "situacao": "recebida",
            "criada_em": AGORA,
        }


def semear(caminho: Path, matriculas: int) -> None:
    """Cadastro mínimo, turmas de 15 com aula amanhã, pré-inscrições e matrículas ativas."""
    motor = sa.create_engine(f"sqlite:///{caminho}")
    turmas = -(-matriculas // POR_TURMA)
    with motor.begin() as c:
        ciclo_id = c.execute(
            sa.insert(_tabela(Ciclo)).values(
                ano=2027, preinscricao_inicio=date(2027, 1, 5), preinscricao_fim=date(2027, 1, 30)
            )
        ).inserted_primary_key[0]
        osc_id = c.execute(sa.insert(_tabela(Osc)).values(nome="OSC", endereco="", telefone=""))
        osc = osc_id.inserted_primary_key[0]
        cras_id = c.execute(
            sa.insert(_tabela(Cras)).values(nome="CRAS", endereco="", telefone="")
        ).inserted_primary_key[0]
        curso_id = c.execute(
            sa.insert(_tabela(Curso)).values(
                nome="Confeitaria", osc_id=osc, descricao="", o_que_levar=""
            )
        ).inserted_primary_key[0]
        c.execute(
            sa.insert(_tabela(Turma)),
            [
                {
                    "codigo": f"T{t}",
                    "ciclo_id": ciclo_id,
                    "curso_id": curso_id,
                    "turno": "tarde",
                    "capacidade": POR_TURMA,
                    "local": "rua Rio Branco, 14-60",
                }
                for t in range(1, turmas + 1)
            ],
        )
        c.execute(
            sa.insert(_tabela(Encontro)),
            [
                {
                    "turma_id": t,
                    "inicio": AULA,
                    "horas_aprendizagem": 4.0,
                    "horas_desenvolvimento_pessoal": 0.0,
                    "horas_desenvolvimento_gerencial": 0.0,
                    "cancelado": False,
                }
                for t in range(1, turmas + 1)
            ],
        )
        linhas = _preinscricoes(matriculas, ciclo_id, cras_id, curso_id)
        for pedaco in _pedacos(linhas):
            c.execute(sa.insert(_tabela(PreInscricao)), pedaco)
        matriculas_linhas = (
            {
                "turma_id": (i - 1) // POR_TURMA + 1,
                "preinscricao_id": i,
                "situacao": "ativa",
                "criada_em": AGORA,
            }
            for i in range(1, matriculas + 1)
        )
        for pedaco in _pedacos(matriculas_linhas):
            c.execute(sa.insert(_tabela(Matricula)), pedaco)
    motor.dispose()


async def medir(pasta: Path, matriculas: int) -> float:
    caminho = pasta / f"lembretes_{matriculas}.db"
    motor = criar_motor(f"sqlite+aiosqlite:///{caminho}")
    await migrar(motor)
    await asyncio.to_thread(semear, caminho, matriculas)
    inicio = time.perf_counter()
    criados = await gerar_lembretes(motor, AGORA)
    segundos = time.perf_counter() - inicio
    async with motor.connect() as c:
        total = (await c.execute(sa.select(sa.func.count()).select_from(_tabela(Envio)))).scalar()
    await motor.dispose()
    if criados != matriculas or total != matriculas:
        raise SystemExit(f"esperava {matriculas} lembretes, vieram {criados} (fila: {total})")
    return segundos


async def principal() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as pasta:
        s_10k = await medir(Path(pasta), 10_000)
        s_100k = await medir(Path(pasta), 100_000)
    return {
        "bench": "lembretes",
        "s_10k": round(s_10k, 3),
        "s_100k": round(s_100k, 3),
        "razao": round(s_100k / s_10k, 2),
        "pico_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(principal())))
