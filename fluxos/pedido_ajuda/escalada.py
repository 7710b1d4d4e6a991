"""Pedido de ajuda sem resposta vai ao CRAS (R20): tarefa do agendador.

Sem resposta depois de `Ajustes.ajuda_escalar_dias_uteis` dias úteis (padrão 1; fim de
semana e feriados de Bauru não contam, `fluxos.regras.dias_uteis`), o pedido é escalado
uma vez só para os técnicos do CRAS do território da pessoa. Segura em vários processos:
quem marca `escalado_em` primeiro (UPDATE condicional) enfileira; a chave do envio é única.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from armazenamento import pedidos_ajuda as banco
from armazenamento.banco import transacao
from armazenamento.destinos import tecnicos_do_cras
from fluxos.ajustes import Ajustes
from fluxos.pedido_ajuda.avisos import avisar_equipe, onde
from fluxos.regras.dias_uteis import somar_dias_uteis
from mensagens.catalogo import texto
from mensagens.formatos import quantos

log = logging.getLogger(__name__)


async def escalar_pedidos(
    motor: AsyncEngine,
    agora: datetime,
    ajustes: Ajustes | None = None,
    feriados_extras: frozenset[date] = frozenset(),
) -> int:
    """Escala os pedidos vencidos; devolve quantos escalou agora (nenhum dado pessoal no log)."""
    dias = (ajustes or Ajustes()).ajuda_escalar_dias_uteis
    escalados = 0
    async with transacao(motor) as conexao:
        # dias úteis nunca são menos que dias corridos: o filtro do banco só adianta
        for pedido in await banco.para_escalar(conexao, agora - timedelta(days=dias)):
            if somar_dias_uteis(pedido.criado_em, dias, feriados_extras) > agora:
                continue
            if not await banco.marcar_escalado(conexao, pedido.id, agora):
                continue
            escalados += 1
            primeira = await banco.mensagens(conexao, pedido.id, quantas=1)
            corpo = texto(
                "pedido_ajuda.equipe.escalado",
                numero=pedido.id,
                nome=await banco.nome_da_pessoa(conexao, pedido.preinscricao_id),
                onde=await onde(conexao, pedido),
                prazo=quantos(dias, "dia_util"),
                texto=primeira[-1].texto if primeira else "",
            )
            destinos = await tecnicos_do_cras(conexao, pedido.cras_id)
            await avisar_equipe(
                conexao, destinos, pedido, corpo, f"ajuda:escalar:{pedido.id}", agora
            )
    if escalados:
        log.info("pedidos de ajuda escalados ao CRAS: %d", escalados)
    return escalados
