"""/frequencia pelo Telegram de verdade (Application do PTB, Bot API falsa): o comando do
menu "/" do cidadão, o texto digitado e o botão do menu dão a mesma mensagem (R16)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram.ext import Application

from bot.telegram import parar, publicar_comandos
from mensagens.catalogo import texto
from tests.bot.pessoa_telegram import PessoaTelegram
from tests.bot.test_telegram_preinscricao import AGORA, Sessoes, nova_aplicacao
from tests.dados import semear_programa
from tests.falsos.bot_api import FakeBotApi
from tests.fluxos.dados_frequencia import chamadas, encontros, matricular, turma

MARIA = 7_300_001


@pytest.fixture
async def app(sessoes: Sessoes) -> AsyncIterator[tuple[Application, FakeBotApi]]:
    await semear_programa(sessoes, AGORA.date())
    api = FakeBotApi()
    aplicacao = await nova_aplicacao(sessoes, api)
    yield aplicacao, api
    await parar(aplicacao)


async def test_r16_frequencia_pelo_comando_pelo_texto_e_pelo_menu(
    app: tuple[Application, FakeBotApi], sessoes: Sessoes
) -> None:
    aplicacao, api = app
    banco = sessoes.kw["bind"]
    t0 = await turma(banco)
    ids = await encontros(banco, t0, 8)
    eu = await matricular(banco, t0, "Maria Souza", chat_id=str(MARIA), canal="telegram")
    await chamadas(banco, ids, {eu: "PPPF"})
    maria = PessoaTelegram(aplicacao, api, MARIA)
    esperado = (
        "Confeitaria: você participou de 12 de 16 horas de aula até agora. "
        "Sua frequência é 75%.\n"
        "Você ainda pode faltar 1 aula e continuar com 75%."
    )

    await maria.comando("/frequencia")
    assert maria.ultima.texto == esperado
    await maria.diz("Minha frequência")
    assert maria.ultima.texto == esperado
    await maria.comando("/menu")
    await maria.toca(texto("cidadao.menu.botao_frequencia"))
    assert maria.ultima.texto == esperado
    assert len(maria.recebidas) == 4

    await publicar_comandos(aplicacao)  # o menu "/" do cidadão tem a frequência
    [menu] = api.chamadas_de("setMyCommands")
    comandos = {c["command"]: c["description"] for c in menu["commands"]}
    assert comandos["frequencia"] == texto("telegram.comando.frequencia")
