"""Turmas, matrículas e encontros para os testes do lembrete de aula (Core, sem ORM)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from armazenamento.modelos import Ciclo, Cras, Encontro, Matricula, PreInscricao, Presenca, Turma
from armazenamento.tempo import FUSO
from tests.dados import semear_programa

# segunda-feira, 1º de março de 2027, 18h em Bauru (21h UTC): amanhã é terça, 2 de março
AGORA = datetime(2027, 3, 1, 21, 0, tzinfo=UTC)


def em_bauru(ano: int, mes: int, dia: int, hora: int = 14, minuto: int = 0) -> datetime:
    return datetime(ano, mes, dia, hora, minuto, tzinfo=FUSO)


async def semear(sessoes: async_sessionmaker[AsyncSession]) -> dict[str, int]:
    """O cadastro pequeno (ciclo 2027 aberto em 1º/3) e o id de cada turma pelo código."""
    await semear_programa(sessoes, AGORA.date())
    async with sessoes() as s:
        turmas = (await s.execute(sa.select(Turma.codigo, Turma.id))).all()
    return {codigo: id for codigo, id in turmas}


async def encontro(
    banco: AsyncEngine, turma_id: int, inicio: datetime, cancelado: bool = False
) -> int:
    async with banco.begin() as c:
        resultado = await c.execute(
            sa.insert(Encontro.__table__).values(
                turma_id=turma_id, inicio=inicio, cancelado=cancelado
            )
        )
    return int(resultado.inserted_primary_key[0])


async def matricular(
    banco: AsyncEngine,
    turma_id: int,
    chat_id: str,
    canal: str = "telegram",
    situacao: str = "ativa",
) -> int:
    """Uma pré-inscrição desta conversa e a matrícula dela na turma; devolve a matrícula."""
    async with banco.begin() as c:
        ciclo_id = (await c.execute(sa.select(Ciclo.id))).scalar()
        cras_id = (await c.execute(sa.select(Cras.id))).scalars().first()
        pre = await c.execute(
            sa.insert(PreInscricao.__table__).values(
                ciclo_id=ciclo_id,
                nome="Pessoa de Teste",
                nome_social="",
                nascimento=date(2000, 1, 1),
                telefone="",
                cras_id=cras_id,
                prioridades="",
                curso1_id=1,
                turno="manha",
                escolaridade="medio",
                aviso_versao="1",
                canal=canal,
                chat_id=chat_id,
                situacao="recebida",
                criada_em=AGORA,
            )
        )
        mat = await c.execute(
            sa.insert(Matricula.__table__).values(
                turma_id=turma_id,
                preinscricao_id=pre.inserted_primary_key[0],
                situacao=situacao,
                criada_em=AGORA,
            )
        )
    return int(mat.inserted_primary_key[0])


async def presencas(banco: AsyncEngine) -> list[tuple[int, int, str, str]]:
    _PR = Presenca.__table__
    async with banco.connect() as c:
        consulta = sa.select(_PR.c.encontro_id, _PR.c.matricula_id, _PR.c.situacao, _PR.c.origem)
        return [tuple(linha) for linha in (await c.execute(consulta)).all()]
