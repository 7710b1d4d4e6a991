"""Frequência, projeção (R16) e suspeita de evasão (R17) em tabelas de casos."""

from __future__ import annotations

from datetime import date

import pytest

from fluxos.regras.evasao import Motivo, RegrasEvasao, faltas_seguidas, motivo_de_alerta
from fluxos.regras.frequencia import (
    EncontroDaPessoa,
    Marca,
    Situacao,
    atinge_minimo,
    calcular_frequencia,
    conta_para_a_matricula,
    encontro_da_pessoa,
    projetar,
)

P = EncontroDaPessoa(4, Situacao.REALIZADO, Marca.PRESENTE)
F = EncontroDaPessoa(4, Situacao.REALIZADO, Marca.FALTA)
J = EncontroDaPessoa(4, Situacao.REALIZADO, Marca.JUSTIFICADA)
S = EncontroDaPessoa(4, Situacao.SUSPENSO)
X = EncontroDaPessoa(4, Situacao.PENDENTE)


def _seq(codigo: str) -> list[EncontroDaPessoa]:
    """ "PPF-X" → presente, presente, falta, suspenso, pendente."""
    return [{"P": P, "F": F, "J": J, "S": S, "X": X}[c.replace("-", "S")] for c in codigo]


@pytest.mark.parametrize(
    ("codigo", "percentual"),
    [
        ("PPPF", 75.0),  # R16: exatamente 75%
        ("PPFF", 50.0),
        ("PPJF", 50.0),  # justificada não soma horas
        ("PSPP", 100.0),  # R21: suspenso não conta
        ("PPXX", 100.0),  # pendente (futuro ou sem chamada) ainda não conta
        ("XXXX", None),  # nada realizado
        ("SS", None),
    ],
)
def test_r16_frequencia_horas_presentes_sobre_realizadas(
    codigo: str, percentual: float | None
) -> None:
    assert calcular_frequencia(_seq(codigo)).percentual == percentual


def test_r7_r16_frequencia_por_modulo_soma_horas_diferentes() -> None:
    """3 h de aprendizagem + 1 h de desenvolvimento pessoal: cada módulo com as suas horas."""
    aprendizagem = [
        EncontroDaPessoa(3, Situacao.REALIZADO, Marca.PRESENTE),
        EncontroDaPessoa(3, Situacao.REALIZADO, Marca.FALTA),
    ]
    assert calcular_frequencia(aprendizagem).percentual == 50.0
    fase = [
        EncontroDaPessoa(4, Situacao.REALIZADO, Marca.PRESENTE),
        EncontroDaPessoa(1, Situacao.REALIZADO, Marca.FALTA),
    ]
    assert calcular_frequencia(fase).percentual == 80.0


@pytest.mark.parametrize(
    ("codigo", "faltas_possiveis", "ponto_sem_volta", "melhor"),
    [
        ("XXXX", 1, 1, 100.0),  # 4 encontros: pode faltar 1; faltar o 2º (posição 1) mata
        ("FXXX", 0, 1, 75.0),  # exatamente 75% ainda é possível, sem folga
        ("FFXX", None, None, 50.0),  # já impossível
        ("PPPX", 1, None, 100.0),  # pode faltar ao último e fechar com 75%: sem ponto sem volta
        ("PPPP", 0, None, 100.0),
        ("PSXXX", 1, 3, 100.0),  # R21: o suspenso some da conta (4 encontros que valem)
        ("FF" + "X" * 10, 1, 3, 100 * 10 / 12),
    ],
)
def test_r16_projecao(
    codigo: str, faltas_possiveis: int | None, ponto_sem_volta: int | None, melhor: float
) -> None:
    projecao = projetar(_seq(codigo))
    assert projecao.faltas_possiveis == faltas_possiveis
    assert projecao.ponto_sem_volta == ponto_sem_volta
    assert projecao.melhor_percentual == pytest.approx(melhor)
    assert projecao.alcancavel is (faltas_possiveis is not None)


def test_r16_matricula_atrasada_conta_so_os_encontros_dela() -> None:
    """Quem entrou no 5º encontro recebe só os encontros desde a matrícula: não tem falta
    dos quatro primeiros (quem chama filtra pela data da matrícula)."""
    depois_da_matricula = _seq("PPXX")
    assert calcular_frequencia(depois_da_matricula).percentual == 100.0
    assert projetar(depois_da_matricula).faltas_possiveis == 1


def test_r16_132_horas_exatas_sem_erro_de_arredondamento() -> None:
    """R7: 132 h de aprendizagem em encontros de 3 h; 99 h (75%) atinge o mínimo."""
    encontros = [EncontroDaPessoa(3, Situacao.REALIZADO, Marca.PRESENTE)] * 33
    encontros += [EncontroDaPessoa(3, Situacao.REALIZADO, Marca.FALTA)] * 11
    assert atinge_minimo(calcular_frequencia(encontros))
    assert not atinge_minimo(calcular_frequencia(encontros[1:]))


@pytest.mark.parametrize(
    ("codigo", "seguidas"),
    [("PFFF", 3), ("FFPF", 1), ("FJFF", 3), ("FSFF", 3), ("FFFP", 0), ("FFFXX", 3), ("", 0)],
)
def test_r17_faltas_seguidas_sem_justificativa(codigo: str, seguidas: int) -> None:
    assert faltas_seguidas(_seq(codigo)) == seguidas


@pytest.mark.parametrize(
    ("codigo", "motivo"),
    [
        ("PPFFF" + "X" * 15, Motivo.FALTAS_SEGUIDAS),  # 20 encontros, 3 faltas seguidas
        ("PPFJF" + "X" * 15, None),  # a justificada não conta: 2 faltas
        ("PF" + "X" * 6, Motivo.PROJECAO),  # 8 encontros: só pode faltar mais 1
        ("P" + "X" * 7, None),  # pode faltar 2: ainda não
        ("PPPPPPP" + "X", None),  # fim do curso: pode faltar ao último sem perder
        ("FFFFFF" + "XX", Motivo.FALTAS_SEGUIDAS),  # já impossível: só as faltas seguidas
        ("XXXX", None),  # nada realizado ainda
    ],
)
def test_r17_motivo_de_alerta(codigo: str, motivo: Motivo | None) -> None:
    assert motivo_de_alerta(_seq(codigo)) == motivo


def test_r17_limites_configuraveis() -> None:
    regras = RegrasEvasao(faltas_seguidas=2, margem=0)
    assert motivo_de_alerta(_seq("PFF" + "X" * 17), regras) is Motivo.FALTAS_SEGUIDAS
    assert motivo_de_alerta(_seq("PF" + "X" * 6), regras) is None  # ainda pode faltar 1


def test_r17_curso_curto_sem_faltas_nao_alerta() -> None:
    """Num curso de 4 encontros a folga é de 1 encontro para todo mundo: quem nunca faltou
    não é suspeito de evasão."""
    assert motivo_de_alerta(_seq("PXXX")) is None
    assert motivo_de_alerta(_seq("JXXX")) is Motivo.PROJECAO


@pytest.mark.parametrize(
    ("suspenso", "chamada", "marca", "esperado"),
    [
        (True, True, "presente", S),  # R21: suspenso nunca conta
        (False, False, None, X),  # passou sem chamada: ainda pendente
        (False, True, "presente", P),
        (False, True, "falta_justificada", J),
        (False, True, None, F),  # chamada feita sem marca: falta
    ],
)
def test_r16_encontro_da_pessoa(
    suspenso: bool, chamada: bool, marca: str | None, esperado: EncontroDaPessoa
) -> None:
    assert encontro_da_pessoa(4, suspenso, chamada, marca) == esperado


@pytest.mark.parametrize(
    ("dia_encontro", "tem_marca", "conta"),
    [
        (date(2027, 3, 1), False, False),
        (date(2027, 3, 1), True, True),
        (date(2027, 3, 2), False, True),
    ],
)
def test_r16_matricula_atrasada_nao_tem_falta_de_antes(
    dia_encontro: date, tem_marca: bool, conta: bool
) -> None:
    assert conta_para_a_matricula(dia_encontro, date(2027, 3, 2), tem_marca) is conta
