"""O cartaz com etiqueta de campanha (issue 9, §3), pelo Telegram de verdade: Application real
do PTB, motor real, Bot API falsa.

`t.me/<bot>?start=cartaz-cras-norte` chega como "/start cartaz-cras-norte". Antes, isso era
um convite errado: as tentativas contavam (5 toques travavam a pessoa) e as respostas se
perdiam. Agora é um /start simples: mantém as respostas, retoma a pergunta e, se a etiqueta
é uma origem configurada, a pré-inscrição guarda de onde a pessoa veio.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram.ext import Application

from armazenamento.banco import transacao
from armazenamento.equipe import LIMITE_TENTATIVAS, Escopo, criar_convite
from armazenamento.modelos import PreInscricao, TentativaConvite
from bot.telegram import criar_aplicacao, parar
from fluxos.ajustes import Ajustes
from fluxos.montagem import criar_motor_de_conversa
from mensagens.catalogo import texto
from tests.bot.pessoa_telegram import PessoaTelegram
from tests.bot.test_telegram_preinscricao import (
    AGORA,
    CHAT,
    OUTRO_CHAT,
    PERGUNTA_TELEFONE,
    TELEFONE_CONTATO,
    TOKEN,
    ate_o_telefone,
    do_bairro_ao_resumo,
)
from tests.dados import semear_programa
from tests.falsos.bot_api import FakeBotApi

Sessoes = async_sessionmaker[AsyncSession]
ORIGENS = frozenset({"cartaz-cras-norte", "radio"})
CONTINUAR = texto("comum.continuar")


@pytest.fixture
def api() -> FakeBotApi:
    return FakeBotApi()


@pytest.fixture
async def app(sessoes: Sessoes, api: FakeBotApi) -> AsyncIterator[Application]:
    await semear_programa(sessoes, AGORA.date())
    motor = criar_motor_de_conversa(
        sessoes.kw["bind"], relogio=lambda: AGORA, ajustes=Ajustes(origens=ORIGENS)
    )
    aplicacao = criar_aplicacao(TOKEN, motor, request=api)
    await aplicacao.initialize()
    yield aplicacao
    await parar(aplicacao)


@pytest.fixture
def maria(app: Application, api: FakeBotApi) -> PessoaTelegram:
    return PessoaTelegram(app, api, CHAT)


async def _contar(sessoes: Sessoes, tabela: type) -> int:
    async with sessoes() as s:
        return int((await s.execute(sa.select(sa.func.count()).select_from(tabela))).scalar_one())


async def _preinscricoes(sessoes: Sessoes) -> list[PreInscricao]:
    async with sessoes() as s:
        return list((await s.scalars(sa.select(PreInscricao).order_by(PreInscricao.id))).all())


async def _terminar(p: PessoaTelegram) -> None:
    await p.compartilha_telefone(TELEFONE_CONTATO)
    await do_bairro_ao_resumo(p)
    await p.toca("Confirmar")
    assert p.ultima.texto.startswith("Pronto! Sua pré-inscrição foi feita.")


async def test_cartaz_no_meio_da_preinscricao_mantem_as_respostas_e_anota_a_origem(
    maria: PessoaTelegram, sessoes: Sessoes
) -> None:
    await ate_o_telefone(maria)
    assert maria.ultima.texto == PERGUNTA_TELEFONE

    for _ in range(LIMITE_TENTATIVAS + 2):  # mais toques que o limite de convites errados
        await maria.comando("/start cartaz-cras-norte")
        assert maria.ultima.texto == f"{CONTINUAR}\n\n{PERGUNTA_TELEFONE}"

    assert await _contar(sessoes, TentativaConvite) == 0  # não é convite: nada anotado
    await _terminar(maria)  # e segue de onde estava, sem perder nada
    (pre,) = await _preinscricoes(sessoes)
    assert (pre.nome, pre.cpf, pre.origem) == (
        "Maria Aparecida da Silva",
        "52998224725",
        "cartaz-cras-norte",
    )


async def test_cartaz_num_chat_novo_comeca_e_anota_a_origem(
    app: Application, api: FakeBotApi, sessoes: Sessoes
) -> None:
    jose = PessoaTelegram(app, api, OUTRO_CHAT)

    await jose.comando("/start RADIO")  # a etiqueta vale sem diferença de maiúsculas

    assert jose.ultima.rotulos == ["Entendi, continuar", "Saber mais", "Agora não"]
    await jose.toca("Entendi, continuar")
    await jose.diz("José Carlos Pereira")
    await jose.toca("Não uso")
    await jose.diz("03/02/2008")
    await jose.diz("529.982.247-25")
    await _terminar(jose)
    (pre,) = await _preinscricoes(sessoes)
    assert pre.origem == "radio"


async def test_etiqueta_nao_configurada_e_start_simples_sem_origem(
    maria: PessoaTelegram, sessoes: Sessoes
) -> None:
    await ate_o_telefone(maria)

    await maria.comando("/start panfleto-feira-2027")

    assert maria.ultima.texto == f"{CONTINUAR}\n\n{PERGUNTA_TELEFONE}"
    await _terminar(maria)
    (pre,) = await _preinscricoes(sessoes)
    assert pre.origem == ""
    assert await _contar(sessoes, TentativaConvite) == 0


async def test_convite_depois_de_muitos_toques_no_cartaz_ainda_vale(
    maria: PessoaTelegram, sessoes: Sessoes
) -> None:
    for _ in range(LIMITE_TENTATIVAS + 2):
        await maria.comando("/start cartaz-cras-norte")
    async with transacao(sessoes.kw["bind"]) as conexao:
        convite = await criar_convite(conexao, Escopo("gestao"), AGORA, timedelta(hours=1))

    await maria.comando(f"/start {convite.token}")

    assert "Pronto! Esta conversa agora é de" in maria.recebidas[-2].texto + maria.ultima.texto


async def test_carga_com_forma_de_convite_errada_continua_contando(
    maria: PessoaTelegram, sessoes: Sessoes
) -> None:
    """Só o que tem a forma de convite conta como convite errado (e trava no limite)."""
    await ate_o_telefone(maria)

    await maria.comando("/start " + "x" * 32)  # token de convite que não existe
    await maria.comando("/start QWER-TYUP")  # código curto que não existe

    assert await _contar(sessoes, TentativaConvite) == 2
    assert maria.ultima.texto.endswith(PERGUNTA_TELEFONE)  # e nada se perdeu
