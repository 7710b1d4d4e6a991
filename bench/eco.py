"""Peças do benchmark do Telegram: um bot de eco "puro" do PTB como linha de base.

Comparar a latência por update do eco (só PTB + Bot API falsa) com a do nosso canal
(Motor + banco) mostra quanto custa o que é nosso. A Bot API falsa é a dos testes
(`tests/falsos/bot_api.py`), sem gravar as chamadas.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

RAIZ = Path(__file__).resolve().parent.parent
if str(RAIZ) not in sys.path:  # rodando como `python bench/eco.py` ou importado de bench/
    sys.path.insert(0, str(RAIZ))

from telegram import Update  # noqa: E402
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters  # noqa: E402
from telegram.request import BaseRequest  # noqa: E402

from tests.falsos import updates_telegram  # noqa: E402
from tests.falsos.bot_api import FakeBotApi  # noqa: E402

TOKEN = "123456:BENCH"


class FakeBotApiRapida(FakeBotApi):
    """A falsa dos testes sem guardar chamadas: memória constante em milhares de updates."""

    def __init__(self) -> None:
        super().__init__(gravar=False)


async def _ecoar(update: Update, contexto: ContextTypes.DEFAULT_TYPE) -> None:
    if update.message is not None and update.message.text is not None:
        await update.message.reply_text(update.message.text)


def criar_aplicacao_eco(request: BaseRequest) -> Application:
    """O menor bot PTB possível: responde o mesmo texto. Sem updater (como no webhook)."""
    aplicacao = (
        ApplicationBuilder()
        .token(TOKEN)
        .request(request)
        .get_updates_request(request)
        .updater(None)
        .job_queue(None)
        .build()
    )
    aplicacao.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, _ecoar))
    return aplicacao


def gerar_updates(quantidade: int, chats: int = 100) -> list[dict[str, Any]]:
    """Mensagens de texto reais (JSON da Bot API), espalhadas por `chats` conversas."""
    return [
        updates_telegram.mensagem_texto(10_000 + i % chats, f"mensagem {i}", update_id=i + 1)
        for i in range(quantidade)
    ]


async def medir_updates(aplicacao: Application, updates: Iterable[dict[str, Any]]) -> list[float]:
    """Latência (segundos) de cada update, de JSON a resposta enviada, um por vez.

    Conta o `Update.de_json` também: no webhook ele faz parte do trabalho. A aplicação
    precisa estar inicializada (`await aplicacao.initialize()`).
    """
    latencias: list[float] = []
    for dados in updates:
        inicio = time.perf_counter()
        await aplicacao.process_update(Update.de_json(dados, aplicacao.bot))
        latencias.append(time.perf_counter() - inicio)
    return latencias
