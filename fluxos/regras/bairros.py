"""Casar o bairro digitado com a lista de bairros cadastrados (exato ou sugestões).

Só decide sozinho quando o nome inteiro bate (com abreviação, sem acento ou com um erro de
digitação pequeno). "Jardim Europa II" (palavras a mais) e "Europa" (sem o tipo do bairro)
viram sugestão para a pessoa confirmar: podem ser outro bairro que não está na lista.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from fluxos.regras.texto import LIMITE_TEXTO, normalizar

NOTA_MINIMA = 70  # abaixo disso não vale nem como sugestão
NOTA_CONFIANTE = 92  # erro de digitação pequeno ("jardim europe"): aceita sem perguntar
VANTAGEM_MINIMA = 8  # ... desde que o segundo colocado fique bem atrás

# abreviações comuns em endereços de Bauru, já normalizadas (sem acento e sem ponto)
_ABREVIACOES = {
    "jd": "jardim",
    "jdm": "jardim",
    "vl": "vila",
    "pq": "parque",
    "res": "residencial",
    "conj": "conjunto",
    "cj": "conjunto",
    "nuc": "nucleo",
    "nh": "nucleo",
    "dist": "distrito",
}
# "nova esperanca" pode ser o "Jardim Nova Esperança": o tipo muitas vezes fica de fora
_TIPOS = {"jardim", "vila", "parque", "residencial", "conjunto", "nucleo", "distrito", "bairro"}
# "vila 9 de julho", "vila nove de julho"; "jardim europa ii", "jardim europa 2"
_EXTENSO = ("um", "dois", "tres", "quatro", "cinco", "seis", "sete", "oito", "nove", "dez")
_NUMEROS = {str(n): nome for n, nome in enumerate(_EXTENSO, start=1)}
_ROMANOS = dict(
    zip(("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"), _EXTENSO, strict=True)
)


@dataclass(frozen=True)
class Casamento:
    """`exato`: id do bairro quando não há dúvida; senão `sugestoes` para a pessoa escolher."""

    exato: int | None
    sugestoes: list[int]


def _palavra(posicao: int, palavra: str) -> str:
    """Abreviação expandida; número (ou romano depois da 1ª palavra) por extenso."""
    if posicao > 0 and palavra in _ROMANOS:
        return _ROMANOS[palavra]
    palavra = _NUMEROS.get(palavra, palavra)
    return _ABREVIACOES.get(palavra, palavra)


def _chave(texto: str) -> str:
    """Forma comparável: sem acento, abreviações expandidas, sem "bairro" no começo e sem o
    "habitacional" de "Núcleo/Conjunto Habitacional" (ninguém diz)."""
    palavras = normalizar(texto).split(" ")
    if palavras[:1] == ["bairro"]:
        palavras = palavras[1:]
    trocadas = [_palavra(i, p) for i, p in enumerate(palavras)]
    if trocadas[:1] in (["nucleo"], ["conjunto"]) and trocadas[1:2] == ["habitacional"]:
        del trocadas[1]
    return " ".join(trocadas)


def _sem_tipo(chave: str) -> str:
    """ "distrito de tibirica" -> "tibirica": tira o tipo e a preposição que vem depois."""
    palavras = chave.split(" ")
    if len(palavras) > 1 and palavras[0] in _TIPOS:
        palavras = palavras[1:]
        if len(palavras) > 1 and palavras[0] in ("de", "do", "da", "dos", "das"):
            palavras = palavras[1:]
    return " ".join(palavras)


def _acrescenta_palavras(chave: str, conhecida: str) -> bool:
    """ "jardim europa dois" contém "jardim europa" e tem mais: pode ser outro bairro."""
    digitadas, dela = set(chave.split(" ")), set(conhecida.split(" "))
    return dela < digitadas or set(_sem_tipo(conhecida).split(" ")) < digitadas


def _confiante(chave: str, chaves: list[str], ordem: list[tuple[str, float, int]]) -> int | None:
    """Índice do bairro quando o nome inteiro bate salvo um erro pequeno de digitação."""
    notas = sorted(((fuzz.ratio(chave, chaves[i]), i) for _, _, i in ordem), reverse=True)
    primeira, indice = notas[0]
    segunda = notas[1][0] if len(notas) > 1 else 0.0
    if primeira < NOTA_CONFIANTE or primeira - segunda < VANTAGEM_MINIMA:
        return None
    return None if _acrescenta_palavras(chave, chaves[indice]) else indice


def _iguais(chave: str, chaves: list[str], bairros: Sequence[tuple[int, str]]) -> list[int]:
    return [bairros[i][0] for i, c in enumerate(chaves) if c == chave]


def casar_bairro(texto: str, bairros: Sequence[tuple[int, str]], limite: int = 3) -> Casamento:
    """Bairro exato, um erro de digitação claro, ou até `limite` sugestões por semelhança."""
    chave = _chave(texto) if len(texto) <= LIMITE_TEXTO else ""
    if not chave:
        return Casamento(None, [])
    chaves = [_chave(nome) for _, nome in bairros]
    iguais = _iguais(chave, chaves, bairros)
    if len(iguais) == 1:
        return Casamento(iguais[0], [])
    if not iguais:  # sem o tipo: "nova esperanca" -> "Jardim Nova Esperança"? pergunta
        iguais = [bairros[i][0] for i, c in enumerate(chaves) if _sem_tipo(c) == _sem_tipo(chave)]
    if iguais:  # nomes repetidos na lista ou só sem o tipo: a pessoa escolhe
        return Casamento(None, iguais[: max(limite, 0)])
    if max(len(p) for p in chave.split(" ")) < 3:  # "b b", "eu": parecido com tudo
        return Casamento(None, [])
    notas = process.extract(chave, chaves, scorer=fuzz.WRatio, score_cutoff=NOTA_MINIMA, limit=None)
    # empate na nota: vale a ordem da lista, para o resultado não variar
    ordem = sorted(notas, key=lambda n: (-n[1], n[2]))
    if not ordem:
        return Casamento(None, [])
    certo = _confiante(chave, chaves, ordem)
    if certo is not None:
        return Casamento(bairros[certo][0], [])
    return Casamento(None, [bairros[i][0] for _, _, i in ordem[: max(limite, 0)]])
