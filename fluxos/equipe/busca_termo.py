"""O que a equipe digita no /buscar: um nome (ou parte), um protocolo ou um CPF.

"2027-000123", "2027000123" e "123" são o mesmo protocolo; "529.982.247-25" e
"52998224725", o mesmo CPF. Nome com menos de 3 letras acharia gente demais: pede mais.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fluxos.regras.ids import ler_id
from fluxos.regras.texto import normalizar

MINIMO_DE_LETRAS = 3
NOME, CPF, PROTOCOLO = "nome", "cpf", "protocolo"
_SO_NUMEROS = re.compile(r"[0-9][0-9 .\-/]*", re.ASCII)
_PROTOCOLO_COM_ANO = re.compile(r"(20[0-9]{2}) ?[-/.] ?([0-9]{1,9})", re.ASCII)


@dataclass(frozen=True, slots=True)
class Termo:
    """O termo já lido: `valor` é o nome normalizado ou os dígitos do CPF; `numero` e
    `ano` (se veio), o protocolo."""

    tipo: str
    valor: str = ""
    numero: int = 0
    ano: int | None = None


def _protocolo(numero: str, ano: int | None = None) -> Termo | None:
    lido = ler_id(numero)
    return Termo(PROTOCOLO, numero=lido, ano=ano) if lido is not None else None


def ler_termo(texto: str) -> Termo | None:
    """O termo, ou None se não dá para buscar (curto demais, só símbolos)."""
    limpo = texto.strip()
    com_ano = _PROTOCOLO_COM_ANO.fullmatch(limpo)
    if com_ano:
        return _protocolo(com_ano.group(2), int(com_ano.group(1)))
    if _SO_NUMEROS.fullmatch(limpo):
        digitos = "".join(c for c in limpo if c.isdigit())
        if len(digitos) == 11:
            return Termo(CPF, valor=digitos)
        if len(digitos) == 10 and digitos.startswith("20"):
            return _protocolo(digitos[4:], int(digitos[:4]))
        return _protocolo(digitos) if len(digitos) <= 9 else None
    nome = normalizar(limpo)
    if sum(c.isalpha() for c in nome) < MINIMO_DE_LETRAS:
        return None
    return Termo(NOME, valor=nome)
