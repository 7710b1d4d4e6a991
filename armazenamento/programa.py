"""Consultas ao cadastro do programa: ciclos, cursos oferecidos, bairros e CRAS."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from armazenamento.modelos import Bairro, Ciclo, Cras, Curso, Turma


async def listar_ciclos(sessao: AsyncSession) -> list[Ciclo]:
    return list(
        (await sessao.scalars(select(Ciclo).order_by(col(Ciclo.preinscricao_inicio)))).all()
    )


async def cursos_do_ciclo(sessao: AsyncSession, ciclo_id: int) -> list[Curso]:
    """Cursos com alguma turma no ciclo: só esses podem ser escolhidos na pré-inscrição."""
    consulta = (
        select(Curso)
        .where(col(Curso.id).in_(select(Turma.curso_id).where(col(Turma.ciclo_id) == ciclo_id)))
        .order_by(col(Curso.nome))
    )
    return list((await sessao.scalars(consulta)).all())


async def listar_bairros(sessao: AsyncSession) -> list[Bairro]:
    return list((await sessao.scalars(select(Bairro).order_by(col(Bairro.nome)))).all())


async def listar_cras(sessao: AsyncSession) -> list[Cras]:
    return list((await sessao.scalars(select(Cras).order_by(col(Cras.nome)))).all())
