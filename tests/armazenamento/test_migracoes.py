"""Migrações e modelos contam a mesma história (ARQUITETURA §4).

Quem muda uma tabela em `modelos.py` e esquece a migração recebe um banco de produção
diferente do que os testes usam; aqui isso aparece como diferença do autogenerate.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from itertools import pairwise
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, Integer, MetaData
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel

import armazenamento.modelos  # noqa: F401  (registra as tabelas no metadata)
from armazenamento.banco import criar_motor
from armazenamento.migracao import configuracao, migrar


@pytest.fixture
async def motor_migrado(url_banco_vazio: str) -> AsyncIterator[AsyncEngine]:
    """Banco novo, migrado do zero (não a cópia do modelo do conftest), no banco da passada."""
    motor = criar_motor(url_banco_vazio)
    await migrar(motor)
    yield motor
    await motor.dispose()


def _diferencas(conexao: Connection, metadata: MetaData = SQLModel.metadata) -> list[Any]:
    contexto = MigrationContext.configure(
        conexao, opts={"compare_type": True, "render_as_batch": True}
    )
    return list(compare_metadata(contexto, metadata))


def _versao(conexao: Connection) -> str | None:
    return MigrationContext.configure(conexao).get_current_revision()


async def test_modelos_e_migracoes_sem_diferenca(motor_migrado: AsyncEngine) -> None:
    """Autogenerate depois de migrar não acha nada: falta (ou sobra) migração se achar."""
    async with motor_migrado.connect() as conexao:
        diferencas = await conexao.run_sync(_diferencas)
    assert not diferencas, "modelos.py e as migrações divergem:\n" + "\n".join(
        repr(d) for d in diferencas
    )


async def test_comparacao_acha_uma_coluna_sem_migracao(motor_migrado: AsyncEngine) -> None:
    """A própria verificação: uma coluna a mais nos modelos aparece como diferença."""
    assert {"preinscricao", "conversa"} <= set(SQLModel.metadata.tables)
    copia = MetaData()
    for tabela in SQLModel.metadata.tables.values():
        tabela.to_metadata(copia)
    copia.tables["preinscricao"].append_column(Column("coluna_esquecida", Integer))
    async with motor_migrado.connect() as conexao:
        diferencas = await conexao.run_sync(_diferencas, copia)
    assert [d[0] for d in diferencas] == ["add_column"]


async def test_banco_migrado_fica_na_ultima_versao(motor_migrado: AsyncEngine) -> None:
    async with motor_migrado.connect() as conexao:
        versao = await conexao.run_sync(_versao)
    assert versao == ScriptDirectory.from_config(configuracao()).get_current_head()


async def test_migrar_de_novo_nao_muda_nada(motor_migrado: AsyncEngine) -> None:
    """A partida aplica as migrações sempre: num banco já migrado, é um passo vazio."""
    await migrar(motor_migrado)
    async with motor_migrado.connect() as conexao:
        assert not await conexao.run_sync(_diferencas)


def test_migracoes_em_linha_reta() -> None:
    """Uma só cabeça, uma só base, nenhum merge: dois processos sobem para o mesmo esquema."""
    roteiro = ScriptDirectory.from_config(configuracao())
    assert len(roteiro.get_heads()) == 1, f"várias cabeças: {roteiro.get_heads()}"
    assert len(roteiro.get_bases()) == 1, f"várias bases: {roteiro.get_bases()}"
    revisoes = list(roteiro.walk_revisions())
    juncoes = [r.revision for r in revisoes if isinstance(r.down_revision, tuple | list)]
    assert not juncoes, f"migrações de junção: {juncoes}"
    # do topo até a base, cada uma aponta para a seguinte: uma corrente sem galhos
    for de_cima, de_baixo in pairwise(revisoes):
        assert de_cima.down_revision == de_baixo.revision


@pytest.mark.sqlite("PRAGMA journal_mode/foreign_keys/busy_timeout só existem no SQLite")
async def test_sqlite_com_wal_chaves_estrangeiras_e_espera(motor_migrado: AsyncEngine) -> None:
    """ARQUITETURA §4: WAL (leitores não travam a escrita), FKs ligadas, espera por trava."""
    async with motor_migrado.connect() as conexao:
        modo = (await conexao.exec_driver_sql("PRAGMA journal_mode")).scalar()
        chaves = (await conexao.exec_driver_sql("PRAGMA foreign_keys")).scalar()
        espera = (await conexao.exec_driver_sql("PRAGMA busy_timeout")).scalar()
    assert str(modo).lower() == "wal"
    assert chaves == 1
    assert espera and int(espera) > 0
