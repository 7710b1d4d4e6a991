"""Uma pessoa, um registro, vários canais (issue 11, item 7), de ponta a ponta.

O chat do site pelo servidor aiohttp real, o Telegram pela Application real do PTB sobre
a Bot API falsa, e o WhatsApp como o webhook entrega ao motor (`Entrada(canal="whatsapp",
chat_id=<wa_id>, TEXTO)`). A mesma pré-inscrição passa do site para o WhatsApp, do
Telegram para o WhatsApp e de volta: os avisos da fila vão só para o canal ligado por
último (a conversa anterior recebe um aviso da troca), sem pré-inscrição duplicada, e
"não posso" e "frequência" funcionam pelo canal novo.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from types import MappingProxyType
from urllib.parse import unquote

import pytest
import sqlalchemy as sa
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from telegram.ext import Application

from armazenamento.banco import transacao
from armazenamento.modelos import Envio, PreInscricao
from bot.despachante import Despachante
from bot.servidor import criar_app_http
from fluxos.ajustes import Ajustes
from fluxos.montagem import criar_motor_de_conversa
from fluxos.motor import Motor
from mensagens.catalogo import texto
from mensagens.serializacao import saida_de_json
from tests.bot.canais_de_conversa import abrir_telegram
from tests.bot.pessoa_telegram import PessoaTelegram
from tests.bot.test_alcance_web_telegram import BOT, _convocar_a_unica, _inscrever_no_site, _token
from tests.conversa import Conversa
from tests.dados import semear_programa
from tests.falsos.bot_api import FakeBotApi
from tests.fluxos.conftest import AGORA
from tests.fluxos.convocacao.conftest import Relogio

Sessoes = async_sessionmaker[AsyncSession]
NUMERO = "5514999990000"
LINKS = MappingProxyType(
    {
        "telegram": f"https://t.me/{BOT}?start={{token}}",
        "whatsapp": f"https://wa.me/{NUMERO}?text={{token}}",
    }
)
LINK_WA = re.compile(rf"https://wa\.me/{NUMERO}\?text=([A-Za-z0-9%._~-]*[A-Za-z0-9%_~-])")
WA_MARIA = "5514991234567"
TG_MARIA = 5_550_001
PRONTO = texto("alcance.resgate.pronto", protocolo="2027-000001")


@dataclass
class Cena:
    web: TestClient
    app: Application
    api: FakeBotApi
    relogio: Relogio
    despachante: Despachante
    motor: Motor

    @property
    def banco(self) -> AsyncEngine:
        return self.motor.banco

    def no_telegram(self) -> PessoaTelegram:
        return PessoaTelegram(self.app, self.api, TG_MARIA)

    def no_whatsapp(self, numero: str = WA_MARIA) -> Conversa:
        return Conversa(self.motor, chat_id=numero, canal="whatsapp")


@pytest.fixture
async def cena(sessoes: Sessoes) -> AsyncIterator[Cena]:
    await semear_programa(sessoes, AGORA.date())
    banco = sessoes.kw["bind"]
    relogio = Relogio()
    motor = criar_motor_de_conversa(banco, relogio=relogio, ajustes=Ajustes(links_de_canal=LINKS))
    async with (
        abrir_telegram(banco, lambda: motor, relogio) as tg,
        TestClient(TestServer(criar_app_http(motor, banco))) as web,
    ):
        assert tg.app is not None
        yield Cena(web, tg.app, tg.api, relogio, tg.despachante(relogio), motor)


def _mensagem_do_link(oferta: str) -> str:
    """O que o link wa.me põe na caixa de mensagem: a pessoa só toca em enviar."""
    achado = LINK_WA.search(oferta)
    assert achado, oferta
    return unquote(achado.group(1))


async def _linhas(banco: AsyncEngine) -> list[tuple[str, str]]:
    async with transacao(banco) as c:
        consulta = sa.select(PreInscricao.canal, PreInscricao.chat_id)  # type: ignore[call-overload]
        return [(linha.canal, linha.chat_id) for linha in (await c.execute(consulta)).all()]


async def _fila(banco: AsyncEngine, canal: str) -> list[tuple[str, str]]:
    """(chat_id, texto) das mensagens da fila para um canal."""
    async with transacao(banco) as c:
        consulta = sa.select(Envio.chat_id, Envio.conteudo).where(Envio.canal == canal)  # type: ignore[call-overload,arg-type]
        return [(chat, saida_de_json(json).texto) for chat, json in (await c.execute(consulta))]


async def test_do_site_para_o_whatsapp_e_a_convocacao_chega_la(cena: Cena) -> None:
    maria = await _inscrever_no_site(cena)
    _, oferta = await maria.toca("Confirmar")
    assert "No Telegram: https://t.me/" in oferta["texto"]
    assert "No WhatsApp: https://wa.me/5514999990000?text=Quero%20receber" in oferta["texto"]
    pronta = _mensagem_do_link(oferta["texto"])
    assert pronta.startswith("Quero receber os avisos. Código: ")

    celular = cena.no_whatsapp()
    [pronto] = await celular.diz(pronta)  # a 1ª mensagem no WhatsApp é o texto pronto

    assert pronto.texto == PRONTO
    assert await _linhas(cena.banco) == [("whatsapp", WA_MARIA)]  # uma pré-inscrição só
    await _convocar_a_unica(cena)
    [(para, chamada)] = await _fila(cena.banco, "whatsapp")
    assert para == WA_MARIA and chamada.startswith("Boa notícia, Maria!")
    assert await _fila(cena.banco, "telegram") == []

    # pelo canal novo: "frequência" acha a pessoa, e "não posso" responde a convocação
    [frequencia] = await celular.diz("frequência")
    assert frequencia.texto == texto("frequencia.cidadao.sem_matricula")
    [recusa, *_] = await celular.diz("não posso")
    assert recusa.texto == texto("convocacao.recusada")
    # no site, a situação diz onde chegam os avisos e oferece o outro canal
    situacao, *_resto = await maria.diz("situação")
    onde = texto("alcance.ja_ligada", canal=texto("alcance.nome_canal.whatsapp"))
    assert onde in situacao["texto"] and "https://t.me/" in situacao["texto"]
    assert "wa.me" not in situacao["texto"]


async def test_do_telegram_para_o_whatsapp_uma_pessoa_um_registro(cena: Cena) -> None:
    maria = await _inscrever_no_site(cena)
    _, oferta = await maria.toca("Confirmar")
    telegram = cena.no_telegram()
    await telegram.comando(f"/start {_token(oferta['texto'])}")
    assert await _linhas(cena.banco) == [("telegram", str(TG_MARIA))]

    # o link do WhatsApp da 1ª oferta venceu quando o do Telegram foi usado: a situação
    # no site dá um novo, só do WhatsApp (o Telegram já recebe)
    [velho] = await cena.no_whatsapp().diz(_mensagem_do_link(oferta["texto"]))
    assert velho.texto == texto("vinculo_whatsapp.recusado.usado")
    situacao, *_resto = await maria.diz("situação")
    onde = texto("alcance.ja_ligada", canal=texto("alcance.nome_canal.telegram"))
    assert onde in situacao["texto"] and "t.me" not in situacao["texto"]
    celular = cena.no_whatsapp()
    [pronto] = await celular.diz(_mensagem_do_link(situacao["texto"]))

    assert pronto.texto == PRONTO
    assert await _linhas(cena.banco) == [("whatsapp", WA_MARIA)]
    # o Telegram ouve, pela fila, que os avisos mudaram de lugar
    assert await cena.despachante.esvaziar() == 1
    assert telegram.ultima.texto == texto(
        "vinculo_whatsapp.conversa_antiga",
        protocolo="2027-000001",
        canal=texto("alcance.nome_canal.whatsapp"),
    )
    await _convocar_a_unica(cena)
    assert await cena.despachante.esvaziar() == 0  # nada mais vai para o Telegram
    [(para, chamada)] = await _fila(cena.banco, "whatsapp")
    assert para == WA_MARIA and chamada.startswith("Boa notícia, Maria!")
    # no Telegram antigo, a pré-inscrição não é mais desta conversa
    await telegram.diz("frequência")
    assert telegram.ultima.texto == texto("frequencia.cidadao.sem_inscricao")


async def test_do_whatsapp_de_volta_para_o_telegram(cena: Cena) -> None:
    maria = await _inscrever_no_site(cena)
    _, oferta = await maria.toca("Confirmar")
    celular = cena.no_whatsapp()
    await celular.diz(_mensagem_do_link(oferta["texto"]))
    situacao, *_resto = await maria.diz("situação")

    telegram = cena.no_telegram()
    await telegram.comando(f"/start {_token(situacao['texto'])}")

    assert telegram.ultima.texto == PRONTO
    assert await _linhas(cena.banco) == [("telegram", str(TG_MARIA))]
    aviso = texto(
        "vinculo_whatsapp.conversa_antiga",
        protocolo="2027-000001",
        canal=texto("alcance.nome_canal.telegram"),
    )
    assert await _fila(cena.banco, "whatsapp") == [(WA_MARIA, aviso)]
    [sem] = await celular.diz("frequência")
    assert sem.texto == texto("frequencia.cidadao.sem_inscricao")
