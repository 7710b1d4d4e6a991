"""Os encontros de cada matrícula, como as regras de R16/R17 os veem, montados a partir da
leitura em lote (`armazenamento.evasao`).

A tradução de cada linha é a de `fluxos.regras.frequencia` (`encontro_da_pessoa`,
`conta_para_a_matricula`): realizado = chamada feita; suspenso = cancelado (R21); quem se
matriculou depois não tem falta dos encontros de antes. Como a mesma tradução se repete
em milhares de marcas, cada combinação é traduzida uma vez só por lote.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.evasao import Lote, em_lotes, ler_lote, turmas_com_ativas
from fluxos.regras.frequencia import EncontroDaPessoa, conta_para_a_matricula, encontro_da_pessoa


@dataclass(frozen=True, slots=True)
class SequenciaDaMatricula:
    """Os encontros de uma matrícula em ordem de data, e o início de cada um (para saber o
    que aconteceu antes ou depois de uma decisão da equipe)."""

    matricula_id: int
    turma_id: int
    encontros: tuple[EncontroDaPessoa, ...]
    inicios: tuple[datetime, ...]

    def quantos_antes(self, momento: datetime) -> int:
        """Quantos encontros da pessoa começaram antes de `momento`."""
        return sum(1 for inicio in self.inicios if inicio < momento)


def montar(lote: Lote) -> list[SequenciaDaMatricula]:
    """As sequências das matrículas ativas de um lote já lido."""
    traduzidos: dict[tuple[float, bool, bool, str | None], EncontroDaPessoa] = {}
    sequencias = []
    for matricula in lote.ativas:
        minhas = lote.marcas.get(matricula.id, {})
        da_pessoa: list[EncontroDaPessoa] = []
        inicios: list[datetime] = []
        for e in lote.encontros.get(matricula.turma_id, ()):
            marca = minhas.get(e.id)
            if not conta_para_a_matricula(e.dia, matricula.dia, marca is not None):
                continue
            chave = (e.horas, e.suspenso, e.id in lote.com_chamada, marca)
            traduzido = traduzidos.get(chave)
            if traduzido is None:
                traduzido = traduzidos[chave] = encontro_da_pessoa(*chave)
            da_pessoa.append(traduzido)
            inicios.append(e.inicio)
        sequencias.append(
            SequenciaDaMatricula(matricula.id, matricula.turma_id, tuple(da_pessoa), tuple(inicios))
        )
    return sequencias


async def sequencias_do_lote(
    conexao: AsyncConnection, turmas: list[int]
) -> list[SequenciaDaMatricula]:
    return montar(await ler_lote(conexao, turmas))


async def sequencias(
    conexao: AsyncConnection, turma_ids: Sequence[int] | None = None
) -> AsyncIterator[SequenciaDaMatricula]:
    """R16/R17: cada matrícula ativa (de todas as turmas, ou das `turma_ids`) com os seus
    encontros em ordem de data, lidas em lotes de turmas."""
    turmas = list(turma_ids) if turma_ids is not None else await turmas_com_ativas(conexao)
    for lote in em_lotes(turmas):
        for sequencia in await sequencias_do_lote(conexao, lote):
            yield sequencia


async def sequencia_da_matricula(
    conexao: AsyncConnection, turma_id: int, matricula_id: int
) -> SequenciaDaMatricula | None:
    """A sequência de uma matrícula ativa (a tela do alerta mostra a frequência dela)."""
    for sequencia in await sequencias_do_lote(conexao, [turma_id]):
        if sequencia.matricula_id == matricula_id:
            return sequencia
    return None
