"""A convocação como a equipe da OSC a vê (R5, R24): as turmas do escopo, as pessoas de
uma turma por situação e os técnicos que recebem os avisos.

O escopo de quem pergunta vai no próprio WHERE (`escopo.turmas_visiveis`): turma de outra
OSC nem sai do banco. As mudanças de estado ficam em `armazenamento/convocacoes.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.acesso import Acesso
from armazenamento.convocacoes import (
    Ocupacao,
    TurmaDaConvocacao,
    consulta_turma,
    nome_de_chamada,
    ocupacao,
)
from armazenamento.entregas import entregas_das_chaves
from armazenamento.escopo import turmas_visiveis
from armazenamento.limite_diario import chaves_seguradas
from armazenamento.modelos import (
    Convocacao,
    Curso,
    Encontro,
    Matricula,
    PreInscricao,
    Turma,
)

_T = Turma.__table__  # type: ignore[attr-defined]
_E = Encontro.__table__  # type: ignore[attr-defined]
_CU = Curso.__table__  # type: ignore[attr-defined]
_M = Matricula.__table__  # type: ignore[attr-defined]
_P = PreInscricao.__table__  # type: ignore[attr-defined]
_C = Convocacao.__table__  # type: ignore[attr-defined]
# a "situação de entrega" da convocação que ainda espera o limite diário do WhatsApp
SEGURADA = "segurada"


@dataclass(frozen=True, slots=True)
class PessoaDaTurma:
    """Uma pessoa convocada ou matriculada na turma, como a equipe da OSC a vê."""

    preinscricao_id: int
    nome: str
    telefone: str
    canal: str
    chat_id: str
    convocacao_id: int | None
    situacao: str | None  # da convocação
    prazo: datetime | None
    matricula_id: int | None
    matricula: str | None  # situação da matrícula
    turno: str = ""  # o turno que a pessoa escolheu (R10)
    opcao: int = 1  # o curso da turma foi a 1ª ou a 2ª opção dela
    # a mensagem da convocação, como o canal informou (WhatsApp: sent, delivered, read,
    # failed; "" = o canal não informa, ou ainda não saiu)
    entrega: str = ""


async def turma_visivel(
    conexao: AsyncConnection, acesso: Acesso, turma_id: int
) -> TurmaDaConvocacao | None:
    """A turma, se está no escopo de quem pergunta (escopo no próprio WHERE)."""
    consulta = consulta_turma().where(_T.c.id == turma_id, turmas_visiveis(acesso))
    linha = (await conexao.execute(consulta)).first()
    return TurmaDaConvocacao(*linha) if linha is not None else None


async def turmas_visiveis_para_convocar(
    conexao: AsyncConnection, acesso: Acesso, agora: datetime
) -> list[tuple[TurmaDaConvocacao, Ocupacao]]:
    """As turmas do escopo, por curso e código, com a ocupação de cada uma. Ficam de fora
    as que já terminaram (têm encontros, todos no passado: ciclos anteriores); uma turma
    ainda sem encontros aparece, para a OSC saber que precisa cadastrá-los."""
    por_vir = sa.exists().where(
        _E.c.turma_id == _T.c.id, _E.c.inicio > agora, _E.c.cancelado.is_(False)
    )
    algum = sa.exists().where(_E.c.turma_id == _T.c.id)
    consulta = (
        consulta_turma()
        .where(turmas_visiveis(acesso), sa.or_(por_vir, ~algum))
        .order_by(_CU.c.nome, _T.c.codigo)
    )
    turmas = [TurmaDaConvocacao(*linha) for linha in (await conexao.execute(consulta)).all()]
    return [(t, await ocupacao(conexao, t)) for t in turmas]


async def pessoas_da_turma(
    conexao: AsyncConnection, acesso: Acesso, turma_id: int, so: int | None = None
) -> list[PessoaDaTurma]:
    """Convocados e matriculados da turma, se a turma está no escopo (escopo no WHERE)."""
    no_escopo = [_T.c.id == turma_id, turmas_visiveis(acesso)]
    filtro_c = [_C.c.preinscricao_id == so] if so is not None else []
    filtro_m = [_M.c.preinscricao_id == so] if so is not None else []
    convocacoes = (
        sa.select(_C.c.preinscricao_id, _C.c.id, _C.c.situacao, _C.c.prazo)
        .join(_T, _T.c.id == _C.c.turma_id)
        .join(_CU, _CU.c.id == _T.c.curso_id)
        .where(*no_escopo, *filtro_c)
    )
    matriculas = (
        sa.select(_M.c.preinscricao_id, _M.c.id, _M.c.situacao)
        .join(_T, _T.c.id == _M.c.turma_id)
        .join(_CU, _CU.c.id == _T.c.curso_id)
        .where(*no_escopo, *filtro_m)
    )
    por_pessoa: dict[int, dict[str, Any]] = {}
    for pid, cid, situacao, prazo in (await conexao.execute(convocacoes)).all():
        por_pessoa.setdefault(pid, {}).update(convocacao_id=cid, situacao=situacao, prazo=prazo)
    for pid, mid, situacao in (await conexao.execute(matriculas)).all():
        por_pessoa.setdefault(pid, {}).update(matricula_id=mid, matricula=situacao)
    if not por_pessoa:
        return []
    chaves = {
        pid: f"convocacao:{d['convocacao_id']}"
        for pid, d in por_pessoa.items()
        if "convocacao_id" in d
    }
    entregas = await entregas_das_chaves(conexao, list(chaves.values()))
    for chave in await chaves_seguradas(conexao, list(chaves.values())):
        entregas[chave] = ("whatsapp", SEGURADA)  # ainda não saiu: o limite diário
    curso_da_turma = sa.select(_T.c.curso_id).where(_T.c.id == turma_id).scalar_subquery()
    opcao = sa.case((_P.c.curso1_id == curso_da_turma, 1), else_=2)
    dados = sa.select(
        _P.c.id,
        _P.c.nome,
        _P.c.nome_social,
        _P.c.telefone,
        _P.c.canal,
        _P.c.chat_id,
        _P.c.turno,
        opcao,
    ).where(_P.c.id.in_(sorted(por_pessoa)))
    pessoas = [
        PessoaDaTurma(
            pid,
            nome_de_chamada(nome, social),
            telefone,
            canal,
            chat,
            por_pessoa[pid].get("convocacao_id"),
            por_pessoa[pid].get("situacao"),
            por_pessoa[pid].get("prazo"),
            por_pessoa[pid].get("matricula_id"),
            por_pessoa[pid].get("matricula"),
            turno,
            int(opcao),
            entregas.get(chaves.get(pid, ""), ("", ""))[1],
        )
        for pid, nome, social, telefone, canal, chat, turno, opcao in (
            await conexao.execute(dados)
        ).all()
    ]
    return sorted(pessoas, key=lambda p: (p.nome.casefold(), p.preinscricao_id))
