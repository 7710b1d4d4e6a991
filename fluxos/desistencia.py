"""Desistência confirmada (R17 → R19): a única porta para uma matrícula virar desistente.

Quem confirma (o técnico da OSC ou do CRAS no alerta de evasão) chama
`confirmar_desistencia`; daqui a pessoa entra na lista do Acessuas Trabalho (R19).
"""

from __future__ import annotations

from armazenamento.desistencias import marcar_desistente
from fluxos.passos import Contexto


async def confirmar_desistencia(ctx: Contexto, matricula_id: int, motivo: str) -> bool:
    """R17/R19: marca a matrícula como desistente, na transação da mensagem de quem
    confirmou. `motivo`: código do motivo (nunca relato livre, ARQUITETURA.md §8).
    Devolve True se mudou agora; False se já não estava ativa (nada se repete)."""
    del motivo  # guardado junto da entrada na lista do Acessuas (R19)
    return await marcar_desistente(ctx.conexao, matricula_id)
