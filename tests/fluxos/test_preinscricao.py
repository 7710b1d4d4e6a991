"""A pré-inscrição como conversa (R1–R3): o caminho feliz e as voltas que as pessoas dão."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from armazenamento.modelos import PreInscricao
from tests.conversa import Conversa

CPF = "529.982.247-25"


async def ate_o_resumo(p: Conversa, cpf: str = CPF) -> None:
    await p.comando("start")
    await p.toca("Entendi, continuar")
    await p.diz("Maria Aparecida da Silva")
    await p.toca("Não uso")
    await p.diz("03/02/2008")
    await p.diz(cpf)
    await p.diz("(14) 99123-4567")
    await p.diz("jardim europa")
    await p.toca("Pular")
    await p.toca("Confeitaria")
    await p.toca("Só esse")
    await p.toca("Manhã")  # R10: o curso só tem turma de manhã
    await p.toca("Médio completo")


async def contar(sessoes: async_sessionmaker[AsyncSession]) -> int:
    async with sessoes() as s:
        return (await s.scalar(select(func.count()).select_from(PreInscricao))) or 0


async def test_r3_preinscricao_completa_com_protocolo(
    pessoa: Conversa, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    await ate_o_resumo(pessoa)
    resumo = pessoa.ultima.texto
    assert "Maria Aparecida da Silva" in resumo
    assert "***.982.247-**" in resumo
    assert "3 de fevereiro de 2008" in resumo
    assert "Jardim Europa" in resumo
    assert pessoa.rotulos == ["Confirmar", "Corrigir"]
    await pessoa.toca("Confirmar")
    pronto, sem_aviso = pessoa.ouvidas[-2:]  # o canal de teste não manda nada depois
    assert "Pronto! Sua pré-inscrição foi feita. Número: 2027-000001." in pronto.texto
    assert "por aqui" not in pronto.texto and "vai ligar" in sem_aviso.texto
    async with sessoes() as s:
        pre = (await s.scalars(select(PreInscricao))).one()
    assert (pre.cpf, pre.telefone, pre.turno, pre.escolaridade) == (
        "52998224725",
        "14991234567",
        "manha",
        "medio_completo",
    )
    await pessoa.comando("status")
    assert "2027-000001" in pessoa.ultima.texto
    assert "Confeitaria" in pessoa.ultima.texto
