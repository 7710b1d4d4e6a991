"""A frequência de uma turma inteira (R7–R9, R16), para a tela da turma e a planilha.

Lê tudo de uma vez (`armazenamento.frequencias.ler_da_turma`: duas consultas, qualquer
que seja o tamanho da turma) e traduz cada matrícula pelas regras
(`fluxos.regras.frequencia_modulos`). Quem chama já conferiu a turma no escopo.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.frequencias import ler_da_turma
from fluxos.regras.frequencia_modulos import Sequencias, sequencias_da_matricula


@dataclass(frozen=True, slots=True)
class FrequenciaDaTurma:
    """`realizados`: encontros com chamada feita e não suspensos (R16, R21)."""

    realizados: int
    por_matricula: dict[int, Sequencias]


async def frequencia_da_turma(conexao: AsyncConnection, turma_id: int) -> FrequenciaDaTurma:
    lida = await ler_da_turma(conexao, turma_id)
    realizados = sum(1 for e in lida.encontros if e.chamada_feita and not e.suspenso)
    por_matricula = {
        m.matricula_id: sequencias_da_matricula(lida.encontros, m.marcas, m.dia_da_matricula)
        for m in lida.matriculas
    }
    return FrequenciaDaTurma(realizados, por_matricula)
