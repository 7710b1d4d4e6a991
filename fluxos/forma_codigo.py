"""A forma da mensagem com o código de avisos do WhatsApp (sem banco: o motor pergunta a
cada texto). Só a forma exata é código: 12 do alfabeto com letras E números, em três
grupos de 4 ("ABCD-EFGH-2345", "abcd efgh 2345"), ou o que vem depois da palavra
"código" (o texto pronto do link wa.me). Um nome ("Maria da Silva"), um CPF, um telefone
ou uma data nunca têm essa forma; o código dos convites (8) e o do vínculo pela equipe
(10) também não. Quem atende: `fluxos.codigo_avisos`.
"""

from __future__ import annotations

import re

from armazenamento import vinculos_canal

WHATSAPP = "whatsapp"
COMANDO = "codigo_avisos"
_GRUPO = r"[A-Za-z0-9]{4}"
_SEP = r"[\s.-]*"
# só o código, como foi escrito ou digitado: "ABCD-EFGH-2345", "abcd efgh 2345"
_SOLTO = re.compile(rf"{_GRUPO}{_SEP}{_GRUPO}{_SEP}{_GRUPO}")
# o texto pronto do link (ou alguém que escreveu "código" antes): 12 letras ou números,
# mesmo com uma letra que não existe no código (O, I, L...), é tentativa de código
_MARCADO = re.compile(
    rf"c[oó]digo\s*[:=-]?\s*(?P<codigo>{_GRUPO}{_SEP}{_GRUPO}{_SEP}{_GRUPO})[\s.!]*$", re.I
)


def normalizar(bruto: str) -> str:
    return "".join(c for c in bruto.upper() if c.isalnum())


def codigo_na_mensagem(limpo: str, canal: str) -> str | None:
    """O código que a mensagem traz (normalizado), ou None se ela não é uma mensagem de
    código. Só no WhatsApp: no Telegram o código chega pelo /start do link."""
    if canal != WHATSAPP:
        return None
    marcado = _MARCADO.search(limpo)
    if marcado:
        return normalizar(marcado.group("codigo"))
    if _SOLTO.fullmatch(limpo.strip()):
        codigo = normalizar(limpo)
        return codigo if vinculos_canal.tem_forma_de_codigo(codigo) else None
    return None
