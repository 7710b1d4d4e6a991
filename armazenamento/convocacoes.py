"""Convocação da OSC e matrícula (R5, R7): consultas e mudanças de estado no banco.

Quem decide (quantos convocar, o que responder) é `fluxos/convocacao`; aqui fica como isso
se lê e se grava, sempre na transação de quem chama (nada faz commit).

Concorrência (várias confirmações ao mesmo tempo, vários processos, dois toques):
- tudo o que mexe nas vagas de uma turma começa travando a linha da turma
  (`travar_turma`: `SELECT … FOR NO KEY UPDATE` no PostgreSQL; no SQLite os escritores já
  são serializados pelo arquivo). Quem chega depois espera e, ao seguir, já lê o que o
  anterior gravou. A ordem das travas é sempre turma → convocação → matrícula → envio;
- cada mudança é condicional (`UPDATE … WHERE situacao = 'pendente' RETURNING`): um
  segundo toque ou um segundo processo não muda nada e fica sabendo disso;
- a convocação é única por (turma, pré-inscrição) e o envio por chave: nada duplica.

Quem da lista do CRAS ainda pode ser chamado, e em que ordem (R10): `convocacoes_lista.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as insert_pg
from sqlalchemy.dialects.sqlite import insert as insert_sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.modelos import (
    Convocacao,
    Curso,
    Encontro,
    Matricula,
    Osc,
    PreInscricao,
    Turma,
)

_T = Turma.__table__  # type: ignore[attr-defined]
_CU = Curso.__table__  # type: ignore[attr-defined]
_O = Osc.__table__  # type: ignore[attr-defined]
_E = Encontro.__table__  # type: ignore[attr-defined]
_M = Matricula.__table__  # type: ignore[attr-defined]
_P = PreInscricao.__table__  # type: ignore[attr-defined]
_C = Convocacao.__table__  # type: ignore[attr-defined]
_INSERIR: dict[str, Any] = {"sqlite": insert_sqlite, "postgresql": insert_pg}

PENDENTE, CONFIRMADA, RECUSADA, EXPIRADA, CANCELADA = (
    "pendente",
    "confirmada",
    "recusada",
    "expirada",
    "cancelada",
)
SITUACOES = (PENDENTE, CONFIRMADA, RECUSADA, EXPIRADA, CANCELADA)
ATIVA = "ativa"


@dataclass(frozen=True, slots=True)
class TurmaDaConvocacao:
    """O que a convocação precisa saber de uma turma (e do curso e da OSC dela)."""

    id: int
    codigo: str
    ciclo_id: int
    curso_id: int
    osc_id: int
    curso: str
    turno: str
    capacidade: int
    local: str
    o_que_levar: str
    osc_endereco: str
    osc_telefone: str


@dataclass(frozen=True, slots=True)
class Ocupacao:
    """Matrículas ativas e convocações da turma por situação."""

    capacidade: int
    matriculados: int
    por_situacao: dict[str, int] = field(default_factory=dict)

    @property
    def pendentes(self) -> int:
        return self.por_situacao.get(PENDENTE, 0)


@dataclass(frozen=True, slots=True)
class Destinatario:
    """Quem recebe a mensagem de uma convocação (canal e chat vazios: sem conversa)."""

    convocacao_id: int
    preinscricao_id: int
    nome: str
    canal: str
    chat_id: str
    prazo: datetime
    turno: str = ""  # o turno que a pessoa escolheu (R10)


@dataclass(frozen=True, slots=True)
class ConvocacaoAchada:
    """Uma convocação com a conversa da pessoa (para conferir quem tocou o botão)."""

    id: int
    turma_id: int
    preinscricao_id: int
    situacao: str
    prazo: datetime
    criada_em: datetime
    lembrada: bool
    canal: str
    chat_id: str


_ACHADA = (
    _C.c.id,
    _C.c.turma_id,
    _C.c.preinscricao_id,
    _C.c.situacao,
    _C.c.prazo,
    _C.c.criada_em,
    _C.c.lembrada,
    _P.c.canal,
    _P.c.chat_id,
)


def nome_de_chamada(nome: str, nome_social: str) -> str:
    """Como a pessoa é chamada: o nome social, se ela deu, senão o nome."""
    return nome_social or nome


# ----- a turma -------------------------------------------------------------------------


def consulta_turma() -> sa.Select[Any]:
    return (
        sa.select(
            _T.c.id,
            _T.c.codigo,
            _T.c.ciclo_id,
            _T.c.curso_id,
            _CU.c.osc_id,
            _CU.c.nome,
            _T.c.turno,
            _T.c.capacidade,
            _T.c.local,
            _CU.c.o_que_levar,
            _O.c.endereco,
            _O.c.telefone,
        )
        .join(_CU, _CU.c.id == _T.c.curso_id)
        .join(_O, _O.c.id == _CU.c.osc_id)
    )


async def travar_turma(conexao: AsyncConnection, turma_id: int) -> TurmaDaConvocacao | None:
    """Trava a turma até o fim da transação e a devolve (None: não existe).

    `FOR NO KEY UPDATE`: duas travas da mesma turma se esperam, mas um encontro ou uma
    presença nova que só aponta para a turma (chave estrangeira) não espera.
    """
    trava = sa.select(_T.c.id).where(_T.c.id == turma_id).with_for_update(key_share=True)
    if (await conexao.execute(trava)).first() is None:
        return None
    linha = (await conexao.execute(consulta_turma().where(_T.c.id == turma_id))).one()
    return TurmaDaConvocacao(*linha)


async def turma_da_convocacao(conexao: AsyncConnection, turma_id: int) -> TurmaDaConvocacao | None:
    """A turma sem travar (só para mostrar)."""
    linha = (await conexao.execute(consulta_turma().where(_T.c.id == turma_id))).first()
    return None if linha is None else TurmaDaConvocacao(*linha)


async def ocupacao(conexao: AsyncConnection, turma: TurmaDaConvocacao) -> Ocupacao:
    ativas = sa.select(sa.func.count()).where(_M.c.turma_id == turma.id, _M.c.situacao == ATIVA)
    por_situacao = (
        sa.select(_C.c.situacao, sa.func.count())
        .where(_C.c.turma_id == turma.id)
        .group_by(_C.c.situacao)
    )
    contagens = {s: int(n) for s, n in (await conexao.execute(por_situacao)).all()}
    return Ocupacao(turma.capacidade, int(await conexao.scalar(ativas) or 0), contagens)


async def primeiro_encontro(
    conexao: AsyncConnection, turma_id: int, agora: datetime
) -> tuple[datetime, bool] | None:
    """O próximo encontro não cancelado da turma e se ele é o primeiro de todos (a turma
    ainda não começou). None: nenhum encontro por vir."""
    validos = [_E.c.turma_id == turma_id, _E.c.cancelado.is_(False)]
    proximo = await conexao.scalar(
        sa.select(sa.func.min(_E.c.inicio)).where(*validos, _E.c.inicio > agora)
    )
    if proximo is None:
        return None
    antes = await conexao.scalar(sa.select(sa.func.count()).where(*validos, _E.c.inicio < proximo))
    return proximo, not antes


# ----- convocar ---------------------------------------------------------------------------


async def criar_convocacoes(
    conexao: AsyncConnection,
    turma_id: int,
    preinscricoes: Sequence[int],
    prazo: datetime,
    agora: datetime,
    membro_id: int | None,
) -> list[int]:
    """Uma convocação pendente por pré-inscrição (a que já existe não duplica: fica de
    fora). A pré-inscrição passa a "convocada". Devolve os ids das convocações criadas."""
    if not preinscricoes:
        return []
    linhas = [
        {
            "turma_id": turma_id,
            "preinscricao_id": pid,
            "situacao": PENDENTE,
            "prazo": prazo,
            "lembrada": False,
            "membro_id": membro_id,
            "criada_em": agora,
        }
        for pid in preinscricoes
    ]
    inserir = (
        _INSERIR[conexao.dialect.name](_C)
        .values(linhas)
        .on_conflict_do_nothing(index_elements=["turma_id", "preinscricao_id"])
        .returning(_C.c.id, _C.c.preinscricao_id)
    )
    criadas = (await conexao.execute(inserir)).all()
    await mudar_preinscricoes(
        conexao, [pid for _, pid in criadas], "convocada", ("recebida", "aprovada", "reserva")
    )
    return sorted(cid for cid, _ in criadas)


async def mudar_preinscricoes(
    conexao: AsyncConnection, ids: Sequence[int], para: str, de: Sequence[str]
) -> None:
    """A situação que a pessoa vê no /status (R5): só muda a partir das situações `de`."""
    if ids:
        await conexao.execute(
            sa.update(_P)
            .where(_P.c.id.in_(sorted(ids)), _P.c.situacao.in_(de))
            .values(situacao=para)
        )


async def destinatarios(conexao: AsyncConnection, ids: Sequence[int]) -> list[Destinatario]:
    if not ids:
        return []
    consulta = (
        sa.select(
            _C.c.id,
            _C.c.preinscricao_id,
            _P.c.nome,
            _P.c.nome_social,
            _P.c.canal,
            _P.c.chat_id,
            _C.c.prazo,
            _P.c.turno,
        )
        .join(_P, _P.c.id == _C.c.preinscricao_id)
        .where(_C.c.id.in_(sorted(ids)))
        .order_by(_C.c.id)
    )
    return [
        Destinatario(cid, pid, nome_de_chamada(nome, social), canal, chat, prazo, turno)
        for cid, pid, nome, social, canal, chat, prazo, turno in (
            await conexao.execute(consulta)
        ).all()
    ]


# ----- responder, expirar, lembrar ------------------------------------------------------


async def achar_convocacao(conexao: AsyncConnection, convocacao_id: int) -> ConvocacaoAchada | None:
    consulta = (
        sa.select(*_ACHADA)
        .join(_P, _P.c.id == _C.c.preinscricao_id)
        .where(_C.c.id == convocacao_id)
    )
    linha = (await conexao.execute(consulta)).first()
    return ConvocacaoAchada(*linha) if linha is not None else None


async def pendente_de(
    conexao: AsyncConnection, preinscricao_id: int, agora: datetime
) -> tuple[int, int, str, str, datetime] | None:
    """A convocação pendente e no prazo: id, turma, nome, nome social e prazo."""
    consulta = (
        sa.select(_C.c.id, _C.c.turma_id, _P.c.nome, _P.c.nome_social, _C.c.prazo)
        .join(_P, _P.c.id == _C.c.preinscricao_id)
        .where(
            _C.c.preinscricao_id == preinscricao_id,
            _C.c.situacao == "pendente",
            _C.c.prazo > agora,
        )
        .order_by(_C.c.id.desc())
        .limit(1)
    )
    linha = (await conexao.execute(consulta)).first()
    return None if linha is None else (linha[0], linha[1], linha[2], linha[3], linha[4])


async def mudar_convocacao(
    conexao: AsyncConnection, convocacao_id: int, para: str, agora: datetime
) -> bool:
    """pendente → `para`, só se ainda está pendente (um toque repetido não muda nada)."""
    feito = await conexao.execute(
        sa.update(_C)
        .where(_C.c.id == convocacao_id, _C.c.situacao == PENDENTE)
        .values(situacao=para, respondida_em=agora)
        .returning(_C.c.id)
    )
    return feito.first() is not None


async def matricular(
    conexao: AsyncConnection, turma_id: int, preinscricao_id: int, agora: datetime
) -> int:
    """Matrícula ativa (uma que existia cancelada volta a valer: única por turma e pessoa)."""
    gravar = (
        _INSERIR[conexao.dialect.name](_M)
        .values(turma_id=turma_id, preinscricao_id=preinscricao_id, situacao=ATIVA, criada_em=agora)
        .on_conflict_do_update(
            index_elements=["turma_id", "preinscricao_id"], set_={"situacao": ATIVA}
        )
        .returning(_M.c.id)
    )
    matricula = int((await conexao.execute(gravar)).scalar_one())
    await mudar_preinscricoes(conexao, [preinscricao_id], "matriculada", ("convocada", "aprovada"))
    return matricula


async def matricula_ativa(conexao: AsyncConnection, turma_id: int, preinscricao_id: int) -> bool:
    consulta = sa.select(_M.c.id).where(
        _M.c.turma_id == turma_id,
        _M.c.preinscricao_id == preinscricao_id,
        _M.c.situacao == ATIVA,
    )
    return (await conexao.execute(consulta)).first() is not None


async def conversa_de(conexao: AsyncConnection, preinscricao_id: int) -> tuple[str, str]:
    """(canal, chat_id) da pessoa; vazios na pré-inscrição assistida."""
    consulta = sa.select(_P.c.canal, _P.c.chat_id).where(_P.c.id == preinscricao_id)
    linha = (await conexao.execute(consulta)).first()
    return (linha.canal, linha.chat_id) if linha is not None else ("", "")


async def turmas_com_prazo(conexao: AsyncConnection, agora: datetime, ate: datetime) -> list[int]:
    """Turmas com convocação pendente vencida (prazo até `agora`) ou ainda sem lembrete com
    prazo até `ate` (a hora do lembrete chegou)."""
    consulta = (
        sa.select(_C.c.turma_id)
        .where(
            _C.c.situacao == PENDENTE,
            sa.or_(_C.c.prazo <= agora, sa.and_(_C.c.lembrada.is_(False), _C.c.prazo <= ate)),
        )
        .distinct()
        .order_by(_C.c.turma_id)
    )
    return [int(t) for t in (await conexao.execute(consulta)).scalars().all()]


async def pendentes_da_turma(
    conexao: AsyncConnection, turma_id: int, ate: datetime
) -> list[ConvocacaoAchada]:
    """As pendentes da turma com prazo até `ate` (para expirar e lembrar)."""
    consulta = (
        sa.select(*_ACHADA)
        .join(_P, _P.c.id == _C.c.preinscricao_id)
        .where(_C.c.turma_id == turma_id, _C.c.situacao == PENDENTE, _C.c.prazo <= ate)
        .order_by(_C.c.id)
    )
    return [ConvocacaoAchada(*linha) for linha in (await conexao.execute(consulta)).all()]


async def expirar(conexao: AsyncConnection, ids: Sequence[int], agora: datetime) -> list[int]:
    """pendente com prazo vencido → expirada; devolve as que mudaram agora."""
    if not ids:
        return []
    feito = await conexao.execute(
        sa.update(_C)
        .where(_C.c.id.in_(sorted(ids)), _C.c.situacao == PENDENTE, _C.c.prazo <= agora)
        .values(situacao=EXPIRADA)
        .returning(_C.c.id, _C.c.preinscricao_id)
    )
    linhas = feito.all()
    await mudar_preinscricoes(conexao, [pid for _, pid in linhas], "aprovada", ("convocada",))
    return sorted(cid for cid, _ in linhas)


async def marcar_lembradas(conexao: AsyncConnection, ids: Sequence[int]) -> list[int]:
    """Marca o lembrete como dado (uma vez só); devolve as que foram marcadas agora."""
    if not ids:
        return []
    feito = await conexao.execute(
        sa.update(_C)
        .where(_C.c.id.in_(sorted(ids)), _C.c.situacao == PENDENTE, _C.c.lembrada.is_(False))
        .values(lembrada=True)
        .returning(_C.c.id)
    )
    return sorted(int(i) for i in feito.scalars().all())
