"""R20: o prazo do pedido de ajuda conta em dias úteis de Bauru (fim de semana e feriado não)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from armazenamento.tempo import FUSO
from fluxos.regras.dias_uteis import eh_dia_util, somar_dias_uteis


def bauru(ano: int, mes: int, dia: int, hora: int = 0) -> datetime:
    return datetime(ano, mes, dia, hora, tzinfo=FUSO)


@pytest.mark.parametrize(
    ("inicio", "dias", "extras", "fim"),
    [
        # terça 10h + 1 → quarta 10h
        (bauru(2027, 3, 2, 10), 1, frozenset(), bauru(2027, 3, 3, 10)),
        # sexta 16h + 1 → segunda 16h (sábado e domingo não contam)
        (bauru(2027, 3, 5, 16), 1, frozenset(), bauru(2027, 3, 8, 16)),
        # sábado → conta do começo da segunda: vence na terça às 0h
        (bauru(2027, 3, 6, 11), 1, frozenset(), bauru(2027, 3, 9, 0)),
        # quarta, 20 de abril de 2027, véspera de Tiradentes (21/4, quarta) → quinta
        (bauru(2027, 4, 20, 9), 1, frozenset(), bauru(2027, 4, 22, 9)),
        # 1º de agosto de 2027 é domingo (aniversário de Bauru): nada muda
        (bauru(2027, 7, 30, 9), 1, frozenset(), bauru(2027, 8, 2, 9)),
        # feriado extra configurado (INCLUSAO_FERIADOS) também pula
        (bauru(2027, 3, 2, 10), 1, frozenset({date(2027, 3, 3)}), bauru(2027, 3, 4, 10)),
        # 3 dias úteis de quinta → terça
        (bauru(2027, 3, 4, 8), 3, frozenset(), bauru(2027, 3, 9, 8)),
        # zero: o mesmo momento (num dia útil)
        (bauru(2027, 3, 4, 8), 0, frozenset(), bauru(2027, 3, 4, 8)),
    ],
)
def test_r20_somar_dias_uteis(
    inicio: datetime, dias: int, extras: frozenset[date], fim: datetime
) -> None:
    assert somar_dias_uteis(inicio, dias, extras) == fim


def test_r20_dia_util() -> None:
    assert eh_dia_util(date(2027, 3, 5))  # sexta
    assert not eh_dia_util(date(2027, 3, 6))  # sábado
    assert not eh_dia_util(date(2027, 4, 21))  # Tiradentes
    assert not eh_dia_util(date(2027, 3, 5), frozenset({date(2027, 3, 5)}))
