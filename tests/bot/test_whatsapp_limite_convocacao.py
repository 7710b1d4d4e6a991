"""Convocações seguradas pelo limite diário do WhatsApp (R5; achado 6 do issue 11), de ponta
a ponta: a OSC convoca pela tela (fluxo real), o despachante real entrega pela fila do
WhatsApp à Graph API falsa, com o relógio explícito.

- a OSC lê, no "Convoquei…", quantas esperam o limite (não só ao reabrir o painel);
- quem escreve (abre a janela de 24 h) recebe na hora a convocação segurada, livre;
- a convocação que não vale mais (respondida, matriculada) não sai quando a vaga abre.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from armazenamento.banco import transacao
from armazenamento.convocacoes import achar_convocacao
from armazenamento.janelas import registrar_entrada
from armazenamento.limite_diario import ESPERA_LIMITE
from armazenamento.modelos import Convocacao, PreInscricao
from bot.whatsapp.fila import NAO_VALE
from fluxos.ajustes import Ajustes
from fluxos.convocacao.acoes import responder
from fluxos.montagem import criar_motor_de_conversa
from fluxos.motor import Motor
from tests.bot.test_whatsapp_fila_convocacao import (  # noqa: F401  (fixtures)
    despachante,
    fila_de,
    graph,
    no_whatsapp,
    osc,
    relogio,
    wa,
)
from tests.conversa import Conversa
from tests.dados import semear_programa
from tests.falsos.graph_api import GraphApiFalsa
from tests.fluxos.conftest import AGORA
from tests.fluxos.convocacao.conftest import Relogio, convocar_direto, id_da_turma
from tests.fluxos.equipe.conftest import convidar  # noqa: F401  (fixture)

LIMITE = 2  # pessoas novas por dia fora da janela (WHATSAPP_LIMITE_DIARIO)


@pytest.fixture
async def motor(sessoes: async_sessionmaker[AsyncSession], relogio: Relogio) -> Motor:
    await semear_programa(sessoes, AGORA.date())
    ajustes = Ajustes(limite_whatsapp=LIMITE)
    return criar_motor_de_conversa(sessoes.kw["bind"], relogio=relogio, ajustes=ajustes)


async def escreveu(motor: Motor, posicao: int, ha: timedelta) -> None:
    async with transacao(motor.banco) as conexao:
        await registrar_entrada(conexao, "whatsapp", wa(posicao), motor.relogio() - ha)


# (quantas na lista do WhatsApp, quem escreveu há 1 h, quantas já alcançadas hoje,
#  o que a OSC lê sobre o limite)
CASOS = [
    (2, (), 0, None),  # cabem no limite: nada a dizer
    (4, (), 0, "2 convocações esperam o limite de amanhã do WhatsApp"),
    (4, (3,), 0, "1 convocação espera o limite de amanhã do WhatsApp"),  # a 3ª: janela
    (4, (1, 2, 3, 4), 0, None),  # todas na janela: mensagem livre, sem limite
    (3, (), 1, "2 convocações esperam o limite de amanhã do WhatsApp"),  # 1 vaga já gasta
]


@pytest.mark.parametrize(("quantas", "janela", "alcancadas", "esperado"), CASOS)
async def test_a_osc_le_ao_convocar_quantas_esperam_o_limite(
    motor: Motor,
    osc: Conversa,
    graph: GraphApiFalsa,
    relogio: Relogio,
    quantas: int,
    janela: tuple[int, ...],
    alcancadas: int,
    esperado: str | None,
) -> None:
    await no_whatsapp(motor.banco, quantas + alcancadas)
    turma = await id_da_turma(motor.banco)
    if alcancadas:  # alguém de outra chamada já recebeu um modelo hoje
        await convocar_direto(motor, turma, alcancadas)
        enviar, cliente = despachante(motor.banco, graph, relogio, limite=LIMITE)
        await enviar.esvaziar()
        await cliente.fechar()
    for posicao in janela:
        await escreveu(motor, alcancadas + posicao, timedelta(hours=1))

    await osc.toca("Convocar")
    await osc.toca("T0")
    resumo, painel = await osc.toca("Convocar para vagas")

    lido = resumo.texto
    assert lido.startswith(f"Convoquei {quantas} pessoas."), lido
    if esperado is None:
        assert "limite" not in lido, lido
    else:
        assert esperado in lido, lido
        assert "O prazo de quem espera conta a partir do dia em que a convocação chega" in lido
        assert "o limite" not in painel.texto  # dito uma vez só, no resumo


async def test_quem_escreve_recebe_na_hora_a_convocacao_segurada(
    motor: Motor, osc: Conversa, graph: GraphApiFalsa, relogio: Relogio
) -> None:
    await no_whatsapp(motor.banco, 4)
    turma = await id_da_turma(motor.banco)
    await convocar_direto(motor, turma, 4)
    enviar, cliente = despachante(motor.banco, graph, relogio, limite=LIMITE)
    await enviar.esvaziar()
    assert [bool(graph.enviadas(wa(p))) for p in (1, 2, 3, 4)] == [True, True, False, False]
    await osc.toca("Convocar")
    await osc.toca("T0")
    await osc.toca("Ver situação")  # quem ainda nem recebeu aparece assim
    segurada = "(ainda não enviada: espera o limite diário do WhatsApp"
    linhas = [linha for linha in osc.ultima.texto.splitlines() if "Pessoa 0" in linha]
    assert [segurada in linha for linha in linhas] == [False, False, True, True], linhas

    relogio.andar(minutes=30)
    await escreveu(motor, 4, timedelta(0))  # a 4ª escreve "oi": a janela abre
    await enviar.esvaziar()
    await cliente.fechar()

    [livre] = graph.enviadas(wa(4))  # livre, com os botões (não é modelo, não gasta vaga)
    assert (livre.tipo, livre.opcoes) == ("botoes", ("Confirmo", "Não posso"))
    [linha] = await fila_de(motor.banco, "whatsapp", wa(4))
    assert (linha.estado, linha.modelo) == ("enviada", "")
    [segurada] = await fila_de(motor.banco, "whatsapp", wa(3))  # a 3ª segue esperando
    assert (segurada.estado, segurada.ultimo_erro) == ("pendente", ESPERA_LIMITE)


async def _convocacao_de(motor: Motor, posicao: int) -> int:
    async with motor.banco.connect() as conexao:
        consulta = (
            sa.select(Convocacao.id)  # type: ignore[call-overload]
            .join(PreInscricao, PreInscricao.id == Convocacao.preinscricao_id)
            .where(PreInscricao.chat_id == wa(posicao))
        )
        return int((await conexao.execute(consulta)).scalar_one())


@pytest.mark.parametrize(
    ("quer", "motivo"),
    [
        (True, "convocacao: ja confirmada"),  # confirmou pela "situação", por telefone
        (False, "convocacao: ja recusada"),
    ],
)
async def test_convocacao_respondida_enquanto_esperava_nao_sai(
    motor: Motor, osc: Conversa, graph: GraphApiFalsa, relogio: Relogio, quer: bool, motivo: str
) -> None:
    await no_whatsapp(motor.banco, 3)
    turma = await id_da_turma(motor.banco)
    await convocar_direto(motor, turma, 3)
    enviar, cliente = despachante(motor.banco, graph, relogio, limite=1)
    await enviar.esvaziar()  # sai a 1ª; a 2ª e a 3ª esperam o limite
    async with transacao(motor.banco) as conexao:  # a 2ª responde por outro caminho
        achada = await achar_convocacao(conexao, await _convocacao_de(motor, 2))
        assert achada is not None
        await responder(conexao, achada, quer, relogio(), motor.ajustes)

    relogio.andar(hours=24, minutes=1)  # a vaga abre
    await enviar.esvaziar()
    await cliente.fechar()

    assert graph.enviadas(wa(2)) == []  # nem modelo pago, nem vaga do limite gasta à toa
    [linha] = [e for e in await fila_de(motor.banco, "whatsapp", wa(2)) if e.chave.count(":") == 1]
    assert (linha.estado, linha.ultimo_erro) == ("falhou", f"{NAO_VALE}: {motivo}")
    assert graph.enviadas(wa(3))  # a vaga ficou para a próxima da fila
