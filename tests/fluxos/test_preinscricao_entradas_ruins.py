"""Entrada ruim em cada passo: resposta gentil, mesma pergunta, e nada muda no estado."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from armazenamento.modelos import Conversa as LinhaConversa
from fluxos.motor import Motor
from mensagens.tipos import Entrada, Tipo
from tests.conversa import Conversa
from tests.fluxos.test_preinscricao import CPF, contar

Acao = Callable[[Conversa], Awaitable[object]]


def diz(texto: str) -> Acao:
    return lambda p: p.diz(texto)


def toca(rotulo: str) -> Acao:
    return lambda p: p.toca(rotulo)


# (passo em que a conversa está, o que a pessoa faz para sair dele)
ROTEIRO: list[tuple[str, Acao]] = [
    ("aviso", toca("Entendi, continuar")),
    ("nome", diz("Maria Aparecida da Silva")),
    ("nome_social", toca("Não uso")),
    ("nascimento", diz("03/02/2008")),
    ("cpf", diz(CPF)),
    ("telefone", diz("14991234567")),
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


async def estado(
    sessoes: async_sessionmaker[AsyncSession], canal: str = "teste"
) -> tuple[str, str]:
    async with sessoes() as s:
        linha = await s.get(LinhaConversa, (canal, "100"))
    assert linha is not None
    return linha.passo, linha.dados


async def ir_ate(
    p: Conversa, sessoes: async_sessionmaker[AsyncSession], alvo: str, canal: str = "teste"
) -> None:
    await p.comando("start")
    for passo, acao in ROTEIRO:
        if passo == alvo:
            break
        await acao(p)
    assert (await estado(sessoes, canal))[0] == alvo


RUINS: dict[str, Entrada] = {
    "vazio": Entrada("teste", "100", Tipo.TEXTO, texto=""),
    "espacos": Entrada("teste", "100", Tipo.TEXTO, texto="   \n\t  "),
    "emoji": Entrada("teste", "100", Tipo.TEXTO, texto="😀🎉👍"),
    "64kb": Entrada("teste", "100", Tipo.TEXTO, texto="a" * 65536),
    "nul_controle": Entrada("teste", "100", Tipo.TEXTO, texto="\x00\x01\x02\x1b[31m"),
    "rlo_html": Entrada("teste", "100", Tipo.TEXTO, texto="\u202e<b>1</b>"),
    "sql": Entrada("teste", "100", Tipo.TEXTO, texto="'; DROP TABLE preinscricao; --"),
    "html": Entrada("teste", "100", Tipo.TEXTO, texto="<script>alert(1)</script>"),
    "figurinha": Entrada("teste", "100", Tipo.MIDIA, valor="figurinha"),
    "foto": Entrada("teste", "100", Tipo.MIDIA, valor="foto"),
    "audio": Entrada("teste", "100", Tipo.MIDIA, valor="audio"),
    "localizacao": Entrada("teste", "100", Tipo.MIDIA, valor="localizacao"),
    "botao_forjado": Entrada("teste", "100", Tipo.BOTAO, valor="999.confirmar"),
    "botao_sem_versao": Entrada("teste", "100", Tipo.BOTAO, valor="lixo"),
}


@pytest.mark.parametrize("nome_ruim", list(RUINS))
@pytest.mark.parametrize("passo", PASSOS)
async def test_entrada_ruim_nao_muda_nada(
    motor: Motor, sessoes: async_sessionmaker[AsyncSession], passo: str, nome_ruim: str
) -> None:
    p = Conversa(motor)
    await ir_ate(p, sessoes, passo)
    pergunta = p.ultima
    antes = await estado(sessoes)
    saidas = await motor.processar(RUINS[nome_ruim])
    assert len(saidas) == 1
    resposta = saidas[0]
    assert resposta.texto.strip() and resposta.texto != pergunta.texto
    assert resposta.texto.endswith(pergunta.texto.split("\n\n")[-1])  # repete a pergunta
    assert [b.rotulo for b in resposta.botoes] == [b.rotulo for b in pergunta.botoes]
    assert await estado(sessoes) == antes
    assert await contar(sessoes) == 0


@pytest.mark.parametrize("passo", [p for p in PASSOS if p != "telefone"])
async def test_contato_fora_do_passo_do_telefone_nao_muda_nada(
    motor: Motor, sessoes: async_sessionmaker[AsyncSession], passo: str
) -> None:
    p = Conversa(motor)
    await ir_ate(p, sessoes, passo)
    antes = await estado(sessoes)
    await p.envia_contato("5514991234567")
    assert await estado(sessoes) == antes


async def test_contato_de_outra_pessoa_no_telefone(
    motor: Motor, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    p = Conversa(motor, canal="telegram")  # só o Telegram oferece o botão de contato
    await ir_ate(p, sessoes, "telefone", canal="telegram")
    saidas = await p.envia_contato("5514988887777", proprio=False)  # o da mãe: vale
    assert "o número do contato que você mandou" in saidas[0].texto
    assert "bairro" in p.ultima.texto
