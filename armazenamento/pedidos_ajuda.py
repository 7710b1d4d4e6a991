"""Consultas e gravação dos pedidos de ajuda (R20). Nunca faz commit: roda na transação
da mensagem que causou a mudança (o motor) ou da tarefa (a escalada).

O escopo da equipe entra na própria consulta (R24): OSC → os pedidos das suas turmas;
CRAS → os do seu território; gestão → todos. Fora do escopo e inexistente dão o mesmo
`None`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.acesso import Acesso
from armazenamento.equipe import Destino
from armazenamento.modelos import (
    Cras,
    Curso,
    Inalcancavel,
    Matricula,
    MembroEquipe,
    Osc,
    PreInscricao,
    Turma,
)
from armazenamento.modelos_ajuda import MensagemAjuda, PedidoAjuda
from armazenamento.preinscricoes import buscar_do_chat, todas_do_chat

_PA = PedidoAjuda.__table__  # type: ignore[attr-defined]
_MA = MensagemAjuda.__table__  # type: ignore[attr-defined]
_P = PreInscricao.__table__  # type: ignore[attr-defined]
_M = Matricula.__table__  # type: ignore[attr-defined]
_T = Turma.__table__  # type: ignore[attr-defined]
_CU = Curso.__table__  # type: ignore[attr-defined]
_EQ = MembroEquipe.__table__  # type: ignore[attr-defined]
_I = Inalcancavel.__table__  # type: ignore[attr-defined]
_O = Osc.__table__  # type: ignore[attr-defined]
_C = Cras.__table__  # type: ignore[attr-defined]

LIMITE_MENSAGEM = 2000  # a coluna: o recado mais longo que o motor aceita (LIMITE_RECADO)


@dataclass(frozen=True, slots=True)
class EscopoDaPessoa:
    """A quem o pedido de uma conversa vai: a OSC da turma (matrícula ativa) ou o CRAS."""

    preinscricao_id: int
    cras_id: int
    matricula_id: int | None = None
    osc_id: int | None = None


@dataclass(frozen=True, slots=True)
class Pedido:
    """Um pedido como a equipe e o fluxo o veem (sem o texto das mensagens)."""

    id: int
    canal: str
    chat_id: str
    preinscricao_id: int
    matricula_id: int | None
    osc_id: int | None
    cras_id: int
    tecnico_id: int | None
    criado_em: datetime
    respondido_em: datetime | None
    escalado_em: datetime | None
    encerrado_em: datetime | None

    @property
    def aberto(self) -> bool:
        return self.encerrado_em is None


_COLUNAS = [_PA.c[c] for c in Pedido.__dataclass_fields__]


def _pedido(linha: Any) -> Pedido | None:
    return Pedido(*linha) if linha else None


async def escopo_do_chat(
    conexao: AsyncConnection, canal: str, chat_id: str
) -> EscopoDaPessoa | None:
    """A matrícula ativa mais nova das pré-inscrições desta conversa (→ turma → curso →
    OSC); sem matrícula, o CRAS da pré-inscrição mais nova; sem pré-inscrição, None."""
    ids = [s.id for s in await todas_do_chat(conexao, canal, chat_id)]
    mais_nova = await buscar_do_chat(conexao, canal, chat_id)
    if mais_nova is not None and mais_nova.id not in ids:
        ids.append(mais_nova.id)
    if not ids:
        return None
    consulta = (
        sa.select(_M.c.id, _M.c.preinscricao_id, _CU.c.osc_id, _P.c.cras_id)
        .select_from(_M.join(_T, _T.c.id == _M.c.turma_id).join(_CU, _CU.c.id == _T.c.curso_id))
        .join(_P, _P.c.id == _M.c.preinscricao_id)
        .where(_M.c.preinscricao_id.in_(ids), _M.c.situacao == "ativa")
        .order_by(_M.c.id.desc())
        .limit(1)
    )
    ativa = (await conexao.execute(consulta)).first()
    if ativa is not None:
        return EscopoDaPessoa(ativa.preinscricao_id, ativa.cras_id, ativa.id, ativa.osc_id)
    pre_id = mais_nova.id if mais_nova else max(ids)
    cras = (await conexao.execute(sa.select(_P.c.cras_id).where(_P.c.id == pre_id))).scalar_one()
    return EscopoDaPessoa(pre_id, int(cras))


async def aberto_do_chat(conexao: AsyncConnection, canal: str, chat_id: str) -> Pedido | None:
    consulta = sa.select(*_COLUNAS).where(
        _PA.c.canal == canal, _PA.c.chat_id == chat_id, _PA.c.encerrado_em.is_(None)
    )
    return _pedido((await conexao.execute(consulta)).first())


async def abrir(
    conexao: AsyncConnection,
    canal: str,
    chat_id: str,
    escopo: EscopoDaPessoa,
    origem: str,
    alerta_id: int | None,
    agora: datetime,
) -> tuple[Pedido, bool]:
    """O pedido aberto desta conversa, ou um novo (um só aberto por conversa: o índice
    único parcial garante; dois ao mesmo tempo, o motor repete a mensagem e acha este)."""
    aberto = await aberto_do_chat(conexao, canal, chat_id)
    if aberto is not None:
        return aberto, False
    await conexao.execute(
        sa.insert(_PA).values(
            canal=canal,
            chat_id=chat_id,
            preinscricao_id=escopo.preinscricao_id,
            matricula_id=escopo.matricula_id,
            osc_id=escopo.osc_id,
            cras_id=escopo.cras_id,
            origem=origem,
            alerta_id=alerta_id,
            criado_em=agora,
        )
    )
    novo = await aberto_do_chat(conexao, canal, chat_id)
    assert novo is not None
    return novo, True


async def anotar(
    conexao: AsyncConnection, pedido_id: int, membro_id: int | None, texto: str, agora: datetime
) -> int:
    """Guarda uma mensagem do pedido (`membro_id` None: a própria pessoa); devolve o id.
    O motor já recusa recado maior que a coluna (`LIMITE_MENSAGEM`), dizendo o limite."""
    resultado = await conexao.execute(
        sa.insert(_MA)
        .values(pedido_id=pedido_id, membro_id=membro_id, texto=texto, em=agora)
        .returning(_MA.c.id)
    )
    return int(resultado.scalar_one())


async def mensagens(conexao: AsyncConnection, pedido_id: int, quantas: int = 5) -> list[Any]:
    """As últimas `quantas` mensagens (membro_id, texto, em), da mais velha à mais nova."""
    consulta = (
        sa.select(_MA.c.membro_id, _MA.c.texto, _MA.c.em)
        .where(_MA.c.pedido_id == pedido_id)
        .order_by(_MA.c.id.desc())
        .limit(quantas)
    )
    return list(reversed((await conexao.execute(consulta)).all()))


def _visivel(acesso: Acesso) -> sa.ColumnElement[bool]:
    if acesso.gestao:
        return sa.true()
    return sa.or_(
        _PA.c.osc_id.in_(sorted(acesso.oscs)) if acesso.oscs else sa.false(),
        _PA.c.cras_id.in_(sorted(acesso.crases)) if acesso.crases else sa.false(),
    )


async def do_escopo(conexao: AsyncConnection, acesso: Acesso, pedido_id: int) -> Pedido | None:
    """O pedido, só se está no escopo de quem pede (R24); senão, None (como inexistente)."""
    consulta = sa.select(*_COLUNAS).where(_PA.c.id == pedido_id, _visivel(acesso))
    return _pedido((await conexao.execute(consulta)).first())


async def abertos_do_escopo(conexao: AsyncConnection, acesso: Acesso, limite: int) -> list[Pedido]:
    """Os pedidos abertos que quem pede pode ver, os mais antigos primeiro."""
    consulta = (
        sa.select(*_COLUNAS)
        .where(_PA.c.encerrado_em.is_(None), _visivel(acesso))
        .order_by(_PA.c.criado_em, _PA.c.id)
        .limit(limite)
    )
    return [Pedido(*linha) for linha in (await conexao.execute(consulta)).all()]


async def marcar_resposta(
    conexao: AsyncConnection, pedido_id: int, membro_id: int, agora: datetime
) -> None:
    """Quem respondeu passa a receber as mensagens da pessoa (o primeiro momento fica)."""
    await conexao.execute(
        sa.update(_PA)
        .where(_PA.c.id == pedido_id)
        .values(tecnico_id=membro_id, respondido_em=sa.func.coalesce(_PA.c.respondido_em, agora))
    )


async def encerrar(
    conexao: AsyncConnection, pedido_id: int, membro_id: int | None, agora: datetime
) -> bool:
    """Encerra se ainda aberto (um clique duplo encerra uma vez só); devolve se encerrou."""
    resultado = await conexao.execute(
        sa.update(_PA)
        .where(_PA.c.id == pedido_id, _PA.c.encerrado_em.is_(None))
        .values(encerrado_em=agora, encerrado_por=membro_id)
        .returning(_PA.c.id)
    )
    return resultado.first() is not None


async def para_escalar(conexao: AsyncConnection, criados_ate: datetime) -> list[Pedido]:
    """Abertos, sem resposta e ainda não escalados, criados até `criados_ate`."""
    consulta = sa.select(*_COLUNAS).where(
        _PA.c.encerrado_em.is_(None),
        _PA.c.respondido_em.is_(None),
        _PA.c.escalado_em.is_(None),
        _PA.c.criado_em <= criados_ate,
    )
    return [Pedido(*linha) for linha in (await conexao.execute(consulta.order_by(_PA.c.id))).all()]


async def marcar_escalado(conexao: AsyncConnection, pedido_id: int, agora: datetime) -> bool:
    """Um só processo escala cada pedido: quem marca primeiro (o UPDATE condicional)."""
    resultado = await conexao.execute(
        sa.update(_PA)
        .where(_PA.c.id == pedido_id, _PA.c.escalado_em.is_(None), _PA.c.respondido_em.is_(None))
        .values(escalado_em=agora)
        .returning(_PA.c.id)
    )
    return resultado.first() is not None


async def destino_do_membro(conexao: AsyncConnection, membro_id: int) -> Destino | None:
    """A conversa de um vínculo ainda ativo da equipe (revogado: None)."""
    consulta = sa.select(_EQ.c.id, _EQ.c.canal, _EQ.c.chat_id).where(
        _EQ.c.id == membro_id, _EQ.c.revogado_em.is_(None)
    )
    linha = (await conexao.execute(consulta)).first()
    return Destino(*linha) if linha else None


async def quem_e(conexao: AsyncConnection, membro_id: int) -> tuple[str, str]:
    """O papel de um vínculo e o nome da instituição dele (OSC ou CRAS; "" na gestão)."""
    consulta = (
        sa.select(_EQ.c.papel, _O.c.nome.label("osc"), _C.c.nome.label("cras"))
        .select_from(
            _EQ.outerjoin(_O, _O.c.id == _EQ.c.osc_id).outerjoin(_C, _C.c.id == _EQ.c.cras_id)
        )
        .where(_EQ.c.id == membro_id)
    )
    linha = (await conexao.execute(consulta)).one()
    return str(linha.papel), str(linha.osc or linha.cras or "")


async def nome_da_pessoa(conexao: AsyncConnection, preinscricao_id: int) -> str:
    """Como a equipe chama a pessoa: o nome social, se ela deu, senão o nome."""
    consulta = sa.select(_P.c.nome, _P.c.nome_social).where(_P.c.id == preinscricao_id)
    linha = (await conexao.execute(consulta)).one()
    return str(linha.nome_social or linha.nome)


async def inalcancavel(conexao: AsyncConnection, canal: str, chat_id: str) -> bool:
    """A fila já marcou esta conversa como inalcançável (bloqueou o bot, conta apagada)?"""
    consulta = sa.select(_I.c.chat_id).where(_I.c.canal == canal, _I.c.chat_id == chat_id)
    return (await conexao.execute(consulta)).first() is not None


async def turma_e_cras(
    conexao: AsyncConnection, matricula_id: int | None, cras_id: int
) -> tuple[str, str]:
    """O código da turma da matrícula ("" sem matrícula) e o nome do CRAS."""
    cras = str((await conexao.execute(sa.select(_C.c.nome).where(_C.c.id == cras_id))).scalar())
    if matricula_id is None:
        return "", cras
    consulta = sa.select(_T.c.codigo).join(_M, _M.c.turma_id == _T.c.id)
    turma = (await conexao.execute(consulta.where(_M.c.id == matricula_id))).scalar()
    return str(turma or ""), cras


async def nome_da_osc(conexao: AsyncConnection, osc_id: int) -> str:
    return str((await conexao.execute(sa.select(_O.c.nome).where(_O.c.id == osc_id))).scalar())


async def da_pessoa_depois(conexao: AsyncConnection, pedido_id: int, mensagem_id: int) -> int:
    """Quantas mensagens a pessoa escreveu no pedido depois da mensagem `mensagem_id`."""
    consulta = sa.select(sa.func.count()).where(
        _MA.c.pedido_id == pedido_id, _MA.c.id > mensagem_id, _MA.c.membro_id.is_(None)
    )
    return int((await conexao.execute(consulta)).scalar_one())


async def ultima_da_equipe(conexao: AsyncConnection, pedido_id: int) -> int:
    """O id da última mensagem do pedido (a resposta que a equipe acabou de gravar)."""
    consulta = sa.select(sa.func.max(_MA.c.id)).where(_MA.c.pedido_id == pedido_id)
    return int((await conexao.execute(consulta)).scalar() or 0)
