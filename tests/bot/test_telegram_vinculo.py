"""R3 pelo Telegram de verdade (Application do PTB, Bot API falsa): a técnica recebe o
código de vínculo e o QR code (sendDocument, PNG); o link do QR code (/start vc-…) abre o
vínculo no celular da pessoa; CPF digitado no lugar do código não liga nada."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from types import MappingProxyType

import pytest
import sqlalchemy as sa
from telegram.ext import Application

from armazenamento.banco import transacao
from armazenamento.equipe import Escopo, criar_convite
from armazenamento.modelos import Osc, PreInscricao
from bot.telegram import criar_aplicacao, parar
from fluxos.ajustes import Ajustes
from fluxos.montagem import criar_motor_de_conversa
from mensagens.catalogo import texto
from mensagens.qr import qr_png
from tests.bot.pessoa_telegram import PessoaTelegram
from tests.bot.test_telegram_preinscricao import AGORA, TOKEN, Sessoes
from tests.dados import semear_programa
from tests.falsos.bot_api import FakeBotApi
from tests.fluxos.preinscricao_assistida.roteiro import ate_o_resumo

MODELO = "https://t.me/inclusao_bot?start={token}"
CPF_ANA = "390.533.447-05"
TECNICA, ANA, ESTRANHO = 7_200_001, 7_200_002, 7_200_003


@pytest.fixture
async def app(sessoes: Sessoes) -> AsyncIterator[tuple[Application, FakeBotApi]]:
    await semear_programa(sessoes, AGORA.date())
    ajustes = Ajustes(links_de_canal=MappingProxyType({"telegram": MODELO}))
    motor = criar_motor_de_conversa(sessoes.kw["bind"], relogio=lambda: AGORA, ajustes=ajustes)
    api = FakeBotApi()
    aplicacao = criar_aplicacao(TOKEN, motor, request=api)
    await aplicacao.initialize()
    yield aplicacao, api
    await parar(aplicacao)


async def test_r3_codigo_e_qr_code_pelo_telegram(
    app: tuple[Application, FakeBotApi], sessoes: Sessoes
) -> None:
    aplicacao, api = app
    async with transacao(sessoes.kw["bind"]) as conexao:
        osc = (await conexao.execute(sa.select(sa.func.min(Osc.id)))).scalar_one()  # type: ignore[arg-type]
        convite = await criar_convite(conexao, Escopo("osc", osc_id=osc), AGORA)
    tecnica = PessoaTelegram(aplicacao, api, TECNICA)
    await tecnica.comando(f"/start {convite.token}")
    await tecnica.comando("/preinscrever")
    await ate_o_resumo(tecnica, cpf=CPF_ANA)  # type: ignore[arg-type]
    await tecnica.toca("Confirmar")
    achado = re.search(r"\b[2-9A-Z]{5}-[2-9A-Z]{5}\b", tecnica.ultima.texto)
    assert achado is not None
    link = MODELO.format(token="vc-" + achado.group(0).replace("-", ""))
    # o QR code vai como foto: aparece na conversa, pronto para a câmera (não um arquivo)
    assert api.documentos(TECNICA) == []
    (foto,) = api.fotos(TECNICA)
    arquivo = foto["photo"]
    assert (arquivo.nome, arquivo.tipo) == ("codigo-2027-000001.png", "image/png")
    assert arquivo.dados == qr_png(link, "x").dados
    assert "2027-000001" in foto["caption"]

    estranho = PessoaTelegram(aplicacao, api, ESTRANHO)
    await estranho.comando("/vincular")
    await estranho.diz(CPF_ANA)
    assert estranho.ultima.texto.startswith(texto("vinculo_codigo.codigo.cpf_nao_precisa"))

    ana = PessoaTelegram(aplicacao, api, ANA)
    await ana.comando("/start " + link.rpartition("start=")[2])  # a câmera abre o link
    assert ana.ultima.texto == texto("vinculo_codigo.nascimento.pergunta")
    await ana.diz("12/05/1990")
    assert any(m.texto == texto("vinculo.pronto") for m in ana.recebidas)
    async with sessoes() as s:
        pre = (await s.scalars(sa.select(PreInscricao))).one()
    assert (pre.canal, pre.chat_id) == ("telegram", str(ANA))
