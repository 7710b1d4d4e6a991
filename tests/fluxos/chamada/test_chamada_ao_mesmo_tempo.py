"""Dois celulares concluem a chamada do mesmo encontro ao mesmo tempo: a última chamada
inteira vence, nunca uma mistura das duas; uma marca por matrícula (R16)."""

from __future__ import annotations

import asyncio

import sqlalchemy as sa

from armazenamento.banco import transacao
from armazenamento.modelos_chamada import Chamada
from fluxos.motor import Motor
from tests.conversa import Conversa
from tests.fluxos.chamada.conftest import Turma15
from tests.fluxos.chamada.dados_chamada import marcas
from tests.fluxos.equipe.conftest import Convidar


async def test_r16_duas_conclusoes_ao_mesmo_tempo_a_ultima_inteira_vence(
    instrutor: Conversa, convidar: Convidar, turma: Turma15, motor: Motor
) -> None:
    osc = Conversa(motor, chat_id="901")
    await osc.comando("start", (await convidar("osc")).token)
    await instrutor.comando("chamada")
    await osc.comando("chamada", str(turma.turma_id))
    await instrutor.diz("faltou 3")
    await osc.diz("faltaram 7 e 8")

    await asyncio.gather(instrutor.toca("Concluir"), osc.toca("Concluir"))

    gravadas = await marcas(motor.banco, turma.encontro_id)
    assert set(gravadas) == set(turma.matriculas)  # uma marca por matrícula
    assert {o for _, o in gravadas.values()} == {"chamada"}
    faltas = {turma.matriculas.index(m) + 1 for m, (s, _) in gravadas.items() if s == "falta"}
    assert faltas in ({3}, {7, 8})  # uma das duas, inteira
    assert instrutor.ultima.texto.startswith("Chamada salva. 15 na turma")
    assert osc.ultima.texto.startswith("Chamada salva. 15 na turma")
    async with transacao(motor.banco) as c:
        linha = (await c.execute(sa.select(Chamada.correcoes))).one()  # type: ignore[call-overload]
    assert linha.correcoes == 1
