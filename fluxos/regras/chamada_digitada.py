"""A chamada digitada (R7, R16): o instrutor sem paciência para tocar escreve quem faltou,
ou quem veio. Função pura: recebe o texto e a turma numerada (o número que a pessoa vê na
lista e o nome) e diz o que o texto pede; quem chama aplica e confirma ("Anotei: ...").

- "faltou 3", "faltaram 3 e 7", "3, 7", "3 e 7 faltaram", "3 não veio": esses faltaram;
  os outros ficam como estão ("faltou 3" e depois "faltou 7": os dois com falta).
- "3 veio", "veio o 3", "3 presente", "3 não faltou": esse veio.
- "só": "só faltou a Maria" (ela faltou, os outros vieram); "só o 3 veio", "só vieram 3 e
  7" (esses vieram, os outros faltaram). "menos": "todos vieram menos o 3" = "só faltou o 3".
- "todos", "todos vieram", "ninguém faltou", "nenhuma falta": todos vieram; "ninguém
  veio", "não veio ninguém", "todo mundo faltou", "todos faltaram": todos faltaram.
- "3 a 7", "de 3 a 7", "3-7", "3 até 7": do 3 ao 7.

Tolera acento, maiúscula e um erro pequeno no nome ("Mraia" é Maria). Nome de duas pessoas:
`AMBIGUO`; número fora da lista: `FORA`; "-1", "1.5", palavra que não casa, verbo sem
ninguém: `NAO_ENTENDI`, com a parte como foi escrita. Nunca adivinha o contrário do dito.
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
_FAIXA = re.compile(r"([0-9]+)\s*[-–]\s*([0-9]+)")  # "3-7": do 3 ao 7
_NEGATIVO = re.compile(r"-\s*[0-9]+")
_DECIMAL = re.compile(r"[0-9]+[./:][0-9]+")  # "1.5", e a data ou hora ("10/1", "8:30")
MINIMO_PARA_ERRO = 4  # "ana" nunca casa com "ina"; "mraia" casa com "maria"

CONCLUIR = frozenset(
    {"concluir", "concluido", "conclui", "pronto", "pronta", "fim", "terminei", "terminar"}
    | {"salvar", "salva", "finalizar", "encerrar", "ok pronto", "pode salvar", "acabou"}
)
_FALTOU = frozenset(
    {"faltou", "faltaram", "faltaro", "falto", "falta", "faltas", "faltando", "faltam"}
    | {"faltante", "faltantes", "ausente", "ausentes"}
)
_VEIO = frozenset(
    {"veio", "vieram", "viero", "presente", "presentes", "compareceu", "compareceram"}
    | {"chegou", "chegaram", "aqui", "esta", "estao", "ta", "tao", "estava", "estavam"}
)
_SO, _MENOS = frozenset({"so", "somente", "apenas"}), frozenset({"menos", "exceto", "tirando"})
_TODOS = frozenset({"todos", "todas", "todo", "mundo", "geral"})
_NINGUEM = frozenset({"ninguem", "nenhum", "nenhuma", "sem"})
_ATE = frozenset({"a", "ate", "ao"})  # entre dois números: a faixa
_ENFEITES = frozenset(
    {"a", "o", "as", "os", "e", "numero", "numeros", "n", "no", "nos", "aluno", "aluna"}
    | {"alunos", "alunas", "hoje", "quem", "tambem", "mais", "de", "da", "do", "dos", "das"}
    | {"com", "que", "ontem", "outros", "outras", "resto", "demais", "teve", "houve", "aula"}
)


class Pedido(StrEnum):
    MARCAR = "marcar"  # `faltas` faltaram, `vieram` vieram; `outros`: o que vale para o resto
    CONCLUIR = "concluir"
    AMBIGUO = "ambiguo"  # `nome` casa com as pessoas de `numeros`
    FORA = "fora"  # `numeros` não estão na lista
    NAO_ENTENDI = "nao_entendi"  # `nome`: a parte não entendida, como foi escrita


class Sentido(StrEnum):
    VEIO = "veio"
    FALTOU = "faltou"


_CONTRARIO = {Sentido.VEIO: Sentido.FALTOU, Sentido.FALTOU: Sentido.VEIO}


@dataclass(frozen=True, slots=True)
class Leitura:
    pedido: Pedido
    numeros: tuple[int, ...] = ()
    nome: str = ""
    faltas: tuple[int, ...] = ()
    vieram: tuple[int, ...] = ()
    outros: Sentido | None = None  # None: quem não foi citado fica como está


def _palavras(digitado: str) -> list[tuple[str, str]]:
    """(forma comparável, como foi escrita) de cada palavra; "3-7" vira "3 a 7"."""
    pares: list[tuple[str, str]] = []
    for escrita in re.findall(r"\w+", _FAIXA.sub(r"\1 a \2", digitado)):
        pares.extend((_REPETIDAS.sub(r"\1", f), escrita) for f in normalizar(escrita).split())
    return pares


def ler_chamada(digitado: str, turma: Sequence[tuple[int, str]]) -> Leitura:
    """O que o texto pede, dada a turma como (número na lista, nome)."""
    if len(digitado) > LIMITE_TEXTO:
        return Leitura(Pedido.NAO_ENTENDI)
    if " ".join(f for f, _ in _palavras(digitado)) in CONCLUIR:
        return Leitura(Pedido.CONCLUIR)
    semfaixa = _FAIXA.sub("", digitado)
    if ruim := _NEGATIVO.search(semfaixa) or _DECIMAL.search(semfaixa):
        return Leitura(Pedido.NAO_ENTENDI, nome=ruim.group().replace(" ", ""))
    return _Frase(turma).ler(_palavras(digitado))


@dataclass
class _Verbo:
    sentido: Sentido
    negado: bool
    escrita: str
    usado: bool = False

    def para(self, ninguem: bool = False) -> Sentido:
        """O sentido para quem o verbo fala; com "ninguém", o "não" só concorda ("não
        veio ninguém") e o resultado é o contrário ("ninguém veio": todos faltaram)."""
        self.usado = True
        if ninguem:
            return _CONTRARIO[self.sentido]
        return _CONTRARIO[self.sentido] if self.negado else self.sentido


class _Erro(Exception):
    def __init__(self, leitura: Leitura) -> None:
        self.leitura = leitura


class _Frase:
    """Lê a frase da esquerda para a direita. Um verbo fala de quem veio antes dele, se
    nenhum verbo ainda falava ("3 e 7 faltaram"); senão, de quem vem depois ("faltaram
    3 e 7"). Quem ficou sem verbo: o último verbo, ou faltou (a lista pede quem faltou)."""

    def __init__(self, turma: Sequence[tuple[int, str]]) -> None:
        self.validos = {numero for numero, _ in turma}
        self.nomes = [
            (n, [_REPETIDAS.sub(r"\1", p) for p in normalizar(nome).split()]) for n, nome in turma
        ]
        self.marcas: dict[int, Sentido] = {}
        self.excecoes: list[int] = []
        self.outros: list[Sentido] = []
        self.so = False

    def ler(self, palavras: list[tuple[str, str]]) -> Leitura:
        try:
            self._percorrer(palavras)
            return self._concluir()
        except _Erro as erro:
            return erro.leitura

    def _percorrer(self, palavras: list[tuple[str, str]]) -> None:
        self.pendentes: list[int | str] = []  # números, ou "todos"/"ninguem"
        self.atual: _Verbo | None = None
        self.verbos: list[_Verbo] = []
        negar, menos, i = "", False, 0
        while i < len(palavras):
            forma, escrita = palavras[i]
            sentido = _sentido(forma)
            if sentido is not None:
                anterior = _sentido(palavras[i - 1][0]) if i else None
                if anterior is not sentido or not self.verbos:  # "está aqui": um verbo só
                    self._verbo(_Verbo(sentido, bool(negar), escrita))
                negar = ""
            elif forma == "nao":
                negar = escrita
            elif forma in _SO:
                self.so = True
            elif forma in _MENOS:
                menos = True
            elif forma in _TODOS | _NINGUEM:
                quem = "ninguem" if forma in _NINGUEM else "todos"
                if quem not in self.pendentes:
                    self.pendentes.append(quem)
            elif forma not in _ENFEITES:
                i, numeros = self._sujeito(palavras, i)
                (self.excecoes if menos else self.pendentes).extend(numeros)
                continue
            i += 1
        if negar:
            raise _Erro(Leitura(Pedido.NAO_ENTENDI, nome=negar))
        if self.pendentes:
            ultimo = self.verbos[-1] if self.verbos else None
            self._atribuir(self.pendentes, self.atual or ultimo)
        if parado := next((v for v in self.verbos if not v.usado), None):
            raise _Erro(Leitura(Pedido.NAO_ENTENDI, nome=parado.escrita))

    def _verbo(self, verbo: _Verbo) -> None:
        """Quem está esperando é deste verbo ("3 faltou") ou do que já falava ("faltou 3
        e 5 veio": do "faltou"); sem ninguém esperando, o verbo fala de quem vem depois."""
        self.verbos.append(verbo)
        if self.pendentes and self.atual is None:
            self._atribuir(self.pendentes, verbo)
        elif self.pendentes and self.atual is not None:
            self._atribuir(self.pendentes, self.atual)
            self.atual = verbo
        else:
            self.atual = verbo
        self.pendentes = []

    def _atribuir(self, pendentes: list[int | str], verbo: _Verbo | None) -> None:
        for quem in pendentes:
            if quem == "ninguem":
                if verbo is None:  # "ninguém" sozinho: veio ou faltou?
                    raise _Erro(Leitura(Pedido.NAO_ENTENDI, nome="ninguém"))
                self.outros.append(verbo.para(ninguem=True))
            elif quem == "todos":
                self.outros.append(verbo.para() if verbo else Sentido.VEIO)
            else:
                sentido = verbo.para() if verbo else Sentido.FALTOU
                if self.marcas.setdefault(int(quem), sentido) is not sentido:
                    raise _Erro(Leitura(Pedido.NAO_ENTENDI, nome=str(quem)))

    def _sujeito(self, palavras: list[tuple[str, str]], i: int) -> tuple[int, list[int]]:
        """O número, a faixa ou a pessoa que começa em `i`: (onde continuar, números)."""
        forma, escrita = palavras[i]
        if forma.isdigit():
            if _entre_numeros(palavras, i + 1):
                return i + 3, self._faixa(forma, palavras[i + 2][0])
            self._validar([forma])
            return i + 1, [int(forma)]
        achados, usadas = _pessoa([f for f, _ in palavras[i:]], self.nomes)
        if not achados:
            raise _Erro(Leitura(Pedido.NAO_ENTENDI, nome=escrita))
        if len(achados) > 1:
            nome = " ".join(e for _, e in palavras[i : i + usadas])
            raise _Erro(Leitura(Pedido.AMBIGUO, tuple(sorted(achados)), nome))
        return i + usadas, list(achados)

    def _validar(self, formas: list[str]) -> None:
        fora = [int(f) for f in formas if not _NUMERO.fullmatch(f) or int(f) not in self.validos]
        if fora:
            raise _Erro(Leitura(Pedido.FORA, tuple(sorted(set(fora)))))

    def _faixa(self, de: str, ate: str) -> list[int]:
        """ "3 a 7": quem está na lista do 3 ao 7 (o número vago de quem saiu fica de fora)."""
        pontas = [f for f in (de, ate) if not _NUMERO.fullmatch(f)]
        primeiro, ultimo = min(self.validos, default=0), max(self.validos, default=-1)
        pontas += [f for f in (de, ate) if f not in pontas and not primeiro <= int(f) <= ultimo]
        if pontas:
            raise _Erro(Leitura(Pedido.FORA, tuple(sorted({int(f) for f in pontas}))))
        menor, maior = sorted((int(de), int(ate)))
        return [n for n in range(menor, maior + 1) if n in self.validos]

    def _concluir(self) -> Leitura:
        sentidos = set(self.marcas.values())
        outros = set(self.outros)
        if self.so and len(sentidos) == 1:
            outros.add(_CONTRARIO[next(iter(sentidos))])
        if len(outros) > 1 or (self.excecoes and not outros) or (self.so and len(sentidos) != 1):
            raise _Erro(Leitura(Pedido.NAO_ENTENDI))
        resto = next(iter(outros), None)
        for numero in self.excecoes:  # "todos vieram menos o 3"
            self.marcas[numero] = _CONTRARIO[resto or Sentido.FALTOU]
        marcas = {n: s for n, s in self.marcas.items() if s is not resto}
        if not marcas and resto is None:
            raise _Erro(Leitura(Pedido.NAO_ENTENDI))
        faltas = tuple(sorted(n for n, s in marcas.items() if s is Sentido.FALTOU))
        vieram = tuple(sorted(n for n, s in marcas.items() if s is Sentido.VEIO))
        return Leitura(Pedido.MARCAR, faltas=faltas, vieram=vieram, outros=resto)


def _sentido(forma: str) -> Sentido | None:
    if forma in _FALTOU:
        return Sentido.FALTOU
    return Sentido.VEIO if forma in _VEIO else None


def _entre_numeros(palavras: list[tuple[str, str]], i: int) -> bool:
    """ "3 a 7": o "a" (ou "até") entre dois números."""
    perto = [f for f, _ in palavras[max(i - 1, 0) : i + 2]]
    return (
        i > 0 and len(perto) == 3 and perto[1] in _ATE and perto[0].isdigit() and perto[2].isdigit()
    )


def _parecida(digitada: str, do_nome: str) -> bool:
    perto = min(len(digitada), len(do_nome)) >= MINIMO_PARA_ERRO
    return digitada == do_nome or (perto and OSA.distance(digitada, do_nome) <= 1)


def _pessoa(palavras: list[str], nomes: list[tuple[int, list[str]]]) -> tuple[set[int], int]:
    """As pessoas que as primeiras palavras nomeiam e quantas palavras isso usou: o 1º
    nome (igual vence parecido), e a palavra seguinte, se ela é o sobrenome ou a inicial
    de quem casou ("Ana S.", "ana souza", "Bruno C."), que também ajuda a escolher."""
    primeira = palavras[0]
    iguais = {n for n, partes in nomes if partes and partes[0] == primeira}
    parecidas = {n for n, partes in nomes if partes and _parecida(primeira, partes[0])}
    achados = iguais or parecidas
    if not achados:  # só o sobrenome ("faltou o Souza")
        achados = {n for n, partes in nomes if primeira in partes[1:] and len(primeira) >= 3}
    if len(palavras) > 1 and achados and not palavras[1].isdigit():
        seguinte = palavras[1]
        resto = {n for n, partes in nomes if n in achados and _inicial(seguinte, partes)}
        if resto:
            return resto, 2
    return achados, 1


def _inicial(palavra: str, partes: list[str]) -> bool:
    return any(p.startswith(palavra) for p in partes[1:])
