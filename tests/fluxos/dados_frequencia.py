"""Encontros com horas por módulo, matrículas com data e chamadas já feitas, para os
testes de frequência (Core, sem ORM).

A chamada do instrutor é outra parte do sistema; aqui ela é simulada como fica no banco:
uma marca por matrícula ativa, todas com origem "chamada".
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from armazenamento.modelos import Ciclo, Cras, Encontro, Matricula, PreInscricao, Presenca, Turma
from armazenamento.tempo import FUSO

# o 1º encontro dos testes: segunda-feira, 7 de dezembro de 2026, 14h em Bauru
PRIMEIRO = datetime(2026, 12, 7, 14, 0, tzinfo=FUSO)
MATRICULA = datetime(2026, 12, 1, 12, 0, tzinfo=FUSO)


async def turma(banco: AsyncEngine, codigo: str = "T0") -> int:
    """O id da turma pelo código, sem os encontros que o cadastro pequeno semeou."""
    async with banco.begin() as c:
        turma_id = (await c.execute(sa.select(Turma.id).where(Turma.codigo == codigo))).scalar_one()  # type: ignore[arg-type]
        await c.execute(sa.delete(Encontro).where(Encontro.turma_id == turma_id))  # type: ignore[arg-type]
    return int(turma_id)


async def encontros(
    banco: AsyncEngine,
    turma_id: int,
    quantos: int,
    horas: tuple[float, float, float] = (3, 1, 0),
    inicio: datetime = PRIMEIRO,
    suspensos: frozenset[int] = frozenset(),
) -> list[int]:
    """`quantos` encontros, um por semana a partir de `inicio`, com as horas de cada módulo
    (aprendizagem, desenvolvimento pessoal, gerencial); `suspensos`: posições canceladas."""
    ids = []
    async with banco.begin() as c:
        for i in range(quantos):
            resultado = await c.execute(
                sa.insert(Encontro.__table__).values(
                    turma_id=turma_id,
                    inicio=inicio + timedelta(weeks=i),
                    horas_aprendizagem=horas[0],
                    horas_desenvolvimento_pessoal=horas[1],
                    horas_desenvolvimento_gerencial=horas[2],
                    cancelado=i in suspensos,
                )
            )
            ids.append(int(resultado.inserted_primary_key[0]))
    return ids


async def matricular(
    banco: AsyncEngine,
    turma_id: int,
    nome: str,
    chat_id: str = "",
    canal: str = "teste",
    criada_em: datetime = MATRICULA,
    situacao: str = "ativa",
    telefone: str = "",
    cras_id: int | None = None,
    prioridades: str = "",
) -> int:
    """Uma pré-inscrição (ligada à conversa `chat_id`, se dada; do CRAS dado ou do
    primeiro) e a matrícula na turma."""
    async with banco.begin() as c:
        ciclo_id = (await c.execute(sa.select(Ciclo.id))).scalar()  # type: ignore[call-overload]
        if cras_id is None:
            cras_id = (await c.execute(sa.select(Cras.id))).scalars().first()  # type: ignore[call-overload]
        pre = await c.execute(
            sa.insert(PreInscricao.__table__).values(
                ciclo_id=ciclo_id,
                nome=nome,
                nome_social="",
                nascimento=date(2000, 1, 1),
                telefone=telefone,
                cras_id=cras_id,
                prioridades=prioridades,
                curso1_id=1,
                turno="manha",
                escolaridade="medio",
                aviso_versao="1",
                canal=canal if chat_id else "",
                chat_id=chat_id,
                situacao="recebida",
                criada_em=criada_em,
            )
        )
        mat = await c.execute(
            sa.insert(Matricula.__table__).values(
                turma_id=turma_id,
                preinscricao_id=pre.inserted_primary_key[0],
                situacao=situacao,
                criada_em=criada_em,
            )
        )
    return int(mat.inserted_primary_key[0])


async def chamada(banco: AsyncEngine, encontro_id: int, marcas: Mapping[int, str]) -> None:
    """A chamada de um encontro como a chamada a salva: uma marca por matrícula, origem
    "chamada" (uma falta avisada pelo lembrete antes vira a marca da chamada)."""
    async with banco.begin() as c:
        for matricula_id, situacao in marcas.items():
            await c.execute(
                sa.delete(Presenca).where(
                    Presenca.encontro_id == encontro_id,  # type: ignore[arg-type]
                    Presenca.matricula_id == matricula_id,  # type: ignore[arg-type]
                )
            )
            await c.execute(
                sa.insert(Presenca.__table__).values(
                    encontro_id=encontro_id,
                    matricula_id=matricula_id,
                    situacao=situacao,
                    origem="chamada",
                    registrada_em=PRIMEIRO,
                )
            )


SITUACOES = {"P": "presente", "F": "falta", "J": "falta_justificada"}


async def chamadas(banco: AsyncEngine, ids: list[int], por_matricula: Mapping[int, str]) -> None:
    """As chamadas dos primeiros encontros: {matrícula: "PPJF"} marca presente, presente,
    justificada e falta nos quatro primeiros ("-": o encontro não teve marca dela)."""
    maior = max(len(codigo) for codigo in por_matricula.values())
    for posicao in range(maior):
        marcas = {
            m: SITUACOES[codigo[posicao]]
            for m, codigo in por_matricula.items()
            if posicao < len(codigo) and codigo[posicao] != "-"
        }
        await chamada(banco, ids[posicao], marcas)
