"""A chamada digitada (R7, R16): o instrutor sem paciência para tocar escreve quem faltou.

"faltaram 3 e 7", "3, 7", "3 7", "só faltou a Maria", "faltou maria e joão", "todos",
"ninguém faltou", "pronto". Função pura: recebe o texto e a turma numerada (o número que
a pessoa vê na lista e o nome) e diz o que o texto pede; quem chama aplica.

Tolerante com acento, maiúscula e um erro pequeno de digitação no nome ("Mraia" é Maria,
com 4+ letras). Um nome que casa com duas pessoas ("Ana" com duas Anas) não escolhe
nenhuma: volta `AMBIGUO` com os números delas, para perguntar qual. Número que não está
na lista volta `FORA` (nada muda). Nada casa: `NAO_ENTENDI`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz.distance import OSA

from fluxos.regras.texto import LIMITE_TEXTO, normalizar

_REPETIDAS = re.compile(r"([a-z])\1+")  # "mariaa"; números ficam como estão
_NUMERO = re.compile(r"[0-9]{1,4}", re.ASCII)
MINIMO_PARA_ERRO = 4  # "ana" nunca casa com "ina"; "mraia" casa com "maria"

CONCLUIR = frozenset(
    {"concluir", "concluido", "conclui", "pronto", "pronta", "fim", "terminei", "terminar"}
    | {"salvar", "salva", "finalizar", "encerrar", "ok pronto", "pode salvar", "acabou"}
)
# "todos presentes", "ninguém faltou", "nenhuma falta", "todo mundo veio"
_TODOS_CHAVE = frozenset({"todos", "todas", "todo", "ninguem", "nenhuma", "nenhum", "sem"})
_TODOS_RESTO = frozenset(
    {"presentes", "presente", "vieram", "veio", "mundo", "faltou", "falta", "faltas"}
    | {"nao", "hoje", "aqui", "estao", "tao", "ta", "esta", "teve", "houve", "os", "as"}
)
# palavras que só enfeitam a frase: "só faltou a Maria", "faltaram os números 3 e 7"
_ENFEITES = frozenset(
    {"faltou", "faltaram", "faltaro", "falto", "falta", "faltas", "faltando", "faltante"}
    | {"faltantes", "so", "somente", "apenas", "a", "o", "as", "os", "e", "numero"}
    | {"numeros", "n", "no", "nos", "aluno", "aluna", "alunos", "alunas", "hoje", "quem"}
    | {"nao", "veio", "vieram", "foi", "foram", "tambem", "mais", "de", "da", "do", "dos"}
    | {"das", "com", "que", "ontem"}
)


class Pedido(StrEnum):
    TODOS = "todos"  # todos presentes
    FALTAS = "faltas"  # `numeros` faltaram
    CONCLUIR = "concluir"
    AMBIGUO = "ambiguo"  # `nome` casa com as pessoas de `numeros`
    FORA = "fora"  # `numeros` não estão na lista
    NAO_ENTENDI = "nao_entendi"  # `nome`: a palavra que não casou com ninguém


@dataclass(frozen=True, slots=True)
class Leitura:
    pedido: Pedido
    numeros: tuple[int, ...] = ()
    nome: str = ""


def _forma(texto: str) -> list[str]:
    return [_REPETIDAS.sub(r"\1", p) for p in normalizar(texto).split()]


def ler_chamada(digitado: str, turma: Sequence[tuple[int, str]]) -> Leitura:
    """O que o texto pede, dada a turma como (número na lista, nome)."""
    if len(digitado) > LIMITE_TEXTO:
        return Leitura(Pedido.NAO_ENTENDI)
    palavras = _forma(digitado)
    frase = " ".join(palavras)
    if frase in CONCLUIR:
        return Leitura(Pedido.CONCLUIR)
    if _e_todos(palavras):
        return Leitura(Pedido.TODOS)
    return _faltas([p for p in palavras if p not in _ENFEITES], turma)


def _e_todos(palavras: list[str]) -> bool:
    conjunto = set(palavras)
    return bool(conjunto & _TODOS_CHAVE) and conjunto <= _TODOS_CHAVE | _TODOS_RESTO


def _faltas(palavras: list[str], turma: Sequence[tuple[int, str]]) -> Leitura:
    validos = {numero for numero, _ in turma}
    nomes = [
        (numero, [_REPETIDAS.sub(r"\1", p) for p in normalizar(nome).split()])
        for numero, nome in turma
    ]
    numeros: set[int] = set()
    fora: set[int] = set()
    i = 0
    while i < len(palavras):
        palavra = palavras[i]
        if palavra.isdigit():
            if not _NUMERO.fullmatch(palavra) or int(palavra) not in validos:
                fora.add(int(palavra[:6]))
            else:
                numeros.add(int(palavra))
            i += 1
            continue
        achados, usadas = _pessoa(palavras[i:], nomes)
        if not achados:
            return Leitura(Pedido.NAO_ENTENDI, nome=palavra)
        if len(achados) > 1:
            return Leitura(
                Pedido.AMBIGUO, tuple(sorted(achados)), " ".join(palavras[i : i + usadas])
            )
        numeros.update(achados)
        i += usadas
    if fora:
        return Leitura(Pedido.FORA, tuple(sorted(fora)))
    if not numeros:
        return Leitura(Pedido.NAO_ENTENDI)
    return Leitura(Pedido.FALTAS, tuple(sorted(numeros)))


def _parecida(digitada: str, do_nome: str) -> bool:
    if digitada == do_nome:
        return True
    return min(len(digitada), len(do_nome)) >= MINIMO_PARA_ERRO and (
        OSA.distance(digitada, do_nome) <= 1
    )


def _pessoa(palavras: list[str], nomes: list[tuple[int, list[str]]]) -> tuple[set[int], int]:
    """As pessoas que as primeiras palavras nomeiam e quantas palavras isso usou: o 1º
    nome (igual vence parecido), e a palavra seguinte, se ela ajuda a escolher, como
    sobrenome ou inicial ("Ana S.", "ana souza")."""
    primeira = palavras[0]
    iguais = {n for n, partes in nomes if partes and partes[0] == primeira}
    parecidas = {n for n, partes in nomes if partes and _parecida(primeira, partes[0])}
    achados = iguais or parecidas
    if not achados:  # só o sobrenome ("faltou o Souza")
        achados = {n for n, partes in nomes if primeira in partes[1:] and len(primeira) >= 3}
    if len(palavras) > 1 and len(achados) > 1 and not palavras[1].isdigit():
        seguinte = palavras[1]
        resto = {
            n
            for n, partes in nomes
            if n in achados and any(p.startswith(seguinte) for p in partes[1:])
        }
        if resto:
            return resto, 2
    return achados, 1
