"""R5 (issue 11, item 6): na "Ver situação" da OSC, ao lado de quem aguarda resposta, se
a convocação chegou e foi lida no WhatsApp — ou não chegou, e aí a OSC liga."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from armazenamento import envios
from armazenamento.banco import transacao
from armazenamento.entregas import registrar_entrega
from armazenamento.modelos import PreInscricao
from fluxos.motor import Motor
from tests.conversa import Conversa
from tests.fluxos.convocacao.conftest import convocar_direto, encaminhar, id_da_turma
from tests.fluxos.equipe.conftest import Convidar


@pytest.fixture
async def osc(tecnica: Conversa, convidar: Convidar) -> Conversa:
    await tecnica.comando("start", (await convidar("osc")).token)
    return tecnica


async def convocacoes_pelo_whatsapp(motor: Motor, quantas: int) -> int:
    """`quantas` pessoas que se inscreveram pelo WhatsApp, convocadas e com a mensagem da
    convocação já enviada (o wamid de cada uma: "wamid.<posição>")."""
    ids = await encaminhar(motor.banco, quantas)
    async with transacao(motor.banco) as c:
        await c.execute(
            sa.update(PreInscricao)
            .where(PreInscricao.id.in_(ids))  # type: ignore[union-attr]
            .values(canal="whatsapp")
        )
    turma = await id_da_turma(motor.banco)
    await convocar_direto(motor, turma, quantas)
    async with transacao(motor.banco) as c:  # a posse gravada antes de enviar
        linhas = await envios.reivindicar(
            c, "whatsapp", 50, motor.relogio(), timedelta(minutes=2), "teste"
        )
    assert len(linhas) == quantas
    async with transacao(motor.banco) as c:
        for posicao, linha in enumerate(sorted(linhas, key=lambda x: x.id), start=1):
            await envios.marcar_enviada(c, linha.id, "teste", f"wamid.{posicao}", motor.relogio())
    return turma


async def test_r5_osc_ve_se_a_convocacao_chegou_e_foi_lida_no_whatsapp(
    osc: Conversa, motor: Motor
) -> None:
    turma = await convocacoes_pelo_whatsapp(motor, 4)
    async with transacao(motor.banco) as c:
        agora = motor.relogio()
        for wamid, situacao in [
            ("wamid.1", "read"),
            ("wamid.1", "delivered"),  # atrasada: não volta
            ("wamid.2", "delivered"),
            ("wamid.3", "failed"),
            ("wamid.4", "sent"),
        ]:
            erro = "131026" if situacao == "failed" else ""
            await registrar_entrega(c, "whatsapp", wamid, situacao, agora, erro)

    await osc.comando("conv_situacao", str(turma))

    linhas = osc.ultima.texto.splitlines()
    nome = "Pessoa 0{} da Silva (escolheu manhã, curso como 1ª opção)"
    assert f"- {nome.format(1)} (leu a convocação no WhatsApp)" in linhas
    assert f"- {nome.format(2)} (a convocação chegou no WhatsApp)" in linhas
    ligar = "(a convocação não chegou no WhatsApp: ligue para (14) 99000-0003)"
    assert f"- {nome.format(3)} {ligar}" in linhas
    assert f"- {nome.format(4)}" in linhas  # só saiu: nada a dizer ainda
    assert "131026" not in osc.ultima.texto
