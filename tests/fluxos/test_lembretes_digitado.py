"""R16: o lembrete de aula respondido por escrito ("não vou", "vou") vale para o lembrete em
aberto da pessoa, como tocar no botão: a falta avisada fica registrada uma vez só."""

from __future__ import annotations

from datetime import UTC

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from fluxos.lembretes import gerar_lembretes
from tests.fluxos.dados_lembretes import AGORA, em_bauru, encontro, matricular, presencas, semear
from tests.fluxos.test_lembretes_presenca import FALTA, conversa

NOITE = AGORA.replace(hour=23)  # depois do lembrete das 18h, antes da aula de amanhã


@pytest.fixture
async def aula(
    sessoes: async_sessionmaker[AsyncSession], motor_banco: AsyncEngine
) -> tuple[int, int]:
    """A aula de amanhã da Confeitaria, a matrícula da conversa "100" e o lembrete na fila."""
    turmas = await semear(sessoes)
    eid = await encontro(motor_banco, turmas["T0"], em_bauru(2027, 3, 2, 14))
    mid = await matricular(motor_banco, turmas["T0"], "100")
    assert await gerar_lembretes(motor_banco, AGORA) == 1
    return eid, mid


@pytest.mark.parametrize(
    "digitado",
    ["não vou", "nao vou poder", "Não vou poder", "não posso", "nao posso ir", "vou faltar"],
)
async def test_r16_nao_vou_digitado_registra_a_falta_uma_vez(
    motor_banco: AsyncEngine, aula: tuple[int, int], digitado: str
) -> None:
    eid, mid = aula
    pessoa = conversa(motor_banco, "100", NOITE)

    await pessoa.diz(digitado)
    assert pessoa.ultima.texto == FALTA
    await pessoa.aperta(f"cmd:aula_falta {eid}")  # digitou e depois tocou
    await pessoa.diz(digitado)  # e digitou de novo

    assert await presencas(motor_banco) == [(eid, mid, "falta_justificada", "lembrete")]


async def test_r16_vou_digitado_desfaz_a_falta_avisada(
    motor_banco: AsyncEngine, aula: tuple[int, int]
) -> None:
    pessoa = conversa(motor_banco, "100", NOITE)
    await pessoa.diz("nao vou")

    await pessoa.diz("vou sim")

    assert pessoa.ultima.texto == "Combinado! Até amanhã."
    assert await presencas(motor_banco) == []


async def test_r16_lembrete_de_aula_que_ja_aconteceu_nao_esta_em_aberto(
    motor_banco: AsyncEngine, aula: tuple[int, int]
) -> None:
    """Depois da aula, "não vou" não vira falta avisada de uma aula passada; antes dela,
    vira."""
    pessoa = conversa(motor_banco, "100", NOITE)
    await pessoa.diz("não vou")
    assert len(await presencas(motor_banco)) == 1

    depois = conversa(motor_banco, "100", em_bauru(2027, 3, 2, 15).astimezone(UTC))
    await depois.diz("vou")

    assert len(await presencas(motor_banco)) == 1  # nada desfeito: a aula já começou
