"""Casar o bairro digitado com a lista de bairros cadastrados (exato ou sugestões)."""

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
    "nuc": "nucleo",
    "dist": "distrito",
}
# "nova esperanca" é o "Jardim Nova Esperança": o tipo do bairro muitas vezes fica de fora
_TIPOS = {"jardim", "vila", "parque", "residencial", "conjunto", "nucleo", "distrito", "bairro"}
# "vila 9 de julho" e "vila nove de julho" são o mesmo bairro
_EXTENSO = ("um", "dois", "tres", "quatro", "cinco", "seis", "sete", "oito", "nove", "dez")
_NUMEROS = {str(n): nome for n, nome in enumerate(_EXTENSO, start=1)}


@dataclass(frozen=True)
class Casamento:
    """`exato`: id do bairro quando não há dúvida; senão `sugestoes` para a pessoa escolher."""

    exato: int | None
    sugestoes: list[int]


def _chave(texto: str) -> str:
    """Forma comparável: sem acento, abreviações expandidas, sem "bairro" no começo."""
    palavras = normalizar(texto).split(" ")
    if palavras[:1] == ["bairro"]:
        palavras = palavras[1:]
    trocadas = (_NUMEROS.get(p, p) for p in palavras)
    return " ".join(_ABREVIACOES.get(p, p) for p in trocadas)


def _sem_tipo(chave: str) -> str:
    """ "distrito de tibirica" -> "tibirica": tira o tipo e a preposição que vem depois."""
    palavras = chave.split(" ")
    if len(palavras) > 1 and palavras[0] in _TIPOS:
        palavras = palavras[1:]
        if len(palavras) > 1 and palavras[0] in ("de", "do", "da", "dos", "das"):
            palavras = palavras[1:]
    return " ".join(palavras)


def casar_bairro(texto: str, bairros: Sequence[tuple[int, str]], limite: int = 3) -> Casamento:
    """Bairro exato, um erro de digitação claro, ou até `limite` sugestões por semelhança."""
    if len(texto) > LIMITE_TEXTO:
        return Casamento(None, [])
    chave = _chave(texto)
    if not chave:
        return Casamento(None, [])
    chaves = [_chave(nome) for _, nome in bairros]
    iguais = [bairros[i][0] for i, c in enumerate(chaves) if c == chave]
    if len(iguais) == 1:
        return Casamento(iguais[0], [])
    if not iguais:  # sem o tipo: "nova esperanca" -> "Jardim Nova Esperança"
        iguais = [bairros[i][0] for i, c in enumerate(chaves) if _sem_tipo(c) == _sem_tipo(chave)]
        if len(iguais) == 1:
            return Casamento(iguais[0], [])
    if iguais:  # nomes repetidos na lista: a pessoa escolhe
        return Casamento(None, iguais[: max(limite, 0)])
    if max(len(p) for p in chave.split(" ")) < 3:  # "b b", "eu": parecido com tudo
        return Casamento(None, [])
    notas = process.extract(chave, chaves, scorer=fuzz.WRatio, score_cutoff=NOTA_MINIMA, limit=None)
    # empate na nota: vale a ordem da lista, para o resultado não variar
    ordem = sorted(notas, key=lambda n: (-n[1], n[2]))
    if not ordem:
        return Casamento(None, [])
    segunda = ordem[1][1] if len(ordem) > 1 else 0.0
    if ordem[0][1] >= NOTA_CONFIANTE and ordem[0][1] - segunda >= VANTAGEM_MINIMA:
        return Casamento(bairros[ordem[0][2]][0], [])
    return Casamento(None, [bairros[i][0] for _, _, i in ordem[: max(limite, 0)]])
