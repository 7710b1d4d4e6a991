"""A chamada digitada (R7, R16): o que cada jeito de escrever pede, numa tabela. Presença
e ausência, negação, "só", "menos", faixas; nunca o contrário do que foi dito."""

from __future__ import annotations

import pytest

from fluxos.regras.chamada_digitada import Leitura, Pedido, Sentido, ler_chamada

TURMA = [
    (1, "Ana Souza"),
    (2, "Ana Lima"),
    (3, "Bruno Costa"),
    (4, "Maria Aparecida da Silva"),
    (5, "João Batista"),
    (7, "Karina Teles"),  # o 6 saiu da turma: o número ficou vago
    (8, "Otávio Prado"),
]

M = Pedido.MARCAR
VEIO, FALTOU = Sentido.VEIO, Sentido.FALTOU
TODOS_VIERAM = Leitura(M, outros=VEIO)
TODOS_FALTARAM = Leitura(M, outros=FALTOU)


def _nao(parte: str = "") -> Leitura:
    return Leitura(Pedido.NAO_ENTENDI, nome=parte)


CASOS = [
    # faltas: somam às que já estão na lista
    ("faltaram 3 e 7", Leitura(M, faltas=(3, 7))),
    ("3, 7", Leitura(M, faltas=(3, 7))),
    ("3 7", Leitura(M, faltas=(3, 7))),
    ("7;3.", Leitura(M, faltas=(3, 7))),
    ("Faltou o 5", Leitura(M, faltas=(5,))),
    ("falta 5", Leitura(M, faltas=(5,))),
    ("3 e 7 faltaram", Leitura(M, faltas=(3, 7))),
    ("o 3 não veio", Leitura(M, faltas=(3,))),
    ("não veio o 3", Leitura(M, faltas=(3,))),
    ("faltou maria e joão", Leitura(M, faltas=(4, 5))),
    ("faltou Mraia e Joao", Leitura(M, faltas=(4, 5))),  # erro pequeno de digitação
    ("faltaram a Maria e o 3", Leitura(M, faltas=(3, 4))),
    ("faltou o Batista", Leitura(M, faltas=(5,))),  # só o sobrenome
    ("faltou ana s", Leitura(M, faltas=(1,))),
    ("faltou Ana S.", Leitura(M, faltas=(1,))),
    ("faltou ana lima", Leitura(M, faltas=(2,))),
    ("faltou Bruno C.", Leitura(M, faltas=(3,))),
    # presença (R16: nunca vira falta)
    ("o 3 veio", Leitura(M, vieram=(3,))),
    ("3 veio", Leitura(M, vieram=(3,))),
    ("veio o 3", Leitura(M, vieram=(3,))),
    ("3 não faltou", Leitura(M, vieram=(3,))),
    ("não faltou o 3", Leitura(M, vieram=(3,))),
    ("3 presente", Leitura(M, vieram=(3,))),
    ("o 3 está aqui", Leitura(M, vieram=(3,))),
    ("3 veio e faltou o 7", Leitura(M, faltas=(7,), vieram=(3,))),
    ("3 faltou, 5 veio", Leitura(M, faltas=(3,), vieram=(5,))),
    # "só" e "menos": os outros ao contrário
    ("só faltou a Maria", Leitura(M, faltas=(4,), outros=VEIO)),
    ("so faltou a maria", Leitura(M, faltas=(4,), outros=VEIO)),
    ("só o 3 veio", Leitura(M, vieram=(3,), outros=FALTOU)),
    ("só veio o 3 e o 7", Leitura(M, vieram=(3, 7), outros=FALTOU)),
    ("só vieram 3 e 7", Leitura(M, vieram=(3, 7), outros=FALTOU)),
    ("apenas o 3 faltou", Leitura(M, faltas=(3,), outros=VEIO)),
    ("todos vieram menos o 3", Leitura(M, faltas=(3,), outros=VEIO)),
    ("faltaram todos menos 3 e 7", Leitura(M, vieram=(3, 7), outros=FALTOU)),
    # todos vieram / todos faltaram
    ("todos", TODOS_VIERAM),
    ("Todos presentes!", TODOS_VIERAM),
    ("todos presente", TODOS_VIERAM),
    ("todos vieram", TODOS_VIERAM),
    ("ninguém faltou", TODOS_VIERAM),
    ("ninguem faltou hoje", TODOS_VIERAM),
    ("não faltou ninguém", TODOS_VIERAM),
    ("nenhuma falta", TODOS_VIERAM),
    ("todo mundo veio", TODOS_VIERAM),
    ("veio todo mundo", TODOS_VIERAM),
    ("todos estão aqui", TODOS_VIERAM),
    ("ninguém veio", TODOS_FALTARAM),
    ("nenhum veio", TODOS_FALTARAM),
    ("não veio ninguém", TODOS_FALTARAM),
    ("todo mundo faltou", TODOS_FALTARAM),
    ("todos faltou", TODOS_FALTARAM),
    ("todos faltaram", TODOS_FALTARAM),
    ("faltaram todos", TODOS_FALTARAM),
    ("todos não vieram", TODOS_FALTARAM),
    # faixas
    ("3 a 7", Leitura(M, faltas=(3, 4, 5, 7))),  # o 6 (vago) fica de fora
    ("de 3 a 7", Leitura(M, faltas=(3, 4, 5, 7))),
    ("faltaram de 3 a 5", Leitura(M, faltas=(3, 4, 5))),
    ("3-5", Leitura(M, faltas=(3, 4, 5))),
    ("3 - 5", Leitura(M, faltas=(3, 4, 5))),
    ("3 até 5 vieram", Leitura(M, vieram=(3, 4, 5))),
    ("3 a 30", Leitura(Pedido.FORA, (30,))),
    # concluir
    ("concluir", Leitura(Pedido.CONCLUIR)),
    ("Pronto", Leitura(Pedido.CONCLUIR)),
    ("pronto.", Leitura(Pedido.CONCLUIR)),
    # nome de duas pessoas, número fora da lista
    ("só faltou a Ana", Leitura(Pedido.AMBIGUO, (1, 2), "Ana")),
    ("faltaram 3 e 23", Leitura(Pedido.FORA, (23,))),
    ("6", Leitura(Pedido.FORA, (6,))),  # o número de quem saiu
    ("0", Leitura(Pedido.FORA, (0,))),
    ("99999999999", Leitura(Pedido.FORA, (99999999999,))),  # inteiro, nunca cortado
    ("faltou 1000000", Leitura(Pedido.FORA, (1000000,))),
    # não entendi: diz a parte, nada muda
    ("-1", _nao("-1")),
    ("faltou -3", _nao("-3")),
    ("1.5", _nao("1.5")),
    ("10/1", _nao("10/1")),  # uma data, não o 10 e o 1
    ("8:30", _nao("8:30")),
    ("faltou a Zuleica", _nao("Zuleica")),
    ("faltou", _nao("faltou")),
    ("ninguém", _nao("ninguém")),
    ("3 não", _nao("não")),
    ("faltou 3 e 5 veio", _nao("veio")),  # o "veio" ficou sem ninguém: pergunta de novo
    ("menos 3", _nao()),
    ("só faltou 3 e veio o 5", _nao()),
    ("👍", _nao()),
    ("1" * 400, _nao()),
]


@pytest.mark.parametrize(("digitado", "esperado"), CASOS, ids=[c[0][:30] for c in CASOS])
def test_r16_chamada_digitada(digitado: str, esperado: Leitura) -> None:
    assert ler_chamada(digitado, TURMA) == esperado
