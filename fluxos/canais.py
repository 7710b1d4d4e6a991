"""O que cada canal consegue fazer: a única definição de "o canal entrega depois?".

Telegram e WhatsApp mandam mensagem sem a pessoa ter escrito antes; o chat do site e o
terminal só respondem enquanto a pessoa está ali. Toda redação que promete um aviso
("a instituição chama você por aqui") e todo envio pela fila dependem disto.
"""

from __future__ import annotations

from fluxos.aberturas import CANAIS_COM_AVISO


def entrega_depois(canal: str) -> bool:
    """O canal manda mensagem depois, sem a pessoa ter escrito antes?"""
    return canal in CANAIS_COM_AVISO


def alcancavel(canal: str, chat_id: str) -> bool:
    """A pessoa recebe aviso pela fila? Pré-inscrição assistida (sem conversa) ou chat do
    site: não; a OSC liga para ela."""
    return bool(chat_id) and entrega_depois(canal)
