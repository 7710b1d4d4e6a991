"""R21: os dias que a equipe digita para suspender ou remarcar aulas (tabelas de casos)."""

from __future__ import annotations

from datetime import date, time

import pytest

from fluxos.regras.intervalo import (
    DiaEHora,
    Erro,
    Intervalo,
    interpretar_dia_e_hora,
    interpretar_intervalo,
)

HOJE = date(2027, 3, 8)  # segunda-feira
D = date

PERIODOS = [
    ("10/03", Intervalo(D(2027, 3, 10), D(2027, 3, 10))),
    ("10/3", Intervalo(D(2027, 3, 10), D(2027, 3, 10))),
    ("de 10/03 a 14/03", Intervalo(D(2027, 3, 10), D(2027, 3, 14))),
    ("10/03 até 14/03", Intervalo(D(2027, 3, 10), D(2027, 3, 14))),
    ("10/03 - 14/03", Intervalo(D(2027, 3, 10), D(2027, 3, 14))),
    ("10 a 14/03", Intervalo(D(2027, 3, 10), D(2027, 3, 14))),
    ("do dia 10/03 até o dia 12/03", Intervalo(D(2027, 3, 10), D(2027, 3, 12))),
    ("10/03/2027 a 12/03/27", Intervalo(D(2027, 3, 10), D(2027, 3, 12))),
    ("10 de março", Intervalo(D(2027, 3, 10), D(2027, 3, 10))),
    ("10 de marco a 2 de abril", Intervalo(D(2027, 3, 10), D(2027, 4, 2))),
    ("hoje", Intervalo(HOJE, HOJE)),
    ("Amanhã", Intervalo(D(2027, 3, 9), D(2027, 3, 9))),
    ("depois de amanhã", Intervalo(D(2027, 3, 10), D(2027, 3, 10))),
    ("segunda a sexta", Intervalo(D(2027, 3, 8), D(2027, 3, 12))),  # hoje é segunda: conta
    ("terça-feira", Intervalo(D(2027, 3, 9), D(2027, 3, 9))),
    ("sexta a segunda", Intervalo(D(2027, 3, 12), D(2027, 3, 15))),  # a segunda depois
    ("domingo", Intervalo(D(2027, 3, 14), D(2027, 3, 14))),
    ("07/03", Erro.PASSADO),
    ("01/03 a 10/03", Erro.PASSADO),
    ("14/03 a 10/03", Erro.FIM_ANTES),
    ("10/03 a 20/05", Erro.LONGO),
    ("31/02", Erro.NAO_ENTENDI),
    ("10/13", Erro.NAO_ENTENDI),
    ("semana que vem", Erro.NAO_ENTENDI),
    ("🌧️", Erro.NAO_ENTENDI),
    ("", Erro.NAO_ENTENDI),
    ("1" * 400, Erro.NAO_ENTENDI),
]


@pytest.mark.parametrize(("digitado", "esperado"), PERIODOS, ids=[p[0][:20] for p in PERIODOS])
def test_r21_periodo_digitado(digitado: str, esperado: Intervalo | Erro) -> None:
    assert interpretar_intervalo(digitado, HOJE) == esperado


def test_r21_sem_ano_vale_o_mais_perto_de_hoje() -> None:
    """Em dezembro, "03/01" é janeiro que vem (e o período atravessa o ano)."""
    dezembro = date(2027, 12, 20)
    assert interpretar_intervalo("28/12 a 03/01", dezembro) == Intervalo(
        D(2027, 12, 28), D(2028, 1, 3)
    )
    assert interpretar_intervalo("03/01", dezembro) == Intervalo(D(2028, 1, 3), D(2028, 1, 3))


NOVOS = [
    ("17/03", DiaEHora(D(2027, 3, 17))),
    ("17/03 às 14h", DiaEHora(D(2027, 3, 17), time(14))),
    ("17/03 14h30", DiaEHora(D(2027, 3, 17), time(14, 30))),
    ("amanhã às 19:00", DiaEHora(D(2027, 3, 9), time(19))),
    ("sexta 8h", DiaEHora(D(2027, 3, 12), time(8))),
    ("17 de março às 9 horas", DiaEHora(D(2027, 3, 17), time(9))),
    ("hoje", DiaEHora(HOJE)),
    ("07/03", Erro.PASSADO),
    ("17/03 25h", Erro.NAO_ENTENDI),
    ("17/03 14h75", Erro.NAO_ENTENDI),
    ("quando der", Erro.NAO_ENTENDI),
    ("x" * 65_536, Erro.NAO_ENTENDI),
]


@pytest.mark.parametrize(("digitado", "esperado"), NOVOS, ids=[p[0][:20] for p in NOVOS])
def test_r21_novo_dia_e_hora(digitado: str, esperado: DiaEHora | Erro) -> None:
    assert interpretar_dia_e_hora(digitado, HOJE) == esperado
