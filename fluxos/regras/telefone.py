"""Telefones brasileiros (celular e fixo), digitados ou vindos do contato do Telegram."""

from __future__ import annotations

import re

from fluxos.regras.texto import LIMITE_TEXTO, limpar

# DDDs em uso no Brasil (plano de numeração da Anatel): primeiro dígito -> segundos dígitos
_DDDS_POR_REGIAO = {
    "1": "123456789",
    "2": "12478",
    "3": "1234578",
    "4": "123456789",
    "5": "1345",
    "6": "123456789",
    "7": "134579",
    "8": "123456789",
    "9": "123456789",
}
DDDS: frozenset[str] = frozenset(r + d for r, ds in _DDDS_POR_REGIAO.items() for d in ds)

# só dígitos ASCII e a pontuação usual; "+" só no começo
_FORMATO = re.compile(r"\+?[0-9 ().\-]+", re.ASCII)


def _nacional(digitos: str, internacional: bool) -> str | None:
    """Tira o 55 do país ou o 0 da discagem de longa distância, se houver."""
    if internacional:
        return digitos[2:] if digitos.startswith("55") else None
    if len(digitos) in (12, 13) and digitos.startswith("55"):
        return digitos[2:]
    if len(digitos) in (11, 12) and digitos.startswith("0"):
        return digitos[1:]
    return digitos


def _eh_valido(nacional: str) -> bool:
    """DDD existente; celular 9 dígitos começando com 9; fixo 8 dígitos começando com 2-5."""
    if nacional[:2] not in DDDS:
        return False
    numero = nacional[2:]
    if len(numero) == 9:
        return numero[0] == "9"
    return len(numero) == 8 and numero[0] in "2345"


def validar_telefone(texto: str) -> str | None:
    """DDD + número só com dígitos ("14991234567"); None sem DDD, estrangeiro ou inválido."""
    if len(texto) > LIMITE_TEXTO:
        return None
    limpo = limpar(texto)
    if not _FORMATO.fullmatch(limpo):
        return None
    digitos = "".join(c for c in limpo if c in "0123456789")
    nacional = _nacional(digitos, internacional=limpo.startswith("+"))
    if nacional is None or not _eh_valido(nacional):
        return None
    return nacional


def _eh_nacional(digitos: str) -> bool:
    return len(digitos) in (10, 11) and all(c in "0123456789" for c in digitos)


def formatar_telefone(digitos: str) -> str:
    """ "(14) 99123-4567" ou "(14) 3222-1234"; algo que não é telefone volta como veio."""
    if not _eh_nacional(digitos):
        return digitos
    return f"({digitos[:2]}) {digitos[2:-4]}-{digitos[-4:]}"


def mascarar_telefone(digitos: str) -> str:
    """Só os 4 últimos dígitos à vista, para a equipe (R24)."""
    if not _eh_nacional(digitos):
        return "****"
    return f"({digitos[:2]}) {'*' * (len(digitos) - 6)}-{digitos[-4:]}"
