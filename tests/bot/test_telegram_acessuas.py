"""R19 pelo Telegram de verdade: Application do PTB, motor real, Bot API falsa.

A técnica da OSC confirma a desistência (o botão vem com os alertas; aqui, o comando de
teste de `dados_desistencia`, no mesmo motor); o despachante da fila entrega à pessoa o
aviso com cuidado e à equipe do Acessuas o aviso curto; a equipe toca em "Ver
desistências" e vê a lista; na segunda às 8h, o resumo da semana chega com a planilha
(sendDocument), aberta aqui com openpyxl, uma vez só.
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
from fluxos.regras.semana import HorarioSemanal
from fluxos.resumo_acessuas import enviar_resumo_acessuas
from tests.bot.pessoa_telegram import PessoaTelegram
from tests.dados import semear_programa
from tests.falsos.bot_api import Arquivo, FakeBotApi
from tests.fluxos.conftest import AGORA
from tests.fluxos.equipe.dados_desistencia import (
    em_bauru,
    encontro,
    ids,
    instalar_confirmacao,
    marcar,
    matricular,
)

TOKEN = "123456:TESTE"
PESSOA, OSC, ACESSUAS = 7_300_001, 7_300_002, 7_300_003
Sessoes = async_sessionmaker[AsyncSession]


@pytest.fixture
def api() -> FakeBotApi:
    return FakeBotApi()


@pytest.fixture
async def app(sessoes: Sessoes, api: FakeBotApi) -> AsyncIterator[Application]:
    await semear_programa(sessoes, AGORA.date())
    motor = criar_motor_de_conversa(sessoes.kw["bind"], relogio=lambda: AGORA)
    instalar_confirmacao(motor)
    aplicacao = criar_aplicacao(TOKEN, motor, request=api)
    await aplicacao.initialize()
    yield aplicacao
    await parar(aplicacao)


async def _entrar(sessoes: Sessoes, pessoa: PessoaTelegram, escopo: Escopo) -> None:
    async with transacao(sessoes.kw["bind"]) as conexao:
        token = (await criar_convite(conexao, escopo, AGORA, timedelta(days=3))).token
    await pessoa.comando(f"/start {token}")


def _despachante(sessoes: Sessoes, app: Application) -> Despachante:
    return Despachante(
        sessoes.kw["bind"],
        "telegram",
        RemetenteTelegram(app.bot),
        LimiteDeEnvio(1000),
        dono="teste",
        relogio=lambda: em_bauru(11, hora=9),
    )


async def test_r19_confirmada_chega_ao_acessuas_e_ao_resumo_pelo_telegram(
    app: Application, api: FakeBotApi, sessoes: Sessoes
) -> None:
    banco = sessoes.kw["bind"]
    i = await ids(banco)
    maria = await matricular(
        banco, i["T0"], i["CRAS Jardim Europa"], "Maria Souza", chat_id=str(PESSOA)
    )
    for dia, marca in ((4, "presente"), (6, "falta"), (7, "falta"), (8, "falta")):
        await marcar(banco, await encontro(banco, i["T0"], em_bauru(dia)), maria, marca)
    tecnica, acessuas = PessoaTelegram(app, api, OSC), PessoaTelegram(app, api, ACESSUAS)
    pessoa = PessoaTelegram(app, api, PESSOA)
    await _entrar(sessoes, tecnica, Escopo("osc", osc_id=i["osc"]))
    await _entrar(sessoes, acessuas, Escopo("acessuas"))
    antes = len(acessuas.recebidas)

    await tecnica.comando(f"/confirmar_teste {maria} faltas_seguidas")
    await tecnica.comando(f"/confirmar_teste {maria} faltas_seguidas")  # de novo: nada
    despachante = _despachante(sessoes, app)
    assert await despachante.esvaziar() == 2

    assert pessoa.ultima.texto.startswith("Anotamos que você saiu do curso de Confeitaria.")
    [aviso] = acessuas.desde(antes)
    assert "Maria" not in aviso.texto and aviso.rotulos == ["Ver desistências"]
    await acessuas.toca("Ver desistências", em=aviso)
    assert "Maria Souza" in acessuas.ultima.texto
    assert "Frequência: 4 h de 16 h (25%). Motivo: Faltas seguidas." in acessuas.ultima.texto

    assert await enviar_resumo_acessuas(banco, em_bauru(11, hora=8), HorarioSemanal()) == 1
    assert await enviar_resumo_acessuas(banco, em_bauru(11, hora=8), HorarioSemanal()) == 0
    assert await despachante.esvaziar() == 1
    assert await despachante.esvaziar() == 0

    [documento] = api.documentos(ACESSUAS)
    assert documento["caption"].startswith("Acessuas Trabalho, resumo da semana")
    arquivo = documento["document"]
    assert isinstance(arquivo, Arquivo) and arquivo.nome.endswith(".xlsx")
    folha = load_workbook(BytesIO(arquivo.dados)).active
    assert folha is not None
    linhas = list(folha.iter_rows(min_row=6, values_only=True))
    assert [(x[0], x[3], x[4], x[8], x[9]) for x in linhas] == [
        ("Maria Souza", "CRAS Jardim Europa", "Confeitaria", 0.25, "Faltas seguidas")
    ]
    assert api.documentos(PESSOA) == [] and api.documentos(OSC) == []
