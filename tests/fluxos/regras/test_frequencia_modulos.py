"""Frequência por módulo e pela fase (R7–R9, R16) e o resumo das telas, em tabelas."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from fluxos.regras.frequencia import EncontroDaPessoa, Frequencia, Marca, Situacao
from fluxos.regras.frequencia_modulos import (
    Modulo,
    percentual_inteiro,
    resumir,
    sequencias_da_matricula,
)

P = EncontroDaPessoa(4, Situacao.REALIZADO, Marca.PRESENTE)
F = EncontroDaPessoa(4, Situacao.REALIZADO, Marca.FALTA)
J = EncontroDaPessoa(4, Situacao.REALIZADO, Marca.JUSTIFICADA)
S = EncontroDaPessoa(4, Situacao.SUSPENSO)
X = EncontroDaPessoa(4, Situacao.PENDENTE)
INICIO = date(2027, 3, 1)


def _seq(codigo: str) -> list[EncontroDaPessoa]:
    return [{"P": P, "F": F, "J": J, "S": S, "X": X}[c] for c in codigo]


@dataclass(frozen=True)
class Lido:
    """Um encontro como o banco o lê (a forma de `armazenamento.frequencias.EncontroLido`)."""

    id: int
    dia: date
    horas_aprendizagem: float = 3
    horas_desenvolvimento_pessoal: float = 1
    horas_desenvolvimento_gerencial: float = 0
    suspenso: bool = False
    chamada_feita: bool = True


def _turma(n: int, **campos: object) -> list[Lido]:
    return [Lido(i, INICIO + timedelta(days=7 * i), **campos) for i in range(n)]  # type: ignore[arg-type]


def test_r7_r8_r16_horas_por_modulo_e_pela_fase() -> None:
    """3 h de aprendizagem + 1 h de desenvolvimento pessoal em cada encontro: cada módulo
    conta as suas horas; a fase soma; o módulo sem horas (gerencial) fica vazio."""
    marcas = {0: "presente", 1: "falta", 2: "presente", 3: "falta_justificada"}
    seq = sequencias_da_matricula(_turma(4), marcas, INICIO)
    assert [e.horas for e in seq.fase] == [4, 4, 4, 4]
    assert [e.horas for e in seq.modulos[Modulo.APRENDIZAGEM]] == [3, 3, 3, 3]
    assert [e.horas for e in seq.modulos[Modulo.DESENVOLVIMENTO_PESSOAL]] == [1, 1, 1, 1]
    assert seq.modulos[Modulo.DESENVOLVIMENTO_GERENCIAL] == ()
    assert resumir(seq.fase).percentual == 50
    assert resumir(seq.modulos[Modulo.APRENDIZAGEM]).percentual == 50


def test_r9_r16_modulo_conta_so_os_encontros_com_horas_dele() -> None:
    """Um encontro só de aprendizagem não é uma aula de desenvolvimento gerencial que dá
    para faltar: a projeção do módulo não ganha faltas de graça."""
    encontros = [
        Lido(0, INICIO, 4, 0, 0),
        Lido(1, INICIO + timedelta(days=7), 2, 0, 2),
        Lido(2, INICIO + timedelta(days=14), 4, 0, 0, chamada_feita=False),
        Lido(3, INICIO + timedelta(days=21), 2, 0, 2, chamada_feita=False),
    ]
    seq = sequencias_da_matricula(encontros, {0: "presente", 1: "falta"}, INICIO)
    gerencial = seq.modulos[Modulo.DESENVOLVIMENTO_GERENCIAL]
    assert [(e.horas, e.situacao) for e in gerencial] == [
        (2, Situacao.REALIZADO),
        (2, Situacao.PENDENTE),
    ]
    assert resumir(gerencial).sem_volta  # 2 de 4 horas possíveis: 50%
    assert resumir(seq.fase).percentual == 50  # 4 de 8 horas na fase


@pytest.mark.parametrize(
    ("matricula", "marcas", "fase"),
    [
        # R16: matrícula atrasada (no 3º encontro): os dois primeiros não contam
        (INICIO + timedelta(days=14), {2: "presente"}, "PXX"),
        # a matrícula no mesmo dia do encontro conta o encontro
        (INICIO + timedelta(days=7), {}, "FFXX"),
        # marca de antes da matrícula (dado antigo, ou a chamada da aula experimental) conta
        (INICIO + timedelta(days=14), {0: "presente", 2: "presente"}, "PPXX"),
    ],
)
def test_r16_matricula_atrasada_nao_tem_falta_de_antes(
    matricula: date, marcas: dict[int, str], fase: str
) -> None:
    encontros: list[Lido] = [
        *_turma(2),
        Lido(2, INICIO + timedelta(days=14)),
        Lido(3, INICIO + timedelta(days=21), chamada_feita=False),
        Lido(4, INICIO + timedelta(days=28), chamada_feita=False),
    ]
    seq = sequencias_da_matricula(encontros, marcas, matricula)
    assert seq.fase == tuple(_seq(fase))


def test_r21_r16_encontro_suspenso_fica_fora_da_conta() -> None:
    """Suspenso continua na sequência como suspenso (a evasão o pula) e não conta horas,
    mesmo com marca (a chamada de um encontro suspenso depois não vale)."""
    encontros = [Lido(0, INICIO), Lido(1, INICIO + timedelta(days=7), suspenso=True)]
    seq = sequencias_da_matricula(encontros, {0: "presente", 1: "falta"}, INICIO)
    assert seq.fase == (P, S)
    assert resumir(seq.fase).percentual == 100


@pytest.mark.parametrize(
    ("presentes", "realizadas", "percentual"),
    [
        (3, 4, 75),  # R16: exatamente 75%
        (99, 132, 75),  # R7: 99 h de 132 h
        (98.9, 132, 74),  # 74,9%: nunca aparece como "75%"
        (2, 3, 66),
        (4, 4, 100),
        (0, 4, 0),
        (0, 0, None),  # nenhuma aula realizada
    ],
)
def test_r16_percentual_inteiro_arredonda_para_baixo(
    presentes: float, realizadas: float, percentual: int | None
) -> None:
    assert percentual_inteiro(Frequencia(presentes, realizadas)) == percentual


@pytest.mark.parametrize(
    ("codigo", "percentual", "abaixo", "sem_volta", "faltas", "pela_frente"),
    [
        ("PPPF" + "XXXX", 75, False, False, 1, 4),  # R16: exatamente 75% não está abaixo
        ("PPPFXXX", 75, False, False, 0, 3),  # 75% e nenhuma falta a mais
        ("PPFF" + "X" * 8, 50, True, False, 1, 8),  # abaixo agora, ainda alcança
        ("FFXX", 0, True, True, 0, 2),  # não alcança mais
        ("PSPFXXX", 66, True, False, 0, 3),  # R21: o suspenso some da conta
        ("XXXX", None, False, False, 1, 4),  # nenhuma aula realizada
        ("PPPP", 100, False, False, 0, 0),  # fim do curso, com 75%
        ("PFFP", 50, True, True, 0, 0),  # fim do curso, abaixo
        ("", None, False, False, 0, 0),
    ],
)
def test_r16_resumo_da_tela(
    codigo: str,
    percentual: int | None,
    abaixo: bool,
    sem_volta: bool,
    faltas: int,
    pela_frente: int,
) -> None:
    resumo = resumir(_seq(codigo))
    assert resumo.percentual == percentual
    assert (resumo.abaixo, resumo.sem_volta) == (abaixo, sem_volta)
    assert resumo.faltas_possiveis == faltas
    assert resumo.aulas_pela_frente == pela_frente
