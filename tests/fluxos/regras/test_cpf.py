from __future__ import annotations

import pytest

from fluxos.regras.cpf import mascarar_cpf, validar_cpf
from tests.fluxos.regras.entradas_hostis import HOSTIS


@pytest.mark.parametrize(
    ("texto", "esperado"),
    [
        ("123.456.789-09", "12345678909"),
        ("12345678909", "12345678909"),
        ("123 456 789 09", "12345678909"),
        ("123.456.789 09", "12345678909"),
        ("123456789-09", "12345678909"),
        ("123.456.78909", "12345678909"),
        ("123.456.789.09", "12345678909"),
        ("123. 456. 789 - 09", "12345678909"),
        ("123  456   789 09", "12345678909"),  # a limpeza junta espaços repetidos
        ("  123.456.789-09  ", "12345678909"),
        ("\t123.456.789-09\n", "12345678909"),
        ("\u00a0123.456.789-09\u00a0", "12345678909"),  # espaço não separável, de copiar e colar
        ("\u202e123.456.789-09", "12345678909"),  # marca de direção some na limpeza
        ("529.982.247-25", "52998224725"),
        ("111.444.777-35", "11144477735"),
        ("000.000.001-91", "00000000191"),
        ("987.654.321-00", "98765432100"),
        ("390.533.447-05", "39053344705"),
        ("050.423.674-11", "05042367411"),
    ],
)
def test_cpf_valido_em_formatos_usuais(texto: str, esperado: str) -> None:
    assert validar_cpf(texto) == esperado


@pytest.mark.parametrize(
    "texto",
    [
        "123.456.789-00",  # primeiro dígito verificador errado
        "123.456.789-08",  # segundo dígito verificador errado
        "123.456.789-90",  # verificadores trocados
        "12345678910",
        "529.982.247-26",
        "132.456.789-09",  # dois números trocados de lugar
        "000.000.000-00",
        "111.111.111-11",
        "222.222.222-22",
        "333.333.333-33",
        "999.999.999-99",
        "1234567890",  # 10 dígitos
        "123456789091",  # 12 dígitos
        "123.456.789-0",
        "23.456.789-09",
        "1234.567.890-9",  # pontos fora do lugar
        "12.345.678.909",
        "123-456-789-09",
        "123/456/789-09",
        "123..456.789-09",
        "123.456.789-0a",
        "abc.def.ghi-jk",
        "CPF 123.456.789-09",
        "123.456.789-09 e 529.982.247-25",
        "+12345678909",
        "-12345678909",
        "1 2 3 4 5 6 7 8 9 0 9",
        "١٢٣.٤٥٦.٧٨٩-٠٩",  # dígitos arábico-índicos
        "１２３.４５６.７８９-０９",  # largura total
        "¹²³.⁴⁵⁶.⁷⁸⁹-⁰⁹",  # sobrescritos
        "123.456.789-0٩",  # só o último é estrangeiro
        "123.456.789-09\x00extra",
        "<b>123.456.789-09</b>",
        "123.456.789-09; DROP TABLE pessoas",
        "12345678909" * 1000,
        *HOSTIS,
    ],
)
def test_cpf_invalido_devolve_none(texto: str) -> None:
    assert validar_cpf(texto) is None


@pytest.mark.parametrize(
    ("cpf", "esperado"),
    [
        ("12345678909", "***.456.789-**"),
        ("52998224725", "***.982.247-**"),
        ("00000000191", "***.000.001-**"),
        ("", "***.***.***-**"),
        ("123", "***.***.***-**"),
        ("123.456.789-09", "***.***.***-**"),
        ("١٢٣٤٥٦٧٨٩٠٩", "***.***.***-**"),
        ("1234567890a", "***.***.***-**"),
        ("1" * 65536, "***.***.***-**"),
    ],
)
def test_r24_mascarar_cpf_mostra_so_o_miolo(cpf: str, esperado: str) -> None:
    assert mascarar_cpf(cpf) == esperado
