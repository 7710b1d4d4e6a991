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
        # o tipo do bairro (jardim, vila, parque...) esquecido: pode ser outro bairro
        ("europa", ["Jardim Europa"]),
        ("mary dota", ["Núcleo Mary Dota"]),
        ("falcao", ["Vila Falcão"]),
        ("tibirica", ["Distrito de Tibiriçá"]),
        ("bela vista", ["Jardim Bela Vista"]),
        ("viaduto", ["Parque Viaduto"]),
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
        # "Jardim Europa II" existe: o nome inteiro decide; sem o "II" também
        ("jardim europa ii", [(1, "Jardim Europa"), (2, "Jardim Europa II")], Casamento(2, [])),
        ("jardim europa 2", [(1, "Jardim Europa"), (2, "Jardim Europa II")], Casamento(2, [])),
        ("jd europa dois", [(1, "Jardim Europa"), (2, "Jardim Europa II")], Casamento(2, [])),
        ("jardim europa", [(1, "Jardim Europa"), (2, "Jardim Europa II")], Casamento(1, [])),
        ("vila i", [(1, "Vila I")], Casamento(1, [])),
        ("europa", [(1, "Jardim Europa"), (2, "Vila Europa")], Casamento(None, [1, 2])),
        ("", [(1, "Centro")], Casamento(None, [])),
        ("centro", [(1, "")], Casamento(None, [])),
    ],
)
def test_casar_bairro_listas_especiais(
    texto: str, bairros: list[tuple[int, str]], esperado: Casamento
) -> None:
    assert casar_bairro(texto, bairros) == esperado


# Bairros no estilo de Bauru, com os nomes como a prefeitura cadastra. "Jardim Europa II" e
# "Vila Falcão 2" não estão na lista: podem ser bairros novos, então a pessoa confirma.
BAURU = [
    "Jardim Europa",
    "Vila Falcão",
    "Parque Jaraguá",
    "Núcleo Habitacional Mary Dota",
    "Jardim Bela Vista",
    "Vila Independência",
    "Jardim Godoy",
    "Nova Esperança",
    "Santa Cândida",
    "Ferradura Mirim",
    "Distrito de Tibiriçá",
    "Jardim Ferraz",
    "Vila Industrial",
    "Parque Santa Edwiges",
    "Jardim Redentor",
    "Jardim Nasralla",
    "Núcleo Habitacional Presidente Ernesto Geisel",
    "Vila Cardia",
    "Centro",
    "Conjunto Habitacional Edson Bastos Castelo",
    "Residencial Tangarás",
    "Jardim Ouro Verde",
    "Vila Nipônica",
]
CERTO, SUGESTAO, NADA = "certo", "sugestão", "nada"


@pytest.mark.parametrize(
    ("texto", "resultado", "bairro"),
    [
        # o nome inteiro, com abreviação conhecida, sem acento ou com erro pequeno: certo
        ("Jardim Europa", CERTO, "Jardim Europa"),
        ("jd europa", CERTO, "Jardim Europa"),
        ("Jd. Europa", CERTO, "Jardim Europa"),
        ("jardim ferraz", CERTO, "Jardim Ferraz"),
        ("Jd Ferraz", CERTO, "Jardim Ferraz"),
        ("jardim ferrz", CERTO, "Jardim Ferraz"),
        ("vila falcao", CERTO, "Vila Falcão"),
        ("Vl Falcão", CERTO, "Vila Falcão"),
        ("parque jaragua", CERTO, "Parque Jaraguá"),
        ("nucleo habitacional mary dota", CERTO, "Núcleo Habitacional Mary Dota"),
        ("núcleo mary dota", CERTO, "Núcleo Habitacional Mary Dota"),
        ("nh mary dota", CERTO, "Núcleo Habitacional Mary Dota"),
        (
            "nucleo presidente ernesto geisel",
            CERTO,
            "Núcleo Habitacional Presidente Ernesto Geisel",
        ),
        ("distrito de tibiriça", CERTO, "Distrito de Tibiriçá"),
        ("jardim nasrala", CERTO, "Jardim Nasralla"),
        ("vila independencia", CERTO, "Vila Independência"),
        ("nova esperanca", CERTO, "Nova Esperança"),
        ("santa candida", CERTO, "Santa Cândida"),
        ("conjunto edson bastos castelo", CERTO, "Conjunto Habitacional Edson Bastos Castelo"),
        ("res tangaras", CERTO, "Residencial Tangarás"),
        ("jd ouro verdi", CERTO, "Jardim Ouro Verde"),
        ("vila niponica", CERTO, "Vila Nipônica"),
        ("CENTRO", CERTO, "Centro"),
        # palavras a mais que um nome conhecido: pode ser outro bairro, a pessoa confirma
        ("Jardim Europa II", SUGESTAO, "Jardim Europa"),
        ("jardim europa 2", SUGESTAO, "Jardim Europa"),
        ("jardim europa norte", SUGESTAO, "Jardim Europa"),
        ("vila falcao 2", SUGESTAO, "Vila Falcão"),
        ("Vila Falcão de Cima", SUGESTAO, "Vila Falcão"),
        ("jardim ferraz 2", SUGESTAO, "Jardim Ferraz"),
        ("Jardim Nasralla II", SUGESTAO, "Jardim Nasralla"),
        ("parque santa edwiges ii", SUGESTAO, "Parque Santa Edwiges"),
        ("vila industrial norte", SUGESTAO, "Vila Industrial"),
        ("centro 2", SUGESTAO, "Centro"),
        # só casa sem o tipo (jardim, vila, parque, núcleo...): a pessoa confirma
        ("Europa", SUGESTAO, "Jardim Europa"),
        ("parque europa", SUGESTAO, "Jardim Europa"),
        ("Falcão", SUGESTAO, "Vila Falcão"),
        ("jaragua", SUGESTAO, "Parque Jaraguá"),
        ("mary dota", SUGESTAO, "Núcleo Habitacional Mary Dota"),
        ("tibiriça", SUGESTAO, "Distrito de Tibiriçá"),
        ("geisel", SUGESTAO, "Núcleo Habitacional Presidente Ernesto Geisel"),
        ("independencia", SUGESTAO, "Vila Independência"),
        ("ouro verde", SUGESTAO, "Jardim Ouro Verde"),
        ("jardim santa candida", SUGESTAO, "Santa Cândida"),
        ("vila nova esperanca", SUGESTAO, "Nova Esperança"),
        ("castelo", SUGESTAO, "Conjunto Habitacional Edson Bastos Castelo"),
        # erro de digitação grande demais para decidir sozinho
        ("jardim godoi", SUGESTAO, "Jardim Godoy"),
        # nada parecido
        ("Copacabana", NADA, None),
        ("xyz", NADA, None),
    ],
)
def test_casar_bairro_tabela_de_bauru(texto: str, resultado: str, bairro: str | None) -> None:
    casamento = casar_bairro(texto, [(i, nome) for i, nome in enumerate(BAURU)])
    if resultado == CERTO:
        assert casamento == Casamento(BAURU.index(bairro or ""), [])
    elif resultado == SUGESTAO:
        assert casamento.exato is None
        assert casamento.sugestoes[0] == BAURU.index(bairro or "")
    else:
        assert casamento == Casamento(None, [])
