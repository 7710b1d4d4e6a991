from __future__ import annotations

from datetime import date

import pytest

from fluxos.regras.idade import IDADE_MINIMA, calcular_idade, tem_idade_minima


def test_r1_idade_minima_e_16() -> None:
    assert IDADE_MINIMA == 16


@pytest.mark.parametrize(
    ("nascimento", "em", "esperado"),
    [
        (date(2008, 2, 3), date(2026, 2, 3), 18),  # aniversário hoje
        (date(2008, 2, 3), date(2026, 2, 2), 17),  # véspera
        (date(2008, 2, 3), date(2026, 2, 4), 18),
        (date(2008, 2, 3), date(2026, 1, 31), 17),
        (date(2008, 12, 31), date(2026, 1, 1), 17),
        (date(2008, 1, 1), date(2026, 12, 31), 18),
        (date(2026, 1, 15), date(2026, 1, 15), 0),  # nasceu hoje
        (date(2026, 1, 16), date(2026, 1, 15), 0),  # nascimento depois: nunca negativo
        (date(2030, 1, 1), date(2026, 1, 15), 0),
        (date(1906, 1, 15), date(2026, 1, 15), 120),
        # 29/02: em ano não bissexto completa ano em 01/03
        (date(2008, 2, 29), date(2025, 2, 28), 16),
        (date(2008, 2, 29), date(2025, 3, 1), 17),
        (date(2008, 2, 29), date(2028, 2, 28), 19),
        (date(2008, 2, 29), date(2028, 2, 29), 20),
        (date(2008, 2, 29), date(2024, 2, 29), 16),
        (date(2010, 3, 1), date(2026, 2, 28), 15),
        (date(2010, 2, 28), date(2026, 2, 28), 16),
    ],
)
def test_calcular_idade(nascimento: date, em: date, esperado: int) -> None:
    assert calcular_idade(nascimento, em) == esperado


@pytest.mark.parametrize(
    ("nascimento", "em", "esperado"),
    [
        (date(2010, 1, 20), date(2026, 1, 20), True),  # faz 16 no dia da pré-inscrição
        (date(2010, 1, 21), date(2026, 1, 20), False),  # faz 16 amanhã
        (date(2010, 1, 19), date(2026, 1, 20), True),
        (date(2009, 12, 31), date(2026, 1, 1), True),
        (date(2010, 12, 31), date(2026, 1, 1), False),
        (date(1960, 5, 5), date(2026, 1, 20), True),
        (date(2026, 1, 20), date(2026, 1, 20), False),
        (date(2027, 1, 1), date(2026, 1, 20), False),
        # 29/02 + 16 anos cai sempre em ano bissexto: faz 16 no próprio 29/02
        (date(2012, 2, 29), date(2028, 2, 28), False),
        (date(2012, 2, 29), date(2028, 2, 29), True),
        (date(2008, 2, 29), date(2024, 2, 28), False),
        (date(2008, 2, 29), date(2024, 2, 29), True),
        (date(2004, 2, 29), date(2020, 2, 28), False),
        (date(2004, 2, 29), date(2020, 2, 29), True),
    ],
)
def test_r1_tem_idade_minima_na_data_da_preinscricao(
    nascimento: date, em: date, esperado: bool
) -> None:
    assert tem_idade_minima(nascimento, em) is esperado


@pytest.mark.parametrize(
    ("nascimento", "em"),
    [
        (date(2011, 1, 20), date(2026, 1, 20)),  # 15 anos
        (date(2010, 1, 21), date(2026, 1, 20)),  # 15 anos e 364 dias
        (date(2020, 6, 1), date(2026, 1, 20)),
        (date(2026, 1, 20), date(2026, 1, 20)),
    ],
)
def test_r1_menor_de_16_recusado(nascimento: date, em: date) -> None:
    assert not tem_idade_minima(nascimento, em)
