"""Consultas e gravação da chamada (R7, R16): os encontros que quem pergunta pode chamar,
a turma com as marcas já guardadas e a gravação da chamada inteira.

Tudo roda na transação da mensagem que chegou e nada faz commit (a unidade de trabalho
do motor faz um só). O escopo de quem pergunta vai no próprio WHERE
(`escopo.turmas_visiveis`).

A gravação é inteira ou nada: trava a linha do encontro (`FOR UPDATE` no PostgreSQL; o
SQLite já tem uma escrita por vez) para que duas conclusões ao mesmo tempo fiquem uma
depois da outra (a última vence, nunca uma mistura), relê quem está ativo na turma e
grava uma marca por matrícula ativa, todas com origem "chamada" (é assim que o resto do
sistema sabe que o encontro foi realizado).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as insert_pg
from sqlalchemy.dialects.sqlite import insert as insert_sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.acesso import Acesso
from armazenamento.escopo import turmas_visiveis
from armazenamento.modelos import Curso, Encontro, Matricula, PreInscricao, Presenca, Turma
from armazenamento.modelos_chamada import Chamada

_E = Encontro.__table__  # type: ignore[attr-defined]
_T = Turma.__table__  # type: ignore[attr-defined]
_CU = Curso.__table__  # type: ignore[attr-defined]
_M = Matricula.__table__  # type: ignore[attr-defined]
_P = PreInscricao.__table__  # type: ignore[attr-defined]
_PR = Presenca.__table__  # type: ignore[attr-defined]
_CH = Chamada.__table__  # type: ignore[attr-defined]
_INSERIR: dict[str, Any] = {"sqlite": insert_sqlite, "postgresql": insert_pg}

ORIGEM_CHAMADA = "chamada"
PRESENTE, FALTA, JUSTIFICADA = "presente", "falta", "falta_justificada"


@dataclass(frozen=True, slots=True)
class EncontroDaChamada:
    """Um encontro como a chamada o vê. `feita`: já tem chamada concluída."""

    id: int
    turma_id: int
    turma: str
    inicio: datetime
    cancelado: bool
    feita: bool


@dataclass(frozen=True, slots=True)
class AlunoDaChamada:
    """Uma matrícula ativa: o nome como a turma a chama (o social, se houver), a marca já
    guardada deste encontro (ou None), de onde ela veio e quando a matrícula foi feita
    (quem se matriculou depois da aula não está na chamada dela, R16)."""

    matricula_id: int
    nome: str
    marca: str | None
    origem: str | None
    matriculada_em: datetime


def _encontros() -> sa.Select[Any]:
    feita = sa.exists().where(_CH.c.encontro_id == _E.c.id)
    return (
        sa.select(_E.c.id, _E.c.turma_id, _T.c.codigo, _E.c.inicio, _E.c.cancelado, feita)
        .join(_T, _T.c.id == _E.c.turma_id)
        .join(_CU, _CU.c.id == _T.c.curso_id)
    )


def _vista(linha: Any) -> EncontroDaChamada:
    return EncontroDaChamada(linha[0], linha[1], linha[2], linha[3], bool(linha[4]), bool(linha[5]))


async def encontros_entre(
    conexao: AsyncConnection,
    acesso: Acesso,
    desde: datetime,
    ate: datetime,
    turma_id: int | None = None,
    limite: int = 50,
) -> list[EncontroDaChamada]:
    """Os encontros das turmas do escopo com início em [desde, ate), do mais novo ao mais
    velho (os suspensos também: quem chama diz que a aula foi suspensa)."""
    consulta = _encontros().where(turmas_visiveis(acesso), _E.c.inicio >= desde, _E.c.inicio < ate)
    if turma_id is not None:
        consulta = consulta.where(_E.c.turma_id == turma_id)
    linhas = await conexao.execute(consulta.order_by(_E.c.inicio.desc(), _E.c.id).limit(limite))
    return [_vista(linha) for linha in linhas.all()]


async def proximo_encontro(
    conexao: AsyncConnection, acesso: Acesso, depois: datetime, turma_id: int | None = None
) -> EncontroDaChamada | None:
    """O primeiro encontro (não suspenso) do escopo a partir de `depois`."""
    consulta = _encontros().where(
        turmas_visiveis(acesso), _E.c.inicio >= depois, sa.not_(_E.c.cancelado)
    )
    if turma_id is not None:
        consulta = consulta.where(_E.c.turma_id == turma_id)
    linha = (await conexao.execute(consulta.order_by(_E.c.inicio).limit(1))).first()
    return _vista(linha) if linha is not None else None


async def encontro_no_escopo(
    conexao: AsyncConnection, acesso: Acesso, encontro_id: int, travar: bool = False
) -> EncontroDaChamada | None:
    """O encontro, se a turma dele está no escopo; senão None ("Não encontrado").
    `travar`: segura a linha do encontro até o commit (duas conclusões em fila)."""
    consulta = _encontros().where(turmas_visiveis(acesso), _E.c.id == encontro_id)
    if travar:
        consulta = consulta.with_for_update(of=_E)
    linha = (await conexao.execute(consulta)).first()
    return _vista(linha) if linha is not None else None


async def turma_no_escopo(conexao: AsyncConnection, acesso: Acesso, turma_id: int) -> bool:
    consulta = (
        sa.select(_T.c.id)
        .join(_CU, _CU.c.id == _T.c.curso_id)
        .where(turmas_visiveis(acesso), _T.c.id == turma_id)
    )
    return (await conexao.execute(consulta)).first() is not None


async def alunos_da_chamada(
    conexao: AsyncConnection, turma_id: int, encontro_id: int
) -> list[AlunoDaChamada]:
    """As matrículas ativas da turma, em ordem de nome, com a marca deste encontro e a
    data da matrícula (quem filtra pela data da aula é o fluxo, com a regra de
    `fluxos.regras.frequencia.conta_para_a_matricula`)."""
    nome = sa.func.coalesce(sa.func.nullif(_P.c.nome_social, ""), _P.c.nome)
    marca = sa.and_(_PR.c.matricula_id == _M.c.id, _PR.c.encontro_id == encontro_id)
    consulta = (
        sa.select(_M.c.id, nome, _PR.c.situacao, _PR.c.origem, _M.c.criada_em)
        .join(_P, _P.c.id == _M.c.preinscricao_id)
        .outerjoin(_PR, marca)
        .where(_M.c.turma_id == turma_id, _M.c.situacao == "ativa")
        .order_by(nome, _M.c.id)
    )
    return [AlunoDaChamada(*linha) for linha in (await conexao.execute(consulta)).all()]


async def gravar_chamada(
    conexao: AsyncConnection,
    encontro_id: int,
    marcas: Mapping[int, str],
    membro_id: int | None,
    agora: datetime,
) -> None:
    """Uma marca por matrícula (todas origem "chamada"), trocando a que houver (a falta
    avisada pelo lembrete, a chamada anterior), e a linha da chamada (quem, quando,
    correção). Quem chama já travou o encontro e releu as matrículas ativas."""
    inserir = _INSERIR[conexao.dialect.name]
    if marcas:
        linhas = [
            {
                "encontro_id": encontro_id,
                "matricula_id": matricula_id,
                "situacao": situacao,
                "origem": ORIGEM_CHAMADA,
                "registrada_em": agora,
            }
            for matricula_id, situacao in sorted(marcas.items())
        ]
        marcar = inserir(_PR).values(linhas)
        await conexao.execute(
            marcar.on_conflict_do_update(
                index_elements=["encontro_id", "matricula_id"],
                set_={
                    "situacao": marcar.excluded.situacao,
                    "origem": marcar.excluded.origem,
                    "registrada_em": marcar.excluded.registrada_em,
                },
            )
        )
    chamada = inserir(_CH).values(
        encontro_id=encontro_id,
        membro_id=membro_id,
        concluida_em=agora,
        primeira_em=agora,
        correcoes=0,
    )
    await conexao.execute(
        chamada.on_conflict_do_update(
            index_elements=["encontro_id"],
            set_={
                "membro_id": chamada.excluded.membro_id,
                "concluida_em": chamada.excluded.concluida_em,
                "correcoes": _CH.c.correcoes + 1,
            },
        )
    )
