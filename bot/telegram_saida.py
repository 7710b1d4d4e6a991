"""Saida neutra -> mensagens do Telegram (texto puro, teclados dentro dos limites da API).

Também o que vem junto da mensagem: o anexo (sendDocument, com o texto de legenda; uma
imagem PNG, como o QR code do código de vínculo, vai por sendPhoto e aparece na conversa) e o
menu "/" da conversa (setMyCommands / deleteMyCommands no escopo daquele chat).
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Sequence
from typing import Any

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram.error import BadRequest
from telegram.warnings import PTBUserWarning

from mensagens.botoes import LIMITE_BYTES
from mensagens.catalogo import texto
from mensagens.tipos import Anexo, Botao, Saida

log = logging.getLogger(__name__)

LIMITE_TEXTO = 4096  # caracteres por mensagem na Bot API
LIMITE_LEGENDA = 1024  # caracteres da legenda de um documento
LIMITE_ANEXO = 50 * 1024 * 1024  # bytes que um bot pode enviar num documento
LIMITE_FOTO = 10 * 1024 * 1024  # bytes de uma foto (sendPhoto); acima, vai como documento
TIPOS_DE_FOTO = frozenset({"image/png"})
LIMITE_DADO_BOTAO = LIMITE_BYTES  # bytes de callback_data na Bot API (o codec usa o mesmo)
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
    """A API recusa a mensagem inteira se um callback_data passar de 64 bytes. O codec
    (`mensagens.botoes`) já confere ao montar; aqui fica a defesa para o que veio gravado
    de antes na fila: erro do código, que o remetente registra como falha da linha."""
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


async def enviar_saidas(
    bot: Bot, chat_id: int | str, saidas: Sequence[Saida], mensagem_id: str = ""
) -> None:
    """Envia na ordem, em texto puro (sem parse_mode: um nome digitado não quebra nada).

    Os teclados são montados antes do primeiro envio: um botão inválido (erro do código)
    falha logo, sem deixar meia resposta na tela. Texto vazio a API recusa: é pulado
    (menos com anexo, que vai sem legenda). Depois da mensagem, o menu "/" muda se a
    Saida pede (`comandos`). Uma Saida que `substituir` a mensagem do botão tocado
    (`mensagem_id`) edita essa mensagem (editMessageText) em vez de mandar outra.
    """
    prontas = [(s, montar_teclado(s)) for s in saidas if s.texto.strip() or s.anexo]
    for saida, teclado in prontas:
        editada = bool(mensagem_id) and _editavel(saida)
        if not (editada and await _editar(bot, chat_id, mensagem_id, saida)):
            await _mandar(bot, chat_id, saida, teclado)
        if saida.comandos is not None:
            await trocar_menu(bot, chat_id, saida.comandos)


async def _mandar(bot: Bot, chat_id: int | str, saida: Saida, teclado: Teclado) -> None:
    if saida.anexo is not None:
        await enviar_anexo(bot, chat_id, saida, teclado)
        return
    pedacos = partir_texto(saida.texto)
    for pedaco in pedacos[:-1]:
        await _enviar(bot, {"chat_id": chat_id, "text": pedaco})
    await _enviar(bot, {"chat_id": chat_id, "text": pedacos[-1], "reply_markup": teclado})


def _editavel(saida: Saida) -> bool:
    """Só texto com botões inline (ou sem botão) cabe numa edição; o teclado de contato
    e o anexo, não."""
    return (
        saida.substituir
        and saida.anexo is None
        and not saida.pedir_contato
        and len(saida.texto) <= LIMITE_TEXTO
    )


async def _editar(bot: Bot, chat_id: int | str, mensagem_id: str, saida: Saida) -> bool:
    """Troca o texto e os botões da mensagem `mensagem_id`. "Nada mudou" (o "Todos
    presentes" quando já estavam todos) conta como feito: nem mensagem repetida, nem erro
    para a pessoa. Outra recusa (mensagem apagada, velha demais para editar): falso, e a
    Saida vai como mensagem nova."""
    parametros: dict[str, Any] = {
        "chat_id": chat_id,
        "message_id": int(mensagem_id),
        "text": saida.texto,
    }
    if saida.botoes:
        parametros["reply_markup"] = InlineKeyboardMarkup(_linhas(saida.botoes))
    try:
        await bot.do_api_request("editMessageText", api_kwargs=parametros)
    except BadRequest as erro:
        if "not modified" in str(erro).lower():
            return True
        log.info("edição recusada (%s): vai como mensagem nova", type(erro).__name__)
        return False
    return True


def tamanho_no_telegram(corpo: str) -> int:
    """O Telegram conta a legenda em unidades UTF-16 (um emoji pode valer 2)."""
    return len(corpo.encode("utf-16-le")) // 2


async def enviar_anexo(bot: Bot, chat_id: int | str, saida: Saida, teclado: Teclado | None) -> int:
    """O documento (ou a foto, ver `e_foto`) com o texto de legenda; texto longo demais
    para legenda vai antes, numa mensagem própria, e o documento sai sem legenda. O
    teclado vai no documento (a última coisa na tela). Devolve o message_id dele."""
    assert saida.anexo is not None
    legenda: str | None = saida.texto if saida.texto.strip() else None
    if legenda is not None and tamanho_no_telegram(legenda) > LIMITE_LEGENDA:
        for pedaco in partir_texto(legenda):
            await _enviar(bot, {"chat_id": chat_id, "text": pedaco})
        legenda = None
    arquivo = arquivo_do_telegram(saida.anexo)
    if e_foto(saida.anexo):
        mensagem = await bot.send_photo(
            chat_id=chat_id, photo=arquivo, caption=legenda, reply_markup=teclado
        )
    else:
        mensagem = await bot.send_document(
            chat_id=chat_id, document=arquivo, caption=legenda, reply_markup=teclado
        )
    return mensagem.message_id


def e_foto(anexo: Anexo) -> bool:
    """Uma imagem PNG pequena vai como foto: a pessoa a vê na conversa (o QR code), sem
    abrir um arquivo."""
    return anexo.tipo in TIPOS_DE_FOTO and len(anexo.dados) <= LIMITE_FOTO


def arquivo_do_telegram(anexo: Anexo) -> InputFile:
    arquivo = InputFile(anexo.dados, filename=anexo.nome)
    if anexo.tipo:
        arquivo.mimetype = anexo.tipo
    return arquivo


async def trocar_menu(bot: Bot, chat_id: int | str, comandos: Sequence[str]) -> bool:
    """O menu "/" só desta conversa (vazio: volta ao menu de todo mundo, o do cidadão).

    Uma falha aqui não desfaz nem repete a mensagem, que já saiu: fica no registro (só o
    tipo do erro) e o menu certo vem na próxima troca. Devolve se deu certo.
    """
    escopo = BotCommandScopeChat(chat_id)
    try:
        if comandos:
            lista = [BotCommand(c, texto(f"equipe.comando.{c}")) for c in comandos]
            await bot.set_my_commands(lista, scope=escopo)
        else:
            await bot.delete_my_commands(scope=escopo)
    except Exception as erro:  # menu é enfeite: nunca derruba a mensagem
        log.warning("menu da conversa não foi trocado: %s", type(erro).__name__)
        return False
    return True


# O PTB avisa que existem send_message e edit_message_text; usamos do_api_request de
# propósito (ver _enviar: ninguém lê o objeto Message da resposta).
warnings.filterwarnings(
    "ignore", message=r"Please use 'Bot\.(sendMessage|editMessageText)'", category=PTBUserWarning
)


async def _enviar(bot: Bot, parametros: dict[str, Any]) -> None:
    """sendMessage sem transformar a resposta num objeto Message que ninguém lê.

    Montar esse objeto (com o teclado de volta) custava mais que o resto do envio. Os
    erros da API (429, 403, 5xx) chegam como as mesmas exceções do PTB.
    """
    await bot.do_api_request("sendMessage", api_kwargs=parametros)
