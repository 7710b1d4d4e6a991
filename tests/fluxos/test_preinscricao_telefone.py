"""O passo do telefone na conversa: aceita como as pessoas escrevem e, quando recusa, diz
o que falta (o DDD, o 9 do celular) em vez de só "não confere"."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from fluxos.motor import Motor
from tests.conversa import Conversa
from tests.fluxos.test_preinscricao_entradas_ruins import estado, ir_ate


@pytest.mark.parametrize(
    ("digitado", "anotado"),
    [
        ("0 15 14 99123-4567", "(14) 99123-4567"),
        ("0xx14 99123-4567", "(14) 99123-4567"),
        ("0 21 14 3223-4567", "(14) 3223-4567"),
        ("015 11 98765-4321", "(11) 98765-4321"),
    ],
)
async def test_telefone_como_as_pessoas_escrevem(
    motor: Motor, sessoes: async_sessionmaker[AsyncSession], digitado: str, anotado: str
) -> None:
    p = Conversa(motor)
    await ir_ate(p, sessoes, "telefone")
    saidas = await p.diz(digitado)
    assert f"Anotei: {anotado}." in "\n".join(s.texto for s in saidas)
    assert (await estado(sessoes))[0] == "bairro"


@pytest.mark.parametrize(
    ("digitado", "resposta"),
    [
        ("99123-4567", "Falta o DDD"),
        ("(14) 9123-4567", "Confira se falta o 9"),
        ("+1 415 555 2671", "só aceitamos telefone do Brasil"),
    ],
)
async def test_telefone_recusado_diz_o_que_falta(
    motor: Motor, sessoes: async_sessionmaker[AsyncSession], digitado: str, resposta: str
) -> None:
    p = Conversa(motor)
    await ir_ate(p, sessoes, "telefone")
    await p.diz(digitado)
    assert resposta in p.ultima.texto
    assert (await estado(sessoes))[0] == "telefone"
