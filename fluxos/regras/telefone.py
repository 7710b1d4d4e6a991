"""Telefones brasileiros (celular e fixo), digitados ou vindos do contato do Telegram.

Como as pessoas escrevem: com o 0 e o código da operadora de longa distância ("0 15 14
99123-4567", "0xx14 ..."), com +55 ou 55, fixo ou celular, de qualquer DDD do Brasil. Quem
sabe quais DDDs e faixas existem é a biblioteca `phonenumbers` (dados da Anatel via
libphonenumber), não uma tabela mantida aqui. Gravado sempre como DDD + número, só dígitos.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType

from fluxos.regras.texto import LIMITE_TEXTO, limpar

# só dígitos ASCII e a pontuação usual; "+" só no começo; "0xx14" (o xx da operadora)
_FORMATO = re.compile(r"\+?[0-9 ().\-]+", re.ASCII)
_OPERADORA_XX = re.compile(r"^(\(?\s*0)\s*xx", re.IGNORECASE | re.ASCII)
_TIPOS_ACEITOS = {
    PhoneNumberType.FIXED_LINE,
    PhoneNumberType.MOBILE,
    PhoneNumberType.FIXED_LINE_OR_MOBILE,
}
SEM_DDD, SEM_O_NOVE, ESTRANGEIRO, NAO_CONFERE = (
    "sem_ddd",
    "sem_o_nove",
    "estrangeiro",
    "nao_confere",
)


@dataclass(frozen=True)
class Recusado:
    """Por que o telefone não foi aceito, para a resposta dizer o que falta."""

    motivo: str


def _celular_sem_o_nove(digitos: str, numero: phonenumbers.PhoneNumber) -> bool:
    """ "(14) 9123-4567": celular de antes do 9º dígito. Não pomos o 9 sozinhos (um dígito
    a menos também pode ser erro de digitação); a resposta pede para conferir."""
    nacional = str(numero.national_number)
    return digitos.endswith(nacional) and len(nacional) == 10 and nacional[2] in "6789"


def _interpretar(limpo: str) -> phonenumbers.PhoneNumber | Recusado:
    try:
        numero = phonenumbers.parse(limpo, "BR")
    except NumberParseException:
        return Recusado(NAO_CONFERE)
    if numero.country_code != 55:  # "00 55 ...": discagem internacional de dentro do Brasil
        return Recusado(ESTRANGEIRO if limpo.startswith("+") else NAO_CONFERE)
    return numero


def ler_telefone(texto: str) -> str | Recusado:
    """DDD + número só com dígitos ("14991234567"), ou por que não dá para aceitar."""
    limpo = _OPERADORA_XX.sub(r"\1", limpar(texto)) if len(texto) <= LIMITE_TEXTO else ""
    if not _FORMATO.fullmatch(limpo):
        return Recusado(NAO_CONFERE)
    digitos = "".join(c for c in limpo if c in "0123456789")
    if not limpo.startswith("+") and len(digitos) in (8, 9):
        return Recusado(SEM_DDD)
    numero = _interpretar(limpo)
    if isinstance(numero, Recusado):
        return numero
    if not phonenumbers.is_valid_number(numero):
        return Recusado(SEM_O_NOVE if _celular_sem_o_nove(digitos, numero) else NAO_CONFERE)
    if phonenumbers.number_type(numero) not in _TIPOS_ACEITOS:
        return Recusado(NAO_CONFERE)  # 0800, 0300, 4004 de serviço: não é da pessoa
    return str(numero.national_number)


def validar_telefone(texto: str) -> str | None:
    """DDD + número só com dígitos ("14991234567"); None sem DDD, estrangeiro ou inválido."""
    lido = ler_telefone(texto)
    return None if isinstance(lido, Recusado) else lido


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
