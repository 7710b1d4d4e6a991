"""Consultas da presença avisada pelo lembrete: o encontro, a matrícula de uma conversa e
a falta justificada antecipada (origem "lembrete").

Por que aqui e não em `fluxos/presenca.py`: o fluxo decide o que responder (aula
desconhecida, de outra pessoa, cancelada, que já aconteceu) e quando gravar ou desfazer a
falta; como isso se lê e se grava é assunto do banco. Tudo roda na transação de quem chama
(a da mensagem que chegou) e nada faz commit.

A falta avisada é única por (encontro, matrícula) no banco: apertar "Não vou poder" duas
vezes não duplica. Desfazer só apaga a marca de origem "lembrete": a chamada do instrutor
nunca é mexida por aqui.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as insert_pg
from sqlalchemy.dialects.sqlite import insert as insert_sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.modelos import Encontro, Matricula, PreInscricao, Presenca, Turma

_E = Encontro.__table__  # type: ignore[attr-defined]
_M = Matricula.__table__  # type: ignore[attr-defined]
_P = PreInscricao.__table__  # type: ignore[attr-defined]
_PR = Presenca.__table__  # type: ignore[attr-defined]
_T = Turma.__table__  # type: ignore[attr-defined]
_INSERIR: dict[str, Any] = {"sqlite": insert_sqlite, "postgresql": insert_pg}
ORIGEM_LEMBRETE = "lembrete"


@dataclass(frozen=True, slots=True)
class EncontroAchado:
    """O que a resposta ao lembrete precisa saber de um encontro."""

    turma_id: int
    inicio: datetime
    cancelado: bool


async def achar_encontro(conexao: AsyncConnection, encontro_id: int) -> EncontroAchado | None:
    """O encontro pelo id, ou None se não existe."""
    linha = (
        await conexao.execute(
            sa.select(_E.c.turma_id, _E.c.inicio, _E.c.cancelado).where(_E.c.id == encontro_id)
        )
    ).first()
    if linha is None:
        return None
    return EncontroAchado(linha.turma_id, linha.inicio, bool(linha.cancelado))


async def matricula_do_chat(
    conexao: AsyncConnection, canal: str, chat_id: str, turma_id: int
) -> int | None:
    """Matrícula ativa na turma de uma pré-inscrição feita por esta conversa (a mais nova)."""
    consulta = (
        sa.select(_M.c.id)
        .join(_P, _P.c.id == _M.c.preinscricao_id)
        .where(
            _P.c.canal == canal,
            _P.c.chat_id == chat_id,
            _M.c.turma_id == turma_id,
            _M.c.situacao == "ativa",
        )
        .order_by(_M.c.id.desc())
        .limit(1)
    )
    return (await conexao.execute(consulta)).scalar()


async def gravar_falta_avisada(
    conexao: AsyncConnection, encontro_id: int, matricula_id: int, agora: datetime
) -> int | None:
    """Falta justificada de origem "lembrete"; se já há marca do encontro e matrícula
    (avisada antes ou da chamada), nada muda. Devolve o id da marca criada agora (None:
    já havia), para o aviso ao instrutor sair uma vez só."""
    gravar = (
        _INSERIR[conexao.dialect.name](_PR)
        .values(
            encontro_id=encontro_id,
            matricula_id=matricula_id,
            situacao="falta_justificada",
            origem=ORIGEM_LEMBRETE,
            registrada_em=agora,
        )
        .on_conflict_do_nothing(index_elements=["encontro_id", "matricula_id"])
        .returning(_PR.c.id)
    )
    return (await conexao.execute(gravar)).scalar()


async def desfazer_falta_avisada(
    conexao: AsyncConnection, encontro_id: int, matricula_id: int
) -> int | None:
    """Apaga a falta avisada pelo lembrete, se houver; marca de outra origem fica.
    Devolve o id da marca apagada (None: não havia)."""
    apagar = (
        sa.delete(_PR)
        .where(
            _PR.c.encontro_id == encontro_id,
            _PR.c.matricula_id == matricula_id,
            _PR.c.origem == ORIGEM_LEMBRETE,
        )
        .returning(_PR.c.id)
    )
    return (await conexao.execute(apagar)).scalar()


async def codigo_da_turma(conexao: AsyncConnection, turma_id: int) -> str:
    return str((await conexao.execute(sa.select(_T.c.codigo).where(_T.c.id == turma_id))).scalar())


async def nome_da_matricula(conexao: AsyncConnection, matricula_id: int) -> str:
    """Como a turma chama a pessoa: o nome social, se ela deu, senão o nome."""
    consulta = (
        sa.select(_P.c.nome, _P.c.nome_social)
        .join(_M, _M.c.preinscricao_id == _P.c.id)
        .where(_M.c.id == matricula_id)
    )
    linha = (await conexao.execute(consulta)).one()
    return str(linha.nome_social or linha.nome)
