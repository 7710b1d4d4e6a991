"""Retenção de dados pessoais (issue 9 §4, ARQUITETURA.md §8), com o relógio parado.

Antes do prazo nada é apagado; depois dele, só o que deve: a caixa de entrada já
processada, o texto das mensagens já entregues e as respostas das conversas paradas. O
que ainda falta processar ou enviar fica, sempre.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from armazenamento import caixa_entrada, envios
from armazenamento.banco import transacao
from armazenamento.modelos import Conversa as LinhaConversa
from armazenamento.modelos import Envio, Recebida
from fluxos.montagem import criar_motor_de_conversa
from fluxos.motor import Motor
from fluxos.retencao import (
    CONTEUDO_VAZIO,
    MARCA_APAGADA,
    Limpeza,
    Prazos,
    aplicar_retencao,
)
from mensagens.catalogo import texto
from mensagens.serializacao import saida_para_json
from mensagens.tipos import Entrada, Saida, Tipo
from tests.conversa import Conversa
from tests.dados import semear_programa
from tests.fluxos.conftest import AGORA
from tests.fluxos.priorizacao.conftest import Relogio

_R = Recebida.__table__  # type: ignore[attr-defined]
_E = Envio.__table__  # type: ignore[attr-defined]
_C = LinhaConversa.__table__  # type: ignore[attr-defined]
PRAZOS = Prazos()  # 7 dias para a entrada, 30 para a conversa
UM_SEGUNDO = timedelta(seconds=1)
NOME, CPF = "Joana Souza", "52998224725"
NOTA = texto("retencao.conversa_apagada")


@pytest.fixture
def relogio() -> Relogio:
    return Relogio()


@pytest.fixture
async def motor(sessoes: async_sessionmaker[AsyncSession], relogio: Relogio) -> Motor:
    await semear_programa(sessoes, AGORA.date())
    return criar_motor_de_conversa(sessoes.kw["bind"], relogio=relogio)


async def ate_o_telefone(pessoa: Conversa) -> None:
    """Nome, nascimento e CPF respondidos; a pessoa para na pergunta do telefone."""
    await pessoa.comando("start")
    await pessoa.toca("Entendi, continuar")
    await pessoa.diz(NOME)
    await pessoa.toca("Não uso")
    await pessoa.diz("03/02/2000")
    await pessoa.diz(CPF)
    assert "telefone" in pessoa.ultima.texto.lower()


async def dados_da_conversa(banco: AsyncEngine, chat_id: str) -> str:
    async with banco.connect() as conexao:
        consulta = sa.select(_C.c.dados).where(_C.c.chat_id == chat_id)
        return str((await conexao.execute(consulta)).scalar_one())


# ----- caixa de entrada e fila de envio ------------------------------------------------


async def _semear_mensagens(banco: AsyncEngine, quando: datetime) -> None:
    """Uma de cada: update processado e pendente; envio entregue, pendente e que falhou.
    Todos com o nome da pessoa no texto cru."""
    corpo = json.dumps({"message": {"text": f"{NOME}, {CPF}"}})
    conteudo = saida_para_json(Saida(f"{NOME}, você foi chamada para o curso."))
    async with transacao(banco) as conexao:
        for id_externo in ("processada", "pendente"):
            await caixa_entrada.guardar(conexao, "telegram", id_externo, corpo, quando)
        await caixa_entrada.marcar_processada(conexao, "telegram", "processada", quando)
        for chave in ("enviada", "pendente", "falhou"):
            await envios.enfileirar(conexao, "telegram", "9", conteudo, chave, quando)
        await conexao.execute(
            sa.update(_E).where(_E.c.chave == "enviada").values(estado="enviada", enviado_em=quando)
        )
        await conexao.execute(sa.update(_E).where(_E.c.chave == "falhou").values(estado="falhou"))


async def _recebidas(banco: AsyncEngine) -> set[str]:
    async with banco.connect() as conexao:
        return set((await conexao.execute(sa.select(_R.c.id_externo))).scalars())


async def _com_nome(banco: AsyncEngine) -> set[str]:
    """As chaves dos envios cujo texto ainda tem o nome."""
    async with banco.connect() as conexao:
        linhas = (await conexao.execute(sa.select(_E.c.chave, _E.c.conteudo))).all()
    return {chave for chave, conteudo in linhas if NOME in conteudo}


@pytest.mark.parametrize(
    ("depois", "limpeza", "recebidas", "com_nome"),
    [
        # antes do prazo, nada
        (
            PRAZOS.entrada - UM_SEGUNDO,
            Limpeza(),
            {"processada", "pendente"},
            {"enviada", "pendente", "falhou"},
        ),
        # passado o prazo: só a processada e o texto da entregue
        (PRAZOS.entrada + UM_SEGUNDO, Limpeza(1, 1, 0), {"pendente"}, {"pendente", "falhou"}),
        # um ano depois, o que falta processar ou enviar continua lá
        (timedelta(days=365), Limpeza(1, 1, 0), {"pendente"}, {"pendente", "falhou"}),
    ],
)
async def test_lgpd_entrada_processada_e_texto_enviado_somem_no_prazo(
    motor_banco: AsyncEngine,
    depois: timedelta,
    limpeza: Limpeza,
    recebidas: set[str],
    com_nome: set[str],
) -> None:
    await _semear_mensagens(motor_banco, AGORA)

    assert await aplicar_retencao(motor_banco, AGORA + depois, PRAZOS) == limpeza
    assert await aplicar_retencao(motor_banco, AGORA + depois, PRAZOS) == Limpeza()  # de novo

    assert await _recebidas(motor_banco) == recebidas
    assert await _com_nome(motor_banco) == com_nome
    async with motor_banco.connect() as conexao:  # a linha entregue fica para a contagem
        assert await envios.contagens(conexao) == {"enviada": 1, "pendente": 1, "falhou": 1}
        conteudos = (await conexao.execute(sa.select(_E.c.conteudo))).scalars().all()
    assert (CONTEUDO_VAZIO in conteudos) == (limpeza.enviadas == 1)


async def test_lgpd_prazo_configurado_vale(motor_banco: AsyncEngine) -> None:
    await _semear_mensagens(motor_banco, AGORA)
    curtos = Prazos(entrada=timedelta(days=2), conversa=timedelta(days=3))
    assert await aplicar_retencao(motor_banco, AGORA + timedelta(days=3), curtos) == Limpeza(1, 1)


# ----- conversas paradas ---------------------------------------------------------------


@pytest.mark.parametrize("tarefa", [True, False], ids=["com_a_tarefa", "sem_a_tarefa"])
async def test_lgpd_conversa_parada_perde_as_respostas_em_30_dias(
    motor: Motor, relogio: Relogio, tarefa: bool
) -> None:
    """Com a tarefa diária, as respostas somem do banco no prazo; sem ela (a tarefa ainda
    não passou), somem na mensagem de quem volta. Nos dois casos a pessoa ouve a nota."""
    joana, outra = Conversa(motor, chat_id="201"), Conversa(motor, chat_id="202")
    await ate_o_telefone(joana)
    relogio.agora = AGORA + timedelta(days=10)
    await ate_o_telefone(outra)  # escreveu depois: o prazo dela conta de outro dia
    inicio = AGORA

    if tarefa:
        relogio.agora = inicio + PRAZOS.conversa - UM_SEGUNDO
        assert await aplicar_retencao(motor.banco, relogio.agora, PRAZOS) == Limpeza()
        assert CPF in await dados_da_conversa(motor.banco, "201")

        relogio.agora = inicio + PRAZOS.conversa + UM_SEGUNDO
        assert await aplicar_retencao(motor.banco, relogio.agora, PRAZOS) == Limpeza(conversas=1)
        assert await aplicar_retencao(motor.banco, relogio.agora, PRAZOS) == Limpeza()
        assert await dados_da_conversa(motor.banco, "201") == MARCA_APAGADA
        assert CPF in await dados_da_conversa(motor.banco, "202")  # ainda no prazo

    relogio.agora = inicio + PRAZOS.conversa + timedelta(days=1)
    saidas = await joana.diz("oi")

    assert saidas[0].texto == NOTA
    assert all(NOME not in s.texto and CPF not in s.texto for s in saidas)
    dados = await dados_da_conversa(motor.banco, "201")
    assert NOME not in dados and CPF not in dados and dados != MARCA_APAGADA
    await joana.diz("oi")  # a nota foi dita uma vez só
    assert NOTA not in [s.texto for s in joana.ouvidas[-2:]]
    await outra.diz("14 3222-1234")  # quem está no prazo continua de onde parou
    assert "bairro" in outra.ultima.texto.lower()


async def test_lgpd_conversa_sem_respostas_volta_sem_nota(motor: Motor, relogio: Relogio) -> None:
    """Quem só viu o menu não tinha nada a perder: zerada em silêncio."""
    pessoa = Conversa(motor, chat_id="203")
    await pessoa.comando("start")
    relogio.agora = AGORA + PRAZOS.conversa + UM_SEGUNDO
    assert await aplicar_retencao(motor.banco, relogio.agora, PRAZOS) == Limpeza(conversas=1)
    assert await dados_da_conversa(motor.banco, "203") == "{}"
    saidas = await pessoa.comando("start")
    assert NOTA not in [s.texto for s in saidas]


async def test_lgpd_resposta_guardada_do_chat_web_some_com_a_conversa(
    motor: Motor, relogio: Relogio
) -> None:
    """A última resposta guardada para o "Tentar de novo" (pode ter o nome, no resumo) some
    junto com as respostas da conversa parada."""
    joana = Conversa(motor, canal="web", chat_id="204")
    await ate_o_telefone(joana)
    await motor.processar(Entrada("web", "204", Tipo.TEXTO, texto="14 3222-1234", id_externo="m-1"))
    async with motor.banco.connect() as conexao:
        consulta = sa.select(_C.c.ultima_entrada, _C.c.ultima_resposta).where(_C.c.chat_id == "204")
        assert (await conexao.execute(consulta)).one()[0] == "m-1"

    relogio.agora = AGORA + PRAZOS.conversa + UM_SEGUNDO
    await aplicar_retencao(motor.banco, relogio.agora, PRAZOS)

    async with motor.banco.connect() as conexao:
        assert tuple((await conexao.execute(consulta)).one()) == ("", "")
