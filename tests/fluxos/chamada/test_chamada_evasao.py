"""A chamada liga a suspeita de evasão (R16 → R17): a terceira falta seguida sem aviso,
salva pelo instrutor, abre o alerta na hora e a pessoa recebe a mensagem de cuidado."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from armazenamento.banco import transacao
from armazenamento.modelos import Envio
from armazenamento.modelos_alertas import Alerta
from fluxos.motor import Motor
from tests.conversa import Conversa
from tests.fluxos.chamada.conftest import HOJE_8H, Turma15
from tests.fluxos.chamada.dados_chamada import novo_encontro


async def _alertas(motor: Motor) -> list[tuple[int, str, str]]:
    async with transacao(motor.banco) as c:
        linhas = await c.execute(sa.select(Alerta.matricula_id, Alerta.motivo, Alerta.situacao))  # type: ignore[call-overload]
        return [tuple(linha) for linha in linhas.all()]


async def _chamada_com_falta_do_bruno(instrutor: Conversa) -> None:
    await instrutor.comando("chamada")
    await instrutor.diz("faltou o 3")
    await instrutor.diz("pronto")


async def test_r17_terceira_falta_seguida_salva_na_chamada_abre_o_alerta_na_hora(
    instrutor: Conversa, turma: Turma15, motor: Motor
) -> None:
    # o curso tem 3 aulas dadas (anteontem, ontem, hoje) e 30 pela frente: a projeção não
    # alerta ainda; só as 3 faltas seguidas do Bruno
    for dias in (2, 1):
        await novo_encontro(motor.banco, turma.turma_id, HOJE_8H - timedelta(days=dias))
    for dias in range(1, 31):
        await novo_encontro(motor.banco, turma.turma_id, HOJE_8H + timedelta(days=dias))
    bruno = turma.matriculas[2]

    for dias in (2, 1):
        await instrutor.comando("chamada")
        await instrutor.toca("Outro dia")
        dia = (HOJE_8H - timedelta(days=dias)).date()
        [aula] = [r for r in instrutor.rotulos if r.startswith(f"{dia.day}/{dia.month} ")]
        await instrutor.toca(aula)
        await instrutor.diz("faltou o 3")
        await instrutor.diz("pronto")
        assert await _alertas(motor) == []  # 1 e 2 faltas: ainda não

    await _chamada_com_falta_do_bruno(instrutor)

    assert await _alertas(motor) == [(bruno, "faltas_seguidas", "aberto")]
    async with transacao(motor.banco) as c:
        chaves = (await c.execute(sa.select(Envio.chave))).scalars().all()
    assert any(chave.endswith(":pessoa") for chave in chaves)  # a mensagem de cuidado

    await _chamada_com_falta_do_bruno(instrutor)  # corrigir a mesma chamada: nada dobra
    assert len(await _alertas(motor)) == 1
