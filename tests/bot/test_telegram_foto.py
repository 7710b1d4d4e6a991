"""O QR code do código de vínculo (R3) no Telegram: uma imagem PNG vai por sendPhoto (a
pessoa a vê na conversa, pronta para a câmera), com o texto de legenda e o teclado; outros
anexos continuam por sendDocument. HTTP de verdade com a Bot API falsa, nos dois
transportes (o `PedidoAiohttp` dos processos e o `HTTPXRequest` do PTB). Só do Telegram
(sendPhoto/sendDocument); o mesmo no WhatsApp (imagem, não documento):
test_whatsapp_imagem.py e test_conversa_vinculo.py."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot
from telegram.request import BaseRequest, HTTPXRequest

from bot.pedido_aiohttp import PedidoAiohttp
from bot.remetente_telegram import Enviada, RemetenteTelegram
from bot.telegram_saida import LIMITE_FOTO, e_foto
from mensagens.qr import qr_png
from mensagens.tipos import Anexo, Botao, Saida
from tests.falsos.servidor_bot_api import ServidorBotApi

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

TOKEN = "123456:SEGREDO-DO-BOT"
CHAT = "7500002"
QR = qr_png("https://t.me/bot_teste?start=vc-ABCDE23456", "codigo-2027-000001.png")
LEGENDA = "QR code do código ABCDE-23456 (pré-inscrição 2027-000001)."


@pytest.fixture
async def api() -> AsyncIterator[ServidorBotApi]:
    async with ServidorBotApi(TOKEN) as servidor:
        yield servidor


@pytest.fixture(params=["aiohttp", "httpx"])
def pedido(request: pytest.FixtureRequest) -> BaseRequest:
    if request.param == "httpx":
        return HTTPXRequest(connection_pool_size=4)
    return PedidoAiohttp(conexoes=4)


@pytest.fixture
async def remetente(api: ServidorBotApi, pedido: BaseRequest) -> AsyncIterator[RemetenteTelegram]:
    async with Bot(TOKEN, base_url=f"{api.url}/bot", request=pedido) as bot:
        yield RemetenteTelegram(bot)


async def test_qr_code_png_vai_como_foto_com_legenda_e_teclado(
    api: ServidorBotApi, remetente: RemetenteTelegram
) -> None:
    saida = Saida(LEGENDA, (Botao("Ver a pessoa", "cmd:buscar_ver 1"),), anexo=QR)

    resultado = await remetente.enviar(CHAT, saida)

    assert isinstance(resultado, Enviada)
    assert api.documentos(CHAT) == []
    [foto] = api.fotos(CHAT)
    assert foto["caption"] == LEGENDA
    assert (foto["photo"].nome, foto["photo"].tipo) == (QR.nome, "image/png")
    assert foto["photo"].dados == QR.dados  # chegou inteira: a câmera lê o mesmo link
    botoes = foto["reply_markup"]["inline_keyboard"]
    assert [[b["text"] for b in linha] for linha in botoes] == [["Ver a pessoa"]]


@pytest.mark.parametrize(
    ("anexo", "foto"),
    [
        (QR, True),
        (Anexo("lista.xlsx", "application/vnd.ms-excel", b"PK"), False),
        (Anexo("desenho.svg", "image/svg+xml", b"<svg/>"), False),
        (Anexo("grande.png", "image/png", b"\x89PNG" + b"0" * LIMITE_FOTO), False),
    ],
    ids=["qr_png", "planilha", "svg", "png_grande_demais_para_foto"],
)
def test_so_png_pequeno_vai_como_foto(anexo: Anexo, foto: bool) -> None:
    assert e_foto(anexo) is foto
