"""Nome completo e nome social: letras latinas, espaço, apóstrofo e hífen."""

from __future__ import annotations

import unicodedata

from fluxos.regras.texto import LIMITE_TEXTO, limpar

PARTICULAS = frozenset({"da", "de", "do", "das", "dos", "e"})
_APOSTROFOS = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_JUNTAS = str.maketrans({"'": " ", "-": " "})


def _eh_letra_latina(c: str) -> bool:
    """Letra do alfabeto latino, com ou sem acento (exclui letras de largura total,
    matemáticas e de outros alfabetos, que servem para disfarçar texto)."""
    return c.isalpha() and unicodedata.name(c, "").startswith("LATIN ")


def _palavra_valida(palavra: str) -> bool:
    """Pedaços de letras ligados por um apóstrofo ou hífen ("D'Ávila", "Ana-Maria")."""
    pedacos = palavra.translate(_JUNTAS).split(" ")
    return all(p and all(_eh_letra_latina(c) for c in p) for p in pedacos)


def _capitalizar(palavra: str, primeira: bool) -> str:
    if not primeira and palavra.lower() in PARTICULAS:
        return palavra.lower()
    saida, maiuscula = [], True
    for c in palavra:
        saida.append(c.upper() if maiuscula else c.lower())
        maiuscula = c in "'-"
    return "".join(saida)


def _ajustar_caixa(nome: str) -> str:
    """Tudo maiúsculo ou tudo minúsculo vira "Maria da Silva"; caixa mista fica como veio."""
    if any(c.isupper() for c in nome) and any(c.islower() for c in nome):
        return nome
    palavras = nome.split(" ")
    return " ".join(_capitalizar(p, i == 0) for i, p in enumerate(palavras))


def _validar(texto: str, minimo: int, palavras_minimas: int) -> str | None:
    if len(texto) > LIMITE_TEXTO:
        return None
    nome = limpar(texto).translate(_APOSTROFOS)
    if not minimo <= len(nome) <= 120:
        return None
    palavras = nome.split(" ")
    if not all(_palavra_valida(p) for p in palavras):
        return None
    if sum(p.lower() not in PARTICULAS for p in palavras) < palavras_minimas:
        return None
    return _ajustar_caixa(nome)


def validar_nome(texto: str) -> str | None:
    """Nome completo: ao menos 2 palavras além de "da", "de", "e"...; 5 a 120 caracteres."""
    return _validar(texto, minimo=5, palavras_minimas=2)


def validar_nome_social(texto: str) -> str | None:
    """Nome social: como o nome completo, mas uma palavra basta; 2 a 120 caracteres."""
    return _validar(texto, minimo=2, palavras_minimas=1)
