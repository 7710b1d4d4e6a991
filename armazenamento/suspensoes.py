"""Consultas e gravações da suspensão e remarcação de aulas em lote (R21).

Nada aqui faz commit: tudo roda na transação da mensagem que confirmou (o motor), junto
com os avisos da fila. O escopo do papel entra no WHERE (`turmas_visiveis`, R24): uma turma
de outra OSC nem sai do banco.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as insert_pg
from sqlalchemy.dialects.sqlite import insert as insert_sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.acesso import Acesso
from armazenamento.escopo import turmas_visiveis
from armazenamento.modelos import (
    Curso,
    Encontro,
    Envio,
    Matricula,
    Osc,
    PreInscricao,
    Presenca,
    Turma,
)
from armazenamento.modelos_suspensao import Suspensao, SuspensaoEncontro

_E = Encontro.__table__  # type: ignore[attr-defined]
_T = Turma.__table__  # type: ignore[attr-defined]
_CU = Curso.__table__  # type: ignore[attr-defined]
_O = Osc.__table__  # type: ignore[attr-defined]
_M = Matricula.__table__  # type: ignore[attr-defined]
_P = PreInscricao.__table__  # type: ignore[attr-defined]
_PR = Presenca.__table__  # type: ignore[attr-defined]
_ENV = Envio.__table__  # type: ignore[attr-defined]
_S = Suspensao.__table__  # type: ignore[attr-defined]
_SE = SuspensaoEncontro.__table__  # type: ignore[attr-defined]
_INSERIR: dict[str, Any] = {"sqlite": insert_sqlite, "postgresql": insert_pg}

TODAS = "todas"


@dataclass(frozen=True, slots=True)
class Opcoes:
    """O que o papel pode escolher: as OSCs e as turmas com aula daqui para frente."""

    oscs: list[tuple[int, str]]
    turmas: list[tuple[int, str]]


@dataclass(frozen=True, slots=True)
class EncontroAfetado:
    id: int
    turma_id: int
    codigo: str
    curso: str
    local: str
    inicio: datetime


@dataclass(frozen=True, slots=True)
class Matriculado:
    """Uma matrícula ativa de uma turma afetada e a conversa da pessoa."""

    matricula_id: int
    preinscricao_id: int
    turma_id: int
    canal: str
    chat_id: str


def _oscs_do_papel(acesso: Acesso) -> Any:
    if acesso.gestao:
        return sa.true()
    return _O.c.id.in_(sorted(acesso.oscs)) if acesso.oscs else sa.false()


def _com_aula_desde(agora: datetime) -> Any:
    futuro = sa.select(_E.c.id).where(
        _E.c.turma_id == _T.c.id, _E.c.inicio >= agora, _E.c.cancelado.is_(False)
    )
    return futuro.exists()


async def opcoes_do_papel(conexao: AsyncConnection, acesso: Acesso, agora: datetime) -> Opcoes:
    """As OSCs (gestão: todas; OSC: as suas) e as turmas do escopo com aula por vir."""
    oscs = sa.select(_O.c.id, _O.c.nome).where(_oscs_do_papel(acesso)).order_by(_O.c.nome)
    turmas = (
        sa.select(_T.c.id, _T.c.codigo)
        .join(_CU, _CU.c.id == _T.c.curso_id)
        .where(turmas_visiveis(acesso), _com_aula_desde(agora))
        .order_by(_T.c.codigo)
    )
    return Opcoes(
        [(i, n) for i, n in (await conexao.execute(oscs)).all()],
        [(i, c) for i, c in (await conexao.execute(turmas)).all()],
    )


def _do_alvo(alvo: str) -> Any:
    """ "todas", "osc:ID", "turma:ID" → a condição; qualquer outra coisa → nada."""
    tipo, _, numero = alvo.partition(":")
    if alvo == TODAS:
        return sa.true()
    if not numero.isdigit() or len(numero) > 9:
        return sa.false()
    if tipo == "osc":
        return _CU.c.osc_id == int(numero)
    return _T.c.id == int(numero) if tipo == "turma" else sa.false()


async def encontros_do_periodo(
    conexao: AsyncConnection,
    acesso: Acesso,
    alvo: str,
    periodo: tuple[datetime, datetime],
    travar: bool = False,
) -> list[EncontroAfetado]:
    """Encontros não suspensos do alvo com início em [comeco, fim), no escopo do papel e
    sem chamada feita (encontro realizado não se suspende). `travar`: FOR UPDATE no
    PostgreSQL (duas confirmações ao mesmo tempo: uma espera a outra)."""
    chamada = sa.select(_PR.c.id).where(_PR.c.encontro_id == _E.c.id, _PR.c.origem == "chamada")
    consulta = (
        sa.select(_E.c.id, _E.c.turma_id, _T.c.codigo, _CU.c.nome, _T.c.local, _E.c.inicio)
        .join(_T, _T.c.id == _E.c.turma_id)
        .join(_CU, _CU.c.id == _T.c.curso_id)
        .where(
            _E.c.inicio >= periodo[0],
            _E.c.inicio < periodo[1],
            _E.c.cancelado.is_(False),
            ~chamada.exists(),
            turmas_visiveis(acesso),
            _do_alvo(alvo),
        )
        .order_by(_E.c.inicio, _T.c.codigo)
    )
    if travar and conexao.dialect.name == "postgresql":
        consulta = consulta.with_for_update(of=_E)
    return [EncontroAfetado(*linha) for linha in (await conexao.execute(consulta)).all()]


async def tem_chamada_no_periodo(
    conexao: AsyncConnection, acesso: Acesso, alvo: str, periodo: tuple[datetime, datetime]
) -> bool:
    """Algum encontro do alvo no período já teve chamada? (R21: "Hoje" depois da chamada
    não diz "não há encontros": diz que a aula já aconteceu.)"""
    chamada = sa.select(_PR.c.id).where(_PR.c.encontro_id == _E.c.id, _PR.c.origem == "chamada")
    consulta = (
        sa.select(_E.c.id)
        .join(_T, _T.c.id == _E.c.turma_id)
        .join(_CU, _CU.c.id == _T.c.curso_id)
        .where(
            _E.c.inicio >= periodo[0],
            _E.c.inicio < periodo[1],
            _E.c.cancelado.is_(False),
            chamada.exists(),
            turmas_visiveis(acesso),
            _do_alvo(alvo),
        )
        .limit(1)
    )
    return (await conexao.execute(consulta)).first() is not None


async def matriculados(conexao: AsyncConnection, turma_ids: Sequence[int]) -> list[Matriculado]:
    """As matrículas ativas das turmas, com a conversa de cada pessoa (pode estar vazia)."""
    consulta = (
        sa.select(_M.c.id, _M.c.preinscricao_id, _M.c.turma_id, _P.c.canal, _P.c.chat_id)
        .join(_P, _P.c.id == _M.c.preinscricao_id)
        .where(_M.c.turma_id.in_(sorted(set(turma_ids))), _M.c.situacao == "ativa")
        .order_by(_M.c.id)
    )
    return [Matriculado(*linha) for linha in (await conexao.execute(consulta)).all()]


@dataclass(frozen=True, slots=True)
class NovaOperacao:
    chave: str
    acao: str
    motivo: str
    alvo: str
    de: date
    ate: date
    membro_id: int | None


async def registrar_operacao(
    conexao: AsyncConnection, nova: NovaOperacao, agora: datetime
) -> int | None:
    """Grava a operação; a mesma `chave` de novo não grava nada e devolve None (já feita)."""
    valores = {
        "chave": nova.chave,
        "acao": nova.acao,
        "motivo": nova.motivo,
        "alvo": nova.alvo,
        "de": nova.de,
        "ate": nova.ate,
        "membro_id": nova.membro_id,
        "criada_em": agora,
    }
    inserir = _INSERIR[conexao.dialect.name](_S).values(**valores)
    consulta = inserir.on_conflict_do_nothing(index_elements=["chave"]).returning(_S.c.id)
    return (await conexao.execute(consulta)).scalar()


async def ja_feita(conexao: AsyncConnection, chave: str) -> bool:
    consulta = sa.select(_S.c.id).where(_S.c.chave == chave)
    return (await conexao.execute(consulta)).first() is not None


async def suspender(
    conexao: AsyncConnection, operacao: int, encontros: Sequence[EncontroAfetado]
) -> int:
    """R21: marca os encontros como suspensos (só os que ainda não estavam) e guarda o que
    eram. Devolve quantos mudaram."""
    ids = [e.id for e in encontros]
    marcar = sa.update(_E).where(_E.c.id.in_(ids), _E.c.cancelado.is_(False))
    mudados = (await conexao.execute(marcar.values(cancelado=True))).rowcount
    linhas = [
        {"suspensao_id": operacao, "encontro_id": e.id, "inicio_antes": e.inicio} for e in encontros
    ]
    await conexao.execute(sa.insert(_SE), linhas)
    return int(mudados)


async def colisoes(
    conexao: AsyncConnection, mudancas: Sequence[tuple[EncontroAfetado, datetime]]
) -> list[str]:
    """As turmas que já têm um encontro no novo horário (unicidade turma + início)."""
    achadas = []
    for encontro, novo in mudancas:
        consulta = sa.select(_E.c.id).where(
            _E.c.turma_id == encontro.turma_id, _E.c.inicio == novo, _E.c.id != encontro.id
        )
        if (await conexao.execute(consulta)).first() is not None:
            achadas.append(encontro.codigo)
    return achadas


async def remarcar(
    conexao: AsyncConnection,
    operacao: int,
    mudancas: Sequence[tuple[EncontroAfetado, datetime]],
) -> None:
    """R21: cada encontro vai para o novo início (as horas por módulo continuam as mesmas)."""
    for encontro, novo in mudancas:
        mover = sa.update(_E).where(_E.c.id == encontro.id).values(inicio=novo)
        await conexao.execute(mover)
    linhas = [
        {
            "suspensao_id": operacao,
            "encontro_id": e.id,
            "inicio_antes": e.inicio,
            "inicio_depois": novo,
        }
        for e, novo in mudancas
    ]
    await conexao.execute(sa.insert(_SE), linhas)


def _dos_lembretes(encontro_ids: Sequence[int]) -> Any:
    """As linhas da fila dos lembretes destes encontros ("lembrete:{encontro}:{matrícula}")."""
    return sa.or_(*(_ENV.c.chave.like(f"lembrete:{i}:%") for i in encontro_ids))


async def tirar_lembretes(
    conexao: AsyncConnection, encontro_ids: Sequence[int], operacao: int, mudou_a_data: bool
) -> int:
    """O lembrete ainda na fila de um encontro suspenso ou remarcado não sai com a data
    velha: a linha pendente é apagada. Do remarcado, a chave das linhas já enviadas ganha
    um sufixo, para que o lembrete da nova data possa nascer com a chave de sempre.
    Devolve quantos lembretes pendentes saíram da fila."""
    if not encontro_ids:
        return 0
    pendentes = sa.delete(_ENV).where(_dos_lembretes(encontro_ids), _ENV.c.estado == "pendente")
    apagados = (await conexao.execute(pendentes)).rowcount
    if mudou_a_data:
        antigas = sa.update(_ENV).where(_dos_lembretes(encontro_ids), _ENV.c.estado != "enviando")
        await conexao.execute(antigas.values(chave=_ENV.c.chave + f":antes{operacao}"))
    return int(apagados)


async def oscs_das_turmas(conexao: AsyncConnection, turma_ids: Sequence[int]) -> dict[int, int]:
    """turma → OSC (pelo curso)."""
    consulta = (
        sa.select(_T.c.id, _CU.c.osc_id)
        .join(_CU, _CU.c.id == _T.c.curso_id)
        .where(_T.c.id.in_(sorted(set(turma_ids))))
    )
    return {turma: osc for turma, osc in (await conexao.execute(consulta)).all()}
