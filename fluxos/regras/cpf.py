"""CPF digitado pelo cidadão: aceitar os formatos comuns e conferir os dígitos verificadores."""

from __future__ import annotations

import re

from fluxos.regras.texto import LIMITE_TEXTO, limpar

# [0-9] explícito: \d aceitaria dígitos arábicos, de largura total etc.
_FORMATO = re.compile(
    r"[0-9]{3} ?\.? ?[0-9]{3} ?\.? ?[0-9]{3} ?[-.]? ?[0-9]{2}",
    re.ASCII,
)


def _digito_verificador(digitos: str) -> int:
    """Um dígito verificador do CPF (módulo 11), sobre os dígitos que o antecedem."""
    peso_inicial = len(digitos) + 1
    soma = sum(int(d) * (peso_inicial - i) for i, d in enumerate(digitos))
    resto = soma * 10 % 11
    return 0 if resto == 10 else resto


def validar_cpf(texto: str) -> str | None:
    """Devolve os 11 dígitos se o CPF confere; None se não, para o fluxo pedir de novo."""
    if len(texto) > LIMITE_TEXTO:
        return None
    limpo = limpar(texto)
    if not _FORMATO.fullmatch(limpo):
        return None
    digitos = "".join(c for c in limpo if c in "0123456789")
    if len(set(digitos)) == 1:  # 000.000.000-00, 111.111.111-11...: passam no cálculo
        return None
    if _digito_verificador(digitos[:9]) != int(digitos[9]):
        return None
    if _digito_verificador(digitos[:10]) != int(digitos[10]):
        return None
    return digitos


def tem_11_numeros(texto: str) -> bool:
    """O que foi digitado tem os 11 números de um CPF? Sem eles, o erro é de tamanho ("1",
    um número faltando); com eles, algum número ficou trocado (o dígito não confere)."""
    return sum(c in "0123456789" for c in limpar(texto[: LIMITE_TEXTO + 1])) == 11


def mascarar_cpf(cpf: str) -> str:
    """Mostra só o miolo do CPF para a equipe (sigilo, R24); entrada estranha vira só asteriscos."""
    if len(cpf) != 11 or any(c not in "0123456789" for c in cpf):
        return "***.***.***-**"
    return f"***.{cpf[3:6]}.{cpf[6:9]}-**"
