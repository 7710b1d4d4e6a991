"""A busca da equipe (/buscar): por nome, protocolo ou CPF, só dentro do escopo (R24).

O escopo vai no WHERE de cada consulta: o CRAS acha as pré-inscrições do seu território;
a OSC, as pessoas encaminhadas a ela, matriculadas nas suas turmas ou pré-inscritas por
alguém dela (pré-inscrição assistida: ela já tinha os dados e dá o código de vínculo); a
gestão, todas.
Quem está fora do escopo não sai do banco: para quem busca, é igual a não existir.

Nome sem acento e em parte ("joao da sil" acha "João da Silva") no SQLite e no
PostgreSQL sem coluna nova: os nomes do escopo (poucos por território) são comparados
em Python, já normalizados; os dados da pessoa só saem para os que casam.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.acesso import Acesso
from armazenamento.modelos import (
    Ciclo,
    Convocacao,
    Curso,
    Encaminhamento,
    Matricula,
    MembroEquipe,
    PreInscricao,
    Turma,
)
from armazenamento.normalizacao import normalizar
from armazenamento.planilhas import osc_no_escopo
from armazenamento.priorizacao import cras_no_escopo

_P = PreInscricao.__table__  # type: ignore[attr-defined]
_CI = Ciclo.__table__  # type: ignore[attr-defined]
_EN = Encaminhamento.__table__  # type: ignore[attr-defined]
_M = Matricula.__table__  # type: ignore[attr-defined]
_T = Turma.__table__  # type: ignore[attr-defined]
_CU = Curso.__table__  # type: ignore[attr-defined]
_CV = Convocacao.__table__  # type: ignore[attr-defined]
_EQ = MembroEquipe.__table__  # type: ignore[attr-defined]

# auditoria (ARQUITETURA §8): o tipo de busca, nunca o termo buscado
ACAO_BUSCA = "busca"  # + ".nome", ".cpf" ou ".protocolo"; alvo: quantas achou
ACAO_RESULTADO = "busca.resultado"  # uma por pessoa mostrada na lista; alvo: a pré-inscrição
ACAO_SITUACAO = "busca.situacao"  # a situação de uma pessoa; alvo: a pré-inscrição


def preinscricao_no_escopo(acesso: Acesso) -> Any:
    """R24: as pré-inscrições que o papel enxerga, como condição sobre `preinscricao`."""
    if acesso.gestao:
        return sa.true()
    partes = []
    if acesso.crases:
        partes.append(cras_no_escopo(acesso, _P.c.cras_id))
    if acesso.oscs:
        en, m, t, cu = (
            _EN.alias("en_busca"),
            _M.alias("m_busca"),
            _T.alias("t_busca"),
            _CU.alias("cu_busca"),
        )
        encaminhada = sa.exists().where(
            en.c.preinscricao_id == _P.c.id, osc_no_escopo(acesso, en.c.osc_id)
        )
        matriculada = sa.exists().where(
            m.c.preinscricao_id == _P.c.id,
            m.c.turma_id == t.c.id,
            t.c.curso_id == cu.c.id,
            osc_no_escopo(acesso, cu.c.osc_id),
        )
        registrada = sa.exists().where(  # R3: a assistida feita por alguém desta OSC
            _EQ.c.id == _P.c.registrada_por, osc_no_escopo(acesso, _EQ.c.osc_id)
        )
        partes.extend([encaminhada, matriculada, registrada])
    return sa.or_(*partes) if partes else sa.false()


@dataclass(frozen=True, slots=True)
class Achado:
    """Uma linha do resultado da busca (vai para a tela mascarado)."""

    id: int
    ano: int
    nome: str
    nome_social: str
    cpf: str | None


def _selecionar(acesso: Acesso) -> Any:
    return (
        sa.select(_P.c.id, _CI.c.ano, _P.c.nome, _P.c.nome_social, _P.c.cpf)
        .select_from(_P.join(_CI, _CI.c.id == _P.c.ciclo_id))
        .where(preinscricao_no_escopo(acesso))
    )


def _ordem() -> tuple[Any, ...]:
    return (_CI.c.ano.desc(), _P.c.nome, _P.c.id)


async def _achados(conexao: AsyncConnection, consulta: Any) -> list[Achado]:
    return [Achado(*linha) for linha in await conexao.execute(consulta.order_by(*_ordem()))]


async def por_cpf(conexao: AsyncConnection, acesso: Acesso, cpf: str) -> list[Achado]:
    return await _achados(conexao, _selecionar(acesso).where(_P.c.cpf == cpf))


async def por_protocolo(
    conexao: AsyncConnection, acesso: Acesso, numero: int, ano: int | None
) -> list[Achado]:
    consulta = _selecionar(acesso).where(_P.c.id == numero)
    if ano is not None:
        consulta = consulta.where(_CI.c.ano == ano)
    return await _achados(conexao, consulta)


async def por_ids(conexao: AsyncConnection, acesso: Acesso, ids: Sequence[int]) -> list[Achado]:
    """Os achados de uma busca já feita (a página seguinte), na ordem dada, conferidos de
    novo no escopo (o papel pode ter mudado desde a busca)."""
    achados = {
        a.id: a for a in await _achados(conexao, _selecionar(acesso).where(_P.c.id.in_(ids)))
    }
    return [achados[i] for i in ids if i in achados]


def casa(termo: str, nome: str) -> bool:
    """ "joao da sil" casa com "João da Silva"; "joao silva" também (cada palavra do termo
    é o começo de uma palavra do nome, na ordem). `termo` já vem normalizado."""
    alvo = normalizar(nome)
    if termo in alvo:
        return True
    palavras = alvo.split()
    i = 0
    for parte in termo.split():
        while i < len(palavras) and not palavras[i].startswith(parte):
            i += 1
        if i == len(palavras):
            return False
        i += 1
    return True


async def por_nome(conexao: AsyncConnection, acesso: Acesso, termo: str) -> list[Achado]:
    """Só id e nomes do escopo saem do banco para comparar; o resto, só dos que casam."""
    nomes = sa.select(_P.c.id, _P.c.nome, _P.c.nome_social).where(preinscricao_no_escopo(acesso))
    ids = [i for i, nome, social in await conexao.execute(nomes) if casa(termo, f"{nome} {social}")]
    if not ids:
        return []
    return await _achados(conexao, _selecionar(acesso).where(_P.c.id.in_(ids)))


@dataclass(frozen=True, slots=True)
class Ficha:
    """A pré-inscrição como a equipe a vê na situação da pessoa."""

    id: int
    ano: int
    nome: str
    nome_social: str
    nascimento: date
    cpf: str | None
    telefone: str
    situacao: str
    cras_id: int
    curso1_id: int
    curso2_id: int | None
    turno: str
    escolaridade: str
    origem: str = ""  # a etiqueta do /start por onde a pessoa chegou (cartaz, rádio)


@dataclass(frozen=True, slots=True)
class Passagem:
    """Uma turma na vida da pessoa: a convocação e a matrícula, se houve."""

    turma: str
    curso: str
    osc_id: int
    turno: str
    convocacao: str | None
    matricula: str | None


async def ficha(conexao: AsyncConnection, acesso: Acesso, preinscricao_id: int) -> Ficha | None:
    """A pré-inscrição, se está no escopo; senão None ("Não encontrado.")."""
    consulta = (
        sa.select(
            _P.c.id,
            _CI.c.ano,
            _P.c.nome,
            _P.c.nome_social,
            _P.c.nascimento,
            _P.c.cpf,
            _P.c.telefone,
            _P.c.situacao,
            _P.c.cras_id,
            _P.c.curso1_id,
            _P.c.curso2_id,
            _P.c.turno,
            _P.c.escolaridade,
            _P.c.origem,
        )
        .select_from(_P.join(_CI, _CI.c.id == _P.c.ciclo_id))
        .where(_P.c.id == preinscricao_id, preinscricao_no_escopo(acesso))
    )
    linha = (await conexao.execute(consulta)).first()
    return Ficha(*tuple(linha)) if linha else None


async def passagens(conexao: AsyncConnection, acesso: Acesso, f: Ficha) -> Sequence[Passagem]:
    """Convocações e matrículas da pessoa nas turmas que o papel enxerga: a OSC, as das
    suas turmas; o CRAS do território e a gestão, todas."""
    if acesso.gestao or f.cras_id in acesso.crases:
        onde: Any = sa.true()
    else:
        onde = osc_no_escopo(acesso, _CU.c.osc_id)
    turmas = sa.union(
        sa.select(_CV.c.turma_id).where(_CV.c.preinscricao_id == f.id),
        sa.select(_M.c.turma_id).where(_M.c.preinscricao_id == f.id),
    ).subquery()
    convocacao = (
        sa.select(_CV.c.situacao)
        .where(_CV.c.turma_id == _T.c.id, _CV.c.preinscricao_id == f.id)
        .scalar_subquery()
    )
    matricula = (
        sa.select(_M.c.situacao)
        .where(_M.c.turma_id == _T.c.id, _M.c.preinscricao_id == f.id)
        .scalar_subquery()
    )
    consulta = (
        sa.select(_T.c.codigo, _CU.c.nome, _CU.c.osc_id, _T.c.turno, convocacao, matricula)
        .select_from(_T.join(_CU, _CU.c.id == _T.c.curso_id))
        .where(_T.c.id.in_(sa.select(turmas.c.turma_id)), onde)
        .order_by(_T.c.codigo)
    )
    return [Passagem(*linha) for linha in await conexao.execute(consulta)]
