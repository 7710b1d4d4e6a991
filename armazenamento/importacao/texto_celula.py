"""Texto de uma célula: espaços como as planilhas escrevem e o que não é texto de cadastro.

Planilha vinda de fora pode trazer célula de 64 KB, NUL, caracteres invisíveis ou HTML, e
esses textos vão parar em mensagens do bot. O espaço que não quebra (NBSP), que o Excel e
o LibreOffice põem ao colar de página da web ou antes de "PM", é só um espaço.
"""

from __future__ import annotations

import re
import unicodedata

# espaço, tabulação, quebras de linha e os espaços "de largura" (NBSP, fino, de número...)
_ESPACOS = re.compile(r"[ \t\r\n\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")


def mostrar(valor: object) -> str:
    """O valor recebido, curto, para a mensagem de erro não repetir 64 KB."""
    texto = repr(valor) if not isinstance(valor, str) else f"'{valor}'"
    return texto if len(texto) <= 40 else texto[:37] + "...'"


def limpar_texto(bruto: str, maximo: int) -> str:
    """Tira espaços sobrando e recusa o que não é texto de cadastro."""
    texto = _ESPACOS.sub(" ", unicodedata.normalize("NFC", bruto)).strip()
    if len(texto) > maximo:
        raise ValueError(f"texto longo demais ({len(texto)} caracteres; máximo {maximo})")
    if any(unicodedata.category(c)[0] == "C" for c in texto):
        raise ValueError("tem caractere de controle ou invisível (ex.: NUL); digite de novo")
    if "<" in texto or ">" in texto:
        raise ValueError("tem os sinais < ou > (marcação HTML não é aceita)")
    if texto.startswith("="):
        raise ValueError("parece uma fórmula de planilha (começa com =)")
    return texto
