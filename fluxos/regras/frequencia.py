"""Frequência e projeção (R7–R9, R12, R16): funções puras, sem banco.

Frequência = horas presentes ÷ horas dos encontros realizados (R16), por módulo ou pela
fase inteira. Só contam os encontros da pessoa: os da turma a partir da matrícula (quem
entrou atrasado não tem falta dos encontros de antes) e nunca os suspensos (R21).

Um encontro "realizado" é um encontro com a chamada feita. Um encontro que já passou sem
chamada ainda não conta nem a favor nem contra: entra como "pendente", junto com os
futuros, porque ainda pode virar presença (o instrutor sem sinal faz a chamada depois).

Falta justificada ("Não vou poder") não soma horas (R16 conta presença), mas não é falta
sem justificativa para a suspeita de evasão (R17, `fluxos.regras.evasao`).

Projeção: se a pessoa for a todos os encontros que faltam, qual a melhor frequência que
ela alcança; quantos encontros seguidos ela ainda pode faltar e continuar com 75%; e, se
75% já ficou impossível, isso é dito (R16).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction
from functools import lru_cache

MINIMO = Fraction(3, 4)  # R11, R13, R14, R16: 75% da carga horária


class Situacao(StrEnum):
    """Como um encontro conta para uma pessoa."""

    REALIZADO = "realizado"  # a chamada foi feita: a marca da pessoa vale
    PENDENTE = "pendente"  # futuro, ou passado ainda sem chamada
    SUSPENSO = "suspenso"  # R21: não conta para ninguém


class Marca(StrEnum):
    """A marca da pessoa num encontro realizado (a tabela `presenca`)."""

    PRESENTE = "presente"
    FALTA = "falta"
    JUSTIFICADA = "falta_justificada"


@dataclass(frozen=True, slots=True)
class EncontroDaPessoa:
    """Um encontro visto por uma matrícula, em ordem de data.

    `horas`: as horas do encontro no recorte pedido (um módulo, ou a soma dos módulos para
    a fase). `marca`: só nos realizados; um realizado sem marca conta como falta (a chamada
    é salva inteira, então isso só acontece com dado antigo)."""

    horas: float
    situacao: Situacao
    marca: Marca | None = None

    @property
    def presente(self) -> bool:
        return self.situacao is Situacao.REALIZADO and self.marca is Marca.PRESENTE


@dataclass(frozen=True, slots=True)
class Frequencia:
    """Horas presentes e horas realizadas; `percentual` em 0–100 (None: nada realizado)."""

    horas_presentes: float
    horas_realizadas: float

    @property
    def percentual(self) -> float | None:
        if self.horas_realizadas <= 0:
            return None
        return 100 * self.horas_presentes / self.horas_realizadas


@dataclass(frozen=True, slots=True)
class Projecao:
    """O que ainda é possível (R16).

    `melhor_percentual`: a frequência final se a pessoa for a todos os encontros que
    faltam (0–100; None se não há encontro nenhum). `faltas_possiveis`: quantos encontros
    seguidos, a partir do próximo, ela ainda pode faltar e continuar com 75% ao fim
    (None: 75% já é impossível). `alcancavel`: 75% ainda é possível."""

    melhor_percentual: float | None
    faltas_possiveis: int | None
    ponto_sem_volta: int | None = None

    @property
    def alcancavel(self) -> bool:
        return self.faltas_possiveis is not None


@lru_cache(maxsize=1024)
def _horas(valor: float) -> Fraction:
    """Horas como fração exata: 75% de 132 h é exatamente 99 h (sem erro de ponto flutuante).
    Guardada: as mesmas poucas durações (4 h, 3 h, 1 h) se repetem em milhões de encontros
    na verificação da noite (R17)."""
    return Fraction(valor).limit_denominator(3600)


def calcular_frequencia(encontros: Sequence[EncontroDaPessoa]) -> Frequencia:
    """R16: horas presentes ÷ horas dos encontros realizados (suspensos e pendentes fora)."""
    realizadas = sum(e.horas for e in encontros if e.situacao is Situacao.REALIZADO)
    presentes = sum(e.horas for e in encontros if e.presente)
    return Frequencia(float(presentes), float(realizadas))


def _unidades(encontros: Sequence[EncontroDaPessoa], minimo: Fraction) -> tuple[list[int], int]:
    """As horas de cada encontro em números inteiros de uma unidade comum (1/D hora, com D
    múltiplo do denominador do mínimo): a conta fica exata e rápida (a verificação da
    noite projeta 15.000 pessoas)."""
    fracoes = [_horas(e.horas) for e in encontros]
    comum = math.lcm(minimo.denominator, *(h.denominator for h in fracoes))
    return [h.numerator * (comum // h.denominator) for h in fracoes], comum


def projetar(encontros: Sequence[EncontroDaPessoa], minimo: Fraction = MINIMO) -> Projecao:
    """R16: a melhor frequência ainda possível e quantos encontros seguidos (os próximos,
    em ordem) a pessoa pode faltar sem perder os 75%. Exatamente 75% ainda vale."""
    unidades, _ = _unidades(encontros, minimo)
    total = presentes = pendentes_total = 0
    pendentes: list[tuple[int, int]] = []
    for i, (e, h) in enumerate(zip(encontros, unidades, strict=True)):
        situacao = e.situacao
        if situacao is Situacao.SUSPENSO:
            continue
        total += h
        if situacao is Situacao.PENDENTE:
            pendentes.append((i, h))
            pendentes_total += h
        elif e.marca is Marca.PRESENTE:
            presentes += h
    if total == 0:
        return Projecao(None, 0)
    melhor = presentes + pendentes_total
    percentual = float(100 * Fraction(melhor, total))
    # horas que ainda podem ser perdidas, vezes o denominador do mínimo (tudo inteiro)
    folga = melhor * minimo.denominator - minimo.numerator * total
    if folga < 0:
        return Projecao(percentual, None)
    faltas = 0
    for posicao, horas in pendentes:
        if horas * minimo.denominator > folga:
            return Projecao(percentual, faltas, posicao)
        folga -= horas * minimo.denominator
        faltas += 1
    return Projecao(percentual, faltas)


def atinge_minimo(frequencia: Frequencia, minimo: Fraction = MINIMO) -> bool:
    """R11/R16: a frequência já realizada chega a 75% (exatamente 75% chega)."""
    if frequencia.horas_realizadas <= 0:
        return True
    return _horas(frequencia.horas_presentes) >= minimo * _horas(frequencia.horas_realizadas)


def encontro_da_pessoa(
    horas: float, suspenso: bool, chamada_feita: bool, marca: str | None
) -> EncontroDaPessoa:
    """Uma linha do banco (encontro + a marca da pessoa) vista pelas regras: a única
    tradução, usada pelas telas e pela verificação de evasão.

    `chamada_feita`: o encontro tem chamada concluída (marcas de origem "chamada"); sem
    ela, o encontro é pendente mesmo que já tenha passado. Realizado sem marca da pessoa
    conta como falta."""
    if suspenso:
        return EncontroDaPessoa(horas, Situacao.SUSPENSO)
    if not chamada_feita:
        return EncontroDaPessoa(horas, Situacao.PENDENTE)
    return EncontroDaPessoa(horas, Situacao.REALIZADO, Marca(marca) if marca else Marca.FALTA)


def conta_para_a_matricula(dia_do_encontro: date, dia_da_matricula: date, tem_marca: bool) -> bool:
    """R16: quem se matriculou depois do começo não tem falta dos encontros de antes da
    matrícula (a data é a de Bauru); um encontro com marca da pessoa sempre conta."""
    return tem_marca or dia_do_encontro >= dia_da_matricula
