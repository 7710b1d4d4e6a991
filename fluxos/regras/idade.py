"""Idade do cidadão e idade mínima do Programa (R1)."""

from __future__ import annotations

from datetime import date

IDADE_MINIMA = 16


def calcular_idade(nascimento: date, em: date) -> int:
    """Anos completos em `em`.

    Quem nasceu em 29/02 completa ano em 01/03 nos anos não bissextos (a comparação de
    (mês, dia) já faz isso). Nascimento depois de `em` dá 0, nunca idade negativa.
    """
    anos = em.year - nascimento.year
    if (em.month, em.day) < (nascimento.month, nascimento.day):
        anos -= 1
    return max(anos, 0)


def tem_idade_minima(nascimento: date, em: date) -> bool:
    """R1: 16 anos completos na data da pré-inscrição (quem faz 16 anos nesse dia entra)."""
    return calcular_idade(nascimento, em) >= IDADE_MINIMA
