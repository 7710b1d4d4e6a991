"""O lado da OSC das listas do CRAS (R4): quem recebe o aviso e as linhas da planilha.

Escopo no WHERE (R24): a OSC enxerga só as pessoas encaminhadas a ela; o técnico do CRAS,
as do seu território; a gestão, todas. As situações prioritárias (R2) nunca saem daqui:
a OSC não precisa delas.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.acesso import Acesso, Papel
from armazenamento.modelos import (
    Bairro,
    Ciclo,
    Cras,
    Curso,
    Encaminhamento,
    MembroEquipe,
    Osc,
    PreInscricao,
    Priorizacao,
)
from armazenamento.priorizacao import cras_no_escopo

_P = PreInscricao.__table__  # type: ignore[attr-defined]
_PR = Priorizacao.__table__  # type: ignore[attr-defined]
_EN = Encaminhamento.__table__  # type: ignore[attr-defined]
_CR = Cras.__table__  # type: ignore[attr-defined]
_CU = Curso.__table__  # type: ignore[attr-defined]
_CI = Ciclo.__table__  # type: ignore[attr-defined]
_B = Bairro.__table__  # type: ignore[attr-defined]
_O = Osc.__table__  # type: ignore[attr-defined]
_EQ = MembroEquipe.__table__  # type: ignore[attr-defined]

ACAO_PLANILHA = "listas.planilha"  # auditoria: a OSC pegou a planilha de novo em /listas


def osc_no_escopo(acesso: Acesso, coluna: Any) -> Any:
    """R24: a condição do papel sobre uma coluna de id de OSC (gestão: todas)."""
    if acesso.gestao:
        return sa.true()
    if acesso.oscs:
        return coluna.in_(sorted(acesso.oscs))
    return sa.false()


@dataclass(frozen=True, slots=True)
class OscVista:
    id: int
    nome: str


async def oscs_visiveis(conexao: AsyncConnection, acesso: Acesso) -> list[OscVista]:
    consulta = sa.select(_O.c.id, _O.c.nome).where(osc_no_escopo(acesso, _O.c.id))
    return [OscVista(*linha) for linha in await conexao.execute(consulta.order_by(_O.c.nome))]


async def osc_visivel(conexao: AsyncConnection, acesso: Acesso, osc_id: int) -> OscVista | None:
    consulta = sa.select(_O.c.id, _O.c.nome).where(
        _O.c.id == osc_id, osc_no_escopo(acesso, _O.c.id)
    )
    linha = (await conexao.execute(consulta)).first()
    return OscVista(*linha) if linha else None


@dataclass(frozen=True, slots=True)
class Destinatario:
    """Um técnico ativo da OSC e a conversa para onde vai o aviso."""

    membro_id: int
    canal: str
    chat_id: str


async def equipe_da_osc(
    conexao: AsyncConnection, osc_id: int, canais: Iterable[str]
) -> list[Destinatario]:
    """Técnicos da OSC com vínculo ativo, nos canais que recebem aviso sem ter escrito."""
    consulta = sa.select(_EQ.c.id, _EQ.c.canal, _EQ.c.chat_id).where(
        _EQ.c.papel == Papel.OSC,
        _EQ.c.osc_id == osc_id,
        _EQ.c.revogado_em.is_(None),
        _EQ.c.canal.in_(sorted(canais)),
    )
    return [Destinatario(*linha) for linha in await conexao.execute(consulta.order_by(_EQ.c.id))]


@dataclass(frozen=True, slots=True)
class ListaRecebida:
    """Uma lista de CRAS que chegou a uma OSC: de que CRAS e quantas pessoas."""

    priorizacao_id: int
    cras: str
    ano: int
    pessoas: int


async def listas_da_osc(
    conexao: AsyncConnection, acesso: Acesso, osc_id: int, ciclo_id: int
) -> list[ListaRecebida]:
    """As listas enviadas à OSC no ciclo, por nome do CRAS."""
    consulta = (
        sa.select(
            _PR.c.id, _CR.c.nome, _CI.c.ano, sa.func.count(sa.distinct(_EN.c.preinscricao_id))
        )
        .select_from(
            _EN.join(_PR, _PR.c.id == _EN.c.priorizacao_id)
            .join(_CR, _CR.c.id == _PR.c.cras_id)
            .join(_CI, _CI.c.id == _PR.c.ciclo_id)
        )
        .where(
            _EN.c.osc_id == osc_id, _PR.c.ciclo_id == ciclo_id, osc_no_escopo(acesso, _EN.c.osc_id)
        )
        .group_by(_PR.c.id, _CR.c.nome, _CI.c.ano)
        .order_by(_CR.c.nome)
    )
    return [
        ListaRecebida(i, cras, ano, int(n)) for i, cras, ano, n in await conexao.execute(consulta)
    ]


@dataclass(frozen=True, slots=True)
class LinhaDaPlanilha:
    """Uma pessoa encaminhada a um curso da OSC (sem as situações prioritárias)."""

    posicao: int
    nome: str
    nome_social: str
    nascimento: date
    telefone: str
    bairro: str | None
    curso: str
    turno: str
    ano: int
    preinscricao_id: int
    cpf: str | None
    escolaridade: str = ""
    opcao: int = 1  # o curso foi a 1ª ou a 2ª opção da pessoa


async def linhas_da_planilha(
    conexao: AsyncConnection, acesso: Acesso, priorizacao_id: int, osc_id: int
) -> list[LinhaDaPlanilha]:
    """As pessoas de uma lista encaminhadas à OSC, por curso e posição.

    Quem lê: a OSC que recebeu, o CRAS que enviou ou a gestão (o escopo está no WHERE).
    """
    consulta = (
        sa.select(
            _EN.c.posicao,
            _P.c.nome,
            _P.c.nome_social,
            _P.c.nascimento,
            _P.c.telefone,
            _B.c.nome,
            _CU.c.nome,
            _P.c.turno,
            _CI.c.ano,
            _P.c.id,
            _P.c.cpf,
            _P.c.escolaridade,
            sa.case((_EN.c.curso_id == _P.c.curso1_id, 1), else_=2),
        )
        .select_from(
            _EN.join(_P, _P.c.id == _EN.c.preinscricao_id)
            .join(_PR, _PR.c.id == _EN.c.priorizacao_id)
            .join(_CU, _CU.c.id == _EN.c.curso_id)
            .join(_CI, _CI.c.id == _P.c.ciclo_id)
            .outerjoin(_B, _B.c.id == _P.c.bairro_id)
        )
        .where(
            _EN.c.priorizacao_id == priorizacao_id,
            _EN.c.osc_id == osc_id,
            sa.or_(osc_no_escopo(acesso, _EN.c.osc_id), cras_no_escopo(acesso, _PR.c.cras_id)),
        )
        .order_by(_CU.c.nome, _EN.c.posicao)
    )
    return [LinhaDaPlanilha(*linha) for linha in await conexao.execute(consulta)]
