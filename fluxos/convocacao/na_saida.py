"""Na hora de sair da fila, a mensagem da convocação ainda vale? (R5)

A fila do WhatsApp pode segurar uma convocação por dias (o limite diário de pessoas, uma
queda da Meta). Por isso, quando a linha vai sair de fato:

| a linha                       | a convocação agora                 | o que sai                   |
|-------------------------------|------------------------------------|-----------------------------|
| "convocacao:{id}" (a chamada) | pendente                           | a chamada, com o prazo      |
|                               |                                    |   contado a partir de AGORA |
| "convocacao:{id}:lembrete"    | pendente e no prazo                | o lembrete, como está       |
| qualquer uma das duas         | respondida, cancelada, vencida, ou | nada (`NaoVale`: a linha    |
|                               |   a pessoa já está matriculada     |   sai da fila sem enviar)   |
| outra chave                   | —                                  | como está                   |

R5: a pessoa tem `prazo_convocacao` dias para responder. Decisão: o prazo é RECALCULADO
quando a chamada sai (nunca encurta): quem ficou três dias esperando o limite do WhatsApp
ainda tem os seus dias inteiros. Enquanto a chamada não sai, a tarefa da convocação não a
vence nem manda lembrete (`agenda.py`); o texto e o modelo são montados de novo com o
prazo novo, e o lembrete acompanha o prazo gravado.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.convocacoes import (
    PENDENTE,
    achar_convocacao,
    destinatarios,
    matricula_ativa,
    primeiro_encontro,
    turma_da_convocacao,
)
from armazenamento.modelos import Convocacao
from fluxos.convocacao import textos
from fluxos.convocacao.regras import fim_do_prazo, vencida
from mensagens.tipos import Saida

_C = Convocacao.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class NaoVale:
    """A mensagem não sai: o motivo (um código curto, vai para `ultimo_erro`)."""

    motivo: str


def _da_convocacao(chave: str) -> tuple[int, bool] | None:
    """(id da convocação, é o lembrete) para as chaves que esta regra confere."""
    partes = chave.split(":")
    if partes[0] != "convocacao" or len(partes) not in (2, 3) or not partes[1].isdigit():
        return None
    if len(partes) == 3 and partes[2] != "lembrete":
        return None
    return int(partes[1]), len(partes) == 3


async def conferir(
    conexao: AsyncConnection, chave: str, saida: Saida, agora: datetime, prazo: timedelta
) -> Saida | NaoVale:
    """A mensagem que deve sair agora (a mesma, ou refeita com o prazo novo), ou NaoVale.
    `prazo`: os dias que a pessoa tem para responder (`Ajustes.prazo_convocacao`)."""
    achada = _da_convocacao(chave)
    if achada is None:
        return saida
    convocacao_id, eh_lembrete = achada
    atual = await achar_convocacao(conexao, convocacao_id)
    if atual is None:
        return NaoVale("convocacao: nao existe mais")
    if atual.situacao != PENDENTE:
        return NaoVale(f"convocacao: ja {atual.situacao}")
    if await matricula_ativa(conexao, atual.turma_id, atual.preinscricao_id):
        return NaoVale("convocacao: pessoa ja matriculada")
    if eh_lembrete:
        return NaoVale("convocacao: prazo vencido") if vencida(atual.prazo, agora) else saida
    novo = fim_do_prazo(agora, prazo)
    if novo <= atual.prazo:
        return saida
    return await _com_prazo_novo(conexao, convocacao_id, atual.turma_id, novo, agora)


async def _com_prazo_novo(
    conexao: AsyncConnection, convocacao_id: int, turma_id: int, novo: datetime, agora: datetime
) -> Saida | NaoVale:
    """Grava o prazo novo e remonta a chamada com ele (data, local e nome de agora)."""
    turma = await turma_da_convocacao(conexao, turma_id)
    encontro = await primeiro_encontro(conexao, turma_id, agora)
    if turma is None or encontro is None:  # sem turma ou sem encontro por vir: nada a chamar
        return NaoVale("convocacao: turma sem encontro por vir")
    await conexao.execute(
        sa.update(_C)
        .where(_C.c.id == convocacao_id, _C.c.situacao == PENDENTE, _C.c.prazo < novo)
        .values(prazo=novo)
    )
    [d] = await destinatarios(conexao, [convocacao_id])
    return textos.convocacao(turma, encontro, convocacao_id, d.nome, novo, d.turno)
