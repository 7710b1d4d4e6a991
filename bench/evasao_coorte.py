"""Coorte simulada para medir a regra de evasão (R16, R17) ao longo do semestre.

200 turmas de 15 pessoas, 40 encontros de 4 h, semente fixa. Padrões de falta:
- frequentes (60%): faltas soltas ao acaso (8%, parte delas avisadas);
- somem aos poucos (15%): a partir de um encontro qualquer, faltam cada vez mais;
- uma semana ruim (15%): frequentes, com 2 ou 3 faltas seguidas numa semana difícil;
- desistem tarde (10%): frequentes até perto do fim e param de vir.

A detecção roda encontro a encontro, como a verificação depois de cada chamada: no
encontro k, os k primeiros foram realizados e os outros ainda estão por vir. Mede, de
quem termina abaixo de 75%, quantos receberam alerta enquanto 75% ainda era possível
(`recall_antecipada`), a mediana de encontros entre o alerta e o ponto sem volta
(`antecedencia_mediana`) e quantos dos alertados terminaram com 75% ou mais (`falsos`).
"""

from __future__ import annotations

import random
import statistics
from typing import Any

from fluxos.regras.evasao import RegrasEvasao, motivo_novo
from fluxos.regras.frequencia import (
    EncontroDaPessoa,
    Marca,
    Situacao,
    atinge_minimo,
    calcular_frequencia,
    projetar,
)

TURMAS, POR_TURMA, ENCONTROS, HORAS = 200, 15, 40, 4.0
P, F, J = Marca.PRESENTE, Marca.FALTA, Marca.JUSTIFICADA


def _frequente(sorte: random.Random, p_falta: float = 0.08) -> list[Marca]:
    marcas = []
    for _ in range(ENCONTROS):
        x = sorte.random()
        marcas.append(F if x < p_falta * 0.7 else J if x < p_falta else P)
    return marcas


def _some_aos_poucos(sorte: random.Random) -> list[Marca]:
    marcas = _frequente(sorte)
    comeco = sorte.randint(4, 30)
    chance = 0.3
    for k in range(comeco, ENCONTROS):
        marcas[k] = F if sorte.random() < chance else P
        chance = min(1.0, chance + 0.15)
    return marcas


def _semana_ruim(sorte: random.Random) -> list[Marca]:
    marcas = _frequente(sorte, 0.05)
    inicio = sorte.randint(0, ENCONTROS - 3)
    for k in range(inicio, inicio + sorte.choice((2, 3))):
        marcas[k] = F
    return marcas


def _desiste_tarde(sorte: random.Random) -> list[Marca]:
    marcas = _frequente(sorte)
    parou = sorte.randint(26, 37)
    return marcas[:parou] + [F] * (ENCONTROS - parou)


def coorte(semente: int = 2027) -> list[list[Marca]]:
    sorte = random.Random(semente)
    padroes = [_frequente] * 12 + [_some_aos_poucos] * 3 + [_semana_ruim] * 3 + [_desiste_tarde] * 2
    return [sorte.choice(padroes)(sorte) for _ in range(TURMAS * POR_TURMA)]


def _ate(marcas: list[Marca], k: int) -> list[EncontroDaPessoa]:
    """No encontro k (0 = antes do primeiro): k realizados, o resto por vir."""
    feitos = [EncontroDaPessoa(HORAS, Situacao.REALIZADO, m) for m in marcas[:k]]
    return feitos + [EncontroDaPessoa(HORAS, Situacao.PENDENTE)] * (len(marcas) - k)


def _pessoa(marcas: list[Marca], regras: RegrasEvasao) -> tuple[int | None, int | None]:
    """(encontro do primeiro alerta, encontro do ponto sem volta); None se não houve."""
    alerta = sem_volta = None
    for k in range(1, ENCONTROS + 1):
        encontros = _ate(marcas, k)
        if sem_volta is None and not projetar(encontros, regras.minimo).alcancavel:
            sem_volta = k
        if alerta is None and motivo_novo(encontros, regras) is not None:
            alerta = k
        if alerta is not None and sem_volta is not None:
            break
    return alerta, sem_volta


def medir_coorte(regras: RegrasEvasao | None = None) -> dict[str, Any]:
    regras = regras or RegrasEvasao()
    abaixo = antecipados = alertados = falsos = 0
    antecedencias: list[int] = []
    for marcas in coorte():
        alerta, sem_volta = _pessoa(marcas, regras)
        final = calcular_frequencia(_ate(marcas, ENCONTROS))
        ficou = atinge_minimo(final, regras.minimo)
        if alerta is not None:
            alertados += 1
            falsos += ficou
        if ficou:
            continue
        abaixo += 1
        if alerta is not None and (sem_volta is None or alerta < sem_volta):
            antecipados += 1
            if sem_volta is not None:
                antecedencias.append(sem_volta - alerta)
    return {
        "recall_antecipada": round(antecipados / abaixo, 3) if abaixo else 1.0,
        "antecedencia_mediana": statistics.median(antecedencias) if antecedencias else None,
        "falsos": round(falsos / alertados, 3) if alertados else 0.0,
        "pessoas": TURMAS * POR_TURMA,
        "abaixo_de_75": abaixo,
        "alertados": alertados,
    }
