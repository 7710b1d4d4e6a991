from __future__ import annotations

import pytest

from fluxos.regras.numeros import interpretar_lista_numeros
from tests.fluxos.regras.entradas_hostis import HOSTIS


@pytest.mark.parametrize(
    ("texto", "esperado"),
    [
        ("1", [1]),
        ("11", [11]),
        ("1, 4 e 11", [1, 4, 11]),
        ("1 4", [1, 4]),
        ("1,4", [1, 4]),
        ("1;4", [1, 4]),
        ("1 e 4", [1, 4]),
        ("1 E 4", [1, 4]),
        ("11, 4, 1", [1, 4, 11]),  # em ordem
        ("4, 4 e 4", [4]),  # sem repetição
        ("1, 4 e 11.", [1, 4, 11]),  # ponto final da frase
        ("  1 ,  4  ", [1, 4]),
        ("1,,4", [1, 4]),
        (",1,", [1]),
        ("01, 04", [1, 4]),
        ("1\x004", [1, 4]),  # controle vira espaço na limpeza
        ("\u202e1, 4", [1, 4]),
        ("1 2 3 4 5 6 7 8 9 10 11", list(range(1, 12))),
    ],
)
def test_lista_de_numeros(texto: str, esperado: list[int]) -> None:
    assert interpretar_lista_numeros(texto, 11) == esperado


@pytest.mark.parametrize(
    ("texto", "esperado"),
    [
        ("I", [1]),
        ("IV e XI", [4, 11]),
        ("iv e xi", [4, 11]),
        ("I, II, III", [1, 2, 3]),
        ("V VI VII VIII", [5, 6, 7, 8]),
        ("IX; X", [9, 10]),
        ("X, IX", [9, 10]),
        ("I, 1 e i", [1]),  # mesmo número escrito de jeitos diferentes
        ("III e 10", [3, 10]),
        ("Ii", [2]),
    ],
)
def test_r2_publico_prioritario_em_algarismos_romanos(texto: str, esperado: list[int]) -> None:
    assert interpretar_lista_numeros(texto, 11) == esperado


@pytest.mark.parametrize(
    "texto",
    [
        "0",
        "12",  # acima do máximo
        "1, 12",
        "XII",
        "IIII",
        "IL",
        "-1",
        "1-4",  # intervalo ou lista? pede de novo
        "1 a 4",
        "1/4",
        "1.4",
        "1.5",
        "1 ou 4",
        "um",
        "um e dois",
        "todos",
        "nenhum",
        "pular",
        "e",
        "e e",
        ",",
        ";;",
        ".",
        "1e4",
        "4x",
        "#4",
        "4!",
        "+4",
        "1, 4 e 11 e mais",
        "99999999999999999999",
        "1" * 5000,  # int() de milhares de dígitos estouraria
        "1 " * 200,
        "١، ٤",
        "٤",  # arábico-índico
        "４",  # largura total
        "⁴",  # sobrescrito
        "𝟒",
        "④",
        "Ⅳ",  # algarismo romano Unicode
        "1, ٤",
        "1; DROP TABLE pessoas",
        "<b>1</b>",
        *HOSTIS,
    ],
)
def test_lista_de_numeros_invalida_devolve_none(texto: str) -> None:
    assert interpretar_lista_numeros(texto, 11) is None


@pytest.mark.parametrize(
    ("texto", "maximo", "esperado"),
    [
        ("3", 3, [3]),
        ("4", 3, None),
        ("IV", 3, None),
        ("1", 1, [1]),
        ("1", 0, None),
        ("1", -5, None),
        ("15, 20", 20, [15, 20]),
        ("100", 100, [100]),
    ],
)
def test_lista_de_numeros_respeita_maximo(
    texto: str, maximo: int, esperado: list[int] | None
) -> None:
    assert interpretar_lista_numeros(texto, maximo) == esperado
