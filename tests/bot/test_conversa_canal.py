"""O que todo canal de mensagem faz igual, com um fluxo mínimo só destes testes (cor ->
telefone, de test_telegram.py): mídia recebe explicação, texto enorme não derruba, botão
de mensagem velha não muda nada, erro no motor avisa sem dado pessoal no log. Roda no
Telegram (Application real, Bot API falsa) e no WhatsApp (webhook assinado, Graph API
falsa). O que é do protocolo de cada um (callback, teclado, webhook, polling) fica em
test_telegram.py e nos test_whatsapp_*.py."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from armazenamento.conversas import carregar_conversa
from fluxos.motor import Motor
from mensagens.catalogo import texto
from tests.bot.canais_de_conversa import FabricaDeMotor, Palco
from tests.bot.test_telegram import COMANDOS, FLUXO

CHAT = 7_000_001


@pytest.fixture
def fabrica_da_conversa(sessoes: async_sessionmaker[AsyncSession]) -> FabricaDeMotor:
    return lambda: Motor(sessoes.kw["bind"], {"teste": FLUXO}, COMANDOS)


async def estado(palco: Palco) -> tuple[str, str, int] | None:
    async with palco.banco.connect() as conexao:
        linha = await carregar_conversa(conexao, palco.canal, palco.chat_id(CHAT))
        return (linha.fluxo, linha.passo, linha.versao) if linha else None


async def test_start_mostra_a_pergunta_com_as_opcoes(palco: Palco) -> None:
    maria = palco.pessoa(CHAT)

    await maria.comando("/start")

    assert maria.ultima.texto == "Olá!\n\nQual cor você prefere?"
    assert maria.ultima.rotulos == ["Azul", "Verde bem clarinho"]


async def test_botao_de_mensagem_velha_nao_muda_nada(palco: Palco) -> None:
    maria = palco.pessoa(CHAT)
    await maria.comando("/start")
    velha = maria.ultima
    await maria.toca("Azul")
    antes = await estado(palco)

    await maria.toca("Verde bem clarinho", em=velha)

    assert maria.ultima.texto.startswith(texto("comum.mensagem_antiga"))
    assert (await estado(palco))[:2] == antes[:2]  # type: ignore[index]


@pytest.mark.parametrize("midia", ["figurinha", "foto", "voz", "localizacao"])
async def test_midia_recebe_explicacao_e_nada_muda(palco: Palco, midia: str) -> None:
    maria = palco.pessoa(CHAT)
    await maria.comando("/start")
    antes = await estado(palco)
    quantas = len(maria.recebidas)

    await maria.manda_midia(midia)

    [resposta] = maria.desde(quantas)
    chave = "comum.localizacao" if midia == "localizacao" else "comum.midia"  # texto próprio
    assert resposta.texto.startswith(texto(chave))
    assert resposta.rotulos[0] == "Azul"  # a pergunta vem de novo, com as opções
    assert await estado(palco) == antes


async def test_texto_de_64_kb_nao_derruba(palco: Palco) -> None:
    maria = palco.pessoa(CHAT)
    await maria.comando("/start")
    antes = await estado(palco)
    quantas = len(maria.recebidas)

    await maria.diz("á" * 32 * 1024)

    [resposta] = maria.desde(quantas)
    assert 0 < len(resposta.texto) < 1000
    assert await estado(palco) == antes


async def test_erro_no_motor_avisa_sem_dados_no_log(
    palco: Palco, caplog: pytest.LogCaptureFixture
) -> None:
    maria = palco.pessoa(CHAT)

    with caplog.at_level(logging.DEBUG):
        await maria.comando("/quebrar")

    assert maria.ultima.texto == texto(f"{palco.canal}.erro")
    assert "RuntimeError" in caplog.text
    assert "123.456" not in caplog.text and "Maria" not in caplog.text


async def test_contato_proprio_encerra(palco: Palco) -> None:
    maria = palco.pessoa(CHAT)
    await maria.comando("/start")
    await maria.toca("Azul")
    assert maria.ultima.texto == "Mande o seu telefone."

    await maria.compartilha_telefone("5514999990000", proprio=True)

    assert maria.ultima.texto == "Obrigado! Anotei seu telefone."
    assert palco.teclado_fechado(maria.ultima)
    assert (await estado(palco))[:2] == ("", "")  # type: ignore[index]


async def test_contato_de_outra_pessoa_pede_de_novo(palco: Palco) -> None:
    maria = palco.pessoa(CHAT)
    await maria.comando("/start")
    await maria.toca("Azul")

    await maria.compartilha_telefone("5514988887777", proprio=False)

    assert maria.ultima.texto.startswith("Use o botão para mandar o seu próprio telefone.")
    assert palco.ve_teclado_de_contato(maria) is palco.tem_botao_de_contato
    assert (await estado(palco))[:2] == ("teste", "telefone")  # type: ignore[index]
