"""Uma turma com gente de verdade para a chamada: nomes, matrículas e encontros."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from armazenamento.modelos import Ciclo, Cras, Encontro, Matricula, PreInscricao, Presenca

NOMES_15 = (
    "Ana Souza",
    "Ana Lima",
    "Bruno Costa",
    "Carla Dias",
    "Diego Alves",
    "Elaine Rocha",
    "Fábio Nunes",
    "Gabriela Melo",
    "Heitor Ramos",
    "Iara Pires",
    "João Batista",
    "Karina Teles",
    "Maria Aparecida da Silva",
    "Otávio Prado",
    "Paula Freitas",
)


async def matricular_nomes(
    banco: AsyncEngine, turma_id: int, nomes: Sequence[str], criada_em: datetime
) -> list[int]:
    """Uma pré-inscrição e uma matrícula ativa por nome ("Nome|Social" usa o social)."""
    ids = []
    async with banco.begin() as c:
        ciclo_id = (await c.execute(sa.select(Ciclo.id))).scalar()
        cras_id = (await c.execute(sa.select(Cras.id))).scalars().first()
        for i, completo in enumerate(nomes):
            nome, _, social = completo.partition("|")
            pre = await c.execute(
                sa.insert(PreInscricao.__table__).values(
                    ciclo_id=ciclo_id,
                    nome=nome,
                    nome_social=social,
                    nascimento=date(2000, 1, 1),
                    telefone="",
                    cras_id=cras_id,
                    prioridades="",
                    curso1_id=1,
                    turno="manha",
                    escolaridade="medio",
                    aviso_versao="1",
                    canal="telegram",
                    chat_id=f"aluno-{turma_id}-{i}-{nome}",
                    situacao="matriculada",
                    criada_em=criada_em,
                )
            )
            mat = await c.execute(
                sa.insert(Matricula.__table__).values(
                    turma_id=turma_id,
                    preinscricao_id=pre.inserted_primary_key[0],
                    situacao="ativa",
                    criada_em=criada_em,
                )
            )
            ids.append(int(mat.inserted_primary_key[0]))
    return ids


async def novo_encontro(
    banco: AsyncEngine, turma_id: int, inicio: datetime, cancelado: bool = False
) -> int:
    async with banco.begin() as c:
        resultado = await c.execute(
            sa.insert(Encontro.__table__).values(
                turma_id=turma_id,
                inicio=inicio,
                horas_aprendizagem=4.0,
                horas_desenvolvimento_pessoal=0.0,
                horas_desenvolvimento_gerencial=0.0,
                cancelado=cancelado,
            )
        )
        return int(resultado.inserted_primary_key[0])


async def falta_avisada(banco: AsyncEngine, encontro_id: int, matricula_id: int) -> None:
    """O "Não vou poder" do lembrete, como `armazenamento.presencas` grava."""
    async with banco.begin() as c:
        await c.execute(
            sa.insert(Presenca.__table__).values(
                encontro_id=encontro_id,
                matricula_id=matricula_id,
                situacao="falta_justificada",
                origem="lembrete",
                registrada_em=datetime(2027, 1, 1),
            )
        )


async def marcas(banco: AsyncEngine, encontro_id: int) -> dict[int, tuple[str, str]]:
    """matrícula → (situação, origem) das marcas do encontro."""
    async with banco.connect() as c:
        linhas = await c.execute(
            sa.select(Presenca.matricula_id, Presenca.situacao, Presenca.origem).where(  # type: ignore[call-overload]
                Presenca.encontro_id == encontro_id
            )
        )
        return {m: (s, o) for m, s, o in linhas.all()}
