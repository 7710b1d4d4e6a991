"""Quem pode fazer a pré-inscrição assistida (R3, R24): técnico(a) de OSC ou de CRAS e
gestão. Os demais ouvem uma recusa educada, e nada muda."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from armazenamento.modelos import Conversa as LinhaConversa
from tests.conversa import Conversa
from tests.fluxos.preinscricao_assistida.conftest import Equipe, preinscricoes

NEGADO_EQUIPE = "Isso não faz parte do seu papel. Escreva menu para ver o que você pode fazer."
NEGADO_CIDADAO = "Isso é só para a equipe do programa."


async def estado(sessoes: async_sessionmaker[AsyncSession], chat_id: str) -> tuple[str, str, str]:
    async with sessoes() as s:
        linha = await s.get(LinhaConversa, ("teste", chat_id))
    assert linha is not None
    return linha.fluxo, linha.passo, linha.dados


@pytest.mark.parametrize(
    ("papel", "pode"),
    [
        ("osc", True),
        ("cras", True),
        ("gestao", True),
        ("instrutor", False),
        ("acessuas", False),
    ],
)
async def test_r3_r24_quem_pode_preinscrever(
    equipe: Equipe, sessoes: async_sessionmaker[AsyncSession], papel: str, pode: bool
) -> None:
    membro = await equipe(papel)
    assert ("Pré-inscrever" in membro.rotulos) is pode
    assert ("preinscrever" in (membro.ultima.comandos or ())) is pode
    antes = await estado(sessoes, "900")

    await membro.comando("preinscrever")

    if pode:
        assert membro.rotulos == ["A pessoa concorda", "Ler o aviso todo", "A pessoa não quer"]
        assert (await estado(sessoes, "900"))[0] == "preinscricao_assistida"
    else:
        assert membro.ultima.texto == NEGADO_EQUIPE
        assert (await estado(sessoes, "900"))[:2] == antes[:2] == ("", "")
    assert await preinscricoes(sessoes) == []


async def test_r24_cidadao_que_chama_preinscrever_ouve_recusa(
    pessoa: Conversa, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    await pessoa.comando("preinscrever")
    assert pessoa.ultima.texto.startswith(NEGADO_CIDADAO)
    assert (await estado(sessoes, "100"))[:2] == ("", "")
    await pessoa.diz("preinscrever")  # digitado: também não começa nada da equipe
    assert (await estado(sessoes, "100"))[0] != "preinscricao_assistida"
    assert await preinscricoes(sessoes) == []


async def test_r24_cidadao_com_botao_forjado_da_equipe(
    pessoa: Conversa, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    """Um "cmd:preinscrever" encaminhado ou forjado passa pela mesma guarda."""
    await pessoa.aperta("cmd:preinscrever")
    assert pessoa.ultima.texto.startswith(NEGADO_CIDADAO)
    assert (await estado(sessoes, "100"))[:2] == ("", "")


async def test_r24_cidadao_no_meio_da_propria_preinscricao_nao_perde_nada(
    pessoa: Conversa, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    await pessoa.comando("start")
    await pessoa.toca("Entendi, continuar")
    await pessoa.diz("Maria Aparecida da Silva")
    antes = await estado(sessoes, "100")
    await pessoa.comando("preinscrever")
    depois = await estado(sessoes, "100")
    assert (depois[0], depois[1]) == (antes[0], antes[1]) == ("preinscricao", "nome_social")
    assert depois[2] == antes[2]
    assert await preinscricoes(sessoes) == []


async def test_r24_botao_preinscrever_de_quem_nao_tem_o_papel(
    equipe: Equipe, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    """Um "Fazer outra" encaminhado a uma instrutora confere o papel de novo."""
    instrutora = await equipe("instrutor")
    await instrutora.aperta("cmd:preinscrever")
    assert instrutora.ultima.texto == NEGADO_EQUIPE
    assert (await estado(sessoes, "900"))[:2] == ("", "")
