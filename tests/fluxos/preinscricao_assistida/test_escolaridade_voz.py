"""R3: na assistida a equipe responde pela pessoa; as opções de escolaridade falam dela
("Não estudou"), como as perguntas. O cidadão continua lendo "Não estudei"."""

from __future__ import annotations

from tests.conversa import Conversa
from tests.fluxos.preinscricao_assistida.conftest import Equipe

PRIMEIRA_PESSOA = "Não estudei"


async def test_r3_assistida_escolaridade_na_terceira_pessoa(equipe: Equipe) -> None:
    tecnica = await equipe("osc")
    await tecnica.toca("Pré-inscrever")
    await tecnica.toca("A pessoa concorda")
    await tecnica.diz("Ana Beatriz Rocha")
    await tecnica.toca("Não usa")
    await tecnica.diz("12/05/1990")
    await tecnica.toca("Não tem CPF")
    await tecnica.toca("Não tem telefone")
    await tecnica.diz("vila falcão")
    await tecnica.toca("Pular")
    await tecnica.toca("Corte e costura")
    await tecnica.toca("Só esse")
    await tecnica.toca("Manhã")

    assert tecnica.ultima.texto.startswith("Até onde a pessoa estudou?")
    assert "Não estudou" in tecnica.rotulos
    assert PRIMEIRA_PESSOA not in tecnica.rotulos
    await tecnica.toca("Não estudou")

    assert "Confira os dados com a pessoa" in tecnica.ultima.texto
    assert "Não estudou" in tecnica.ultima.texto  # o resumo também fala da pessoa
    assert PRIMEIRA_PESSOA not in tecnica.ultima.texto


async def test_r3_assistida_aceita_escolaridade_digitada(equipe: Equipe) -> None:
    tecnica = await equipe("cras")
    await tecnica.toca("Pré-inscrever")
    await tecnica.toca("A pessoa concorda")
    await tecnica.diz("José Carlos Lima")
    await tecnica.toca("Não usa")
    await tecnica.diz("12/05/1990")
    await tecnica.toca("Não tem CPF")
    await tecnica.toca("Não tem telefone")
    await tecnica.diz("vila falcão")
    await tecnica.toca("Pular")
    await tecnica.toca("Corte e costura")
    await tecnica.toca("Só esse")
    await tecnica.toca("Manhã")

    await tecnica.diz("nunca estudou")

    assert "Confira os dados com a pessoa" in tecnica.ultima.texto
    assert "Não estudou" in tecnica.ultima.texto


async def test_cidadao_continua_com_nao_estudei(pessoa: Conversa) -> None:
    await pessoa.comando("start")
    await pessoa.toca("Entendi, continuar")
    await pessoa.diz("Maria Aparecida da Silva")
    await pessoa.toca("Não uso")
    await pessoa.diz("03/02/2008")
    await pessoa.toca("Não tenho CPF")
    await pessoa.diz("(14) 99123-4567")
    await pessoa.diz("jardim europa")
    await pessoa.toca("Pular")
    await pessoa.toca("Confeitaria")
    await pessoa.toca("Só esse")
    await pessoa.toca("Manhã")

    assert PRIMEIRA_PESSOA in pessoa.rotulos
    await pessoa.toca(PRIMEIRA_PESSOA)
    assert PRIMEIRA_PESSOA in pessoa.ultima.texto
