"""A lista do CRAS vista por uma turma, já com a regra do turno (R10): quem vem a seguir
e quantos ainda podem ser chamados. Junta a regra pura (`regras.ordem_r10`) às consultas
(`armazenamento/convocacoes_lista.py`)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.convocacoes import TurmaDaConvocacao
from armazenamento.convocacoes_lista import (
    Candidato,
    candidatos,
    contar_candidatos,
    turmas_do_curso,
)
from fluxos.convocacao.regras import OrdemR10, ordem_r10, vagas_para_convocar


async def ordem_da_turma(conexao: AsyncConnection, turma: TurmaDaConvocacao) -> OrdemR10:
    """R10: os turnos cujas turmas do curso ainda têm vaga a convocar seguram as pessoas
    que os escolheram."""
    vagas: dict[str, int] = {}
    for turno, capacidade, matriculados, pendentes in await turmas_do_curso(conexao, turma):
        vagas[turno] = vagas.get(turno, 0) + vagas_para_convocar(
            capacidade, matriculados, pendentes
        )
    return ordem_r10(turma.turno, vagas)


async def proximos(
    conexao: AsyncConnection, turma: TurmaDaConvocacao, limite: int, so: int | None = None
) -> list[Candidato]:
    """R5/R10: os próximos `limite` a chamar (travados no PostgreSQL)."""
    ordem = await ordem_da_turma(conexao, turma)
    return await candidatos(conexao, turma, limite, so, ordem.esperam)


async def na_lista(conexao: AsyncConnection, turma: TurmaDaConvocacao) -> tuple[int, int]:
    """Quantos a turma ainda pode chamar e quantos esperam a turma do turno que
    escolheram (R10)."""
    ordem = await ordem_da_turma(conexao, turma)
    podem = await contar_candidatos(conexao, turma, ordem.esperam)
    return podem, await contar_candidatos(conexao, turma) - podem
