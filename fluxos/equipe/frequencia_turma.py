"""A frequência de uma turma inteira (R7–R9, R16), para a tela da turma e a planilha, e
a turma num olhar: o percentual por horas de cada pessoa e quem está abaixo de 75% ou não
alcança mais, com a legenda, numa mensagem que cabe no celular (~15 pessoas).

Lê tudo de uma vez (`armazenamento.frequencias.ler_da_turma`: duas consultas, qualquer
que seja o tamanho da turma) e traduz cada matrícula pelas regras
(`fluxos.regras.frequencia_modulos`). Quem chama já conferiu a turma no escopo.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.frequencias import ler_da_turma
from armazenamento.turmas import Aluno
from fluxos.regras.frequencia_modulos import Resumo, Sequencias, resumir, sequencias_da_matricula
from mensagens.catalogo import texto


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


def _linha_do_aluno(ordem: int, aluno: Aluno, resumo: Resumo) -> str:
    """R16: o percentual por horas e a marca de quem está abaixo ou não alcança mais."""
    if resumo.percentual is None:
        return texto("frequencia.turma.aluno_sem_aula", ordem=ordem, nome=aluno.nome)
    chave = "aluno_sem_volta" if resumo.sem_volta else "aluno_abaixo" if resumo.abaixo else "aluno"
    return texto(
        f"frequencia.turma.{chave}", ordem=ordem, nome=aluno.nome, percentual=resumo.percentual
    )


def quadro_da_turma(alunos: list[Aluno], frequencia: FrequenciaDaTurma) -> list[str]:
    """A turma num olhar (R16, R24): nome e frequência de cada um, a contagem de quem está
    abaixo de 75% ou não alcança mais e a legenda (só quando há alguém marcado)."""
    vazia = Sequencias({}, ())
    resumos = [resumir(frequencia.por_matricula.get(a.matricula_id, vazia).fase) for a in alunos]
    linhas = [
        _linha_do_aluno(i, a, r) for i, (a, r) in enumerate(zip(alunos, resumos, strict=True), 1)
    ]
    partes = ["\n".join([texto("frequencia.turma.titulo"), *linhas])]
    sem_volta = sum(1 for r in resumos if r.sem_volta)
    abaixo = sum(1 for r in resumos if r.abaixo)  # quem não alcança também está abaixo
    if abaixo or sem_volta:
        partes.append(texto("frequencia.turma.contagem", abaixo=abaixo, sem_volta=sem_volta))
        partes.append(texto("frequencia.turma.legenda"))
    return partes
