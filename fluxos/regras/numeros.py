"""Listas de números escolhidos pela pessoa ("1, 4 e 11", "IV e XI")."""

from __future__ import annotations

import re

from fluxos.regras.texto import LIMITE_TEXTO, limpar

# R2 numera o público prioritário de I a XI: a pessoa pode responder com o algarismo romano
ROMANOS = {
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "v": 5,
    "vi": 6,
    "vii": 7,
    "viii": 8,
    "ix": 9,
    "x": 10,
    "xi": 11,
}
_SEPARADORES = re.compile(r"[,; ]+")
_NUMERO = re.compile(r"[0-9]{1,6}", re.ASCII)  # limite evita int() de milhares de dígitos


def _valor(palavra: str) -> int | None:
    if _NUMERO.fullmatch(palavra):
        return int(palavra)
    return ROMANOS.get(palavra.lower())


def interpretar_lista_numeros(texto: str, maximo: int) -> list[int] | None:
    """Números de 1 a `maximo`, em ordem e sem repetição; None se sobrar qualquer outra palavra.

    Separadores: vírgula, ponto e vírgula, espaço e "e". "1-4" não é aceito: seria
    intervalo ou lista? Melhor pedir de novo.
    """
    if len(texto) > LIMITE_TEXTO:
        return None
    limpo = limpar(texto).removesuffix(".")
    escolhidos: set[int] = set()
    for palavra in _SEPARADORES.split(limpo):
        if palavra == "" or palavra.lower() == "e":
            continue
        valor = _valor(palavra)
        if valor is None or not 1 <= valor <= maximo:
            return None
        escolhidos.add(valor)
    return sorted(escolhidos) or None
