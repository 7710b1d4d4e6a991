"""Dias úteis em Bauru: segunda a sexta que não são feriado (`fluxos.regras.feriados`).

O prazo de um pedido de ajuda sem resposta (R20) conta em dias úteis: pedido feito no
sábado começa a contar na segunda às 0h; "1 dia útil" é a mesma hora do próximo dia útil.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from armazenamento.tempo import FUSO
from fluxos.regras.feriados import eh_feriado

SABADO = 5


def eh_dia_util(dia: date, extras: frozenset[date] = frozenset()) -> bool:
    return dia.weekday() < SABADO and not eh_feriado(dia, extras)


def _proximo_util(dia: date, extras: frozenset[date]) -> date:
    dia += timedelta(days=1)
    while not eh_dia_util(dia, extras):
        dia += timedelta(days=1)
    return dia


def somar_dias_uteis(
    momento: datetime, dias: int, extras: frozenset[date] = frozenset()
) -> datetime:
    """R20: `momento` + `dias` dias úteis, na hora de Bauru. Fora de dia útil, conta a
    partir do começo do próximo dia útil."""
    local = momento.astimezone(FUSO)
    dia, hora = local.date(), local.timetz()
    if not eh_dia_util(dia, extras):
        dia, hora = _proximo_util(dia, extras), time(0, tzinfo=FUSO)
    for _ in range(dias):
        dia = _proximo_util(dia, extras)
    return datetime.combine(dia, hora.replace(tzinfo=None), FUSO).astimezone(momento.tzinfo)
