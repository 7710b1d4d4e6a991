"""Update do Telegram -> Entrada neutra. Só conversas privadas; o resto é ignorado.

Nada aqui envia mensagens nem grava: é uma tradução pura, fácil de testar.
"""

from __future__ import annotations

from dataclasses import replace

from telegram import Chat, Message, Update

from mensagens.tipos import Entrada, Tipo

CANAL = "telegram"

# Ordem importa: uma animação (GIF) também traz `document`, então vem antes.
TIPOS_DE_MIDIA: tuple[tuple[str, str], ...] = (
    ("sticker", "figurinha"),
    ("animation", "animacao"),
    ("photo", "foto"),
    ("voice", "audio"),
    ("audio", "audio"),
    ("video_note", "video"),
    ("video", "video"),
    ("document", "documento"),
    ("venue", "localizacao"),
    ("location", "localizacao"),
    ("poll", "enquete"),
    ("dice", "dado"),
    ("story", "historia"),
)


def converter_update(update: Update) -> Entrada | None:
    """A Entrada deste update, ou None quando não é algo a responder.

    Ignorados: mensagens editadas, canais, grupos, mensagens de serviço (ex.: mudança do
    temporizador de apagar mensagens) e qualquer update sem chat ou sem pessoa.
    """
    chat, pessoa = update.effective_chat, update.effective_user
    if chat is None or pessoa is None or chat.type != Chat.PRIVATE:
        return None
    base = Entrada(
        canal=CANAL,
        chat_id=str(chat.id),
        tipo=Tipo.TEXTO,
        usuario_id=str(pessoa.id),
        id_externo=str(update.update_id),
    )
    consulta = update.callback_query
    if consulta is not None:  # a mensagem do botão: a chamada a edita no lugar
        mensagem_id = str(consulta.message.message_id) if consulta.message else ""
        return replace(base, tipo=Tipo.BOTAO, valor=consulta.data or "", mensagem_id=mensagem_id)
    if update.message is None:  # editada, canal, negócio, enquete...: não conversa
        return None
    return _de_mensagem(update.message, pessoa.id, base)


def _de_mensagem(mensagem: Message, pessoa_id: int, base: Entrada) -> Entrada | None:
    if mensagem.text is not None:
        return _de_texto(mensagem.text, base)
    contato = mensagem.contact
    if contato is not None:
        # Contato de outra pessoa (ou sem user_id) não prova que o número é de quem escreve.
        proprio = contato.user_id is not None and contato.user_id == pessoa_id
        return replace(base, tipo=Tipo.CONTATO, valor=contato.phone_number, contato_proprio=proprio)
    for atributo, tipo_midia in TIPOS_DE_MIDIA:
        if getattr(mensagem, atributo, None):
            return replace(base, tipo=Tipo.MIDIA, valor=tipo_midia)
    return None


def _de_texto(bruto: str, base: Entrada) -> Entrada:
    """ "/start abc" -> comando "start", texto "abc". "/" sozinho é texto comum."""
    if bruto.startswith("/"):
        partes = bruto.split(maxsplit=1)
        nome = partes[0][1:].split("@", 1)[0].lower()
        if nome:
            resto = partes[1].strip() if len(partes) > 1 else ""
            return replace(base, tipo=Tipo.COMANDO, comando=nome, texto=resto)
    return replace(base, texto=bruto)
