from __future__ import annotations

import pytest

from fluxos.regras.bairros import Casamento, casar_bairro
from tests.fluxos.regras.entradas_hostis import HOSTIS

# bairros reais de Bauru, perto dos CRAS (carga de exemplo)
NOMES = [
    "Jardim Europa",
    "Jardim Ferraz",
    "Jardim Godoy",
    "Nova Esperança",
    "Santa Cândida",
    "Ferradura Mirim",
    "Vila Falcão",
    "Jardim Bela Vista",
    "Parque Jaraguá",
    "Núcleo Mary Dota",
    "Vila Independência",
    "Centro",
    "Jardim Redentor",
    "Parque Santa Edwiges",
    "Jardim Nicéia",
    "Distrito de Tibiriçá",
    "Vila Nove de Julho",
    "Nova Bauru",
    "Jardim Vânia Maria",
    "Parque Viaduto",
    "Vila Cardia",
    "Jardim Estoril",
    "Parque Paulista",
    "Vila Santa Inês",
    "Jardim América",
    "Vila Industrial",
    "Jardim TV",
    "Parque Roosevelt",
]
BAIRROS = [(i * 10, nome) for i, nome in enumerate(NOMES, start=1)]


def _id(nome: str) -> int:
    return BAIRROS[NOMES.index(nome)][0]


@pytest.mark.parametrize(
    ("texto", "bairro"),
    [
        ("Jardim Europa", "Jardim Europa"),
        ("jardim europa", "Jardim Europa"),
        ("JARDIM EUROPA", "Jardim Europa"),
        ("  jardim   europa  ", "Jardim Europa"),
        ("jd europa", "Jardim Europa"),
        ("Jd. Europa", "Jardim Europa"),
        ("JD EUROPA", "Jardim Europa"),
        ("jdm europa", "Jardim Europa"),
        ("bairro jardim europa", "Jardim Europa"),
        ("Bairro Jd Europa", "Jardim Europa"),
        ("nova esperanca", "Nova Esperança"),
        ("Nova Esperança", "Nova Esperança"),
        ("NOVA ESPERANÇA", "Nova Esperança"),
        ("santa candida", "Santa Cândida"),
        ("vila falcao", "Vila Falcão"),
        ("vl falcao", "Vila Falcão"),
        ("Vl. Falcão", "Vila Falcão"),
        ("pq jaragua", "Parque Jaraguá"),
        ("Pq. Jaraguá", "Parque Jaraguá"),
        ("nucleo mary dota", "Núcleo Mary Dota"),
        ("núcleo mary dota", "Núcleo Mary Dota"),
        ("nuc mary dota", "Núcleo Mary Dota"),
        ("dist de tibirica", "Distrito de Tibiriçá"),
        ("distrito de tibiriça", "Distrito de Tibiriçá"),
        ("vila 9 de julho", "Vila Nove de Julho"),
        ("vl nove de julho", "Vila Nove de Julho"),
        ("centro", "Centro"),
        ("CENTRO", "Centro"),
        ("pq santa edwiges", "Parque Santa Edwiges"),
        ("jd tv", "Jardim TV"),
        ("\u202ejardim europa", "Jardim Europa"),
        ("jardim europa!", "Jardim Europa"),
        # erro de digitação pequeno, bem à frente do segundo colocado
        ("jardim europe", "Jardim Europa"),
        ("jardim ferrz", "Jardim Ferraz"),
        ("jardim nicea", "Jardim Nicéia"),
        ("jardim bela vist", "Jardim Bela Vista"),
        ("parque santa edwirges", "Parque Santa Edwiges"),
        ("vila independensia", "Vila Independência"),
        ("parque roosvelt", "Parque Roosevelt"),
        # o tipo do bairro (jardim, vila, parque...) esquecido
        ("europa", "Jardim Europa"),
        ("mary dota", "Núcleo Mary Dota"),
        ("falcao", "Vila Falcão"),
        ("tibirica", "Distrito de Tibiriçá"),
        ("bela vista", "Jardim Bela Vista"),
        ("viaduto", "Parque Viaduto"),
    ],
)
def test_casar_bairro_exato(texto: str, bairro: str) -> None:
    assert casar_bairro(texto, BAIRROS) == Casamento(_id(bairro), [])


@pytest.mark.parametrize(
    ("texto", "primeiras"),
    [
        # parte do nome (que não é só o tipo do bairro): pergunta em vez de decidir sozinho
        ("ferradura", ["Ferradura Mirim"]),
        ("godoi", ["Jardim Godoy"]),
        ("jardim godoi", ["Jardim Godoy"]),  # nota logo abaixo da confiança
        ("indepencia", ["Vila Independência"]),
        ("nova", ["Nova Esperança", "Nova Bauru"]),
        ("jardim", ["Jardim Europa", "Jardim Ferraz", "Jardim Godoy"]),  # empate: ordem da lista
        ("jd", ["Jardim Europa", "Jardim Ferraz", "Jardim Godoy"]),
        ("santa", ["Santa Cândida", "Parque Santa Edwiges", "Vila Santa Inês"]),
        ("moro no jardim europa", ["Jardim Europa"]),
        ("cen", ["Centro"]),
    ],
)
def test_casar_bairro_sugere_quando_ha_duvida(texto: str, primeiras: list[str]) -> None:
    casamento = casar_bairro(texto, BAIRROS)
    assert casamento.exato is None
    assert casamento.sugestoes[: len(primeiras)] == [_id(n) for n in primeiras]
    assert len(casamento.sugestoes) <= 3


@pytest.mark.parametrize(
    "texto",
    [
        "xyz",
        "Copacabana",
        "São Paulo capital",
        "rua Rio Branco, 14-60",
        "não sei",
        "bairro",
        "eu",
        "b b",
        "...",
        "' OR 1=1 --",
        *HOSTIS,
    ],
)
def test_casar_bairro_sem_nada_parecido(texto: str) -> None:
    assert casar_bairro(texto, BAIRROS) == Casamento(None, [])


@pytest.mark.parametrize(
    ("texto", "limite", "quantas"),
    [
        ("jardim", 1, 1),
        ("jardim", 3, 3),
        ("jardim", 5, 5),
        ("jardim", 0, 0),
        ("nova", 5, 2),
    ],
)
def test_casar_bairro_respeita_limite(texto: str, limite: int, quantas: int) -> None:
    assert len(casar_bairro(texto, BAIRROS, limite=limite).sugestoes) == quantas


@pytest.mark.parametrize(
    ("texto", "bairros", "esperado"),
    [
        ("centro", [], Casamento(None, [])),
        ("centro", [(7, "Centro")], Casamento(7, [])),
        ("centro", [(7, "Centro"), (8, "CENTRO")], Casamento(None, [7, 8])),  # repetido
        ("jardim europa", [(1, "Jd. Europa")], Casamento(1, [])),  # abreviação no cadastro
        ("vila 9 de julho", [(2, "Vila 9 de Julho")], Casamento(2, [])),
        ("mary dota", [(3, "Mary Dota"), (4, "Núcleo Mary Dota")], Casamento(3, [])),
        ("", [(1, "Centro")], Casamento(None, [])),
        ("centro", [(1, "")], Casamento(None, [])),
    ],
)
def test_casar_bairro_listas_especiais(
    texto: str, bairros: list[tuple[int, str]], esperado: Casamento
) -> None:
    assert casar_bairro(texto, bairros) == esperado
