"""R10 em tabela: os turnos que a pré-inscrição oferece para os cursos escolhidos."""

from __future__ import annotations

import pytest

from fluxos.regras.turnos import oferta_de_turnos

CONFEITARIA, COSTURA, INFORMATICA = 1, 2, 3
TURMAS = {
    CONFEITARIA: frozenset({"tarde", "manha"}),
    COSTURA: frozenset({"noite"}),
    INFORMATICA: frozenset({"manha", "tarde", "noite"}),
}
TODOS = ("manha", "tarde", "noite")


@pytest.mark.parametrize(
    ("cursos", "turnos", "sem_turma", "explicar", "diferentes"),
    [
        # um curso: só os turnos com turma, na ordem do dia
        ((CONFEITARIA, None), ("manha", "tarde"), False, True, False),
        ((COSTURA, None), ("noite",), False, True, False),
        # curso com os três turnos: pergunta como sempre, sem explicação
        ((INFORMATICA, None), TODOS, False, False, False),
        # dois cursos: a união; a pergunta avisa que um curso não tem todos
        ((CONFEITARIA, COSTURA), TODOS, False, True, True),
        ((COSTURA, CONFEITARIA), TODOS, False, True, True),
        ((CONFEITARIA, INFORMATICA), TODOS, False, True, True),
        ((INFORMATICA, INFORMATICA), TODOS, False, False, False),
        # curso sem turma (o cadastro mudou): todos como preferência, lista de espera
        ((99, None), TODOS, True, True, False),
        # um sem turma, outro com: os turnos do que tem
        ((99, COSTURA), ("noite",), False, True, True),
        ((), TODOS, True, False, False),
    ],
)
def test_r10_turnos_oferecidos_na_preinscricao(
    cursos: tuple[int | None, ...],
    turnos: tuple[str, ...],
    sem_turma: bool,
    explicar: bool,
    diferentes: bool,
) -> None:
    oferta = oferta_de_turnos(TURMAS, cursos)
    assert oferta.turnos == turnos
    assert oferta.sem_turma is sem_turma
    assert oferta.explicar is explicar
    assert oferta.cursos_diferentes is diferentes
