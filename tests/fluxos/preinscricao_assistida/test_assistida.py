"""R3: a equipe da OSC ou do CRAS faz a pré-inscrição de quem não tem internet.

O mesmo fluxo do cidadão, na voz da equipe; a pré-inscrição fica assinada por quem fez e
sem conversa (o chat da equipe não é dono dela).
"""

from __future__ import annotations

import logging

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from armazenamento.banco import transacao
from armazenamento.equipe import Escopo, criar_convite, revogar
from armazenamento.modelos import Auditoria
from armazenamento.modelos import Conversa as LinhaConversa
from fluxos.montagem import criar_motor_de_conversa
from fluxos.motor import Motor
from tests.conversa import Conversa
from tests.dados import semear_programa
from tests.fluxos.conftest import AGORA
from tests.fluxos.preinscricao_assistida.conftest import (
    CPF_ANA,
    CPF_JOSE,
    Equipe,
    codigo_em,
    linhas,
    membro_de,
    preinscricoes,
)
from tests.fluxos.preinscricao_assistida.roteiro import ate_o_resumo
from tests.fluxos.test_preinscricao import ate_o_resumo as cidada_ate_o_resumo


async def test_r3_tecnica_da_osc_preinscreve_pessoa_sem_telefone(
    equipe: Equipe, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    tecnica = await equipe("osc")
    assert "Pré-inscrever" in tecnica.rotulos  # no menu do papel
    await tecnica.toca("Pré-inscrever")
    assert "leia para ela" in tecnica.ultima.texto
    assert tecnica.rotulos == ["A pessoa concorda", "Ler o aviso todo", "A pessoa não quer"]
    await tecnica.toca("A pessoa concorda")
    assert tecnica.ultima.texto.startswith("Qual é o nome completo da pessoa?")
    await tecnica.diz("Ana Beatriz Rocha")
    await tecnica.toca("Não usa")
    await tecnica.diz("12/05/1990")
    await tecnica.diz(CPF_ANA)
    telefone = tecnica.ultima
    assert "telefone da pessoa" in telefone.texto
    assert not telefone.pedir_contato  # sem "enviar meu telefone": o da equipe não serve
    assert [b.rotulo for b in telefone.botoes] == ["Não tem telefone"]
    await tecnica.toca("Não tem telefone")
    await tecnica.diz("vila falcão")
    await tecnica.toca("Pular")
    await tecnica.toca("Corte e costura")
    await tecnica.toca("Só esse")
    await tecnica.toca("Manhã")
    await tecnica.toca("Fundamental completo")
    resumo = tecnica.ultima.texto
    assert resumo.startswith("Confira os dados com a pessoa:")
    assert "Telefone: não tem" in resumo
    assert "***.533.447-**" in resumo

    await tecnica.toca("Confirmar")

    pronto, codigo = tecnica.ouvidas[-2:]
    assert "Número: 2027-000001. Anote e entregue esse número à pessoa." in pronto.texto
    # R3: com o código de vínculo (e não com CPF e nascimento) a pessoa liga o celular
    assert codigo_em(codigo.texto) and '"vincular"' in codigo.texto
    assert [b.rotulo for b in codigo.botoes] == ["Fazer outra"]
    (pre,) = await preinscricoes(sessoes)
    membro = await membro_de(sessoes, "900")
    assert (pre.nome, pre.cpf, pre.telefone, pre.canal, pre.chat_id) == (
        "Ana Beatriz Rocha",
        "39053344705",
        "",
        "",
        "",
    )
    assert pre.registrada_por == membro
    assert pre.aviso_versao  # a pessoa concordou com o aviso lido pela equipe
    auditoria = await linhas(sessoes, Auditoria)
    assert [(a.membro_id, a.acao, a.alvo) for a in auditoria] == [
        (membro, "preinscricao.assistida", str(pre.id)),
        (membro, "codigo_vinculo.novo", str(pre.id)),  # quem gerou o código de vínculo
    ]
    # o chat da equipe não é dono da pré-inscrição: /status não a mostra
    await tecnica.comando("status")
    assert "2027-000001" not in tecnica.ultima.texto


async def test_r3_tecnico_do_cras_faz_duas_seguidas(
    equipe: Equipe, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    tecnico = await equipe("cras", chat_id="901")
    await tecnico.comando("preinscrever")
    await ate_o_resumo(tecnico, cpf=CPF_ANA, telefone="(14) 3222-1234")
    assert "Telefone: (14) 3222-1234" in tecnico.ultima.texto
    await tecnico.toca("Confirmar")
    assert "2027-000001" in tecnico.ultima.texto

    await tecnico.toca("Fazer outra")
    assert "leia para ela" in tecnico.ultima.texto
    await ate_o_resumo(tecnico, nome="José Carlos Mendes", nascimento="01/01/1970")
    await tecnico.toca("Confirmar")

    pronto = tecnico.ultima.texto
    assert "2027-000002" in pronto
    # sem CPF também: o código de vínculo não depende dele
    assert codigo_em(pronto) and '"vincular"' in pronto
    membro = await membro_de(sessoes, "901")
    assert [(p.nome, p.cpf, p.registrada_por, p.chat_id) for p in await preinscricoes(sessoes)] == [
        ("Ana Beatriz Rocha", "39053344705", membro, ""),
        ("José Carlos Mendes", None, membro, ""),
    ]
    assert len(await linhas(sessoes, Auditoria)) == 4  # cada uma: gravada e código gerado


async def test_r3_gestao_tambem_preinscreve(
    equipe: Equipe, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    gestora = await equipe("gestao", chat_id="902")
    await gestora.comando("preinscrever")
    await ate_o_resumo(gestora, cpf=CPF_JOSE)
    await gestora.toca("Confirmar")
    (pre,) = await preinscricoes(sessoes)
    assert pre.registrada_por == await membro_de(sessoes, "902")


async def test_r3_cpf_ja_inscrito_mostra_o_numero_e_nada_novo(
    equipe: Equipe, motor: Motor, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    """A pessoa já se inscreveu sozinha: a equipe vê o número e a situação."""
    cidada = Conversa(motor, chat_id="555")
    await cidada_ate_o_resumo(cidada, cpf=CPF_ANA)
    await cidada.toca("Confirmar")
    tecnica = await equipe("osc")
    await tecnica.comando("preinscrever")
    await tecnica.toca("A pessoa concorda")
    await tecnica.diz("Maria Aparecida da Silva")
    await tecnica.toca("Não usa")
    await tecnica.diz("03/02/2008")  # a mesma data da cidadã
    await tecnica.diz(CPF_ANA)

    ja = tecnica.ouvidas[-2:]
    assert ja[0].texto == "Essa pessoa já tem pré-inscrição neste ano. Nada novo foi guardado."
    assert "Pré-inscrição 2027-000001" in ja[1].texto
    assert "Situação: " in ja[1].texto
    assert [b.rotulo for b in ja[1].botoes] == ["Fazer outra"]
    assert len(await preinscricoes(sessoes)) == 1
    async with sessoes() as s:
        linha = await s.get(LinhaConversa, ("teste", "900"))
    assert linha is not None and linha.fluxo == ""  # o fluxo terminou
    assert [a.acao for a in await linhas(sessoes, Auditoria)] == ["preinscricao.cpf_existente"]


async def test_r3_cpf_ja_inscrito_com_outra_data(
    equipe: Equipe, motor: Motor, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    cidada = Conversa(motor, chat_id="555")
    await cidada_ate_o_resumo(cidada, cpf=CPF_ANA)
    await cidada.toca("Confirmar")
    tecnica = await equipe("osc")
    await tecnica.comando("preinscrever")
    await tecnica.toca("A pessoa concorda")
    await tecnica.diz("Ana Beatriz Rocha")
    await tecnica.toca("Não usa")
    await tecnica.diz("12/05/1990")
    await tecnica.diz(CPF_ANA)
    assert tecnica.ultima.texto.startswith(
        "Esse CPF já tem a pré-inscrição 2027-000001 neste ano, com outra data de nascimento."
    )
    assert tecnica.rotulos == ["Fazer outra"]
    assert len(await preinscricoes(sessoes)) == 1


async def test_r3_cpf_que_entrou_enquanto_a_equipe_preenchia(
    equipe: Equipe, motor: Motor, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    """Conferido de novo ao confirmar: nada de segunda pré-inscrição com o mesmo CPF."""
    tecnica = await equipe("osc")
    await tecnica.comando("preinscrever")
    await ate_o_resumo(tecnica, cpf=CPF_ANA, nascimento="03/02/2008")
    cidada = Conversa(motor, chat_id="555")
    await cidada_ate_o_resumo(cidada, cpf=CPF_ANA)
    await cidada.toca("Confirmar")
    await tecnica.toca("Confirmar")
    assert "Essa pessoa já tem pré-inscrição" in tecnica.ouvidas[-2].texto
    assert len(await preinscricoes(sessoes)) == 1


async def test_r3_fora_do_periodo_a_equipe_ouve_quando_abre(
    sessoes: async_sessionmaker[AsyncSession],
) -> None:
    await semear_programa(sessoes, AGORA.date(), aberto=False)
    motor = criar_motor_de_conversa(sessoes.kw["bind"], relogio=lambda: AGORA)
    async with transacao(motor.banco) as conexao:
        convite = await criar_convite(conexao, Escopo("gestao"), AGORA)
    gestora = Conversa(motor, chat_id="902")
    await gestora.comando("start", convite.token)
    await gestora.comando("preinscrever")
    assert gestora.ultima.texto == (
        "As pré-inscrições abrem em 20 de janeiro de 2027 e vão até 19 de fevereiro de 2027. "
        "Fora desse período não dá para fazer pré-inscrição, nem com a equipe."
    )
    assert gestora.ultima.botoes == ()
    async with sessoes() as s:
        linha = await s.get(LinhaConversa, ("teste", "902"))
    assert linha is not None and linha.fluxo == ""


async def test_r3_a_pessoa_nao_quer_nada_guardado(
    equipe: Equipe, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    tecnica = await equipe("osc")
    await tecnica.comando("preinscrever")
    await tecnica.toca("Ler o aviso todo")
    assert tecnica.ultima.texto.startswith("Leia para a pessoa o aviso completo:")
    await tecnica.toca("A pessoa não quer")
    assert tecnica.ultima.texto == "Tudo bem. Nada foi guardado."
    assert tecnica.rotulos == ["Fazer outra"]
    assert await preinscricoes(sessoes) == []


async def test_r1_menor_de_16_na_assistida(
    equipe: Equipe, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    tecnica = await equipe("cras")
    await tecnica.comando("preinscrever")
    await tecnica.toca("A pessoa concorda")
    await tecnica.diz("Ana Beatriz Rocha")
    await tecnica.toca("Não usa")
    await tecnica.diz("01/01/2015")
    assert "A pessoa ainda não pode se inscrever" in tecnica.ultima.texto
    assert tecnica.rotulos == ["Fazer outra"]
    assert await preinscricoes(sessoes) == []


@pytest.mark.parametrize(
    ("passo", "dica"),
    [
        ("aviso", 'Leia o aviso para a pessoa. Se ela concordar, toque em "A pessoa concorda".'),
        ("nome", "Escreva o nome completo da pessoa, como está no documento."),
    ],
)
async def test_ajuda_na_assistida_fala_com_a_equipe(equipe: Equipe, passo: str, dica: str) -> None:
    tecnica = await equipe("osc")
    await tecnica.comando("preinscrever")
    if passo == "nome":
        await tecnica.toca("A pessoa concorda")
    await tecnica.diz("ajuda")
    assert tecnica.ultima.texto.startswith(dica)


async def test_telegram_na_assistida_nao_pede_o_contato(equipe: Equipe) -> None:
    tecnica = await equipe("osc", canal="telegram")
    await tecnica.comando("preinscrever")
    await tecnica.toca("A pessoa concorda")
    await tecnica.diz("Ana Beatriz Rocha")
    await tecnica.toca("Não usa")
    await tecnica.diz("12/05/1990")
    await tecnica.diz(CPF_ANA)
    assert not tecnica.ultima.pedir_contato
    await tecnica.envia_contato("5514991234567")  # o contato da própria técnica: não vale
    assert "telefone da pessoa" in tecnica.ultima.texto
    await tecnica.diz("(14) 99123-4567")
    assert "Anotei: (14) 99123-4567." in tecnica.ultima.texto


async def test_r24_revogada_no_meio_nada_e_gravado(
    equipe: Equipe, motor: Motor, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    tecnica = await equipe("osc")
    await tecnica.comando("preinscrever")
    await ate_o_resumo(tecnica, cpf=CPF_ANA)
    async with transacao(motor.banco) as conexao:
        await revogar(conexao, await membro_de(sessoes, "900"), AGORA)
    await tecnica.toca("Confirmar")
    assert tecnica.ultima.texto.startswith("Esta conversa não tem mais acesso da equipe.")
    assert await preinscricoes(sessoes) == []
    assert await linhas(sessoes, Auditoria) == []


async def test_registro_sem_dados_pessoais_na_assistida(
    equipe: Equipe, caplog: pytest.LogCaptureFixture
) -> None:
    tecnica = await equipe("osc")
    with caplog.at_level(logging.DEBUG):
        await tecnica.comando("preinscrever")
        await ate_o_resumo(tecnica, cpf=CPF_ANA, telefone="(14) 98877-6655")
        await tecnica.toca("Confirmar")
    assert "preinscricao assistida gravada" in caplog.text
    for dado in ("Ana Beatriz", "39053344705", "390.533", "14988776655", "98877", "1990"):
        assert dado not in caplog.text
