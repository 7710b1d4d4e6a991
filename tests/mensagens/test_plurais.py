"""Plurais: "1 matriculados", "1 presenças", "2 marcada(s)" nunca chegam a quem lê.

Número + substantivo passa por `mensagens.formatos.quantos` (`comum.quantos.<coisa>.um` e
`.varios`). O teste percorre o catálogo inteiro atrás de `{campo} palavras` no plural fora
dessas famílias, e de "(s)".
"""

from __future__ import annotations

import re

import pytest

from mensagens.catalogo import carregar, texto
from mensagens.formatos import quantos

# "{n} pessoas" com par singular ao lado; "{idade} anos": sempre 16 ou mais (R1); "{anos}
# anos": o tempo de guarda dos dados (5)
PARES_COM_SINGULAR = frozenset(
    {
        "priorizacao.pessoa.varias",
        "priorizacao.contagem.varias",
        "priorizacao.motivo.pontos",
        "priorizacao.contagem.dois_cursos.varias",
    }
)
CAMPOS_SEMPRE_PLURAL = frozenset({"idade", "anos"})
NAO_SUBSTANTIVOS = frozenset({"às"})  # "{curso} às 14h"
_NUMERO_E_PLURAL = re.compile(r"\{([a-z_]+)\}\s+(\w+s)\b")


def _suspeitos() -> list[str]:
    achados = []
    for chave, modelo in carregar().items():
        if chave.startswith("comum.quantos.") or chave in PARES_COM_SINGULAR:
            continue
        if "(s)" in modelo:
            achados.append(f"{chave}: (s)")
        for campo, palavra in _NUMERO_E_PLURAL.findall(modelo):
            if campo not in CAMPOS_SEMPRE_PLURAL and palavra not in NAO_SUBSTANTIVOS:
                achados.append(f"{chave}: {{{campo}}} {palavra}")
    return achados


def test_catalogo_sem_numero_com_plural_fixo() -> None:
    assert _suspeitos() == []


@pytest.mark.parametrize(
    ("coisa", "zero", "um", "dois"),
    [
        ("matriculado", "0 matriculados", "1 matriculado", "2 matriculados"),
        ("presenca", "0 presenças", "1 presença", "2 presenças"),
        ("falta", "0 faltas", "1 falta", "2 faltas"),
        ("falta_avisada", "0 avisadas", "1 avisada", "2 avisadas"),
        ("marcada", "0 marcadas", "1 marcada", "2 marcadas"),
    ],
)
def test_quantos_com_0_1_e_2(coisa: str, zero: str, um: str, dois: str) -> None:
    assert [quantos(n, coisa) for n in (0, 1, 2)] == [zero, um, dois]


@pytest.mark.parametrize(
    ("chave", "campos"),
    [
        ("priorizacao.envio.confirmar", {"cras": "CRAS Jardim Europa", "ano": 2027}),
        ("equipe.convocacao.turno.esperam", {}),
        ("equipe.convocacao.turno.so_esperam", {}),
        (
            "equipe.convocacao.turno.aviso_esperam",
            {"codigo": "T0T", "curso": "Confeitaria", "vagas": "1 vaga"},
        ),
    ],
)
def test_verbo_concorda_com_uma_pessoa(chave: str, campos: dict[str, object]) -> None:
    """ "Vão 1 pessoa", "Outras 1 pessoa … escolheram": o texto com um número de pessoas
    não pode trazer um verbo no plural que dependa dele."""
    dito = texto(chave, pessoas=quantos(1, "pessoa"), **campos)
    assert not re.search(r"\b(Vão|Outras|escolheram|esperam)\b", dito), dito
