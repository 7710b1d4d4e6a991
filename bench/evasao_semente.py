"""Semente do benchmark da verificação de evasão: T turmas × 40 encontros × 15 pessoas,
todas as marcas de origem "chamada" (600.000 marcas com 1.000 turmas).

As linhas saem de geradores, em pedaços: a semeadura não infla o pico de memória que o
benchmark mede. SQLite: executemany do Core (motor síncrono). PostgreSQL: COPY do asyncpg.
Faltas: ~10% ao acaso (semente fixa), então alguns alertas abrem de verdade.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from itertools import islice
from typing import Any

import asyncpg
import sqlalchemy as sa

from armazenamento.modelos import (
    Ciclo,
    Cras,
    Curso,
    Encontro,
    Matricula,
    Osc,
    PreInscricao,
    Presenca,
    Turma,
)

POR_TURMA = 15
ENCONTROS = 40
PEDACO = 5_000
INICIO = datetime(2027, 2, 1, 17, 0, tzinfo=UTC)  # 14h em Bauru
CRIADA = datetime(2027, 1, 20, 12, 0, tzinfo=UTC)


def _t(modelo: Any) -> sa.Table:
    return modelo.__table__  # type: ignore[no-any-return]


def _cadastro() -> list[tuple[sa.Table, list[dict[str, Any]]]]:
    return [
        (
            _t(Ciclo),
            [
                {
                    "id": 1,
                    "ano": 2027,
                    "preinscricao_inicio": date(2027, 1, 5),
                    "preinscricao_fim": date(2027, 1, 30),
                }
            ],
        ),
        (_t(Osc), [{"id": 1, "nome": "OSC", "endereco": "", "telefone": ""}]),
        (_t(Cras), [{"id": 1, "nome": "CRAS", "endereco": "", "telefone": ""}]),
        (
            _t(Curso),
            [{"id": 1, "nome": "Confeitaria", "osc_id": 1, "descricao": "", "o_que_levar": ""}],
        ),
    ]


def turmas(n: int) -> Iterator[dict[str, Any]]:
    for t in range(1, n + 1):
        yield {
            "id": t,
            "codigo": f"T{t}",
            "ciclo_id": 1,
            "curso_id": 1,
            "turno": "tarde",
            "capacidade": POR_TURMA,
            "local": "",
        }


def encontros(n: int) -> Iterator[dict[str, Any]]:
    for t in range(1, n + 1):
        for k in range(ENCONTROS):
            yield {
                "id": (t - 1) * ENCONTROS + k + 1,
                "turma_id": t,
                "inicio": INICIO + timedelta(days=3 * k + (k % 2)),
                "horas_aprendizagem": 3.0,
                "horas_desenvolvimento_pessoal": 1.0,
                "horas_desenvolvimento_gerencial": 0.0,
                "cancelado": k == 17,
            }


def preinscricoes(n: int) -> Iterator[dict[str, Any]]:
    for i in range(1, n * POR_TURMA + 1):
        yield {
            "id": i,
            "ciclo_id": 1,
            "nome": f"Pessoa {i}",
            "nome_social": "",
            "nascimento": date(2000, 1, 1),
            "cpf": None,
            "telefone": "",
            "bairro_id": None,
            "cras_id": 1,
            "prioridades": "",
            "curso1_id": 1,
            "curso2_id": None,
            "turno": "tarde",
            "escolaridade": "medio",
            "aviso_versao": "1",
            "canal": "telegram",
            "chat_id": str(800_000 + i),
            "situacao": "matriculada",
            "criada_em": CRIADA,
            "registrada_por": None,
            "vinculo_travado_em": None,
            "origem": "",
        }


def matriculas(n: int) -> Iterator[dict[str, Any]]:
    for i in range(1, n * POR_TURMA + 1):
        yield {
            "id": i,
            "turma_id": (i - 1) // POR_TURMA + 1,
            "preinscricao_id": i,
            "situacao": "ativa",
            "criada_em": CRIADA,
            "cancelada_em": None,
            "motivo_cancelamento": "",
        }


def presencas(n: int) -> Iterator[dict[str, Any]]:
    sorte = random.Random(2027)
    id_ = 0
    for t in range(1, n + 1):
        for k in range(ENCONTROS):
            for p in range(POR_TURMA):
                id_ += 1
                x = sorte.random()
                situacao = "falta" if x < 0.08 else "falta_justificada" if x < 0.1 else "presente"
                yield {
                    "id": id_,
                    "encontro_id": (t - 1) * ENCONTROS + k + 1,
                    "matricula_id": (t - 1) * POR_TURMA + p + 1,
                    "situacao": situacao,
                    "origem": "chamada",
                    "registrada_em": INICIO,
                }


def _geradores(n: int) -> list[tuple[sa.Table, Iterator[dict[str, Any]]]]:
    return [
        *((tabela, iter(linhas)) for tabela, linhas in _cadastro()),
        (_t(Turma), turmas(n)),
        (_t(Encontro), encontros(n)),
        (_t(PreInscricao), preinscricoes(n)),
        (_t(Matricula), matriculas(n)),
        (_t(Presenca), presencas(n)),
    ]


def _pedacos(linhas: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    while pedaco := list(islice(linhas, PEDACO)):
        yield pedaco


def semear_sqlite(caminho: str, n: int) -> None:
    motor = sa.create_engine(f"sqlite:///{caminho}")
    with motor.begin() as c:
        for tabela, linhas in _geradores(n):
            for pedaco in _pedacos(linhas):
                c.execute(sa.insert(tabela), pedaco)
    motor.dispose()


async def semear_pg(dsn: str, n: int) -> None:
    conexao = await asyncpg.connect(dsn)
    try:
        for tabela, linhas in _geradores(n):
            for pedaco in _pedacos(linhas):
                colunas = list(pedaco[0])
                registros = [tuple(linha[c] for c in colunas) for linha in pedaco]
                await conexao.copy_records_to_table(tabela.name, records=registros, columns=colunas)
        nomes = [t.name for t, _ in _cadastro()] + ["turma", "encontro", "preinscricao"]
        for tabela in [*nomes, "matricula", "presenca"]:  # os ids vieram prontos no COPY
            await conexao.execute(
                f"SELECT setval(pg_get_serial_sequence('{tabela}', 'id'),"
                f" (SELECT max(id) FROM {tabela}))"
            )
        await conexao.execute("ANALYZE")
    finally:
        await conexao.close()
