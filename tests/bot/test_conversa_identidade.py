"""Nos canais de mensagem, /cancelar nunca muda quem a pessoa é (ARQUITETURA §2, R24).

Motor real; Telegram com a Bot API falsa, WhatsApp com o webhook e a Graph API falsa: a
técnica que entrou pelo link do convite cancela no meio da pré-inscrição assistida e
continua da equipe, com o mesmo vínculo (ligado ao id da conta, não à conversa).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from armazenamento.banco import transacao
from armazenamento.equipe import ConviteNovo, Escopo, criar_convite
from armazenamento.modelos import MembroEquipe, Osc
from armazenamento.tempo import agora
from mensagens.catalogo import texto
from tests.bot.canais_de_conversa import Palco, Relogio

CHAT = 7_400_001


@pytest.fixture
def relogio_da_conversa() -> Relogio:
    return agora  # o convite vence em 1 h do relógio de verdade


async def convidar_osc(banco: AsyncEngine) -> ConviteNovo:
    """Como o `inclusao convite --papel osc --osc 1` faz (o comando tem seus testes)."""
    async with transacao(banco) as conexao:
        osc_id = (await conexao.execute(sa.select(sa.func.min(Osc.id)))).scalar_one()
        return await criar_convite(
            conexao, Escopo("osc", osc_id=osc_id), agora(), timedelta(hours=1)
        )


async def vinculos(banco: AsyncEngine) -> list[tuple[str, str, str]]:
    async with banco.connect() as conexao:
        t = MembroEquipe.__table__  # type: ignore[attr-defined]
        consulta = sa.select(t.c.canal, t.c.usuario_id, t.c.chat_id)
        return [(a, b, c) for a, b, c in (await conexao.execute(consulta)).all()]


async def test_r24_cancelar_mantem_o_papel(palco: Palco) -> None:
    tecnica = palco.pessoa(CHAT)
    convite = await convidar_osc(palco.banco)
    await tecnica.comando(f"/start {convite.token}")
    antes = await vinculos(palco.banco)
    await tecnica.toca(texto("equipe.botao.preinscrever"))
    await tecnica.toca(tecnica.ultima.rotulos[0])  # a pessoa concorda com o aviso
    await tecnica.diz("Maria da Silva")

    await tecnica.comando("/cancelar")
    if tecnica.ultima.rotulos:  # o assistente pede confirmação antes de apagar respostas
        await tecnica.toca(tecnica.ultima.rotulos[0])
    await tecnica.comando("/menu")

    assert texto("equipe.botao.turmas") in tecnica.ultima.rotulos
    conta = (palco.canal, palco.usuario_id(CHAT), palco.chat_id(CHAT))
    assert await vinculos(palco.banco) == antes == [conta]
