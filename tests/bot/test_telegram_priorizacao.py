"""R4 pelo Telegram de verdade: Application do PTB, motor real, Bot API falsa.

A técnica do CRAS entra pelo link do convite (/start TOKEN), vê as contagens, a lista,
põe uma pessoa de lado, aprova e envia; o despachante da fila entrega à técnica da OSC o
aviso com a planilha (sendDocument), aberta aqui com openpyxl.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram.ext import Application

from armazenamento.banco import transacao
from armazenamento.equipe import Escopo, criar_convite
from bot.despachante import Despachante
from bot.limite_envio import LimiteDeEnvio
from bot.remetente_telegram import RemetenteTelegram
from bot.telegram import criar_aplicacao, parar
from fluxos.montagem import criar_motor_de_conversa
from tests.bot.pessoa_telegram import PessoaTelegram
from tests.dados import semear_programa
from tests.falsos.bot_api import Arquivo, FakeBotApi
from tests.fluxos.conftest import AGORA
from tests.fluxos.priorizacao.conftest import FECHADO, Semente, semear_priorizacao

TOKEN = "123456:TESTE"
CRAS_CHAT, OSC_CHAT = 7_200_001, 7_200_002

Sessoes = async_sessionmaker[AsyncSession]


@pytest.fixture
def api() -> FakeBotApi:
    return FakeBotApi()


@pytest.fixture
async def semente(sessoes: Sessoes) -> Semente:
    await semear_programa(sessoes, AGORA.date())  # pré-inscrição de 07/01 a 06/02/2027
    return await semear_priorizacao(sessoes)


@pytest.fixture
async def app(sessoes: Sessoes, api: FakeBotApi, semente: Semente) -> AsyncIterator[Application]:
    motor = criar_motor_de_conversa(sessoes.kw["bind"], relogio=lambda: FECHADO)
    aplicacao = criar_aplicacao(TOKEN, motor, request=api)
    await aplicacao.initialize()
    yield aplicacao
    await parar(aplicacao)


async def _convite(sessoes: Sessoes, escopo: Escopo) -> str:
    async with transacao(sessoes.kw["bind"]) as conexao:
        return (await criar_convite(conexao, escopo, FECHADO, timedelta(days=3))).token


async def test_r4_cras_prioriza_e_a_osc_recebe_a_planilha_pelo_telegram(
    app: Application, api: FakeBotApi, sessoes: Sessoes, semente: Semente
) -> None:
    tecnica = PessoaTelegram(app, api, CRAS_CHAT)
    osc = PessoaTelegram(app, api, OSC_CHAT)
    await osc.comando(
        f"/start {await _convite(sessoes, Escopo('osc', osc_id=semente.osc['Esperança']))}"
    )
    assert osc.recebidas[0].texto.startswith("Pronto!")

    await tecnica.comando(
        f"/start {await _convite(sessoes, Escopo('cras', cras_id=semente.cras['Europa']))}"
    )
    assert "técnico(a) do CRAS Jardim Europa" in tecnica.recebidas[0].texto
    assert "priorizar" in api.menus(CRAS_CHAT)[-1][1]  # o "/" do Telegram ganhou /priorizar

    await tecnica.comando("/priorizar")
    assert tecnica.ultima.texto.startswith("CRAS Jardim Europa, ciclo 2027: 7 pré-inscrições.")
    await tecnica.toca("Ver lista")
    assert "1. Bruno Souza" in tecnica.ultima.texto and "***.982.247-**" in tecnica.ultima.texto
    await tecnica.toca("Pôr de lado 2")
    await tecnica.toca("Sem contato")
    assert tecnica.ultima.texto.startswith("Gabi Nunes ficou de lado: sem contato.")
    await tecnica.toca("Aprovar e enviar")
    assert "Instituto Esperança: 5 pessoas" in tecnica.ultima.texto
    await tecnica.toca("Enviar")
    assert tecnica.ultima.texto.startswith("Pronto! A lista do CRAS Jardim Europa foi enviada")
    assert api.documentos(OSC_CHAT) == []  # sai pela fila, não na resposta da técnica

    despachante = Despachante(
        sessoes.kw["bind"],
        "telegram",
        RemetenteTelegram(app.bot),
        LimiteDeEnvio(1000),
        dono="teste",
        relogio=lambda: FECHADO + timedelta(seconds=1),
    )
    assert await despachante.esvaziar() == 1

    [documento] = api.documentos(OSC_CHAT)
    assert documento["caption"].startswith(
        "Chegou a lista do CRAS Jardim Europa para Instituto Esperança (ciclo 2027): 5 pessoas."
    )
    arquivo = documento["document"]
    assert isinstance(arquivo, Arquivo) and arquivo.nome.endswith(".xlsx")
    folha = load_workbook(BytesIO(arquivo.dados)).active
    assert folha is not None
    linhas = list(folha.iter_rows(min_row=5, values_only=True))  # o título vem antes
    assert linhas[0][:3] == ("Posição", "Nome", "Nome social")
    assert [(x[0], x[1], x[9]) for x in linhas[1:]] == [
        (1, "Bruno Souza", "Confeitaria"),
        (3, "Eva Prado", "Confeitaria"),
        (4, "Ana Lima", "Confeitaria"),
        (2, "Carla Dias", "Corte e costura"),
        (5, "Davi Reis", "Informática básica"),
    ]
    assert {x[13] for x in linhas[1:]} == {
        "***.982.247-**",
        "***.883.667-**",
        "***.444.777-**",
        "***.533.447-**",
        "sem CPF",
    }
    assert await despachante.esvaziar() == 0  # cada aviso sai uma vez
