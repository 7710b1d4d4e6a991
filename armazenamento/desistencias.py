"""Desistências confirmadas (R17, R19): a lista que vai para a equipe do Acessuas Trabalho.

Cada confirmação (`fluxos.desistencia.confirmar_desistencia`) muda a matrícula para
"desistente" e grava uma linha em `desistencia` com o CRAS, a turma, as horas e o motivo
daquela hora. Quem lê: o Acessuas e a gestão, todas; o técnico do CRAS, as do seu
território (R19: é o CRAS quem encaminha a lista ao Acessuas). Ninguém mais. O escopo está
na consulta; uma matrícula reativada (a pessoa voltou) sai da lista sozinha.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as insert_pg
from sqlalchemy.dialects.sqlite import insert as insert_sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.acesso import Acesso, Papel
from armazenamento.modelos import Cras, Curso, Matricula, PreInscricao, Turma
from armazenamento.modelos_acessuas import Desistencia

_M = Matricula.__table__  # type: ignore[attr-defined]
_P = PreInscricao.__table__  # type: ignore[attr-defined]
_T = Turma.__table__  # type: ignore[attr-defined]
_CU = Curso.__table__  # type: ignore[attr-defined]
_CR = Cras.__table__  # type: ignore[attr-defined]
_D = Desistencia.__table__  # type: ignore[attr-defined]
_INSERIR: dict[str, Any] = {"sqlite": insert_sqlite, "postgresql": insert_pg}


@dataclass(frozen=True, slots=True)
class Desistente:
    """Uma linha da lista do Acessuas (as horas são as da hora da confirmação)."""

    matricula_id: int
    nome: str
    nascimento: date
    telefone: str
    cras: str
    curso: str
    turma: str
    horas_presentes: float
    horas_realizadas: float
    motivo: str
    confirmada_em: datetime


@dataclass(frozen=True, slots=True)
class DaMatricula:
    """O que a confirmação precisa saber de uma matrícula (já dentro do escopo)."""

    turma_id: int
    cras_id: int
    cras: str
    curso: str
    canal: str
    chat_id: str
    matriculada_em: datetime


@dataclass(frozen=True, slots=True)
class Registro:
    """A entrada nova na lista do Acessuas."""

    matricula_id: int
    turma_id: int
    cras_id: int
    horas_presentes: float
    horas_realizadas: float
    motivo: str
    confirmada_em: datetime
    confirmada_por: int


def escopo_da_lista(acesso: Acesso) -> sa.ColumnElement[bool] | None:
    """R19/R24: Acessuas e gestão veem todas; o CRAS, o seu território; o resto, nada."""
    if acesso.tem(Papel.ACESSUAS, Papel.GESTAO):
        return sa.true()
    if acesso.crases:
        return _D.c.cras_id.in_(sorted(acesso.crases))
    return None


def _lista(escopo: sa.ColumnElement[bool]) -> sa.Select[Any]:
    return (
        sa.select(
            _M.c.id,
            sa.func.coalesce(sa.func.nullif(_P.c.nome_social, ""), _P.c.nome).label("nome"),
            _P.c.nascimento,
            _P.c.telefone,
            _CR.c.nome.label("cras"),
            _CU.c.nome.label("curso"),
            _T.c.codigo,
            _D.c.horas_presentes,
            _D.c.horas_realizadas,
            _D.c.motivo,
            _D.c.confirmada_em,
        )
        .select_from(_D)
        .join(_M, _M.c.id == _D.c.matricula_id)
        .join(_P, _P.c.id == _M.c.preinscricao_id)
        .join(_T, _T.c.id == _D.c.turma_id)
        .join(_CU, _CU.c.id == _T.c.curso_id)
        .join(_CR, _CR.c.id == _D.c.cras_id)
        .where(_M.c.situacao == "desistente", escopo)
    )


async def desistentes(
    conexao: AsyncConnection,
    acesso: Acesso,
    limite: int | None = None,
    pular: int = 0,
    entre: tuple[datetime, datetime] | None = None,
) -> tuple[int, list[Desistente]]:
    """Total e uma página (sem `limite`: todas) das desistências que `acesso` pode ver, das
    mais recentes às mais antigas; `entre`: só as confirmadas em [comeco, fim)."""
    escopo = escopo_da_lista(acesso)
    if escopo is None:
        return 0, []
    base = _lista(escopo)
    if entre is not None:
        base = base.where(_D.c.confirmada_em >= entre[0], _D.c.confirmada_em < entre[1])
    total = (
        await conexao.execute(sa.select(sa.func.count()).select_from(base.subquery()))
    ).scalar_one()
    pagina = base.order_by(_D.c.confirmada_em.desc(), _D.c.id.desc()).offset(pular)
    if limite is not None:
        pagina = pagina.limit(limite)
    linhas = (await conexao.execute(pagina)).all()
    return int(total), [Desistente(*linha) for linha in linhas]


async def da_matricula(
    conexao: AsyncConnection, acesso: Acesso, matricula_id: int
) -> DaMatricula | None:
    """A matrícula, só se quem confirma pode: a OSC da turma, o CRAS do território da
    pessoa ou a gestão (R17). Fora do escopo ou inexistente: None."""
    if acesso.gestao:
        escopo: sa.ColumnElement[bool] = sa.true()
    else:
        escopo = sa.or_(
            _CU.c.osc_id.in_(sorted(acesso.oscs)), _P.c.cras_id.in_(sorted(acesso.crases))
        )
    consulta = (
        sa.select(
            _M.c.turma_id,
            _P.c.cras_id,
            _CR.c.nome.label("cras"),
            _CU.c.nome.label("curso"),
            _P.c.canal,
            _P.c.chat_id,
            _M.c.criada_em,
        )
        .join(_P, _P.c.id == _M.c.preinscricao_id)
        .join(_T, _T.c.id == _M.c.turma_id)
        .join(_CU, _CU.c.id == _T.c.curso_id)
        .join(_CR, _CR.c.id == _P.c.cras_id)
        .where(_M.c.id == matricula_id, escopo)
    )
    linha = (await conexao.execute(consulta)).first()
    return DaMatricula(*linha) if linha else None


async def marcar_desistente(conexao: AsyncConnection, matricula_id: int) -> bool:
    """R17→R19: a matrícula ativa passa a desistente. Falso se ela não estava ativa (já
    confirmada por outro técnico, cancelada, concluída): confirmar duas vezes não duplica.
    Dois técnicos ao mesmo tempo: o UPDATE condicional deixa um só passar."""
    mudar = (
        sa.update(_M)
        .where(_M.c.id == matricula_id, _M.c.situacao == "ativa")
        .values(situacao="desistente")
        .returning(_M.c.id)
    )
    return (await conexao.execute(mudar)).scalar() is not None


async def registrar(conexao: AsyncConnection, registro: Registro) -> None:
    """A linha da lista do Acessuas, uma por matrícula. Quem foi reativada (a OSC a
    convocou de novo) e desistiu outra vez fica com a confirmação mais recente."""
    valores = {
        "turma_id": registro.turma_id,
        "cras_id": registro.cras_id,
        "horas_presentes": registro.horas_presentes,
        "horas_realizadas": registro.horas_realizadas,
        "motivo": registro.motivo,
        "confirmada_em": registro.confirmada_em,
        "confirmada_por": registro.confirmada_por,
    }
    inserir = _INSERIR[conexao.dialect.name](_D).values(
        matricula_id=registro.matricula_id, **valores
    )
    await conexao.execute(
        inserir.on_conflict_do_update(index_elements=["matricula_id"], set_=valores)
    )
