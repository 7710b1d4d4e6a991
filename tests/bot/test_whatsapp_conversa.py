"""Conversas de ponta a ponta no WhatsApp (issue 11): POST assinado ao nosso webhook →
caixa de entrada → motor real → resposta na Graph API falsa, como a pessoa veria."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from armazenamento.modelos import PreInscricao
from fluxos.montagem import criar_motor_de_conversa
from fluxos.motor import Motor
from mensagens.catalogo import texto
from tests.bot.canal_whatsapp import CanalDeTeste, canal_whatsapp
from tests.bot.pessoa_whatsapp import PessoaWhatsApp
from tests.dados import semear_programa
from tests.falsos.graph_api import GraphApiFalsa

AGORA = datetime(2027, 1, 10, 15, 0, tzinfo=UTC)  # domingo, 10 de janeiro, 12h em Bauru
FONE, OUTRO_FONE = "5514991234567", "5514997654321"
BSUID = "BR.1502576394655843"
CPF = "529.982.247-25"
BOAS_VINDAS = ["Entendi, continuar", "Saber mais", "Agora não"]

Sessoes = async_sessionmaker[AsyncSession]


@pytest.fixture
async def graph() -> AsyncIterator[GraphApiFalsa]:
    async with GraphApiFalsa() as falsa:
        yield falsa


@pytest.fixture
async def canal(
    motor_banco: AsyncEngine, sessoes: Sessoes, graph: GraphApiFalsa
) -> AsyncIterator[CanalDeTeste]:
    await semear_programa(sessoes, AGORA.date())
    async with canal_whatsapp(_motor(motor_banco), graph) as pronto:
        yield pronto


def _motor(banco: AsyncEngine) -> Motor:
    return criar_motor_de_conversa(banco, relogio=lambda: AGORA)


@pytest.fixture
def conceicao(canal: CanalDeTeste) -> PessoaWhatsApp:
    return canal.pessoa(FONE, BSUID)


async def test_oi_assinado_recebe_as_boas_vindas_com_botoes(conceicao: PessoaWhatsApp) -> None:
    await conceicao.diz("oi")

    assert conceicao.ultima.rotulos == BOAS_VINDAS
    assert not conceicao.ultima.lista  # até 3 opções: botões de resposta


async def test_preinscricao_inteira_pelo_whatsapp(
    conceicao: PessoaWhatsApp, sessoes: Sessoes
) -> None:
    await conceicao.comando("/start")
    await conceicao.toca("Entendi, continuar")
    await conceicao.diz("Conceição Araújo dos Santos")
    await conceicao.toca("Não uso")
    await conceicao.diz("03/02/2008")
    await conceicao.diz(CPF)
    await conceicao.diz("(14) 99123-4567")  # o WhatsApp não tem o botão de mandar o telefone
    await conceicao.diz("jardim europa")
    await conceicao.toca("Pular")
    await conceicao.toca("Confeitaria")
    await conceicao.toca("Só esse")
    await conceicao.toca("Manhã")
    await conceicao.toca("Médio completo")
    await conceicao.toca("Confirmar")

    async with sessoes() as s:
        [feita] = list(await s.scalars(select(PreInscricao)))
    assert (feita.nome, feita.canal, feita.chat_id) == (
        "Conceição Araújo dos Santos",
        "whatsapp",
        FONE,
    )
    assert conceicao.graph.duplicadas() == 0


async def test_midia_no_meio_da_pergunta_explica_e_repete(conceicao: PessoaWhatsApp) -> None:
    await conceicao.diz("oi")
    await conceicao.toca("Entendi, continuar")
    pergunta = conceicao.ultima.texto

    await conceicao.manda(conceicao.mensagem("audio", {"audio": {"id": "1", "voice": True}}))

    assert texto("comum.midia") in conceicao.ultima.texto
    assert pergunta in conceicao.ultima.texto


async def test_contato_compartilhado_fora_de_hora_e_explicado(conceicao: PessoaWhatsApp) -> None:
    await conceicao.compartilha_telefone("+55 14 99123-4567")

    assert texto("comum.contato_fora_de_hora") in conceicao.ultima.texto


async def test_digitar_o_rotulo_vale_como_tocar(canal: CanalDeTeste) -> None:
    toca, digita = canal.pessoa(FONE, BSUID), canal.pessoa(OUTRO_FONE)
    for pessoa in (toca, digita):
        await pessoa.diz("oi")

    await toca.toca("Entendi, continuar")
    await digita.diz("entendi, continuar")

    assert digita.ultima.texto == toca.ultima.texto


async def test_toque_repetido_pela_meta_nao_muda_nada_duas_vezes(
    conceicao: PessoaWhatsApp,
) -> None:
    await conceicao.diz("oi")
    mensagem = conceicao.ultima
    toque = conceicao.mensagem(
        "interactive",
        {
            "interactive": {
                "type": "button_reply",
                "button_reply": {"id": mensagem.dado("Entendi, continuar"), "title": "Entendi"},
            }
        },
        mensagem.message_id,
    )

    await conceicao.manda(toque)
    quantas = len(conceicao.recebidas)
    await conceicao.manda(toque)  # a Meta entrega de novo o mesmo wamid

    assert len(conceicao.recebidas) == quantas


async def test_conversa_continua_depois_de_um_reinicio(
    canal: CanalDeTeste, motor_banco: AsyncEngine, graph: GraphApiFalsa
) -> None:
    antes = canal.pessoa(FONE, BSUID)
    await antes.diz("oi")
    await antes.toca("Entendi, continuar")
    pergunta = antes.ultima.texto

    async with canal_whatsapp(_motor(motor_banco), graph) as novo:  # outro processo
        depois = novo.pessoa(FONE, BSUID)
        await depois.diz("Conceição Araújo dos Santos")

        assert depois.ultima.texto != pergunta
        assert "nome social" in depois.ultima.texto.lower()


async def test_duas_pessoas_ao_mesmo_tempo_cada_uma_na_sua_conversa(
    canal: CanalDeTeste,
) -> None:
    pessoas = [canal.pessoa(FONE, BSUID), canal.pessoa(OUTRO_FONE, "BR.99887766554433")]

    await asyncio.gather(*(p.diz("oi") for p in pessoas))
    await asyncio.gather(*(p.toca("Entendi, continuar") for p in pessoas))

    for p in pessoas:
        assert len(p.recebidas) == 2
        assert p.recebidas[0].rotulos == BOAS_VINDAS


async def test_quem_esconde_o_numero_conversa_pelo_bsuid(canal: CanalDeTeste) -> None:
    """Nome de usuário no WhatsApp: o número não vem no webhook; a conversa segue pelo
    BSUID (e as respostas vão para ele)."""
    tiao = canal.pessoa("", "BR.5550001112223334")
    tiao.com_numero = False

    await tiao.diz("oi")
    await tiao.toca("Entendi, continuar")

    assert tiao.recebidas[0].rotulos == BOAS_VINDAS
    assert "nome completo" in tiao.ultima.texto
