"""R5 pelo WhatsApp, de ponta a ponta: a OSC convoca (o fluxo real grava a fila), o
despachante real entrega pela fila do WhatsApp à Graph API falsa. Quem não escreve há
24 h recebe o modelo aprovado e confirma tocando nele; quem o WhatsApp não alcança
(131026) vira um aviso à técnica da OSC para ligar; o limite diário segura o resto, e a
técnica vê quantas convocações esperam o dia seguinte.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from armazenamento.banco import transacao
from armazenamento.modelos import Envio, Inalcancavel, PreInscricao
from bot.config_modelos import ConfigFila
from bot.despachante import Despachante
from bot.limite_envio import LimiteDeEnvio
from bot.whatsapp.fila import RemetenteFilaWhatsApp
from bot.whatsapp.graph import ClienteGraph, ConfigGraph
from bot.whatsapp.remetente import RemetenteWhatsApp
from fluxos.convocacao import cuidar_das_convocacoes
from fluxos.montagem import criar_motor_de_conversa
from fluxos.motor import Motor
from mensagens.serializacao import saida_de_json
from tests.conversa import Conversa
from tests.dados import semear_programa
from tests.falsos.graph_api import GraphApiFalsa
from tests.fluxos.conftest import AGORA
from tests.fluxos.convocacao.conftest import (
    Relogio,
    convocar_direto,
    encaminhar,
    id_da_turma,
    situacoes,
)
from tests.fluxos.equipe.conftest import Convidar, convidar  # noqa: F401  (fixture)

TECNICA = "900"  # a técnica da OSC, no Telegram


def wa(posicao: int) -> str:
    return f"55149900{posicao:05d}"


async def _sem_espera(_segundos: float) -> None:
    return None


@pytest.fixture
def relogio() -> Relogio:
    return Relogio()


@pytest.fixture
async def motor(sessoes: async_sessionmaker[AsyncSession], relogio: Relogio) -> Motor:
    await semear_programa(sessoes, AGORA.date())
    return criar_motor_de_conversa(sessoes.kw["bind"], relogio=relogio)


@pytest.fixture
async def graph() -> AsyncIterator[GraphApiFalsa]:
    async with GraphApiFalsa() as falsa:
        yield falsa


@pytest.fixture
async def osc(motor: Motor, convidar: Convidar) -> Conversa:
    tecnica = Conversa(motor, chat_id=TECNICA, canal="telegram")
    await tecnica.comando("start", (await convidar("osc")).token)
    return tecnica


async def no_whatsapp(banco: AsyncEngine, quantos: int) -> None:
    """As `quantos` primeiras da lista conversam pelo WhatsApp."""
    await encaminhar(banco, quantos)
    async with transacao(banco) as conexao:
        for posicao in range(1, quantos + 1):
            await conexao.execute(
                sa.update(PreInscricao)
                .where(PreInscricao.nome == f"Pessoa {posicao:02d} da Silva")  # type: ignore[arg-type]
                .values(canal="whatsapp", chat_id=wa(posicao))
            )


def despachante(
    banco: AsyncEngine, graph: GraphApiFalsa, relogio: Relogio, limite: int = 250
) -> tuple[Despachante, ClienteGraph]:
    cliente = ClienteGraph(ConfigGraph(graph.phone_number_id, graph.token, graph.base_url))
    fila = RemetenteFilaWhatsApp(
        banco, RemetenteWhatsApp(cliente), cliente, ConfigFila(limite_diario=limite), relogio
    )
    ritmo = LimiteDeEnvio(80, dormir=_sem_espera)
    return Despachante(banco, "whatsapp", fila, ritmo, dono="p1", relogio=relogio), cliente


async def fila_de(banco: AsyncEngine, canal: str, chat_id: str) -> list[Any]:
    async with banco.connect() as conexao:
        consulta = (
            sa.select(Envio)
            .where(Envio.canal == canal, Envio.chat_id == chat_id)  # type: ignore[arg-type]
            .order_by(Envio.id)  # type: ignore[arg-type]
        )
        return list((await conexao.execute(consulta)).all())


async def test_r5_convocacao_pelo_whatsapp_modelo_toque_e_quem_nao_recebe(
    motor: Motor, osc: Conversa, graph: GraphApiFalsa, relogio: Relogio
) -> None:
    await no_whatsapp(motor.banco, 3)
    async with transacao(motor.banco) as conexao:  # a 2ª escreveu há 1 h: janela aberta
        from armazenamento.janelas import registrar_entrada

        await registrar_entrada(conexao, "whatsapp", wa(2), AGORA - timedelta(hours=1))
    turma = await id_da_turma(motor.banco)
    await convocar_direto(motor, turma, 3)
    graph.falhar(131026, para=wa(3))  # a 3ª não tem mais WhatsApp nesse número
    enviar, cliente = despachante(motor.banco, graph, relogio)

    await enviar.esvaziar()
    await cliente.fechar()

    # a 1ª nunca escreveu: o modelo aprovado, com os dados da convocação
    [vista] = graph.enviadas(wa(1))
    assert vista.tipo == "modelo" and vista.texto == "convocacao_curso"
    [pedido] = [p.json for p in graph.pedidos if p.json and p.json.get("to") == wa(1)]
    corpo, sim, nao = pedido["template"]["components"]
    valores = [p["text"] for p in corpo["parameters"]]
    assert valores[:3] == ["Pessoa", "Confeitaria", "terça-feira, 16 de fevereiro, às 14h"]
    assert valores[4] == "quarta-feira, 13 de janeiro"
    # a 2ª, dentro da janela: a mensagem livre com os botões
    [livre] = graph.enviadas(wa(2))
    assert (livre.tipo, livre.opcoes) == ("botoes", ("Confirmo", "Não posso"))
    # a 3ª: fora da fila do WhatsApp, e a técnica fica sabendo para ligar
    [falhou] = await fila_de(motor.banco, "whatsapp", wa(3))
    assert falhou.estado == "falhou" and falhou.ultimo_erro.startswith("whatsapp:131026")
    [aviso] = [saida_de_json(e.conteudo) for e in await fila_de(motor.banco, "telegram", TECNICA)]
    assert aviso.texto.startswith("Não conseguimos avisar Pessoa 03 da Silva pelo WhatsApp")
    assert aviso.modelo is not None and aviso.modelo.chave == "alerta_equipe"
    async with motor.banco.connect() as conexao:
        marcadas = (await conexao.execute(sa.select(Inalcancavel.chat_id))).scalars().all()  # type: ignore[call-overload]
    assert marcadas == [wa(3)]

    # a 1ª toca "Confirmo" no modelo: o payload do botão é o do botão da convocação
    pessoa = Conversa(motor, chat_id=wa(1), canal="whatsapp")
    resposta = await pessoa.aperta(sim["parameters"][0]["payload"])
    assert "Confeitaria" in resposta[0].texto
    assert nao["parameters"][0]["payload"] != sim["parameters"][0]["payload"]
    assert (await situacoes(motor.banco, turma))["matriculados"] == 1


async def test_limite_diario_a_osc_ve_quantas_convocacoes_esperam(
    motor: Motor, osc: Conversa, graph: GraphApiFalsa, relogio: Relogio
) -> None:
    await no_whatsapp(motor.banco, 3)
    turma = await id_da_turma(motor.banco)
    await convocar_direto(motor, turma, 3)
    enviar, cliente = despachante(motor.banco, graph, relogio, limite=1)

    await enviar.esvaziar()

    assert [bool(graph.enviadas(wa(p))) for p in (1, 2, 3)] == [True, False, False]
    await osc.toca("Convocar")
    await osc.toca("T0")
    assert "2 convocações esperam o limite de amanhã do WhatsApp" in osc.ultima.texto, (
        osc.ultima.texto
    )

    relogio.andar(hours=24)  # a vaga da 1ª abre: sai a 2ª, na ordem da lista
    await enviar.esvaziar()
    await cliente.fechar()
    assert [bool(graph.enviadas(wa(p))) for p in (1, 2, 3)] == [True, True, False]
    await osc.toca("Outra turma")
    await osc.toca("T0")
    assert "1 convocação espera o limite de amanhã do WhatsApp" in osc.ultima.texto


async def test_r5_convocacao_segurada_nao_vence_e_sai_com_o_prazo_contado_do_envio(
    motor: Motor, osc: Conversa, graph: GraphApiFalsa, relogio: Relogio
) -> None:
    """R5: a pessoa tem os seus dias para responder a partir de quando a chamada CHEGA.
    Quem ficou dias esperando o limite não perde a vaga sem ter sido chamado."""
    await no_whatsapp(motor.banco, 3)
    turma = await id_da_turma(motor.banco)
    await convocar_direto(motor, turma, 3)  # domingo, 10/1: prazo quarta-feira, 13/1
    enviar, cliente = despachante(motor.banco, graph, relogio, limite=1)
    await enviar.esvaziar()

    relogio.andar(days=4)  # quinta-feira, 14/1: o prazo de quarta passou
    await cuidar_das_convocacoes(motor.banco, relogio(), motor.ajustes)
    # a 1ª recebeu e não respondeu: venceu; a 2ª e a 3ª nem receberam: seguem pendentes
    primeira = [e.chave.split(":")[-1] for e in await fila_de(motor.banco, "whatsapp", wa(1))]
    assert primeira[-1] == "expirada"
    assert (await situacoes(motor.banco, turma)).get("pendente") == 2

    await enviar.esvaziar()  # a vaga da 1ª abriu (24 h): sai a 2ª, com o prazo novo
    await cliente.fechar()
    [pedido] = [p.json for p in graph.pedidos if p.json and p.json.get("to") == wa(2)]
    corpo = pedido["template"]["components"][0]
    assert corpo["parameters"][4]["text"] == "domingo, 17 de janeiro"  # 14/1 + 3 dias
    [linha] = await fila_de(motor.banco, "whatsapp", wa(2))
    assert "domingo, 17 de janeiro" in saida_de_json(linha.conteudo).texto
    assert not graph.enviadas(wa(3))  # a 3ª espera a próxima vaga, ainda sem prazo correndo
