"""R10: os turnos que a pré-inscrição oferece, a partir das turmas dos cursos escolhidos.

O turno é uma preferência só (não um por curso). Com dois cursos, a pessoa escolhe entre
a UNIÃO dos turnos em que algum deles tem turma no ciclo: a interseção podia ficar vazia
(Confeitaria só de manhã, Informática só à tarde) e tirar dela a chance de um dos dois.
No curso que não tem o turno escolhido ela continua na lista, depois de quem escolheu o
turno da turma (`fluxos/convocacao/regras.ordem_r10`); a pergunta diz isso.

Sem turma em nenhum dos cursos (o cadastro mudou depois da escolha do curso): todos os
turnos ficam como preferência e a pessoa fica sabendo que vai para a lista de espera.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

TURNOS = ("manha", "tarde", "noite")


@dataclass(frozen=True, slots=True)
class OfertaDeTurnos:
    """`turnos`: o que se oferece, na ordem do dia; `por_curso`: cada curso escolhido e
    os turnos dele (na ordem do dia); `sem_turma`: nenhum curso tem turma."""

    turnos: tuple[str, ...]
    por_curso: tuple[tuple[int, tuple[str, ...]], ...]
    sem_turma: bool

    @property
    def explicar(self) -> bool:
        """Vale dizer quais turnos cada curso tem? Só quando algum não tem os três."""
        return any(turnos != TURNOS for _, turnos in self.por_curso)

    @property
    def cursos_diferentes(self) -> bool:
        """Algum turno oferecido falta num dos cursos (R10: ali a pessoa vem depois)."""
        if self.sem_turma:
            return False
        return any(set(turnos) != set(self.turnos) for _, turnos in self.por_curso)


def oferta_de_turnos(
    turnos_por_curso: Mapping[int, frozenset[str]], cursos: Sequence[int | None]
) -> OfertaDeTurnos:
    """R10: os turnos a oferecer para os cursos escolhidos (1º e, se houver, 2º)."""
    escolhidos = [c for c in cursos if c is not None]
    por_curso = tuple(
        (c, tuple(t for t in TURNOS if t in turnos_por_curso.get(c, frozenset())))
        for c in escolhidos
    )
    uniao = tuple(t for t in TURNOS if any(t in turnos for _, turnos in por_curso))
    return OfertaDeTurnos(uniao or TURNOS, por_curso, sem_turma=not uniao)
