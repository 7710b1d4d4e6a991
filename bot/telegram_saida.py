"""Saida neutra -> mensagens do Telegram (texto puro, teclados dentro dos limites da API)."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram.warnings import PTBUserWarning

from mensagens.catalogo import texto
from mensagens.tipos import Botao, Saida

LIMITE_TEXTO = 4096  # caracteres por mensagem na Bot API
LIMITE_DADO_BOTAO = 64  # bytes de callback_data na Bot API
ROTULO_LONGO = 12  # acima disso, um botão por linha (cabe na tela de um celular simples)
ROTULO_MEDIO = 6  # acima disso, dois por linha; senão, três

Teclado = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove


def montar_teclado(saida: Saida) -> Teclado:
    """O teclado de uma Saida. Sem botões, remove o teclado de contato que tenha sobrado."""
    if saida.botoes:
        return InlineKeyboardMarkup(_linhas(saida.botoes))
    if saida.pedir_contato:
        botao = KeyboardButton(texto("telegram.contato.botao"), request_contact=True)
        return ReplyKeyboardMarkup([[botao]], resize_keyboard=True, one_time_keyboard=True)
    return ReplyKeyboardRemove()


def _linhas(botoes: Sequence[Botao]) -> list[list[InlineKeyboardButton]]:
    maior = max(len(b.rotulo) for b in botoes)
    por_linha = 1 if maior > ROTULO_LONGO else 2 if maior > ROTULO_MEDIO else 3
    teclas = [InlineKeyboardButton(b.rotulo, callback_data=_dado(b.valor)) for b in botoes]
    return [teclas[i : i + por_linha] for i in range(0, len(teclas), por_linha)]


def _dado(valor: str) -> str:
    """A API recusa a mensagem inteira se um callback_data passar de 64 bytes: erro do código."""
    if not valor or len(valor.encode()) > LIMITE_DADO_BOTAO:
        raise ValueError(f"callback_data precisa de 1 a 64 bytes: {len(valor.encode())}")
    return valor


def partir_texto(corpo: str, limite: int = LIMITE_TEXTO) -> list[str]:
    """Texto longo vira várias mensagens, cortando de preferência numa quebra de linha."""
    pedacos: list[str] = []
    while len(corpo) > limite:
        corte = corpo.rfind("\n", 0, limite)
        corte = corte if corte > 0 else limite
        pedacos.append(corpo[:corte])
        corpo = corpo[corte:].lstrip("\n")
    pedacos.append(corpo)
    return pedacos


async def enviar_saidas(bot: Bot, chat_id: int | str, saidas: Sequence[Saida]) -> None:
    """Envia na ordem, em texto puro (sem parse_mode: um nome digitado não quebra nada).

    Os teclados são montados antes do primeiro envio: um botão inválido (erro do código)
    falha logo, sem deixar meia resposta na tela. Texto vazio a API recusa: é pulado.
    """
    prontas = [(partir_texto(s.texto), montar_teclado(s)) for s in saidas if s.texto.strip()]
    for pedacos, teclado in prontas:
        for pedaco in pedacos[:-1]:
            await _enviar(bot, {"chat_id": chat_id, "text": pedaco})
        await _enviar(bot, {"chat_id": chat_id, "text": pedacos[-1], "reply_markup": teclado})


# O PTB avisa que existe send_message; usamos do_api_request de propósito (ver _enviar).
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.sendMessage'", category=PTBUserWarning)


async def _enviar(bot: Bot, parametros: dict[str, Any]) -> None:
    """sendMessage sem transformar a resposta num objeto Message que ninguém lê.

    Montar esse objeto (com o teclado de volta) custava mais que o resto do envio. Os
    erros da API (429, 403, 5xx) chegam como as mesmas exceções do PTB.
    """
    await bot.do_api_request("sendMessage", api_kwargs=parametros)
