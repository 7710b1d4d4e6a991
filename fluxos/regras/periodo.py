"""Período de pré-inscrição (R3): aberto hoje, ainda vai abrir, ou já terminou."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol


class ComPeriodo(Protocol):
    @property
    def ano(self) -> int: ...
    @property
    def preinscricao_inicio(self) -> date: ...
    @property
    def preinscricao_fim(self) -> date: ...


class Situacao(StrEnum):
    ABERTO = "aberto"
    VAI_ABRIR = "vai_abrir"
    ENCERRADO = "encerrado"


@dataclass(frozen=True)
class Periodo:
    """A situação e o ciclo a que ela se refere (None se não há ciclo algum)."""

    situacao: Situacao
    ciclo: ComPeriodo | None


def situacao_do_periodo(ciclos: Sequence[ComPeriodo], hoje: date) -> Periodo:
    """R3: aberto se hoje está no período (inclusive as pontas) de algum ciclo.

    Fechado: aponta o próximo ciclo que vai abrir; se não houver, o último que terminou.
    """
    for ciclo in ciclos:
        if ciclo.preinscricao_inicio <= hoje <= ciclo.preinscricao_fim:
            return Periodo(Situacao.ABERTO, ciclo)
    futuros = [c for c in ciclos if c.preinscricao_inicio > hoje]
    if futuros:
        return Periodo(Situacao.VAI_ABRIR, min(futuros, key=lambda c: c.preinscricao_inicio))
    passados = [c for c in ciclos if c.preinscricao_fim < hoje]
    ultimo = max(passados, key=lambda c: c.preinscricao_fim) if passados else None
    return Periodo(Situacao.ENCERRADO, ultimo)
