"""Conversão de células: datas em vários formatos, horas, dias da semana, ano."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from armazenamento.importacao import valores as v
from armazenamento.importacao.geracao import gerar_dias, momento_utc
from armazenamento.normalizacao import normalizar

HOJE = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("valor", "esperado"),
    [
        ("2027-01-05", date(2027, 1, 5)),
        ("05/01/2027", date(2027, 1, 5)),
        ("5/1/2027", date(2027, 1, 5)),
        (datetime(2027, 1, 5, 0, 0), date(2027, 1, 5)),
        (date(2027, 1, 5), date(2027, 1, 5)),
        ("hoje", HOJE),
        ("Hoje + 10", date(2026, 11, 30)),
        ("hoje-3", date(2026, 11, 17)),
        (46392, date(2027, 1, 5)),  # número de série do Excel (coluna sem formato de data)
        (46392.75, date(2027, 1, 5)),  # série com hora: vale o dia
        ("5/1/27", date(2027, 1, 5)),
        ("05.01.2027", date(2027, 1, 5)),
        ("2027-01-05 00:00:00", date(2027, 1, 5)),
        ("2027-1-5", date(2027, 1, 5)),
        ("05/01/2027\xa0", date(2027, 1, 5)),
    ],
)
def test_data(valor: object, esperado: date) -> None:
    assert v.data(valor, HOJE) == esperado


@pytest.mark.parametrize(
    "valor",
    [
        "31/02/2027",
        "2027-13-01",
        "amanhã",
        "hoje*2",
        20270105,
        "",
        1,
        "31/02/27",
        "2027-01-05 14:00",
    ],
)
def test_data_invalida(valor: object) -> None:
    with pytest.raises(ValueError, match="data inválida"):
        v.data(valor, HOJE)


@pytest.mark.parametrize(
    ("valor", "esperado"),
    [
        ("14:00", time(14)),
        ("8h", time(8)),
        ("18h30", time(18, 30)),
        (time(9, 15, 30), time(9, 15)),  # a célula perde os segundos, como o Excel mostra
        ("12:30 am", time(0, 30)),
        ("12 pm", time(12)),
        ("9:05 p.m.", time(21, 5)),
        ("9:05\u202fPM", time(21, 5)),
        ("14:30:59", time(14, 30)),
        (0.0, time(0)),
        (0.75, time(18)),
        (time(13, 59, 59, 999999), time(14)),  # erro de ponto flutuante, não um minuto antes
        ("25:00", None),
        ("13:00 PM", None),
        ("0 am", None),
        ("14:60", None),
        ("14:00:61", None),
        (1.5, None),  # nem fração do dia nem hora cheia
        (24, None),
        (-0.25, None),
        (True, None),
        ("meio-dia", None),
    ],
)
def test_hora(valor: object, esperado: time | None) -> None:
    """Cada forma de escrever a hora; None: recusada com o formato certo no motivo."""
    if esperado is None:
        with pytest.raises(ValueError, match=r"hora inválida .* \(use 14:00\)"):
            v.hora(valor, HOJE)
    else:
        assert v.hora(valor, HOJE) == esperado


@pytest.mark.parametrize(
    ("valor", "esperado"),
    [
        ("seg,qua", (0, 2)),
        ("terça e quinta", (1, 3)),
        ("Segunda-feira; Sexta-feira", (0, 4)),
        (["sab", "qua"], (2, 5)),
    ],
)
def test_dias(valor: object, esperado: tuple[int, ...]) -> None:
    assert v.dias(valor, HOJE) == esperado


@pytest.mark.parametrize(
    ("valor", "esperado"), [("manhã", "manha"), ("MANHA", "manha"), ("Noite", "noite")]
)
def test_r10_turno(valor: str, esperado: str) -> None:
    assert v.turno(valor, HOJE) == esperado


def test_ano_hoje_vira_o_ano_seguinte_a_partir_de_outubro() -> None:
    assert v.ano("hoje", date(2026, 9, 30)) == 2026
    assert v.ano("hoje", date(2026, 10, 1)) == 2027
    assert v.ano("2028", HOJE) == 2028


def test_horas_aceita_virgula() -> None:
    assert v.horas("3,5", HOJE) == 3.5
    with pytest.raises(ValueError):
        v.horas(True, HOJE)


def test_gerar_dias_comeca_no_proprio_inicio() -> None:
    segunda = date(2027, 2, 15)
    assert gerar_dias(segunda, (0, 2), 3) == [segunda, date(2027, 2, 17), date(2027, 2, 22)]


def test_momento_utc_usa_o_fuso_de_bauru() -> None:
    assert momento_utc(date(2027, 2, 15), time(8)).isoformat() == "2027-02-15T11:00:00+00:00"


def test_normalizar_como_a_chave_do_bairro() -> None:
    assert normalizar("  Núcleo  Mary-Dota ") == "nucleo mary dota"
