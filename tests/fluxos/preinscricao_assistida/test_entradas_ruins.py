"""Entrada ruim em cada passo da assistida e do vínculo (R3): resposta gentil, a mesma
pergunta de novo, e nada muda (estado, pré-inscrições, tentativas)."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from armazenamento.modelos import Conversa as LinhaConversa
from armazenamento.modelos import TentativaConvite
from armazenamento.modelos_vinculo import TentativaRegistro
from mensagens.tipos import Entrada, Tipo
from tests.conversa import Conversa
from tests.fluxos.preinscricao_assistida.conftest import (
    CPF_ANA,
    Equipe,
    linhas,
    preinscrever_com_codigo,
    preinscricoes,
)
from tests.fluxos.test_preinscricao_entradas_ruins import Acao, diz, toca

# (passo em que a conversa da equipe está, o que a equipe faz para sair dele)
ROTEIRO: list[tuple[str, Acao]] = [
    ("aviso", toca("A pessoa concorda")),
    ("nome", diz("Ana Beatriz Rocha")),
    ("nome_social", toca("Não usa")),
    ("nascimento", diz("12/05/1990")),
    ("cpf", diz(CPF_ANA)),
    ("telefone", toca("Não tem telefone")),
    ("bairro", diz("Jardin")),
    ("bairro_sugestao", toca("Jardim Europa")),
    ("prioridade", toca("Pular")),
    ("curso1", toca("Confeitaria")),
    ("curso2", toca("Só esse")),
    ("turno", toca("Manhã")),
    ("escolaridade", toca("Médio completo")),
    ("resumo", toca("Corrigir")),
    ("corrigir", toca("Bairro")),
]
PASSOS = [passo for passo, _ in ROTEIRO]


def ruim(nome: str, chat_id: str, botao_antigo: str) -> Entrada:
    return {
        "emoji": Entrada("teste", chat_id, Tipo.TEXTO, texto="😀🎉👍"),
        "figurinha": Entrada("teste", chat_id, Tipo.MIDIA, valor="figurinha"),
        "64kb": Entrada("teste", chat_id, Tipo.TEXTO, texto="a" * 65536),
        "botao_antigo": Entrada("teste", chat_id, Tipo.BOTAO, valor=botao_antigo),
        "botao_forjado": Entrada("teste", chat_id, Tipo.BOTAO, valor="999.confirmar"),
        "contato": Entrada("teste", chat_id, Tipo.CONTATO, valor="5514991234567"),
    }[nome]


RUINS = ["emoji", "figurinha", "64kb", "botao_antigo", "botao_forjado", "contato"]


async def estado(sessoes: async_sessionmaker[AsyncSession], chat_id: str) -> tuple[str, str, str]:
    async with sessoes() as s:
        linha = await s.get(LinhaConversa, ("teste", chat_id))
    assert linha is not None
    return linha.fluxo, linha.passo, linha.dados


async def repete_a_pergunta_sem_mudar_nada(
    quem: Conversa, sessoes: async_sessionmaker[AsyncSession], entrada: Entrada
) -> None:
    pergunta = quem.ultima
    antes = await estado(sessoes, quem.chat_id)
    feitas = [(p.id, p.canal, p.chat_id) for p in await preinscricoes(sessoes)]
    saidas = await quem.motor.processar(entrada)
    assert len(saidas) == 1
    resposta = saidas[0]
    assert resposta.texto.strip() and resposta.texto != pergunta.texto
    assert resposta.texto.endswith(pergunta.texto.split("\n\n")[-1])  # repete a pergunta
    assert [b.rotulo for b in resposta.botoes] == [b.rotulo for b in pergunta.botoes]
    assert await estado(sessoes, quem.chat_id) == antes
    assert [(p.id, p.canal, p.chat_id) for p in await preinscricoes(sessoes)] == feitas
    assert await linhas(sessoes, TentativaConvite) == []
    assert await linhas(sessoes, TentativaRegistro) == []


@pytest.mark.parametrize("nome_ruim", RUINS)
@pytest.mark.parametrize("passo", PASSOS)
async def test_r3_entrada_ruim_na_assistida_nao_muda_nada(
    equipe: Equipe, sessoes: async_sessionmaker[AsyncSession], passo: str, nome_ruim: str
) -> None:
    tecnica = await equipe("osc")
    antigo = tecnica.ultima.botoes[0].valor  # um botão do menu, de antes do fluxo
    await tecnica.comando("preinscrever")
    for atual, acao in ROTEIRO:
        if atual == passo:
            break
        await acao(tecnica)
    assert (await estado(sessoes, "900"))[:2] == ("preinscricao_assistida", passo)
    await repete_a_pergunta_sem_mudar_nada(tecnica, sessoes, ruim(nome_ruim, "900", antigo))


@pytest.mark.parametrize("nome_ruim", RUINS)
@pytest.mark.parametrize("passo", ["codigo", "nascimento"])
async def test_r3_entrada_ruim_no_vinculo_nao_muda_nada(
    pessoa: Conversa,
    equipe: Equipe,
    sessoes: async_sessionmaker[AsyncSession],
    passo: str,
    nome_ruim: str,
) -> None:
    codigo = await preinscrever_com_codigo(equipe) if passo == "nascimento" else ""
    await pessoa.comando("menu")
    antigo = pessoa.ultima.botoes[0].valor
    await pessoa.toca("Fiz com a equipe")
    if passo == "nascimento":
        await pessoa.diz(codigo)
    assert (await estado(sessoes, "100"))[:2] == ("vinculo", passo)
    await repete_a_pergunta_sem_mudar_nada(pessoa, sessoes, ruim(nome_ruim, "100", antigo))
