"""A ordem da lista do CRAS (R4) pelas situações prioritárias (R2).

Cada pré-inscrição soma os pesos das suas situações (códigos I a XI, guardados como
"I,IV,XI"); os pesos são ajustáveis pela gestão (`Ajustes.pesos_prioridade`, padrão 1
cada). Mais pontos, mais acima; empate, quem se inscreveu antes (e, no mesmo instante, o
número menor). O motivo de cada posição é dito com as situações que deram pontos.

A consulta que pagina a lista no banco (`armazenamento.priorizacao`) faz a mesma conta em
SQL; os testes conferem que as duas ordens batem.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol, TypeVar

from fluxos.ajustes import CODIGOS_PRIORIDADE

_ORDEM_R2 = {codigo: i for i, codigo in enumerate(CODIGOS_PRIORIDADE)}


def codigos_de(prioridades: str) -> tuple[str, ...]:
    """R2: "I, iv,XI" → ("I", "IV", "XI"). Código desconhecido fica de fora; sem repetição,
    na ordem de R2."""
    achados = {p.strip().upper() for p in prioridades.split(",")}
    return tuple(sorted(achados & _ORDEM_R2.keys(), key=_ORDEM_R2.__getitem__))


def pontos(prioridades: str, pesos: Mapping[str, int]) -> int:
    """R2/R4: a soma dos pesos das situações da pessoa."""
    return sum(pesos.get(codigo, 0) for codigo in codigos_de(prioridades))


@dataclass(frozen=True, slots=True)
class Motivo:
    """Por que a pessoa está nessa posição: os pontos e as situações que os deram (a de
    maior peso primeiro). `sem_situacao`: não marcou nenhuma (ou preferiu não dizer)."""

    pontos: int
    codigos: tuple[str, ...]
    sem_situacao: bool


def motivo(prioridades: str, pesos: Mapping[str, int]) -> Motivo:
    """R4: o motivo visível da posição. Situação com peso 0 não dá ponto e não é citada."""
    codigos = codigos_de(prioridades)
    com_peso = [c for c in codigos if pesos.get(c, 0) > 0]
    com_peso.sort(key=lambda c: (-pesos[c], _ORDEM_R2[c]))
    return Motivo(pontos(prioridades, pesos), tuple(com_peso), not codigos)


class Candidata(Protocol):
    """O que a ordem precisa de uma pré-inscrição."""

    @property
    def id(self) -> int: ...
    @property
    def criada_em(self) -> datetime: ...
    @property
    def prioridades(self) -> str: ...


C = TypeVar("C", bound=Candidata)


def chave_de_ordem(candidata: Candidata, pesos: Mapping[str, int]) -> tuple[int, datetime, int]:
    """R4: pontos (mais primeiro), depois a ordem de inscrição (data e número)."""
    return (-pontos(candidata.prioridades, pesos), candidata.criada_em, candidata.id)


def ordenar(candidatas: Iterable[C], pesos: Mapping[str, int]) -> list[C]:
    """R4: a lista do CRAS na ordem de prioridade."""
    return sorted(candidatas, key=lambda c: chave_de_ordem(c, pesos))


class ComPeriodo(Protocol):
    @property
    def ano(self) -> int: ...
    @property
    def preinscricao_inicio(self) -> date: ...
    @property
    def preinscricao_fim(self) -> date: ...


P = TypeVar("P", bound=ComPeriodo)


def ciclo_da_priorizacao(ciclos: Sequence[P], hoje: date) -> P | None:
    """R4: o ciclo a priorizar é o último cuja pré-inscrição já começou (None se nenhum)."""
    comecados = [c for c in ciclos if c.preinscricao_inicio <= hoje]
    return max(comecados, key=lambda c: c.preinscricao_inicio) if comecados else None


def pode_enviar(ciclo: ComPeriodo, hoje: date) -> bool:
    """R4: "encerrado o período, o CRAS elege e envia". Enquanto a pré-inscrição está
    aberta, a lista pode ser vista e arrumada, mas ainda não enviada (chegaria gente
    depois do envio, e a lista de um ciclo só se envia uma vez)."""
    return hoje >= primeiro_dia_de_envio(ciclo)


def primeiro_dia_de_envio(ciclo: ComPeriodo) -> date:
    """R4: o dia em que a lista pode ser aprovada e enviada: o seguinte ao último dia da
    pré-inscrição (o último dia inteiro ainda recebe pré-inscrições)."""
    return ciclo.preinscricao_fim + timedelta(days=1)
