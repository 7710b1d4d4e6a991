"""R19: o horário semanal do resumo do Acessuas e a semana que cada resumo cobre."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from armazenamento.tempo import FUSO
from fluxos.regras.semana import HorarioSemanal, semana_ate, ultima_ocorrencia

SEG_8 = HorarioSemanal(0, 8)


def bauru(dia: int, hora: int, minuto: int = 0) -> datetime:
    return datetime(2027, 1, dia, hora, minuto, tzinfo=FUSO)  # 4/1/2027 é segunda


@pytest.mark.parametrize(
    ("agora", "horario", "esperado"),
    [
        (bauru(11, 8), SEG_8, bauru(11, 8)),  # exatamente na hora: esta
        (bauru(11, 7, 59), SEG_8, bauru(4, 8)),  # um minuto antes: a da semana passada
        (bauru(13, 20), SEG_8, bauru(11, 8)),  # quarta: a de segunda
        (bauru(10, 23), SEG_8, bauru(4, 8)),  # domingo
        (bauru(15, 16), HorarioSemanal(4, 17), bauru(8, 17)),
        (bauru(15, 17), HorarioSemanal(4, 17), bauru(15, 17)),
        (bauru(17, 23), HorarioSemanal(6, 23), bauru(17, 23)),
    ],
)
def test_r19_ultima_ocorrencia(
    agora: datetime, horario: HorarioSemanal, esperado: datetime
) -> None:
    assert ultima_ocorrencia(agora, horario) == esperado


def test_r19_semanas_seguidas_sem_buraco_nem_sobra() -> None:
    """A semana de um resumo começa onde a do anterior acabou."""
    antes = semana_ate(bauru(11, 8), SEG_8)
    depois = semana_ate(bauru(18, 8), SEG_8)
    assert antes == (bauru(4, 8), bauru(11, 8))
    assert depois[0] == antes[1]


def test_r19_relogio_em_utc_vale_o_dia_de_bauru() -> None:
    """Segunda às 2h UTC ainda é domingo, 23h, em Bauru (UTC−3)."""
    assert ultima_ocorrencia(datetime(2027, 1, 11, 2, 0, tzinfo=UTC), SEG_8) == bauru(4, 8)
