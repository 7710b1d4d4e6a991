"""Os links de um toque da oferta "receber os avisos" (R3): um por canal configurado.

- `TELEGRAM_BOT_USERNAME` → `https://t.me/<bot>?start={token}`;
- `WHATSAPP_NUMERO` (o número do WhatsApp Business, com o código do país: 55 14 9…)
  → `https://wa.me/<só dígitos>?text={token}` (o `{token}` recebe o texto pronto com o
  código, já url-encoded: `fluxos.links_avisos`).

Sem nenhum dos dois, a oferta diz o que acontece sem link (a instituição liga). Fica fora
de `bot/config.py` (onde mora a seção WHATSAPP_* da Graph API) para cada parte mudar
sozinha.
"""

from __future__ import annotations

from collections.abc import Mapping

_MOLDURA = " +-().\t"  # o que se escreve em volta do número e não é número


def numero_do_whatsapp(valor: str) -> str:
    """Só os dígitos, com o código do país (o wa.me não aceita outro formato)."""
    digitos = "".join(c for c in valor if c not in _MOLDURA)
    if not digitos:
        return ""
    if not (digitos.isascii() and digitos.isdigit() and 12 <= len(digitos) <= 15):
        raise ValueError(
            "WHATSAPP_NUMERO deve ser o número com o código do país, "
            f"ex.: 5514999990000 ou +55 14 99999-0000 (veio {valor!r})"
        )
    return digitos


def ler_links_de_canal(ambiente: Mapping[str, str]) -> dict[str, str]:
    """canal → modelo do link com `{token}`; só os canais configurados."""
    links = {}
    usuario = ambiente.get("TELEGRAM_BOT_USERNAME", "").strip().lstrip("@")
    if usuario:
        links["telegram"] = f"https://t.me/{usuario}?start={{token}}"
    numero = numero_do_whatsapp(ambiente.get("WHATSAPP_NUMERO", ""))
    if numero:
        links["whatsapp"] = f"https://wa.me/{numero}?text={{token}}"
    return links
