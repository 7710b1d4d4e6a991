"""Uma turma com encontros passados e chamadas feitas, para os testes de evasão (R17)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from armazenamento.modelos import Encontro, Envio, Matricula, Osc, Presenca
from armazenamento.modelos_alertas import Alerta, NotaAlerta
from tests.fluxos.dados_lembretes import em_bauru

# segunda, 1º de março de 2027, 22h em Bauru (a hora da verificação da noite)
NOITE = datetime(2027, 3, 2, 1, 0, tzinfo=UTC)
MANHA = NOITE + timedelta(hours=9)  # terça, 2 de março, 7h em Bauru (a verificação do dia)
PRIMEIRA_AULA = em_bauru(2027, 1, 4, 14)  # as aulas são às segundas, 14h


async def encontros(banco: AsyncEngine, turma_id: int, quantos: int) -> list[int]:
    """`quantos` encontros semanais da turma, a partir de 4 de janeiro de 2027."""
    linhas = [
        {"turma_id": turma_id, "inicio": PRIMEIRA_AULA + timedelta(weeks=i), "cancelado": False}
        for i in range(quantos)
    ]
    async with banco.begin() as c:
        await c.execute(sa.insert(Encontro.__table__), linhas)  # type: ignore[attr-defined]
        consulta = (
            sa.select(Encontro.id)  # type: ignore[call-overload]
            .where(Encontro.turma_id == turma_id, Encontro.inicio >= PRIMEIRA_AULA)  # type: ignore[arg-type]
            .order_by(Encontro.inicio)
        )
        return [int(i) for i in (await c.execute(consulta)).scalars()]


async def chamada(banco: AsyncEngine, encontro_id: int, marcas: dict[int, str]) -> None:
    """A chamada de um encontro: uma marca de origem "chamada" por matrícula."""
    async with banco.begin() as c:
        await c.execute(
            sa.insert(Presenca.__table__),  # type: ignore[attr-defined]
            [
                {
                    "encontro_id": encontro_id,
                    "matricula_id": m,
                    "situacao": s,
                    "origem": "chamada",
                    "registrada_em": NOITE,
                }
                for m, s in marcas.items()
            ],
        )


async def chamadas(
    banco: AsyncEngine, ids: list[int], codigos: dict[int, str], desde: int = 0
) -> None:
    """Uma chamada por encontro, a partir do `desde`-ésimo: "PPF" por matrícula."""
    letras = {"P": "presente", "F": "falta", "J": "falta_justificada"}
    for i in range(desde, max(len(c) for c in codigos.values())):
        await chamada(banco, ids[i], {m: letras[c[i]] for m, c in codigos.items() if i < len(c)})


async def alertas(banco: AsyncEngine) -> list[tuple[int, str, str, str]]:
    """(matrícula, motivo, situação, resposta) de cada alerta, em ordem."""
    t = Alerta.__table__  # type: ignore[attr-defined]
    async with banco.connect() as c:
        consulta = sa.select(t.c.matricula_id, t.c.motivo, t.c.situacao, t.c.resposta)
        return [tuple(linha) for linha in (await c.execute(consulta.order_by(t.c.id))).all()]


async def notas(banco: AsyncEngine) -> list[str]:
    async with banco.connect() as c:
        return list((await c.execute(sa.select(NotaAlerta.texto))).scalars())  # type: ignore[call-overload]


async def envios(banco: AsyncEngine) -> list[tuple[str, str, str]]:
    """(chat, chave, conteúdo) de cada envio da fila, em ordem."""
    t = Envio.__table__  # type: ignore[attr-defined]
    async with banco.connect() as c:
        consulta = sa.select(t.c.chat_id, t.c.chave, t.c.conteudo).order_by(t.c.id)
        return [tuple(linha) for linha in (await c.execute(consulta)).all()]


async def situacao_da_matricula(banco: AsyncEngine, matricula_id: int) -> str:
    async with banco.connect() as c:
        consulta = sa.select(Matricula.situacao).where(Matricula.id == matricula_id)  # type: ignore[call-overload, arg-type]
        return str((await c.execute(consulta)).scalar_one())


async def nova_osc(banco: AsyncEngine) -> int:
    async with banco.begin() as c:
        r = await c.execute(sa.insert(Osc.__table__).values(nome="Outra OSC"))  # type: ignore[attr-defined]
        return int(r.inserted_primary_key[0])
