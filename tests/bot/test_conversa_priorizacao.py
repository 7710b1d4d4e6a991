"""R4 em cada canal de verdade (o `palco`): Telegram (Application do PTB, Bot API falsa)
e WhatsApp (webhook assinado, fila com janela de 24 h, Graph API falsa).

A técnica do CRAS entra pelo link do convite (/start TOKEN), vê as contagens, a lista,
põe uma pessoa de lado, aprova e envia; o despachante da fila entrega à técnica da OSC o
aviso com a planilha (documento), aberta aqui com openpyxl.
"""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from armazenamento.banco import transacao
from armazenamento.equipe import Escopo, criar_convite
from tests.bot.canais_de_conversa import Palco, PalcoTelegram, PalcoWhatsApp, Relogio
from tests.dados import semear_programa
from tests.fluxos.conftest import AGORA
from tests.fluxos.priorizacao.conftest import FECHADO, Semente, semear_priorizacao

CRAS_CHAT, OSC_CHAT = 7_200_001, 7_200_002

Sessoes = async_sessionmaker[AsyncSession]


@pytest.fixture
def relogio_da_conversa() -> Relogio:
    return lambda: FECHADO


@pytest.fixture
async def programa_da_conversa(sessoes: Sessoes) -> Semente:
    await semear_programa(sessoes, AGORA.date())  # pré-inscrição de 07/01 a 06/02/2027
    return await semear_priorizacao(sessoes)


@pytest.fixture
def semente(programa_da_conversa: Semente) -> Semente:
    return programa_da_conversa


async def _convite(sessoes: Sessoes, escopo: Escopo) -> str:
    async with transacao(sessoes.kw["bind"]) as conexao:
        return (await criar_convite(conexao, escopo, FECHADO, timedelta(days=3))).token


@pytest.mark.so_no_canal("telegram", 'o WhatsApp não tem menu "/"')
async def test_r4_o_menu_barra_do_cras_ganha_priorizar(
    palco: Palco, sessoes: Sessoes, semente: Semente
) -> None:
    tecnica = palco.pessoa(CRAS_CHAT)
    await tecnica.comando(
        f"/start {await _convite(sessoes, Escopo('cras', cras_id=semente.cras['Europa']))}"
    )
    assert isinstance(palco, PalcoTelegram)
    assert "priorizar" in palco.api.menus(CRAS_CHAT)[-1][1]


async def test_r4_cras_prioriza_e_a_osc_recebe_a_planilha(
    palco: Palco, sessoes: Sessoes, semente: Semente
) -> None:
    tecnica = palco.pessoa(CRAS_CHAT)
    osc = palco.pessoa(OSC_CHAT)
    await osc.comando(
        f"/start {await _convite(sessoes, Escopo('osc', osc_id=semente.osc['Esperança']))}"
    )
    assert osc.recebidas[0].texto.startswith("Pronto!")

    await tecnica.comando(
        f"/start {await _convite(sessoes, Escopo('cras', cras_id=semente.cras['Europa']))}"
    )
    assert "técnico(a) do CRAS Jardim Europa" in tecnica.recebidas[0].texto

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
    assert palco.documentos(OSC_CHAT) == []  # sai pela fila, não na resposta da técnica

    despachante = palco.despachante(lambda: FECHADO + timedelta(seconds=1))
    assert await despachante.esvaziar() == 1

    [documento] = palco.documentos(OSC_CHAT)
    assert documento.legenda.startswith(
        "Chegou a lista do CRAS Jardim Europa para Instituto Esperança (ciclo 2027): 5 pessoas."
    )
    assert documento.nome.endswith(".xlsx")
    folha = load_workbook(BytesIO(documento.dados)).active
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
    palco.conferir_entregas()


@pytest.mark.so_no_canal("whatsapp", "a janela de 24 h é do WhatsApp")
async def test_r4_osc_sem_escrever_ha_dias_recebe_o_modelo_com_a_planilha(
    palco: Palco, sessoes: Sessoes, semente: Semente
) -> None:
    """A lista sai dois dias depois de a OSC falar com o assistente: fora da janela, vai o
    modelo aprovado `lista_osc`, com a planilha no cabeçalho e o aviso no parâmetro."""
    tecnica, osc = palco.pessoa(CRAS_CHAT), palco.pessoa(OSC_CHAT)
    await osc.comando(
        f"/start {await _convite(sessoes, Escopo('osc', osc_id=semente.osc['Esperança']))}"
    )
    await tecnica.comando(
        f"/start {await _convite(sessoes, Escopo('cras', cras_id=semente.cras['Europa']))}"
    )
    await tecnica.comando("priorizar")
    await tecnica.toca("Aprovar e enviar")
    await tecnica.toca("Enviar")

    despachante = palco.despachante(lambda: FECHADO + timedelta(days=2))
    assert await despachante.esvaziar() == 1

    assert isinstance(palco, PalcoWhatsApp) and palco.graph is not None
    assert osc.modelos_recebidos == ["lista_osc"]
    assert osc.ultima.texto.startswith("Nova lista do Programa de Inclusão Produtiva")
    assert "Chegou a lista do CRAS Jardim Europa" in osc.ultima.texto
    [planilha] = palco.graph.midias.values()
    assert planilha.nome.endswith(".xlsx")
    folha = load_workbook(BytesIO(planilha.dados)).active
    assert folha is not None and folha.max_row > 5
    palco.conferir_entregas()
