"""Feriados em Bauru (sem aula, sem lembrete na véspera): nacionais, de SP e municipais."""

from __future__ import annotations

from datetime import date

import pytest

from fluxos.regras.feriados import ListaDeFeriadosRuim, eh_feriado, ler_feriados_extras


@pytest.mark.parametrize(
    ("dia", "esperado", "por_que"),
    [
        (date(2027, 1, 1), True, "Confraternização Universal (nacional)"),
        (date(2027, 3, 26), True, "Sexta-feira Santa (nacional)"),
        (date(2027, 4, 21), True, "Tiradentes (nacional)"),
        (date(2027, 7, 9), True, "Revolução Constitucionalista (estado de SP)"),
        (date(2027, 9, 7), True, "Independência (nacional)"),
        (date(2027, 11, 20), True, "Consciência Negra (nacional desde 2024)"),
        (date(2024, 11, 20), True, "primeiro ano como feriado nacional"),
        (date(2023, 11, 20), False, "antes da Lei 14.759/2023 não era nacional"),
        (date(2027, 8, 1), True, "aniversário de Bauru (municipal)"),
        (date(2027, 5, 27), True, "Corpus Christi (municipal em Bauru)"),
        (date(2026, 6, 4), True, "Corpus Christi de 2026"),
        (date(2027, 2, 8), False, "Carnaval: ponto facultativo, a aula segue"),
        (date(2027, 2, 9), False, "Carnaval: ponto facultativo, a aula segue"),
        (date(2027, 2, 10), False, "Quarta-feira de Cinzas: ponto facultativo"),
        (date(2027, 10, 28), False, "Dia do Servidor: ponto facultativo"),
        (date(2027, 3, 2), False, "terça-feira comum"),
        (date(2027, 1, 25), False, "aniversário da cidade de São Paulo: só na capital"),
    ],
)
def test_feriados_de_bauru(dia: date, esperado: bool, por_que: str) -> None:
    assert eh_feriado(dia) is esperado, por_que


def test_lista_extra_vira_feriado() -> None:
    extras = ler_feriados_extras("2027-02-08, 2027-02-09")
    assert eh_feriado(date(2027, 2, 8), extras)
    assert eh_feriado(date(2027, 2, 9), extras)
    assert not eh_feriado(date(2027, 2, 10), extras)
    assert eh_feriado(date(2027, 9, 7), extras)  # os oficiais continuam


@pytest.mark.parametrize(
    ("texto", "esperado"),
    [
        ("", frozenset()),
        ("  ", frozenset()),
        ("2027-03-01", frozenset({date(2027, 3, 1)})),
        ("2027-03-01,2027-03-02", frozenset({date(2027, 3, 1), date(2027, 3, 2)})),
        (" 2027-03-01 ; 2027-03-01 ,", frozenset({date(2027, 3, 1)})),
    ],
)
def test_ler_feriados_extras(texto: str, esperado: frozenset[date]) -> None:
    assert ler_feriados_extras(texto) == esperado


@pytest.mark.parametrize("texto", ["01/03/2027", "2027-02-30", "amanhã"])
def test_lista_extra_com_data_ruim_diz_qual(texto: str) -> None:
    with pytest.raises(ListaDeFeriadosRuim, match="INCLUSAO_FERIADOS"):
        ler_feriados_extras(f"2027-03-01,{texto}")
