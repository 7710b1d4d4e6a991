"""O leitor da frequência (R7–R9, R16, R21): encontros com horas por módulo, suspensos e
chamada feita; matrículas ativas com a data em Bauru e as marcas; duas consultas por
turma, qualquer que seja o tamanho dela."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from armazenamento.banco import transacao
from armazenamento.frequencias import (
    EncontroLido,
    ler_da_matricula,
    ler_da_turma,
    matriculas_ativas,
)
from armazenamento.modelos import Matricula, Presenca
from armazenamento.tempo import FUSO
from tests.dados import semear_programa
from tests.fluxos.dados_frequencia import chamada, chamadas, encontros, matricular, turma

HOJE = datetime(2027, 1, 10).date()


@contextmanager
def contar_consultas(banco: AsyncEngine) -> Iterator[list[str]]:
    feitas: list[str] = []

    def anotar(*args: Any) -> None:
        feitas.append(str(args[2]))

    sa.event.listen(banco.sync_engine, "before_cursor_execute", anotar)
    try:
        yield feitas
    finally:
        sa.event.remove(banco.sync_engine, "before_cursor_execute", anotar)


async def test_r16_r21_le_encontros_marcas_e_datas_de_bauru(
    sessoes: async_sessionmaker[AsyncSession],
) -> None:
    await semear_programa(sessoes, HOJE)
    banco: AsyncEngine = sessoes.kw["bind"]
    t0 = await turma(banco)
    ids = await encontros(banco, t0, 4, horas=(3, 1, 0.5), suspensos=frozenset({1}))
    # 23h30 de 1º/12 em Bauru já é 2 de dezembro em UTC: a data que vale é a de Bauru
    tarde = datetime(2026, 12, 2, 2, 30, tzinfo=UTC)
    ana = await matricular(banco, t0, "Ana", criada_em=tarde)
    bia = await matricular(banco, t0, "Bia")
    saiu = await matricular(banco, t0, "Caio", situacao="desistente")
    await chamadas(banco, ids, {ana: "PP", bia: "FJ", saiu: "P"})
    async with banco.begin() as c:  # a falta avisada pelo lembrete antes da chamada
        await c.execute(
            sa.insert(Presenca.__table__).values(
                encontro_id=ids[3],
                matricula_id=bia,
                situacao="falta_justificada",
                origem="lembrete",
                registrada_em=tarde,
            )
        )

    async with transacao(banco) as conexao:
        lida = await ler_da_turma(conexao, t0)

    assert lida.encontros[0] == EncontroLido(
        ids[0], datetime(2026, 12, 7).date(), 3, 1, 0.5, suspenso=False, chamada_feita=True
    )
    assert [(e.suspenso, e.chamada_feita) for e in lida.encontros] == [
        (False, True),
        (True, True),  # R21: suspenso, mesmo com marca
        (False, False),
        (False, False),  # só a falta avisada: a chamada ainda não foi feita
    ]
    assert [m.matricula_id for m in lida.matriculas] == [ana, bia]  # só as ativas
    assert lida.matriculas[0].dia_da_matricula == tarde.astimezone(FUSO).date()
    assert lida.matriculas[0].dia_da_matricula.day == 1
    assert lida.matriculas[1].marcas == {
        ids[0]: "falta",
        ids[1]: "falta_justificada",
        ids[3]: "falta_justificada",
    }


async def test_r16_turma_inteira_em_duas_consultas(
    sessoes: async_sessionmaker[AsyncSession],
) -> None:
    """A tela de uma turma de 15 (ou de 40) lê o mesmo número de consultas."""
    await semear_programa(sessoes, HOJE)
    banco: AsyncEngine = sessoes.kw["bind"]
    t0 = await turma(banco)
    ids = await encontros(banco, t0, 10)
    pessoas = [await matricular(banco, t0, f"Pessoa {i}") for i in range(15)]
    await chamadas(banco, ids, {m: "PPFPJ" for m in pessoas})

    async with transacao(banco) as conexao:
        with contar_consultas(banco) as feitas:
            lida = await ler_da_turma(conexao, t0)
    assert len(feitas) == 2
    assert len(lida.matriculas) == 15
    assert all(len(m.marcas) == 5 for m in lida.matriculas)


async def test_le_uma_matricula_e_as_ativas_da_conversa(
    sessoes: async_sessionmaker[AsyncSession],
) -> None:
    await semear_programa(sessoes, HOJE)
    banco: AsyncEngine = sessoes.kw["bind"]
    t0 = await turma(banco)
    ids = await encontros(banco, t0, 3)
    ana = await matricular(banco, t0, "Ana", chat_id="55")
    bia = await matricular(banco, t0, "Bia")
    await chamada(banco, ids[0], {ana: "presente", bia: "falta"})

    async with transacao(banco) as conexao:
        lida = await ler_da_matricula(conexao, ana)
        assert await ler_da_matricula(conexao, 999_999) is None
        pre = (
            await conexao.execute(sa.select(Matricula.preinscricao_id).where(Matricula.id == ana))  # type: ignore[arg-type]
        ).scalar_one()
        ativas = await matriculas_ativas(conexao, [pre])
        assert await matriculas_ativas(conexao, []) == []
    assert lida is not None
    assert len(lida.encontros) == 3
    assert [(m.matricula_id, m.marcas) for m in lida.matriculas] == [(ana, {ids[0]: "presente"})]
    assert [(a.matricula_id, a.nome, a.curso, a.turma) for a in ativas] == [
        (ana, "Ana", "Confeitaria", "T0")
    ]
