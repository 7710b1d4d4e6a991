"""O erro do CPF diz o que houve: sem os 11 números, que o CPF tem 11; com os 11 e um
dígito que não confere, que algum número ficou trocado. Nos dois passos de CPF: o do
cidadão e o da pré-inscrição assistida (R3)."""

from __future__ import annotations

import pytest

from mensagens.catalogo import texto
from tests.conversa import Conversa
from tests.fluxos.preinscricao_assistida.conftest import Equipe

TAMANHO = texto("preinscricao.cpf.tamanho")
TROCADO = texto("preinscricao.cpf.erro")

# (digitado, o que ouve)
CASOS = [
    ("1", TAMANHO),
    ("123", TAMANHO),
    ("529.982.247-2", TAMANHO),  # um número a menos
    ("529.982.247-255", TAMANHO),  # um a mais
    ("5299822472", TAMANHO),
    ("abc", TAMANHO),
    ("529.982.247-26", TROCADO),  # 11 números, dígito verificador errado
    ("52998224726", TROCADO),
    ("111.111.111-11", TROCADO),  # todos iguais: passam no cálculo, mas não valem
    ("123.456.789-00", TROCADO),
]


async def _cidadao_ate_o_cpf(pessoa: Conversa) -> Conversa:
    await pessoa.comando("start")
    await pessoa.toca("Entendi, continuar")
    await pessoa.diz("Maria Aparecida da Silva")
    await pessoa.toca("Não uso")
    await pessoa.diz("03/02/2008")
    return pessoa


async def _equipe_ate_o_cpf(equipe: Equipe) -> Conversa:
    tecnica = await equipe("osc")
    await tecnica.toca("Pré-inscrever")
    await tecnica.toca("A pessoa concorda")
    await tecnica.diz("Ana Beatriz Rocha")
    await tecnica.toca("Não usa")
    await tecnica.diz("12/05/1990")
    return tecnica


@pytest.mark.parametrize("quem", ["cidadao", "assistida"])
@pytest.mark.parametrize(("digitado", "ouve"), CASOS)
async def test_cpf_sem_11_numeros_diz_que_o_cpf_tem_11(
    pessoa: Conversa, equipe: Equipe, quem: str, digitado: str, ouve: str
) -> None:
    if quem == "cidadao":
        conversa = await _cidadao_ate_o_cpf(pessoa)
    else:
        conversa = await _equipe_ate_o_cpf(equipe)

    await conversa.diz(digitado)

    assert ouve in conversa.ultima.texto
    outra = TROCADO if ouve == TAMANHO else TAMANHO
    assert outra not in conversa.ultima.texto
