"""Frequência por módulo e pela fase (R7–R9, R16): as sequências de uma matrícula e o
resumo que as telas mostram. Funções puras, sem banco.

Cada encontro guarda as horas de cada módulo da 1ª fase (R7 aprendizagem, R8
desenvolvimento pessoal, R9 desenvolvimento gerencial). Um módulo conta só os encontros
com horas dele: um encontro sem horas do módulo não é uma aula que dá para faltar nele
(senão a projeção do módulo ganharia faltas "de graça"). A fase soma as horas de todos.

A tradução de um encontro do banco é uma só (`encontro_da_pessoa` e
`conta_para_a_matricula`); aqui ela é aplicada a todos os encontros de uma turma com as
marcas de uma matrícula, em ordem de data.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction
from typing import Protocol

from fluxos.regras.frequencia import (
    MINIMO,
    EncontroDaPessoa,
    Frequencia,
    Projecao,
    Situacao,
    atinge_minimo,
    calcular_frequencia,
    conta_para_a_matricula,
    encontro_da_pessoa,
    projetar,
)


class Modulo(StrEnum):
    """Os módulos da 1ª fase, na ordem do padrão normativo."""

    APRENDIZAGEM = "aprendizagem"  # R7
    DESENVOLVIMENTO_PESSOAL = "desenvolvimento_pessoal"  # R8
    DESENVOLVIMENTO_GERENCIAL = "desenvolvimento_gerencial"  # R9


class EncontroDaTurma(Protocol):
    """Um encontro como o banco o lê (`armazenamento.frequencias.EncontroLido`)."""

    @property
    def id(self) -> int: ...
    @property
    def dia(self) -> date: ...  # o dia em Bauru
    @property
    def horas_aprendizagem(self) -> float: ...
    @property
    def horas_desenvolvimento_pessoal(self) -> float: ...
    @property
    def horas_desenvolvimento_gerencial(self) -> float: ...
    @property
    def suspenso(self) -> bool: ...
    @property
    def chamada_feita(self) -> bool: ...


def horas_do_modulo(encontro: EncontroDaTurma, modulo: Modulo) -> float:
    """R7–R9: as horas de um módulo num encontro."""
    if modulo is Modulo.APRENDIZAGEM:
        return encontro.horas_aprendizagem
    if modulo is Modulo.DESENVOLVIMENTO_PESSOAL:
        return encontro.horas_desenvolvimento_pessoal
    return encontro.horas_desenvolvimento_gerencial


@dataclass(frozen=True, slots=True)
class Sequencias:
    """Os encontros de uma matrícula vistos pelas regras: por módulo e pela fase."""

    modulos: Mapping[Modulo, tuple[EncontroDaPessoa, ...]]
    fase: tuple[EncontroDaPessoa, ...]


def sequencias_da_matricula(
    encontros: Sequence[EncontroDaTurma], marcas: Mapping[int, str], dia_da_matricula: date
) -> Sequencias:
    """R7–R9, R16: os encontros da turma (em ordem de data) com as marcas de uma matrícula
    (id do encontro → situação). Quem entrou atrasado não tem os encontros de antes da
    matrícula; um suspenso fica na sequência como suspenso (não conta, R21)."""
    modulos: dict[Modulo, list[EncontroDaPessoa]] = {m: [] for m in Modulo}
    fase: list[EncontroDaPessoa] = []
    for encontro in encontros:
        marca = marcas.get(encontro.id)
        if not conta_para_a_matricula(encontro.dia, dia_da_matricula, marca is not None):
            continue
        total = 0.0
        for modulo in Modulo:
            horas = horas_do_modulo(encontro, modulo)
            total += horas
            if horas > 0:
                modulos[modulo].append(_traduzir(horas, encontro, marca))
        fase.append(_traduzir(total, encontro, marca))
    return Sequencias({m: tuple(s) for m, s in modulos.items()}, tuple(fase))


def _traduzir(horas: float, encontro: EncontroDaTurma, marca: str | None) -> EncontroDaPessoa:
    return encontro_da_pessoa(horas, encontro.suspenso, encontro.chamada_feita, marca)


def percentual_inteiro(frequencia: Frequencia) -> int | None:
    """O percentual que a pessoa lê, arredondado para baixo em conta exata: 74,9% é 74%,
    nunca "75%" (R16: quem lê 75% tem os 75%). None: nenhuma aula realizada."""
    if frequencia.horas_realizadas <= 0:
        return None
    presentes = Fraction(frequencia.horas_presentes).limit_denominator(3600)
    realizadas = Fraction(frequencia.horas_realizadas).limit_denominator(3600)
    return math.floor(100 * presentes / realizadas)


@dataclass(frozen=True, slots=True)
class Resumo:
    """Uma sequência num olhar (R16): a frequência até agora e o que ainda é possível.

    `abaixo`: já houve aula e hoje está abaixo de 75%. `sem_volta`: nem indo a todas as
    aulas que faltam alcança 75% (quem está assim também está abaixo). `aulas_pela_frente`:
    ainda há encontros pendentes (futuros ou sem chamada)."""

    frequencia: Frequencia
    projecao: Projecao
    percentual: int | None
    abaixo: bool
    sem_volta: bool
    aulas_pela_frente: int

    @property
    def faltas_possiveis(self) -> int:
        """Quantas aulas ainda dá para faltar e fechar com 75% (0 se já não dá)."""
        return self.projecao.faltas_possiveis or 0


def resumir(encontros: Sequence[EncontroDaPessoa], minimo: Fraction = MINIMO) -> Resumo:
    """R16: frequência, projeção e as marcas da tela da turma, de uma sequência só."""
    frequencia = calcular_frequencia(encontros)
    projecao = projetar(encontros, minimo)
    realizou = frequencia.horas_realizadas > 0
    return Resumo(
        frequencia=frequencia,
        projecao=projecao,
        percentual=percentual_inteiro(frequencia),
        abaixo=realizou and not atinge_minimo(frequencia, minimo),
        sem_volta=not projecao.alcancavel,
        aulas_pela_frente=sum(1 for e in encontros if e.situacao is Situacao.PENDENTE),
    )
