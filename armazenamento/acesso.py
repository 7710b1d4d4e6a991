"""Papéis da equipe e o escopo de cada um (ARQUITETURA.md §7, R24).

Quem não tem vínculo é cidadão. O escopo entra nas próprias consultas (`armazenamento`
filtra por `turmas`, `oscs`, `crases`): ninguém lê um dado e depois decide se podia.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Papel(StrEnum):
    INSTRUTOR = "instrutor"
    OSC = "osc"
    CRAS = "cras"
    ACESSUAS = "acessuas"
    GESTAO = "gestao"


# O escopo que cada papel exige no convite.
ESCOPO_DO_PAPEL: dict[Papel, str | None] = {
    Papel.INSTRUTOR: "turma",
    Papel.OSC: "osc",
    Papel.CRAS: "cras",
    Papel.ACESSUAS: None,
    Papel.GESTAO: None,
}


@dataclass(frozen=True, slots=True)
class Vinculo:
    """Um papel ativo: `id` é a linha de `equipe` (vai para a auditoria)."""

    id: int
    papel: str
    osc_id: int | None = None
    cras_id: int | None = None
    turma_id: int | None = None


@dataclass(frozen=True, slots=True)
class Acesso:
    """Todos os vínculos ativos de quem escreve; vazio = cidadão."""

    vinculos: tuple[Vinculo, ...] = ()

    @property
    def equipe(self) -> bool:
        return bool(self.vinculos)

    @property
    def papeis(self) -> frozenset[str]:
        return frozenset(v.papel for v in self.vinculos)

    @property
    def gestao(self) -> bool:
        return Papel.GESTAO in self.papeis

    def tem(self, *papeis: str) -> bool:
        return bool(self.papeis.intersection(papeis))

    @property
    def membro_id(self) -> int | None:
        """O vínculo que assina o que a pessoa faz (o primeiro)."""
        return self.vinculos[0].id if self.vinculos else None

    @property
    def turmas(self) -> frozenset[int]:
        return frozenset(
            v.turma_id for v in self.vinculos if v.papel == Papel.INSTRUTOR and v.turma_id
        )

    @property
    def oscs(self) -> frozenset[int]:
        return frozenset(v.osc_id for v in self.vinculos if v.papel == Papel.OSC and v.osc_id)

    @property
    def crases(self) -> frozenset[int]:
        return frozenset(v.cras_id for v in self.vinculos if v.papel == Papel.CRAS and v.cras_id)
