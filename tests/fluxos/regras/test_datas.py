from __future__ import annotations

from datetime import date

import pytest

from fluxos.regras.datas import interpretar_data, nome_do_mes
from tests.fluxos.regras.entradas_hostis import HOSTIS

HOJE = date(2026, 1, 20)


@pytest.mark.parametrize(
    ("texto", "esperado"),
    [
        ("03/02/2008", date(2008, 2, 3)),
        ("3/2/2008", date(2008, 2, 3)),
        ("3/2/08", date(2008, 2, 3)),
        ("03/02/08", date(2008, 2, 3)),
        ("03022008", date(2008, 2, 3)),
        ("030208", date(2008, 2, 3)),  # 6 dígitos: ddmmaa
        ("3-2-2008", date(2008, 2, 3)),
        ("3.2.2008", date(2008, 2, 3)),
        ("3 2 2008", date(2008, 2, 3)),
        ("3 / 2 / 2008", date(2008, 2, 3)),
        ("3/2-2008", date(2008, 2, 3)),
        ("  03/02/2008  ", date(2008, 2, 3)),
        ("\u202e03/02/2008", date(2008, 2, 3)),
        # controle e NUL viram espaço na limpeza (texto.limpar): a data continua legível
        ("03/02/2008\x00", date(2008, 2, 3)),
        ("03/02\x00/2008", date(2008, 2, 3)),
        ("3 de fevereiro de 2008", date(2008, 2, 3)),
        ("3 fevereiro 2008", date(2008, 2, 3)),
        ("3 de fev de 2008", date(2008, 2, 3)),
        ("3 de fev. de 2008", date(2008, 2, 3)),
        ("3/fev/2008", date(2008, 2, 3)),
        ("3 de Fevereiro de 2008", date(2008, 2, 3)),
        ("3 DE FEVEREIRO DE 2008", date(2008, 2, 3)),
        ("03 de fevereiro de 08", date(2008, 2, 3)),
        ("3 de fevereiro, 2008", date(2008, 2, 3)),
        ("1º de março de 1990", date(1990, 3, 1)),
        ("1 de marco de 1990", date(1990, 3, 1)),
        ("1 de MARÇO de 1990", date(1990, 3, 1)),
        ("1 mar 1990", date(1990, 3, 1)),
        ("15 de janeiro de 2000", date(2000, 1, 15)),
        ("15 de abril de 1975", date(1975, 4, 15)),
        ("9 de maio de 1980", date(1980, 5, 9)),
        ("21 de junho de 1999", date(1999, 6, 21)),
        ("7 de julho de 2001", date(2001, 7, 7)),
        ("31 de agosto de 1964", date(1964, 8, 31)),
        ("30 de setembro de 2005", date(2005, 9, 30)),
        ("12 de outubro de 2009", date(2009, 10, 12)),
        ("2 de novembro de 1950", date(1950, 11, 2)),
        ("25 de dezembro de 1988", date(1988, 12, 25)),
        ("25 dez 1988", date(1988, 12, 25)),
        ("29/02/2008", date(2008, 2, 29)),  # bissexto
        ("29/02/2000", date(2000, 2, 29)),
        # ano com 2 dígitos: 2000+aa se não passar do ano de hoje (2026), senão 1900+aa
        ("1/1/00", date(2000, 1, 1)),
        ("1/1/26", date(2026, 1, 1)),
        ("20/1/26", date(2026, 1, 20)),  # hoje
        ("1/1/27", date(1927, 1, 1)),
        ("1/1/99", date(1999, 1, 1)),
        ("1/1/10", date(2010, 1, 1)),
        ("20/01/1906", date(1906, 1, 20)),  # exatamente 120 anos
        ("20/01/2026", date(2026, 1, 20)),
    ],
)
def test_interpretar_data_aceita_formatos_brasileiros(texto: str, esperado: date) -> None:
    assert interpretar_data(texto, HOJE) == esperado


@pytest.mark.parametrize(
    "texto",
    [
        "31/02/2008",  # não existe
        "30/02/2008",
        "29/02/2007",  # não bissexto
        "29/02/1900",  # 1900 não é bissexto
        "31/04/2008",
        "32/01/2008",
        "00/01/2008",
        "01/00/2008",
        "01/13/2008",
        "12/31/2008",  # formato americano
        "2008-02-03",  # formato ISO: ano primeiro
        "2008/02/03",
        "21/01/2026",  # amanhã
        "01/01/2027",
        "1/1/27x",
        "19/01/1906",  # mais de 120 anos
        "01/01/1800",
        "03/02/208",  # ano de 3 dígitos
        "03/02/20088",
        "3/2",  # sem ano
        "3 de fevereiro",
        "fevereiro de 2008",
        "3/2/2008/1",
        "0302208",  # 7 dígitos
        "003022008",  # 9 dígitos
        "123",
        "3 de fevereirx de 2008",
        "3 de feve de 2008",
        "3 de febrero de 2008",
        "3 of february 2008",
        "31 de fevereiro de 2008",
        "dia 3 de fevereiro de 2008",
        "ontem",
        "hoje",
        "03/02/2008 10:30",
        "03/02/2008; DROP TABLE pessoas",
        "<b>03/02/2008</b>",
        "٠٣/٠٢/٢٠٠٨",  # dígitos arábico-índicos
        "０３/０２/２００８",  # largura total
        "03/02/２００８",
        "3 de fevereiro de ２００８",  # normalizar() converteria: tem de recusar antes
        "³ de fevereiro de 2008",  # sobrescrito
        "3 de fevereiro de 200⁸",
        "½ de fevereiro de 2008",
        "03/02/2008" * 1000,
        *HOSTIS,
    ],
)
def test_interpretar_data_recusa_impossivel_futura_ou_estranha(texto: str) -> None:
    assert interpretar_data(texto, HOJE) is None


@pytest.mark.parametrize(
    ("texto", "hoje", "esperado"),
    [
        ("29/02/1904", date(2024, 2, 29), date(1904, 2, 29)),  # 120 anos num 29/02
        ("28/02/1904", date(2024, 2, 29), None),
        ("28/02/1905", date(2025, 2, 28), date(1905, 2, 28)),
        ("1/1/25", date(2025, 6, 1), date(2025, 1, 1)),
        ("1/1/25", date(2024, 6, 1), date(1925, 1, 1)),
        ("31/12/24", date(2024, 12, 30), None),  # lido como 2024: é amanhã
    ],
)
def test_interpretar_data_depende_de_hoje(texto: str, hoje: date, esperado: date | None) -> None:
    assert interpretar_data(texto, hoje) == esperado


@pytest.mark.parametrize(
    ("mes", "esperado"),
    [
        (1, "janeiro"),
        (2, "fevereiro"),
        (3, "março"),
        (4, "abril"),
        (5, "maio"),
        (6, "junho"),
        (7, "julho"),
        (8, "agosto"),
        (9, "setembro"),
        (10, "outubro"),
        (11, "novembro"),
        (12, "dezembro"),
    ],
)
def test_nome_do_mes(mes: int, esperado: str) -> None:
    assert nome_do_mes(mes) == esperado


@pytest.mark.parametrize("mes", [0, 13, -1, 100])
def test_nome_do_mes_fora_de_1_a_12_e_erro_de_programa(mes: int) -> None:
    with pytest.raises(ValueError):
        nome_do_mes(mes)
