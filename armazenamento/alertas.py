"""Alertas de evasão (R17) e notas de acompanhamento (R20): gravar, decidir e ler.

Nada aqui faz commit: tudo roda na transação de quem chama (a mensagem do técnico, a
verificação depois da chamada, o lote da noite). As decisões são um único
`UPDATE … WHERE situacao IN (…)`: dois técnicos tocando ao mesmo tempo, só o primeiro
muda o alerta; o segundo lê o que já foi decidido. O escopo de quem lê está no WHERE
(R24): técnico da OSC vê os alertas das turmas da OSC; do CRAS, os do seu território.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as insert_pg
from sqlalchemy.dialects.sqlite import insert as insert_sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.acesso import Acesso
from armazenamento.modelos import Curso, Matricula, PreInscricao, Turma
from armazenamento.modelos_alertas import EM_ABERTO, MAX_NOTA, Alerta, NotaAlerta

_A = Alerta.__table__  # type: ignore[attr-defined]
_N = NotaAlerta.__table__  # type: ignore[attr-defined]
_M = Matricula.__table__  # type: ignore[attr-defined]
_P = PreInscricao.__table__  # type: ignore[attr-defined]
_T = Turma.__table__  # type: ignore[attr-defined]
_CU = Curso.__table__  # type: ignore[attr-defined]
_INSERIR: dict[str, Any] = {"sqlite": insert_sqlite, "postgresql": insert_pg}
_ABERTO = sa.text("situacao IN ('aberto', 'acompanhando')")


@dataclass(frozen=True, slots=True)
class AlertaVisto:
    """Um alerta como a equipe o vê: a pessoa (nome social, se houver), a turma e o curso."""

    id: int
    matricula_id: int
    motivo: str
    situacao: str
    aberto_em: datetime
    resposta: str
    nome: str
    turma: str
    curso: str
    turma_id: int


async def abrir(
    conexao: AsyncConnection, matricula_id: int, motivo: str, agora: datetime, resposta: str = ""
) -> int | None:
    """Abre um alerta; se a matrícula já tem um aberto (índice único parcial), nada muda e
    devolve None (outra verificação chegou antes)."""
    gravar = (
        _INSERIR[conexao.dialect.name](_A)
        .values(
            matricula_id=matricula_id,
            motivo=motivo,
            situacao="aberto",
            aberto_em=agora,
            resposta=resposta,
            respondido_em=agora if resposta else None,
        )
        .on_conflict_do_nothing(index_elements=["matricula_id"], index_where=_ABERTO)
        .returning(_A.c.id)
    )
    return (await conexao.execute(gravar)).scalar()


async def estado_das_turmas(
    conexao: AsyncConnection, turmas: Sequence[int]
) -> tuple[set[int], dict[int, datetime]]:
    """As matrículas destas turmas com alerta aberto e, das outras, quando foi o último
    falso alarme (o que veio antes dele já foi visto pela equipe)."""
    consulta = (
        sa.select(_A.c.matricula_id, _A.c.situacao, _A.c.fechado_em)
        .join(_M, _M.c.id == _A.c.matricula_id)
        .where(_M.c.turma_id.in_(list(turmas)), _A.c.situacao.in_((*EM_ABERTO, "falso_alarme")))
    )
    abertos: set[int] = set()
    falsos: dict[int, datetime] = {}
    for matricula_id, situacao, fechado_em in (await conexao.execute(consulta)).all():
        if situacao in EM_ABERTO:
            abertos.add(matricula_id)
        elif fechado_em is not None and (
            matricula_id not in falsos or fechado_em > falsos[matricula_id]
        ):
            falsos[matricula_id] = fechado_em
    return abertos, falsos


def _no_escopo(acesso: Acesso) -> Any:
    """R24: OSC → as turmas dos seus cursos; CRAS → as pessoas do seu território."""
    if acesso.gestao:
        return sa.true()
    partes = []
    if acesso.oscs:
        partes.append(_CU.c.osc_id.in_(sorted(acesso.oscs)))
    if acesso.crases:
        partes.append(_P.c.cras_id.in_(sorted(acesso.crases)))
    return sa.or_(*partes) if partes else sa.false()


def _consulta_vista() -> Any:
    nome = sa.func.coalesce(sa.func.nullif(_P.c.nome_social, ""), _P.c.nome)
    return (
        sa.select(
            _A.c.id,
            _A.c.matricula_id,
            _A.c.motivo,
            _A.c.situacao,
            _A.c.aberto_em,
            _A.c.resposta,
            nome.label("nome"),
            _T.c.codigo,
            _CU.c.nome.label("curso"),
            _T.c.id.label("turma_id"),
        )
        .join(_M, _M.c.id == _A.c.matricula_id)
        .join(_P, _P.c.id == _M.c.preinscricao_id)
        .join(_T, _T.c.id == _M.c.turma_id)
        .join(_CU, _CU.c.id == _T.c.curso_id)
    )


async def alerta_visto(
    conexao: AsyncConnection, acesso: Acesso, alerta_id: int
) -> AlertaVisto | None:
    """O alerta, só se está no escopo de quem pede; senão None (como se não existisse)."""
    consulta = _consulta_vista().where(_A.c.id == alerta_id, _no_escopo(acesso))
    linha = (await conexao.execute(consulta)).first()
    return AlertaVisto(*linha) if linha else None


async def alertas_abertos(
    conexao: AsyncConnection, acesso: Acesso, limite: int, pular: int = 0
) -> tuple[int, list[AlertaVisto]]:
    """Total e uma página dos alertas em aberto do escopo, dos mais novos aos mais antigos."""
    base = _consulta_vista().where(_A.c.situacao.in_(EM_ABERTO), _no_escopo(acesso))
    total = (
        await conexao.execute(sa.select(sa.func.count()).select_from(base.subquery()))
    ).scalar_one()
    pagina = base.order_by(_A.c.aberto_em.desc(), _A.c.id.desc()).limit(limite).offset(pular)
    return int(total), [AlertaVisto(*linha) for linha in (await conexao.execute(pagina)).all()]


async def decidir(
    conexao: AsyncConnection,
    alerta_id: int,
    de: Sequence[str],
    para: str,
    membro_id: int | None,
    agora: datetime,
) -> bool:
    """Muda a situação se ela ainda é uma de `de` (o primeiro que toca vence)."""
    if para == "acompanhando":
        valores: dict[str, Any] = {"acompanhado_por": membro_id, "acompanhado_em": agora}
    else:
        valores = {"fechado_por": membro_id, "fechado_em": agora}
    mudar = (
        sa.update(_A)
        .where(_A.c.id == alerta_id, _A.c.situacao.in_(list(de)))
        .values(situacao=para, **valores)
        .returning(_A.c.id)
    )
    return (await conexao.execute(mudar)).scalar() is not None


async def situacao(conexao: AsyncConnection, alerta_id: int) -> str:
    consulta = sa.select(_A.c.situacao).where(_A.c.id == alerta_id)
    return str((await conexao.execute(consulta)).scalar() or "")


async def decisao(conexao: AsyncConnection, alerta_id: int) -> tuple[str, int | None]:
    """A situação de agora e quem a decidiu (quem fechou ou, em acompanhamento, quem
    acompanha): o toque repetido diz "por você" só quando foi a mesma pessoa."""
    quem = sa.case((_A.c.situacao == "acompanhando", _A.c.acompanhado_por), else_=_A.c.fechado_por)
    linha = (
        await conexao.execute(sa.select(_A.c.situacao, quem).where(_A.c.id == alerta_id))
    ).first()
    if linha is None:
        return "", None
    return str(linha[0]), None if linha[1] is None else int(linha[1])


async def anotar(
    conexao: AsyncConnection, alerta_id: int, membro_id: int, texto: str, agora: datetime
) -> None:
    """R20: a nota da equipe (cortada no tamanho máximo; nunca vai para o registro)."""
    await conexao.execute(
        sa.insert(_N).values(
            alerta_id=alerta_id, membro_id=membro_id, texto=texto[:MAX_NOTA], em=agora
        )
    )


async def notas(
    conexao: AsyncConnection, alerta_id: int, limite: int = 10
) -> list[tuple[datetime, str]]:
    """As notas mais recentes do alerta, da mais antiga à mais nova."""
    consulta = (
        sa.select(_N.c.em, _N.c.texto)
        .where(_N.c.alerta_id == alerta_id)
        .order_by(_N.c.em.desc(), _N.c.id.desc())
        .limit(limite)
    )
    return [(em, texto) for em, texto in reversed((await conexao.execute(consulta)).all())]
