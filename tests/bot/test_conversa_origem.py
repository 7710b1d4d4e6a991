"""O cartaz com etiqueta de campanha (issue 9, §3), nos dois canais de mensagem: o motor
real, o canal real (Telegram com a Bot API falsa; WhatsApp com o webhook e a Graph API
falsa).

`t.me/<bot>?start=cartaz-cras-norte` chega como "/start cartaz-cras-norte" (no WhatsApp,
o mesmo texto, escrito). Antes, isso era um convite errado: as tentativas contavam (5
toques travavam a pessoa) e as respostas se perdiam. Agora é um /start simples: mantém as
respostas, retoma a pergunta e, se a etiqueta é uma origem configurada, a pré-inscrição
guarda de onde a pessoa veio.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from armazenamento.banco import transacao
from armazenamento.equipe import LIMITE_TENTATIVAS, Escopo, criar_convite
from armazenamento.modelos import PreInscricao, TentativaConvite
from fluxos.ajustes import Ajustes
from mensagens.catalogo import texto
from tests.bot.canais_de_conversa import Palco, Pessoa
from tests.bot.test_conversa_preinscricao import (
    CHAT,
    OUTRO_CHAT,
    TELEFONE_CONTATO,
    ate_o_telefone,
    do_bairro_ao_resumo,
    pergunta_telefone,
)
from tests.fluxos.conftest import AGORA

Sessoes = async_sessionmaker[AsyncSession]
ORIGENS = frozenset({"cartaz-cras-norte", "radio"})
CONTINUAR = texto("comum.continuar")


@pytest.fixture
def ajustes_da_conversa() -> Ajustes:
    return Ajustes(origens=ORIGENS)


@pytest.fixture
def maria(palco: Palco) -> Pessoa:
    return palco.pessoa(CHAT)


async def _contar(sessoes: Sessoes, tabela: type) -> int:
    async with sessoes() as s:
        return int((await s.execute(sa.select(sa.func.count()).select_from(tabela))).scalar_one())


async def _preinscricoes(sessoes: Sessoes) -> list[PreInscricao]:
    async with sessoes() as s:
        return list((await s.scalars(sa.select(PreInscricao).order_by(PreInscricao.id))).all())


async def _terminar(p: Pessoa) -> None:
    await p.compartilha_telefone(TELEFONE_CONTATO)
    await do_bairro_ao_resumo(p)
    await p.toca("Confirmar")
    assert p.ultima.texto.startswith("Pronto! Sua pré-inscrição foi feita.")


async def test_cartaz_no_meio_da_preinscricao_mantem_as_respostas_e_anota_a_origem(
    palco: Palco, maria: Pessoa, sessoes: Sessoes
) -> None:
    await ate_o_telefone(maria)
    assert maria.ultima.texto == pergunta_telefone(palco)

    for _ in range(LIMITE_TENTATIVAS + 2):  # mais toques que o limite de convites errados
        await maria.comando("/start cartaz-cras-norte")
        assert maria.ultima.texto == f"{CONTINUAR}\n\n{pergunta_telefone(palco)}"

    assert await _contar(sessoes, TentativaConvite) == 0  # não é convite: nada anotado
    await _terminar(maria)  # e segue de onde estava, sem perder nada
    (pre,) = await _preinscricoes(sessoes)
    assert (pre.nome, pre.cpf, pre.origem) == (
        "Maria Aparecida da Silva",
        "52998224725",
        "cartaz-cras-norte",
    )


async def test_cartaz_num_chat_novo_comeca_e_anota_a_origem(palco: Palco, sessoes: Sessoes) -> None:
    jose = palco.pessoa(OUTRO_CHAT)

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
    palco: Palco, maria: Pessoa, sessoes: Sessoes
) -> None:
    await ate_o_telefone(maria)

    await maria.comando("/start panfleto-feira-2027")

    assert maria.ultima.texto == f"{CONTINUAR}\n\n{pergunta_telefone(palco)}"
    await _terminar(maria)
    (pre,) = await _preinscricoes(sessoes)
    assert pre.origem == ""
    assert await _contar(sessoes, TentativaConvite) == 0


async def test_convite_depois_de_muitos_toques_no_cartaz_ainda_vale(
    maria: Pessoa, sessoes: Sessoes
) -> None:
    for _ in range(LIMITE_TENTATIVAS + 2):
        await maria.comando("/start cartaz-cras-norte")
    async with transacao(sessoes.kw["bind"]) as conexao:
        convite = await criar_convite(conexao, Escopo("gestao"), AGORA, timedelta(hours=1))

    await maria.comando(f"/start {convite.token}")

    assert "Pronto! Esta conversa agora é de" in maria.recebidas[-2].texto + maria.ultima.texto


async def test_carga_com_forma_de_convite_errada_continua_contando(
    palco: Palco, maria: Pessoa, sessoes: Sessoes
) -> None:
    """Só o que tem a forma de convite conta como convite errado (e trava no limite)."""
    await ate_o_telefone(maria)

    await maria.comando("/start " + "x" * 32)  # token de convite que não existe
    await maria.comando("/start QWER-TYUP")  # código curto que não existe

    assert await _contar(sessoes, TentativaConvite) == 2
    assert maria.ultima.texto.endswith(pergunta_telefone(palco))  # e nada se perdeu
