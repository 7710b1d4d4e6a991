"""Equipe pronta para a pré-inscrição assistida (R3) e consultas ao banco dos testes."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from armazenamento.banco import transacao
from armazenamento.equipe import Escopo, criar_convite
from armazenamento.modelos import Cras, MembroEquipe, Osc, PreInscricao, Turma
from fluxos.motor import Motor
from tests.conversa import Conversa
from tests.fluxos.conftest import AGORA
from tests.fluxos.preinscricao_assistida.roteiro import ate_o_resumo

Equipe = Callable[..., Awaitable[Conversa]]

# CPFs que conferem (dígitos verificadores certos), diferentes dos exemplos do catálogo
CPF_ANA = "390.533.447-05"
CPF_JOSE = "935.411.347-80"
CPF_SEM_DONO = "111.444.777-35"


_CODIGO = re.compile(r"\b[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}\b")


def codigo_em(texto: str) -> str:
    """O código de vínculo que a equipe leu ("ABCDE-23456"); "" se não há."""
    achado = _CODIGO.search(texto)
    return achado.group(0) if achado else ""


@pytest.fixture
def equipe(motor: Motor) -> Equipe:
    """equipe("osc") → a conversa de alguém já ligado a esse papel (pelo link do convite)."""

    async def entrar(papel: str, chat_id: str = "900", canal: str = "teste") -> Conversa:
        async with transacao(motor.banco) as conexao:
            escopo: dict[str, Any] = {}
            tabela = {"osc": Osc, "cras": Cras, "instrutor": Turma}.get(papel)
            if tabela is not None:
                campo = {"osc": "osc_id", "cras": "cras_id", "instrutor": "turma_id"}[papel]
                primeiro = await conexao.execute(sa.select(sa.func.min(tabela.id)))  # type: ignore[attr-defined]
                escopo[campo] = primeiro.scalar_one()
            convite = await criar_convite(conexao, Escopo(papel, **escopo), AGORA)
        conversa = Conversa(motor, chat_id=chat_id, canal=canal)
        saidas = await conversa.comando("start", convite.token)
        assert "Pronto! Esta conversa agora é de" in saidas[0].texto
        return conversa

    return entrar


async def preinscrever_com_codigo(
    equipe: Equipe,
    cpf: str | None = CPF_ANA,
    nascimento: str = "12/05/1990",
    papel: str = "osc",
    chat_id: str = "900",
    canal: str = "teste",
) -> str:
    """A técnica faz a pré-inscrição de Ana e devolve o código de vínculo que leu para ela."""
    tecnica = await equipe(papel, chat_id=chat_id, canal=canal)
    await tecnica.comando("preinscrever")
    await ate_o_resumo(tecnica, cpf=cpf, nascimento=nascimento)
    await tecnica.toca("Confirmar")
    codigo = codigo_em(tecnica.ultima.texto)
    assert codigo, tecnica.ultima.texto
    return codigo


async def preinscricoes(sessoes: async_sessionmaker[AsyncSession]) -> list[PreInscricao]:
    async with sessoes() as s:
        return list((await s.scalars(sa.select(PreInscricao).order_by(PreInscricao.id))).all())


async def membro_de(sessoes: async_sessionmaker[AsyncSession], chat_id: str) -> int:
    async with sessoes() as s:
        consulta = sa.select(MembroEquipe.id).where(MembroEquipe.chat_id == chat_id)
        return int((await s.execute(consulta)).scalar_one())


async def linhas(sessoes: async_sessionmaker[AsyncSession], tabela: Any) -> list[Any]:
    async with sessoes() as s:
        return list((await s.scalars(sa.select(tabela))).all())
