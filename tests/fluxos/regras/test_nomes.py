from __future__ import annotations

import pytest

from fluxos.regras.nomes import validar_nome, validar_nome_social
from tests.fluxos.regras.entradas_hostis import HOSTIS

# nomes que nenhuma das duas funções aceita
RECUSADOS_SEMPRE = [
    "Maria 2 Silva",
    "Maria da Silva 3",
    "M4ria Silva",
    "Maria da Silva 😀",
    "Maria 👍 Silva",
    "<b>Maria</b> Silva",
    "Maria <script>alert(1)</script>",
    "Maria'; DROP TABLE pessoas; --",
    "Robert'); DROP TABLE Students;--",
    "Maria & Silva",
    "Maria@Silva.com",
    "Maria_Silva Souza",
    "Maria. Silva",
    "Maria, Silva",
    "Maria (Silva)",
    'Maria "Silva"',
    "Maria / Silva",
    "Maria ' Silva",  # apóstrofo solto
    "Maria - Silva",  # hífen solto
    "Maria -Silva",
    "Maria Silva-",
    "'Maria Silva",
    "Ana--Maria Silva",
    "Ana''Maria Silva",
    "Ｍａｒｉａ Ｓｉｌｖａ",  # letras de largura total
    "𝐌𝐚𝐫𝐢𝐚 Silva",  # letras matemáticas
    "Мария Силва",  # cirílico
    "Μαρία Σίλβα",  # grego
    "مريم سيلفا",  # árabe
    "玛丽亚 席尔瓦",
    "Maria Silva\u0301\u0301\u0301",  # acentos empilhados (zalgo)
    "Maria ª Silva",
    "Maria º Silva",
    "Maria١ Silva",
    "Maria² Silva",
    "Maria ١٢٣",
    "Maria ＳILVA",
    "a" * 121,
    "Maria " + "Silva " * 30,
    *HOSTIS,
]


@pytest.mark.parametrize(
    ("texto", "esperado"),
    [
        ("Maria da Silva", "Maria da Silva"),
        ("MARIA DA SILVA", "Maria da Silva"),
        ("maria da silva", "Maria da Silva"),
        ("JOSÉ DOS SANTOS E SOUZA", "José dos Santos e Souza"),
        ("ana das dores do nascimento", "Ana das Dores do Nascimento"),
        ("JOÃO DE DEUS", "João de Deus"),
        ("João de Deus", "João de Deus"),
        ("DE SOUZA MARIA", "De Souza Maria"),  # primeira palavra sempre maiúscula
        ("Maria DA Silva", "Maria DA Silva"),  # caixa mista: fica como digitado
        ("McDonald Ferreira", "McDonald Ferreira"),
        ("maria D'ÁVILA", "maria D'ÁVILA"),
        ("JOANA D'ARC", "Joana D'Arc"),
        ("joana d'arc", "Joana D'Arc"),
        ("Joana D’Arc", "Joana D'Arc"),  # apóstrofo tipográfico vira reto
        ("ANA-MARIA DE OLIVEIRA", "Ana-Maria de Oliveira"),
        ("ana-maria oliveira", "Ana-Maria Oliveira"),
        ("Ana-Maria Oliveira", "Ana-Maria Oliveira"),
        ("  Maria   da   Silva  ", "Maria da Silva"),
        ("Maria\tda\nSilva", "Maria da Silva"),
        ("\u202eMaria da Silva", "Maria da Silva"),  # marca de direção sai na limpeza
        ("Maria\x00 da Silva", "Maria da Silva"),
        ("ÇAÇÃO ÜÑÍÇÖ", "Çação Üñíçö"),
        ("Zoë Ñúñez", "Zoë Ñúñez"),
        ("Maria J Silva", "Maria J Silva"),
        ("Bo Li", "Bo Li"),  # 5 caracteres
        ("Maria Jose\u0301", "Maria José"),  # acento combinado vira um caractere (NFC)
        ("Ana " + "a" * 116, "Ana " + "a" * 116),  # 120 caracteres
        ("Maria e Souza", "Maria e Souza"),
    ],
)
def test_nome_completo_valido(texto: str, esperado: str) -> None:
    assert validar_nome(texto) == esperado


@pytest.mark.parametrize(
    "texto",
    [
        "Maria",  # uma palavra só
        "MARIA",
        "da Silva",  # só partícula além do sobrenome
        "de da do",
        "Ana e",
        "Li B",  # 4 caracteres
        "A B",
        "Ana " + "a" * 117,  # 121 caracteres
        *RECUSADOS_SEMPRE,
    ],
)
def test_nome_completo_invalido_devolve_none(texto: str) -> None:
    assert validar_nome(texto) is None


@pytest.mark.parametrize(
    ("texto", "esperado"),
    [
        ("Maria", "Maria"),
        ("MARIA", "Maria"),
        ("luana", "Luana"),
        ("Lu", "Lu"),
        ("LU", "Lu"),
        ("Ana-Clara", "Ana-Clara"),
        ("ANA DE JESUS", "Ana de Jesus"),
        ("Dandara dos Santos", "Dandara dos Santos"),
        ("  Kaique  ", "Kaique"),
        ("Ágata", "Ágata"),
        ("a" * 120, "A" + "a" * 119),
    ],
)
def test_nome_social_valido(texto: str, esperado: str) -> None:
    assert validar_nome_social(texto) == esperado


@pytest.mark.parametrize(
    "texto",
    [
        "A",  # 1 caractere
        "a",
        "de",  # só partícula
        "e",
        "a" * 121,
        "Lu2",
        "Lu!",
        *RECUSADOS_SEMPRE,
    ],
)
def test_nome_social_invalido_devolve_none(texto: str) -> None:
    assert validar_nome_social(texto) is None
