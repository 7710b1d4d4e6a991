"""No Telegram, /cancelar nunca muda quem a pessoa é (ARQUITETURA §2, R24).

Application real do PTB, motor real, Bot API falsa: a técnica que entrou pelo link do
convite cancela no meio da pré-inscrição assistida e continua da equipe, com o mesmo
vínculo (ligado ao id da conta, não à conversa).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from telegram.ext import Application

from armazenamento.tempo import agora
from bot.telegram import criar_aplicacao, parar
from fluxos.montagem import criar_motor_de_conversa
from mensagens.catalogo import texto
from tests.bot.pessoa_telegram import PessoaTelegram
from tests.bot.test_telegram_equipe import CHAT, TOKEN, convidar_osc, vinculos
from tests.dados import semear_programa
from tests.falsos.bot_api import FakeBotApi

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


@pytest.fixture
def api() -> FakeBotApi:
    return FakeBotApi()


@pytest.fixture
async def app(
    sessoes: async_sessionmaker[AsyncSession], api: FakeBotApi
) -> AsyncIterator[Application]:
    await semear_programa(sessoes, agora().date())
    aplicacao = criar_aplicacao(TOKEN, criar_motor_de_conversa(sessoes.kw["bind"]), request=api)
    await aplicacao.initialize()
    api.limpar()
    yield aplicacao
    await parar(aplicacao)


async def test_r24_cancelar_no_telegram_mantem_o_papel(
    app: Application, api: FakeBotApi, motor_banco: AsyncEngine
) -> None:
    tecnica = PessoaTelegram(app, api, CHAT)
    convite = await convidar_osc(motor_banco)
    await tecnica.comando(f"/start {convite.token}")
    antes = await vinculos(motor_banco)
    await tecnica.toca(texto("equipe.botao.preinscrever"))
    await tecnica.toca(tecnica.ultima.rotulos[0])  # a pessoa concorda com o aviso
    await tecnica.diz("Maria da Silva")

    await tecnica.comando("/cancelar")
    if tecnica.ultima.rotulos:  # o assistente pede confirmação antes de apagar respostas
        await tecnica.toca(tecnica.ultima.rotulos[0])
    await tecnica.comando("/menu")

    assert texto("equipe.botao.turmas") in tecnica.ultima.rotulos
    assert await vinculos(motor_banco) == antes == [("telegram", str(CHAT), str(CHAT))]
