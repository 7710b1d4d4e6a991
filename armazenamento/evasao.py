"""Leitura em lote para a verificação de evasão (R16, R17): a sequência de encontros de
cada matrícula ativa, turma a turma, sem objetos do ORM.

Por que assim: a verificação da noite olha todas as turmas (1.000 turmas × 40 encontros ×
15 pessoas = 600.000 marcas). Cada lote de turmas faz três consultas ordenadas (as
matrículas ativas, os encontros e as marcas), monta as sequências em memória só daquele
lote e as entrega uma a uma; o lote seguinte só é lido depois. A memória fica no tamanho
de um lote, não do banco inteiro.

A tradução de cada linha para as regras é a de `fluxos.regras.frequencia`
(`encontro_da_pessoa`, `conta_para_a_matricula`): um encontro é "realizado" quando tem
marcas de origem "chamada"; `Encontro.cancelado` é suspenso (R21); quem se matriculou
depois não tem falta dos encontros de antes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.modelos import Encontro, Matricula, Presenca
from armazenamento.tempo import FUSO
from fluxos.regras.frequencia import EncontroDaPessoa, conta_para_a_matricula, encontro_da_pessoa

_E = Encontro.__table__  # type: ignore[attr-defined]
_M = Matricula.__table__  # type: ignore[attr-defined]
_PR = Presenca.__table__  # type: ignore[attr-defined]

LOTE_TURMAS = 50  # ~30.000 marcas por lote
ORIGEM_CHAMADA = "chamada"


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


@dataclass(frozen=True, slots=True)
class _EncontroDaTurma:
    id: int
    inicio: datetime
    horas: float
    suspenso: bool
    dia: date  # o dia em Bauru (a matrícula atrasada conta a partir do dia dela)


async def turmas_com_ativas(conexao: AsyncConnection) -> list[int]:
    """As turmas com alguma matrícula ativa, em ordem (pelo índice de turma e situação)."""
    consulta = sa.select(_M.c.turma_id).where(_M.c.situacao == "ativa").distinct()
    return sorted(int(t) for t in (await conexao.execute(consulta)).scalars())


def em_lotes(ids: Sequence[int], tamanho: int = LOTE_TURMAS) -> list[list[int]]:
    unicos = sorted(set(ids))
    return [unicos[i : i + tamanho] for i in range(0, len(unicos), tamanho)]


async def _encontros(
    conexao: AsyncConnection, turmas: list[int]
) -> dict[int, list[_EncontroDaTurma]]:
    horas = _E.c.horas_aprendizagem + _E.c.horas_desenvolvimento_pessoal
    horas = horas + _E.c.horas_desenvolvimento_gerencial  # a fase: a soma dos módulos
    consulta = (
        sa.select(_E.c.turma_id, _E.c.id, _E.c.inicio, horas.label("horas"), _E.c.cancelado)
        .where(_E.c.turma_id.in_(turmas))
        .order_by(_E.c.turma_id, _E.c.inicio, _E.c.id)
    )
    por_turma: dict[int, list[_EncontroDaTurma]] = {}
    for t, eid, inicio, h, cancelado in (await conexao.execute(consulta)).all():
        dia = inicio.astimezone(FUSO).date()
        por_turma.setdefault(t, []).append(
            _EncontroDaTurma(eid, inicio, float(h), bool(cancelado), dia)
        )
    return por_turma


async def _marcas(
    conexao: AsyncConnection, encontros: list[int]
) -> tuple[dict[int, dict[int, str]], set[int]]:
    """As marcas de cada matrícula (encontro → situação) e os encontros com chamada feita.
    Pelos ids dos encontros (o índice único de presença começa por eles): sem varrer a
    tabela inteira a cada lote."""
    consulta = sa.select(_PR.c.encontro_id, _PR.c.matricula_id, _PR.c.situacao, _PR.c.origem)
    consulta = consulta.where(_PR.c.encontro_id.in_(encontros))
    marcas: dict[int, dict[int, str]] = {}
    com_chamada: set[int] = set()
    for encontro_id, matricula_id, situacao, origem in (await conexao.execute(consulta)).all():
        da_matricula = marcas.get(matricula_id)
        if da_matricula is None:
            da_matricula = marcas[matricula_id] = {}
        da_matricula[encontro_id] = situacao
        if origem == ORIGEM_CHAMADA:
            com_chamada.add(encontro_id)
    return marcas, com_chamada


async def _ativas(conexao: AsyncConnection, turmas: list[int]) -> list[tuple[int, int, datetime]]:
    consulta = (
        sa.select(_M.c.turma_id, _M.c.id, _M.c.criada_em)
        .where(_M.c.turma_id.in_(turmas), _M.c.situacao == "ativa")
        .order_by(_M.c.turma_id, _M.c.id)
    )
    return [(int(t), int(m), criada) for t, m, criada in (await conexao.execute(consulta)).all()]


async def sequencias_do_lote(
    conexao: AsyncConnection, turmas: list[int]
) -> list[SequenciaDaMatricula]:
    """As sequências das matrículas ativas de um lote de turmas."""
    ativas = await _ativas(conexao, turmas)
    if not ativas:
        return []
    encontros = await _encontros(conexao, turmas)
    ids = [e.id for lista in encontros.values() for e in lista]
    marcas, com_chamada = await _marcas(conexao, ids) if ids else ({}, set())
    # a tradução de cada (encontro, marca) é pura e se repete muito: traduz uma vez só
    traduzidos: dict[tuple[float, bool, bool, str | None], EncontroDaPessoa] = {}
    sequencias = []
    for turma_id, matricula_id, criada_em in ativas:
        dia_matricula = criada_em.astimezone(FUSO).date()
        minhas = marcas.get(matricula_id, {})
        da_pessoa: list[EncontroDaPessoa] = []
        inicios: list[datetime] = []
        for e in encontros.get(turma_id, ()):
            marca = minhas.get(e.id)
            if not conta_para_a_matricula(e.dia, dia_matricula, marca is not None):
                continue
            chave = (e.horas, e.suspenso, e.id in com_chamada, marca)
            traduzido = traduzidos.get(chave)
            if traduzido is None:
                traduzido = traduzidos[chave] = encontro_da_pessoa(*chave)
            da_pessoa.append(traduzido)
            inicios.append(e.inicio)
        sequencias.append(
            SequenciaDaMatricula(matricula_id, turma_id, tuple(da_pessoa), tuple(inicios))
        )
    return sequencias


async def sequencias(
    conexao: AsyncConnection, turma_ids: Sequence[int] | None = None
) -> AsyncIterator[SequenciaDaMatricula]:
    """R16/R17: cada matrícula ativa (de todas as turmas, ou das `turma_ids`) com os seus
    encontros em ordem de data; lidas em lotes de `LOTE_TURMAS` turmas."""
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
