"""R3: quem pediu "me avise" recebe o aviso (pela fila) quando o período abre; uma vez só."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from armazenamento.modelos import Envio, PedidoAviso
from fluxos.aberturas import avisar_aberturas
from fluxos.montagem import criar_motor_de_conversa
from mensagens.serializacao import saida_de_json
from tests.conversa import Conversa
from tests.dados import semear_programa
from tests.fluxos.conftest import AGORA


async def pedir_aviso(motor_banco: AsyncEngine, chat: str, canal: str = "telegram") -> None:
    pessoa = Conversa(criar_motor_de_conversa(motor_banco, relogio=lambda: AGORA), chat, canal)
    await pessoa.comando("start")
    await pessoa.toca("Me avise")


async def test_r3_aviso_de_abertura_vai_para_a_fila_uma_vez(
    sessoes: async_sessionmaker[AsyncSession], motor_banco: AsyncEngine
) -> None:
    await semear_programa(sessoes, AGORA.date(), aberto=False)  # abre daqui a 10 dias
    for chat in ("1", "2"):
        await pedir_aviso(motor_banco, chat)

    assert await avisar_aberturas(motor_banco, AGORA) == 0  # ainda fechado
    abriu = AGORA + timedelta(days=10)
    assert await avisar_aberturas(motor_banco, abriu) == 2
    assert await avisar_aberturas(motor_banco, abriu + timedelta(hours=1)) == 0  # de novo: nada

    async with motor_banco.connect() as conexao:
        envios = (await conexao.execute(select(Envio.chat_id, Envio.chave, Envio.conteudo))).all()
        pedidos = (await conexao.execute(select(PedidoAviso.enviado_em))).scalars().all()
    assert sorted((e.chat_id, e.chave) for e in envios) == [
        ("1", "abertura:2027:telegram:1"),
        ("2", "abertura:2027:telegram:2"),
    ]
    aviso = saida_de_json(envios[0].conteudo)
    assert aviso.texto.startswith("As pré-inscrições dos cursos gratuitos abriram!")
    assert [(b.rotulo, b.valor) for b in aviso.botoes] == [
        ("Fazer pré-inscrição", "cmd:preinscricao")
    ]
    assert all(p is not None for p in pedidos)


async def test_botao_do_aviso_comeca_a_preinscricao(
    sessoes: async_sessionmaker[AsyncSession], motor_banco: AsyncEngine
) -> None:
    """O botão de uma mensagem da fila vale a qualquer hora (não é "mensagem antiga")."""
    await semear_programa(sessoes, AGORA.date())
    pessoa = Conversa(criar_motor_de_conversa(motor_banco, relogio=lambda: AGORA), "7", "telegram")
    await pessoa.aperta("cmd:preinscricao")
    assert pessoa.ultima.texto.startswith("Olá! Aqui você faz a pré-inscrição")


async def test_botao_da_fila_no_meio_da_preinscricao_nao_perde_a_conversa(
    sessoes: async_sessionmaker[AsyncSession], motor_banco: AsyncEngine
) -> None:
    await semear_programa(sessoes, AGORA.date())
    pessoa = Conversa(criar_motor_de_conversa(motor_banco, relogio=lambda: AGORA), "8", "telegram")
    await pessoa.comando("start")
    await pessoa.toca("Entendi, continuar")
    await pessoa.aperta("cmd:status")  # botão de uma mensagem antiga da fila
    assert pessoa.ouvidas[-2].texto == "Você ainda não tem pré-inscrição feita por aqui."
    assert pessoa.ultima.texto.startswith("Qual é o seu nome completo?")
    await pessoa.aperta("cmd:preinscricao")
    assert "no meio de uma conversa" in pessoa.ultima.texto
    await pessoa.diz("Maria Aparecida da Silva")
    assert "nome social" in pessoa.ultima.texto
