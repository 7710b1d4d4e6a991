"""Updates do Telegram no formato exato da Bot API (JSON), para `Update.de_json`.

Os ids de update e de mensagem crescem sozinhos quando não são dados, como no Telegram.
"""

from __future__ import annotations

import itertools
import time
from typing import Any

BOT_ID = 123456
_updates = itertools.count(500_000_000)
_mensagens = itertools.count(1)

Json = dict[str, Any]


def _pessoa(chat_id: int) -> Json:
    return {"id": chat_id, "is_bot": False, "first_name": "Maria", "language_code": "pt-br"}


def _chat(chat_id: int, tipo: str = "private") -> Json:
    if tipo == "private":
        return {"id": chat_id, "first_name": "Maria", "type": "private"}
    return {"id": -100_000_000_000 - chat_id, "title": "Turma", "type": tipo}


def _update(update_id: int | None, **campos: Any) -> Json:
    return {"update_id": next(_updates) if update_id is None else update_id, **campos}


def _mensagem(chat_id: int, tipo_chat: str = "private", **conteudo: Any) -> Json:
    return {
        "message_id": next(_mensagens),
        "from": _pessoa(chat_id),
        "chat": _chat(chat_id, tipo_chat),
        "date": int(time.time()),
        **conteudo,
    }


def mensagem_texto(
    chat_id: int, texto: str, update_id: int | None = None, tipo_chat: str = "private"
) -> Json:
    return _update(update_id, message=_mensagem(chat_id, tipo_chat, text=texto))


def comando(chat_id: int, texto: str, update_id: int | None = None) -> Json:
    """`texto` inteiro, com a barra: "/start abc". Leva a entidade bot_command, como o real."""
    tamanho = len(texto.split(maxsplit=1)[0])
    entidades = [{"offset": 0, "length": tamanho, "type": "bot_command"}]
    return _update(update_id, message=_mensagem(chat_id, text=texto, entities=entidades))


def mensagem_editada(chat_id: int, texto: str, update_id: int | None = None) -> Json:
    mensagem = _mensagem(chat_id, text=texto)
    mensagem["edit_date"] = mensagem["date"] + 5
    return _update(update_id, edited_message=mensagem)


def botao(
    chat_id: int,
    data: str,
    message_id: int,
    update_id: int | None = None,
    teclado: Json | None = None,
) -> Json:
    """Um toque num botão inline da mensagem `message_id` (enviada pelo bot)."""
    mensagem: Json = {
        "message_id": message_id,
        "from": {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "Inclusao Produtiva",
            "username": "inclusao_teste_bot",
        },
        "chat": _chat(chat_id),
        "date": int(time.time()) - 30,
        "text": "Pergunta",
        "reply_markup": teclado or {"inline_keyboard": [[{"text": "Ok", "callback_data": data}]]},
    }
    consulta = {
        "id": str(4_000_000_000_000 + next(_mensagens)),
        "from": _pessoa(chat_id),
        "message": mensagem,
        "chat_instance": "-1234567890123456789",
        "data": data,
    }
    return _update(update_id, callback_query=consulta)


def contato(
    chat_id: int, telefone: str, proprio: bool = True, update_id: int | None = None
) -> Json:
    """Contato pelo botão nativo (proprio) ou de outra pessoa, encaminhado da agenda."""
    dono = chat_id if proprio else chat_id + 1
    cartao = {"phone_number": telefone, "first_name": "Maria", "user_id": dono}
    return _update(update_id, message=_mensagem(chat_id, contact=cartao))


def _arquivo(sufixo: str) -> Json:
    return {"file_id": f"AgACAgEAAxkBAAI{sufixo}", "file_unique_id": f"AQAD{sufixo}"}


def figurinha(chat_id: int, update_id: int | None = None) -> Json:
    sticker = {
        **_arquivo("fig"),
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "emoji": "👍",
        "file_size": 20480,
    }
    return _update(update_id, message=_mensagem(chat_id, sticker=sticker))


def foto(chat_id: int, update_id: int | None = None, legenda: str = "") -> Json:
    tamanhos = [
        {**_arquivo("f1"), "width": 90, "height": 67, "file_size": 1200},
        {**_arquivo("f2"), "width": 1280, "height": 960, "file_size": 98000},
    ]
    extra = {"caption": legenda} if legenda else {}
    return _update(update_id, message=_mensagem(chat_id, photo=tamanhos, **extra))


def voz(chat_id: int, update_id: int | None = None) -> Json:
    audio = {**_arquivo("voz"), "duration": 4, "mime_type": "audio/ogg", "file_size": 9000}
    return _update(update_id, message=_mensagem(chat_id, voice=audio))


def localizacao(chat_id: int, update_id: int | None = None) -> Json:
    ponto = {"latitude": -22.3246, "longitude": -49.0871}
    return _update(update_id, message=_mensagem(chat_id, location=ponto))


def servico_temporizador(chat_id: int, update_id: int | None = None) -> Json:
    """Mensagem de serviço (a pessoa ligou o apagar automático): não é para responder."""
    mudanca = {"message_auto_delete_time": 86400}
    return _update(update_id, message=_mensagem(chat_id, message_auto_delete_timer_changed=mudanca))
