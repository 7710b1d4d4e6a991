"""Pergunta de um dado digitado com um botão-atalho (issue 9, §3): no passo do CPF, "1" ou
"-1" não é "Não tenho CPF". Quem está digitando um CPF digita números: números são o dado.

Só as palavras da própria opção ("Não tenho CPF", "não tenho", "não") ou o botão escolhem o
atalho; o que o campo recusa recebe a mensagem de erro do campo.

Regra do tipo (`fluxos.passos.com_atalho`): o botão-atalho não é numerado em canal nenhum
(no terminal aparece "- Não tenho CPF", sem número), então nenhum número o escolhe, nem
quando o canal mostra números noutras perguntas. Vale para todas as perguntas assim: CPF
(pré-inscrição, assistida e vínculo), nome social, telefone da assistida e bairro.
"""

from __future__ import annotations

import pytest

from bot.terminal import desenhar
from mensagens.catalogo import texto
from tests.conversa import Conversa
from tests.fluxos.preinscricao_assistida.conftest import (  # noqa: F401  (fixture equipe)
    CPF_ANA,
    Equipe,
    equipe,
)

CPF_OK = "529.982.247-25"
ERRO_CPF = texto("preinscricao.cpf.erro")
CPF_CURTO = texto("preinscricao.cpf.tamanho")  # sem os 11 números
TELEFONE = texto("preinscricao.telefone.pergunta")


async def ate_o_cpf(p: Conversa) -> None:
    await p.comando("start")
    await p.toca("Entendi, continuar")
    await p.diz("Maria Aparecida da Silva")
    await p.toca("Não uso")
    await p.diz("03/02/2008")
    assert p.ultima.texto.endswith(texto("preinscricao.cpf.pergunta"))


# (digitado, o que a pessoa ouve): números nunca são o atalho; as palavras dele, sim
CASOS_CPF = [
    ("1", CPF_CURTO),
    ("-1", CPF_CURTO),
    ("2", CPF_CURTO),
    ("0", CPF_CURTO),
    ("1)", CPF_CURTO),
    ("+1", CPF_CURTO),
    ("1.", CPF_CURTO),
    ("01", CPF_CURTO),
    ("123", CPF_CURTO),
    ("111.111.111-11", ERRO_CPF),  # forma de CPF, dígitos errados
    ("529.982.247-2", CPF_CURTO),
    (CPF_OK, TELEFONE),
    ("52998224725", TELEFONE),
    ("Não tenho CPF", TELEFONE),
    ("nao tenho cpf", TELEFONE),
    ("não tenho", TELEFONE),
    ("não", TELEFONE),
]


@pytest.mark.parametrize(("digitado", "ouve"), CASOS_CPF)
async def test_numero_no_cpf_nunca_e_o_botao_sem_cpf(
    pessoa: Conversa, digitado: str, ouve: str
) -> None:
    await ate_o_cpf(pessoa)

    await pessoa.diz(digitado)

    assert ouve in pessoa.ultima.texto
    if ouve in (ERRO_CPF, CPF_CURTO):  # continua no CPF, com o atalho ainda à mão
        assert pessoa.rotulos == ["Não tenho CPF"]


async def test_o_botao_sem_cpf_continua_valendo(pessoa: Conversa) -> None:
    await ate_o_cpf(pessoa)

    await pessoa.toca("Não tenho CPF")

    assert TELEFONE in pessoa.ultima.texto


async def test_terminal_mostra_o_atalho_sem_numero(pessoa: Conversa) -> None:
    """No terminal as opções vão numeradas; o atalho de um dado digitado, não."""
    await ate_o_cpf(pessoa)

    desenho = desenhar(pessoa.ultima)

    assert "  - Não tenho CPF" in desenho
    assert "1)" not in desenho


@pytest.mark.parametrize("digitado", ["1", "-1", "2"])
async def test_numero_no_nome_social_e_erro_do_campo(pessoa: Conversa, digitado: str) -> None:
    await pessoa.comando("start")
    await pessoa.toca("Entendi, continuar")
    await pessoa.diz("Maria Aparecida da Silva")

    await pessoa.diz(digitado)

    assert texto("preinscricao.nome_social.erro") in pessoa.ultima.texto


async def test_nome_social_digitado_nao_vira_o_atalho(pessoa: Conversa) -> None:
    await pessoa.comando("start")
    await pessoa.toca("Entendi, continuar")
    await pessoa.diz("Maria Aparecida da Silva")

    await pessoa.diz("Não uso")

    assert texto("preinscricao.nascimento.pergunta") in pessoa.ultima.texto


@pytest.mark.parametrize("digitado", ["1", "-1"])
async def test_numero_no_bairro_nao_e_nao_sei(pessoa: Conversa, digitado: str) -> None:
    await ate_o_cpf(pessoa)
    await pessoa.diz(CPF_OK)
    await pessoa.diz("(14) 99123-4567")

    await pessoa.diz(digitado)

    assert texto("preinscricao.bairro.nao_achei") in pessoa.ultima.texto


@pytest.mark.parametrize("digitado", ["1", "-1"])
async def test_numero_no_codigo_do_vinculo_e_erro_do_campo(pessoa: Conversa, digitado: str) -> None:
    await pessoa.diz("vincular")
    assert pessoa.rotulos == ["Não tenho código"]

    await pessoa.diz(digitado)

    assert texto("vinculo_codigo.codigo.formato") in pessoa.ultima.texto
    assert pessoa.rotulos == ["Não tenho código"]


@pytest.mark.parametrize("digitado", ["1", "-1"])
async def test_numero_no_telefone_da_assistida_e_erro_do_campo(
    equipe: Equipe, digitado: str
) -> None:
    tecnica = await equipe("osc")
    await tecnica.toca("Pré-inscrever")
    await tecnica.toca("A pessoa concorda")
    await tecnica.diz("Ana Beatriz Rocha")
    await tecnica.toca("Não usa")
    await tecnica.diz("12/05/1990")
    await tecnica.diz(CPF_ANA)
    assert tecnica.rotulos == ["Não tem telefone"]

    await tecnica.diz(digitado)

    assert tecnica.rotulos == ["Não tem telefone"]  # continua no telefone
    assert "telefone" in tecnica.ultima.texto.lower()
