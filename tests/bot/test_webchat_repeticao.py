"""Issue 9 §3: a mesma mensagem (mesmo id do canal) é aplicada uma vez e recebe a mesma
resposta. O caso real: a página perdeu a resposta do nome e a pessoa tocou em "Tentar de
novo"; o nome reenviado virava também o nome social.

Pelo app HTTP real (chat web) e pela Application real do PTB (Telegram: a caixa de entrada
já descarta a reentrega do webhook; aqui, o mesmo update chega ao motor duas vezes, como
na recuperação de um update processado cuja marca não foi gravada).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from telegram import Update

from armazenamento.banco import transacao
from armazenamento.conversas import carregar_conversa
from bot.servidor import criar_app_http
from bot.telegram import criar_aplicacao, parar
from fluxos.montagem import criar_motor_de_conversa
from mensagens.catalogo import texto
from tests.bot.test_webchat_preinscricao import AGORA, PessoaWeb, ate_o_nome
from tests.dados import semear_programa
from tests.falsos import updates_telegram as tg
from tests.falsos.bot_api import FakeBotApi

Cliente = TestClient[web.Request, web.Application]
NOME = "Maria Aparecida da Silva"
PERGUNTA_NOME_SOCIAL = texto("preinscricao.nome_social.pergunta")
PERGUNTA_NASCIMENTO = texto("preinscricao.nascimento.pergunta")


@pytest.fixture
async def cliente(
    sessoes: async_sessionmaker[AsyncSession], motor_banco: AsyncEngine
) -> AsyncIterator[Cliente]:
    await semear_programa(sessoes, AGORA.date())
    motor = criar_motor_de_conversa(motor_banco, relogio=lambda: AGORA)
    async with TestClient(TestServer(criar_app_http(motor, motor_banco))) as c:
        yield c


async def respostas_guardadas(banco: AsyncEngine, canal: str, chat_id: str) -> dict[str, Any]:
    async with transacao(banco) as conexao:
        linha = await carregar_conversa(conexao, canal, chat_id)
    assert linha is not None
    respostas: dict[str, Any] = json.loads(linha.dados)["r"]
    return respostas


async def test_i9_mesmo_id_duas_vezes_mesma_resposta_e_aplicado_uma_vez(
    cliente: Cliente, motor_banco: AsyncEngine
) -> None:
    maria = PessoaWeb(cliente)
    await ate_o_nome(maria)

    primeira = await maria.pede(tipo="texto", texto=NOME, id="msg-nome-1")
    de_novo = await maria.pede(tipo="texto", texto=NOME, id="msg-nome-1")  # "Tentar de novo"

    assert de_novo == primeira
    assert primeira[0]["texto"] == PERGUNTA_NOME_SOCIAL
    guardadas = await respostas_guardadas(motor_banco, "web", maria.sessao or "")
    assert guardadas["nome"] == NOME and "nome_social" not in guardadas
    # o botão da pergunta repetida vale: o estado não andou com a repetição
    [nascimento] = await maria.toca("Não uso")
    assert nascimento["texto"] == PERGUNTA_NASCIMENTO


async def test_i9_ids_diferentes_com_o_mesmo_texto_sao_duas_mensagens(
    cliente: Cliente,
) -> None:
    maria = PessoaWeb(cliente)
    await ate_o_nome(maria)

    [social] = await maria.pede(tipo="texto", texto="Ana Souza", id="a1")
    [nascimento] = await maria.pede(tipo="texto", texto="Ana Souza", id="a2")

    assert social["texto"] == PERGUNTA_NOME_SOCIAL
    assert nascimento["texto"].endswith(PERGUNTA_NASCIMENTO)  # a 2ª foi o nome social


async def test_i9_sem_id_cada_envio_conta(cliente: Cliente) -> None:
    """Uma página antiga (sem id) continua funcionando como antes."""
    maria = PessoaWeb(cliente)
    await ate_o_nome(maria)

    [social] = await maria.diz("Ana Souza")
    [nascimento] = await maria.diz("Ana Souza")

    assert social["texto"] == PERGUNTA_NOME_SOCIAL
    assert nascimento["texto"].endswith(PERGUNTA_NASCIMENTO)


async def test_i9_telegram_mesmo_update_duas_vezes_e_aplicado_uma_vez(
    sessoes: async_sessionmaker[AsyncSession], motor_banco: AsyncEngine
) -> None:
    await semear_programa(sessoes, AGORA.date())
    api = FakeBotApi()
    motor = criar_motor_de_conversa(motor_banco, relogio=lambda: AGORA)
    aplicacao = criar_aplicacao("123456:TESTE", motor, request=api)
    await aplicacao.initialize()
    chat = 7_300_001
    try:
        for corpo in (tg.comando(chat, "/start"), tg.mensagem_texto(chat, "Entendi, continuar")):
            await aplicacao.process_update(Update.de_json(corpo, aplicacao.bot))
        nome = tg.mensagem_texto(chat, NOME)
        antes = len(api.enviadas(chat))
        for _ in range(2):
            await aplicacao.process_update(Update.de_json(nome, aplicacao.bot))
        enviadas = api.enviadas(chat)[antes:]
    finally:
        await parar(aplicacao)

    assert [m["text"] for m in enviadas] == [PERGUNTA_NOME_SOCIAL] * 2  # a mesma resposta
    guardadas = await respostas_guardadas(motor_banco, "telegram", str(chat))
    assert guardadas["nome"] == NOME and "nome_social" not in guardadas
