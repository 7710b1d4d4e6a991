"""O que a frequência precisa ler do banco (R7–R9, R16), para uma matrícula ou para uma
turma inteira, sem commit.

Os encontros da turma em ordem de data, com as horas de cada módulo, se estão suspensos
(`cancelado`, R21) e se a chamada foi feita (há marcas de origem "chamada" do encontro);
as matrículas com a data da matrícula (o dia em Bauru) e as marcas de cada uma. Quem vê
a frequência traduz isso pelas regras (`fluxos.regras.frequencia_modulos`).

Duas consultas, qualquer que seja o tamanho da turma: os encontros e, num LEFT JOIN, as
matrículas com as suas marcas. A verificação noturna de evasão tem o seu próprio leitor,
em lotes; este é o das telas.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.modelos import Curso, Encontro, Matricula, PreInscricao, Presenca, Turma
from armazenamento.tempo import FUSO

_E = Encontro.__table__  # type: ignore[attr-defined]
_M = Matricula.__table__  # type: ignore[attr-defined]
_PR = Presenca.__table__  # type: ignore[attr-defined]
_P = PreInscricao.__table__  # type: ignore[attr-defined]
_T = Turma.__table__  # type: ignore[attr-defined]
_CU = Curso.__table__  # type: ignore[attr-defined]
ORIGEM_CHAMADA = "chamada"  # a marca que o instrutor salva na chamada


@dataclass(frozen=True, slots=True)
class EncontroLido:
    id: int
    dia: date  # em Bauru
    horas_aprendizagem: float
    horas_desenvolvimento_pessoal: float
    horas_desenvolvimento_gerencial: float
    suspenso: bool
    chamada_feita: bool


@dataclass(frozen=True, slots=True)
class MatriculaLida:
    matricula_id: int
    dia_da_matricula: date  # em Bauru
    marcas: dict[int, str] = field(default_factory=dict)  # encontro → situação


@dataclass(frozen=True, slots=True)
class FrequenciaLida:
    """Os encontros da turma e as matrículas pedidas (em ordem de id)."""

    encontros: tuple[EncontroLido, ...]
    matriculas: tuple[MatriculaLida, ...]


async def encontros_da_turma(conexao: AsyncConnection, turma_id: int) -> tuple[EncontroLido, ...]:
    """Todos os encontros da turma, em ordem de data, com a chamada feita ou não."""
    chamada = (
        sa.select(_PR.c.id)
        .where(_PR.c.encontro_id == _E.c.id, _PR.c.origem == ORIGEM_CHAMADA)
        .exists()
    )
    consulta = (
        sa.select(
            _E.c.id,
            _E.c.inicio,
            _E.c.horas_aprendizagem,
            _E.c.horas_desenvolvimento_pessoal,
            _E.c.horas_desenvolvimento_gerencial,
            _E.c.cancelado,
            chamada.label("chamada_feita"),
        )
        .where(_E.c.turma_id == turma_id)
        .order_by(_E.c.inicio, _E.c.id)
    )
    return tuple(
        EncontroLido(
            linha.id,
            linha.inicio.astimezone(FUSO).date(),
            float(linha.horas_aprendizagem),
            float(linha.horas_desenvolvimento_pessoal),
            float(linha.horas_desenvolvimento_gerencial),
            bool(linha.cancelado),
            bool(linha.chamada_feita),
        )
        for linha in await conexao.execute(consulta)
    )


async def _matriculas(
    conexao: AsyncConnection, filtro: sa.ColumnElement[bool]
) -> tuple[MatriculaLida, ...]:
    """As matrículas do filtro com as suas marcas (uma linha por marca, ou uma só sem)."""
    consulta = (
        sa.select(_M.c.id, _M.c.criada_em, _PR.c.encontro_id, _PR.c.situacao)
        .select_from(_M.outerjoin(_PR, _PR.c.matricula_id == _M.c.id))
        .where(filtro)
        .order_by(_M.c.id)
    )
    lidas: dict[int, MatriculaLida] = {}
    for linha in await conexao.execute(consulta):
        lida = lidas.get(linha.id)
        if lida is None:
            lida = MatriculaLida(linha.id, linha.criada_em.astimezone(FUSO).date())
            lidas[linha.id] = lida
        if linha.encontro_id is not None:
            lida.marcas[linha.encontro_id] = linha.situacao
    return tuple(lidas.values())


async def ler_da_turma(conexao: AsyncConnection, turma_id: int) -> FrequenciaLida:
    """Os encontros e as matrículas ativas de uma turma (quem chama conferiu o escopo)."""
    encontros = await encontros_da_turma(conexao, turma_id)
    ativas = sa.and_(_M.c.turma_id == turma_id, _M.c.situacao == "ativa")
    return FrequenciaLida(encontros, await _matriculas(conexao, ativas))


async def ler_da_matricula(conexao: AsyncConnection, matricula_id: int) -> FrequenciaLida | None:
    """Os encontros da turma de uma matrícula e as marcas dela (None: não existe)."""
    turma_id = (
        await conexao.execute(sa.select(_M.c.turma_id).where(_M.c.id == matricula_id))
    ).scalar()
    if turma_id is None:
        return None
    encontros = await encontros_da_turma(conexao, turma_id)
    return FrequenciaLida(encontros, await _matriculas(conexao, _M.c.id == matricula_id))


@dataclass(frozen=True, slots=True)
class MatriculaAtiva:
    """Uma matrícula ativa de uma pré-inscrição da conversa: o que a pessoa lê dela."""

    matricula_id: int
    preinscricao_id: int
    nome: str
    nome_social: str
    curso: str
    turma: str


async def matriculas_ativas(
    conexao: AsyncConnection, preinscricoes: Sequence[int]
) -> list[MatriculaAtiva]:
    """As matrículas ativas destas pré-inscrições (as da conversa), na ordem das
    pré-inscrições; a mais nova de cada uma primeiro."""
    if not preinscricoes:
        return []
    consulta = (
        sa.select(
            _M.c.id, _M.c.preinscricao_id, _P.c.nome, _P.c.nome_social, _CU.c.nome, _T.c.codigo
        )
        .select_from(
            _M.join(_P, _P.c.id == _M.c.preinscricao_id)
            .join(_T, _T.c.id == _M.c.turma_id)
            .join(_CU, _CU.c.id == _T.c.curso_id)
        )
        .where(_M.c.preinscricao_id.in_(list(preinscricoes)), _M.c.situacao == "ativa")
        .order_by(_M.c.preinscricao_id, _M.c.id.desc())
    )
    return [MatriculaAtiva(*linha) for linha in await conexao.execute(consulta)]
