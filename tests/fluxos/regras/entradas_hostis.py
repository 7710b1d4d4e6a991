"""Entradas hostis ou sem sentido que nenhuma regra pode aceitar nem deixar estourar."""

from __future__ import annotations

HOSTIS: list[str] = [
    "",
    " ",
    "\t\n\r ",
    "\x00",
    "\x00" * 100,
    "\x1b[31m",
    "\u202e",
    "\u200b\u200b",
    "\ufeff",
    "\ud800",  # metade de um par substituto, sozinha
    "😀",
    "🏠🏠🏠",
    "👍🏽",
    "a" * 65536,
    "1" * 65536,
    " " * 65536,
    "\x00" * 65536,
    "<script>alert(1)</script>",
    "<b></b>",
    "'; DROP TABLE pessoas; --",
    "' OR '1'='1",
    "%s%s%n",
    "${jndi:ldap://x}",
    "{{7*7}}",
    "\\",
    "١٢٣٤٥٦٧٨٩٠",  # dígitos arábico-índicos
    "１２３４５",  # dígitos de largura total
    "¹²³",  # sobrescritos
    "𝟏𝟐𝟑",  # dígitos matemáticos
    "①②③",
]
