"""A chamada digitada (R7, R16): o que cada jeito de escrever pede, numa tabela."""

from __future__ import annotations

import pytest

from fluxos.regras.chamada_digitada import Leitura, Pedido, ler_chamada

TURMA = [
    (1, "Ana Souza"),
    (2, "Ana Lima"),
    (3, "Bruno Costa"),
    (4, "Maria Aparecida da Silva"),
    (5, "João Batista"),
    (7, "Karina Teles"),  # o 6 saiu da turma: o número ficou vago
]

CASOS = [
    ("faltaram 3 e 7", Leitura(Pedido.FALTAS, (3, 7))),
    ("3, 7", Leitura(Pedido.FALTAS, (3, 7))),
    ("3 7", Leitura(Pedido.FALTAS, (3, 7))),
    ("7;3.", Leitura(Pedido.FALTAS, (3, 7))),
    ("Faltou o 5", Leitura(Pedido.FALTAS, (5,))),
    ("todos", Leitura(Pedido.TODOS)),
    ("Todos presentes!", Leitura(Pedido.TODOS)),
    ("todos presente", Leitura(Pedido.TODOS)),
    ("ninguém faltou", Leitura(Pedido.TODOS)),
    ("ninguem faltou hoje", Leitura(Pedido.TODOS)),
    ("não faltou ninguém", Leitura(Pedido.TODOS)),
    ("todo mundo veio", Leitura(Pedido.TODOS)),
    ("concluir", Leitura(Pedido.CONCLUIR)),
    ("Pronto", Leitura(Pedido.CONCLUIR)),
    ("pronto.", Leitura(Pedido.CONCLUIR)),
    ("só faltou a Maria", Leitura(Pedido.FALTAS, (4,))),
    ("so faltou a maria", Leitura(Pedido.FALTAS, (4,))),
    ("faltou maria e joão", Leitura(Pedido.FALTAS, (4, 5))),
    ("faltou Mraia e Joao", Leitura(Pedido.FALTAS, (4, 5))),  # erro pequeno de digitação
    ("faltaram a Maria e o 3", Leitura(Pedido.FALTAS, (3, 4))),
    ("faltou o Batista", Leitura(Pedido.FALTAS, (5,))),  # só o sobrenome
    ("só faltou a Ana", Leitura(Pedido.AMBIGUO, (1, 2), "ana")),
    ("faltou ana s", Leitura(Pedido.FALTAS, (1,))),
    ("faltou Ana S.", Leitura(Pedido.FALTAS, (1,))),
    ("faltou ana lima", Leitura(Pedido.FALTAS, (2,))),
    ("faltaram 3 e 23", Leitura(Pedido.FORA, (23,))),
    ("6", Leitura(Pedido.FORA, (6,))),  # o número de quem saiu
    ("0", Leitura(Pedido.FORA, (0,))),
    ("faltou a Zuleica", Leitura(Pedido.NAO_ENTENDI, nome="zuleica")),
    ("faltou", Leitura(Pedido.NAO_ENTENDI)),
    ("👍", Leitura(Pedido.NAO_ENTENDI)),
    ("todos faltaram", Leitura(Pedido.NAO_ENTENDI, nome="todos")),
    ("1" * 400, Leitura(Pedido.NAO_ENTENDI)),
    ("99999999999", Leitura(Pedido.FORA, (999999,))),
]


@pytest.mark.parametrize(("digitado", "esperado"), CASOS, ids=[c[0][:30] for c in CASOS])
def test_r16_chamada_digitada(digitado: str, esperado: Leitura) -> None:
    assert ler_chamada(digitado, TURMA) == esperado
