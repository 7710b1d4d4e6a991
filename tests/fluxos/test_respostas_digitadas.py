"""Quem digita em vez de tocar, conversando com o motor de verdade (issue 8, item 2): "sim"
no resumo, "ok" no aviso, "de manhã" no turno; e o "cancelar" que pede confirmação antes
de apagar as respostas já dadas."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from armazenamento.modelos import Conversa as LinhaConversa
from armazenamento.modelos import Curso, PedidoAviso, PreInscricao
from fluxos.montagem import criar_motor_de_conversa
from mensagens.catalogo import texto
from tests.conversa import Conversa
from tests.dados import semear_programa
from tests.fluxos.conftest import AGORA
from tests.fluxos.test_preinscricao import ate_o_resumo, contar

PERGUNTA_RESUMO = "Está tudo certo?"
APAGAR = texto("escolhas.cancelar.pergunta")


async def _preinscricao(sessoes: async_sessionmaker[AsyncSession]) -> PreInscricao:
    async with sessoes() as s:
        return (await s.execute(select(PreInscricao))).scalar_one()


@pytest.mark.parametrize("digitado", ["sim", "Sim!", "confirmo", "ok", "tá bom"])
async def test_r3_sim_digitado_no_resumo_confirma(
    pessoa: Conversa, sessoes: async_sessionmaker[AsyncSession], digitado: str
) -> None:
    await ate_o_resumo(pessoa)

    await pessoa.diz(digitado)

    assert any(
        s.texto.startswith("Pronto! Sua pré-inscrição foi feita.") for s in pessoa.ouvidas[-2:]
    )
    assert await contar(sessoes) == 1


@pytest.mark.parametrize("digitado", ["não", "nao", "corigir"])
async def test_nao_digitado_no_resumo_vai_para_corrigir(pessoa: Conversa, digitado: str) -> None:
    await ate_o_resumo(pessoa)

    await pessoa.diz(digitado)

    assert "Nome" in pessoa.rotulos and "Turno" in pessoa.rotulos


@pytest.mark.parametrize("digitado", ["ok", "entendi", "sim", "entendi, continua"])
async def test_ok_no_aviso_de_privacidade_continua(pessoa: Conversa, digitado: str) -> None:
    await pessoa.comando("start")

    await pessoa.diz(digitado)

    assert pessoa.ultima.texto == texto("preinscricao.nome.pergunta")


async def test_digitando_tudo_como_as_pessoas_escrevem(
    pessoa: Conversa, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    """Uma pré-inscrição inteira sem tocar em nenhum botão."""
    await pessoa.comando("start")
    for digitado in [
        "ok",
        "Claro Silva Souza",  # um nome que começa com "Claro" é um nome, não um "sim"
        "não",
        "03/02/2008",
        "529.982.247-25",
        "(14) 99123-4567",
        "jardim europa",
        "1 e 4",  # R2: números da lista, nunca a 1ª opção
        "confeitaria",
        "so esse",
        "de manhã",
        "ensino médio completo",
        "isso",
    ]:
        await pessoa.diz(digitado)

    assert any(s.texto.startswith("Pronto!") for s in pessoa.ouvidas[-2:])
    pre = await _preinscricao(sessoes)
    assert (pre.nome, pre.nome_social, pre.prioridades) == ("Claro Silva Souza", "", "I,IV")
    assert (pre.turno, pre.escolaridade) == ("manha", "medio_completo")


async def test_parte_do_rotulo_e_palavras_do_dia_a_dia_escolhem_a_opcao(
    pessoa: Conversa, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    """ "informatica" é "Informática básica"; "segundo grau completo" é "Médio completo"."""
    await pessoa.comando("start")
    for digitado in [
        "ok",
        "Maria Aparecida da Silva",
        "não",
        "03/02/2008",
        "529.982.247-25",
        "(14) 99123-4567",
        "jardim europa",
        "nenhuma",
        "informatica",
        "costura",
        "de manhã",
        "segundo grau completo",
        "sim",
    ]:
        await pessoa.diz(digitado)

    assert any(s.texto.startswith("Pronto!") for s in pessoa.ouvidas[-2:])
    pre = await _preinscricao(sessoes)
    async with sessoes() as s:
        cursos = {c.id: c.nome for c in (await s.scalars(select(Curso))).all()}
    assert (cursos[pre.curso1_id], cursos.get(pre.curso2_id or 0)) == (
        "Informática básica",
        "Corte e costura",
    )
    assert pre.escolaridade == "medio_completo"


async def test_parte_que_cabe_em_duas_opcoes_explica_e_pergunta_de_novo(pessoa: Conversa) -> None:
    await ate_o_resumo(pessoa)
    await pessoa.diz("corrigir")
    await pessoa.diz("escolaridade")

    await pessoa.diz("superior")  # completo ou incompleto?

    assert pessoa.ultima.texto.startswith(texto("preinscricao.escolaridade.escolha"))
    await pessoa.diz("faculdade completa")
    assert PERGUNTA_RESUMO in pessoa.ultima.texto
    assert "Superior completo" in pessoa.ultima.texto


async def test_sim_no_nome_social_explica_e_nao_vira_nome(pessoa: Conversa) -> None:
    await pessoa.comando("start")
    await pessoa.toca("Entendi, continuar")
    await pessoa.diz("Maria Aparecida da Silva")

    await pessoa.diz("sim")

    assert pessoa.ultima.texto.startswith(texto("preinscricao.nome_social.ajuda"))
    assert pessoa.ultima.texto.endswith(texto("preinscricao.nome_social.pergunta"))
    await pessoa.diz("Nayara")
    assert "Anotei" in pessoa.ultima.texto or "nascimento" in pessoa.ultima.texto


async def test_prioridade_um_e_a_situacao_i_e_nao_a_opcao_nenhuma(
    pessoa: Conversa, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    """R2: a lista é respondida com números."""
    await ate_o_resumo(pessoa)
    await pessoa.diz("corrigir")
    await pessoa.diz("situações")
    await pessoa.diz("1")
    await pessoa.diz("sim")

    assert (await _preinscricao(sessoes)).prioridades == "I"


# ----- cancelar pede confirmação ----------------------------------------------------------


async def _linha(sessoes: async_sessionmaker[AsyncSession]) -> LinhaConversa:
    async with sessoes() as s:
        linha = await s.get(LinhaConversa, ("teste", "100"))
    assert linha is not None
    return linha


@pytest.mark.parametrize("jeito", ["digitado", "comando"])
async def test_cancelar_no_resumo_pergunta_e_nao_volta_sem_perder_nada(
    pessoa: Conversa, sessoes: async_sessionmaker[AsyncSession], jeito: str
) -> None:
    await ate_o_resumo(pessoa)

    if jeito == "digitado":
        await pessoa.diz("cancelar")
    else:
        await pessoa.comando("cancelar")  # /cancelar, e o "Começar de novo" do chat web

    assert pessoa.ultima.texto == APAGAR
    assert pessoa.rotulos == ["Sim, apagar", "Não, continuar"]
    await pessoa.diz("não")
    assert pessoa.ultima.texto.startswith(texto("escolhas.cancelar.continua"))
    assert PERGUNTA_RESUMO in pessoa.ultima.texto
    assert "Maria Aparecida da Silva" in pessoa.ultima.texto
    await pessoa.toca("Confirmar")
    assert any(s.texto.startswith("Pronto!") for s in pessoa.ouvidas[-2:])


@pytest.mark.parametrize("sim", ["sim", "toque", "cancelar de novo"])
async def test_cancelar_e_sim_apaga_as_respostas(
    pessoa: Conversa, sessoes: async_sessionmaker[AsyncSession], sim: str
) -> None:
    await ate_o_resumo(pessoa)
    await pessoa.diz("cancelar")

    if sim == "toque":
        await pessoa.toca("Sim, apagar")
    elif sim == "sim":
        await pessoa.diz("sim")
    else:
        await pessoa.comando("cancelar")

    assert pessoa.ultima.texto == texto("comum.cancelado")
    linha = await _linha(sessoes)
    assert linha.fluxo == "" and "Maria" not in linha.dados
    assert await contar(sessoes) == 0


async def test_cancelar_com_outra_resposta_pergunta_de_novo_e_nada_muda(
    pessoa: Conversa, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    await ate_o_resumo(pessoa)
    await pessoa.diz("cancelar")

    await pessoa.diz("hein?")

    assert pessoa.ultima.texto.startswith(texto("escolhas.cancelar.escolha"))
    assert pessoa.ultima.texto.endswith(APAGAR)
    assert "Maria" in (await _linha(sessoes)).dados
    await pessoa.comando("voltar")  # "voltar" também é "não apague"
    assert PERGUNTA_RESUMO in pessoa.ultima.texto


async def test_botao_antigo_de_apagar_nao_apaga(
    pessoa: Conversa, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    await ate_o_resumo(pessoa)
    await pessoa.diz("cancelar")
    pergunta = pessoa.ultima
    await pessoa.toca("Não, continuar")

    await pessoa.toca("Sim, apagar", em=pergunta)

    assert pessoa.ultima.texto.startswith(texto("comum.mensagem_antiga"))
    assert "Maria" in (await _linha(sessoes)).dados


async def test_cancelar_so_pergunta_quando_ha_respostas_dadas(pessoa: Conversa) -> None:
    await pessoa.comando("start")  # no aviso de privacidade: nada respondido ainda
    await pessoa.diz("cancelar")
    assert pessoa.ultima.texto == texto("comum.cancelado")

    await pessoa.comando("start")
    await pessoa.diz("ok")  # aceitou o aviso: já é uma resposta guardada
    await pessoa.diz("cancelar")

    assert pessoa.ultima.texto == APAGAR


@pytest.mark.parametrize("digitado", ["sim", "quero", "pode", "me avisa"])
async def test_r3_sim_digitado_ao_me_avise_pede_o_aviso(
    sessoes: async_sessionmaker[AsyncSession], digitado: str
) -> None:
    await semear_programa(sessoes, AGORA.date(), aberto=False)
    motor = criar_motor_de_conversa(sessoes.kw["bind"], relogio=lambda: AGORA)
    pessoa = Conversa(motor, canal="telegram")
    await pessoa.comando("start")
    assert texto("cidadao.fechado.pergunta_aviso") in pessoa.ultima.texto

    await pessoa.diz(digitado)

    assert pessoa.ultima.texto == texto("cidadao.fechado.avisaremos")
    async with sessoes() as s:
        assert len((await s.scalars(select(PedidoAviso))).all()) == 1
