"""ARQUITETURA.md §8: o trabalho da equipe inteiro (CRAS prioriza e envia, OSC convoca e vê
a situação, a pessoa confirma, o instrutor vê a turma) com o registro em DEBUG: nenhum
nome, CPF, telefone ou nascimento no log."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
import sqlalchemy as sa

from armazenamento.modelos import Turma
from fluxos.montagem import criar_motor_de_conversa
from fluxos.motor import Motor
from tests.conversa import Conversa
from tests.fluxos.conftest import AGORA
from tests.fluxos.equipe.conftest import Convidar
from tests.fluxos.test_privacidade_logs import CPF, NASCIMENTO, NOME, TELEFONE, vazamentos

DEPOIS = AGORA + timedelta(days=31)  # o período fechou; o 1º encontro ainda vem
LONGA = timedelta(days=60)  # os convites são feitos no relógio de AGORA


async def test_trabalho_da_equipe_sem_dados_pessoais_no_registro(
    pessoa: Conversa, motor: Motor, convidar: Convidar, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await pessoa.comando("start")
    await pessoa.toca("Entendi, continuar")
    await pessoa.diz(NOME)
    await pessoa.toca("Não uso")
    await pessoa.diz(NASCIMENTO)
    await pessoa.diz(CPF)
    await pessoa.diz(TELEFONE)
    await pessoa.diz("jardim europa")
    await pessoa.diz("10")  # situação de rua (R2)
    for rotulo in ("Confeitaria", "Só esse", "Manhã", "Médio completo", "Confirmar"):
        await pessoa.toca(rotulo)

    depois = criar_motor_de_conversa(motor.banco, relogio=lambda: DEPOIS)
    cras = Conversa(depois, chat_id="900")
    await cras.comando("start", (await convidar("cras", validade=LONGA)).token)
    await cras.comando("priorizar")
    await cras.toca("Ver lista")
    assert NOME in cras.ultima.texto
    await cras.toca("Aprovar e enviar")
    await cras.toca("Enviar")
    assert cras.ultima.texto.startswith("Pronto!")

    osc = Conversa(depois, chat_id="901")
    await osc.comando("start", (await convidar("osc", validade=LONGA)).token)
    await osc.comando("listas")
    await osc.comando("convocar")
    await osc.toca("T0")
    await osc.toca("Convocar para vagas")
    await osc.toca("Ver situação")

    cidada = Conversa(depois, chat_id=pessoa.chat_id, canal=pessoa.canal)
    convocacao = (await cidada.diz("situação"))[-1]
    await cidada.toca("Confirmo", em=convocacao)
    assert "matrícula" in cidada.ultima.texto.lower() or "Pronto" in cidada.ultima.texto

    async with motor.banco.connect() as c:
        t0 = (await c.execute(sa.select(Turma.id).where(Turma.codigo == "T0"))).scalar_one()  # type: ignore[call-overload]
    instrutor = Conversa(depois, chat_id="902")
    await instrutor.comando(
        "start", (await convidar("instrutor", validade=LONGA, turma_id=t0)).token
    )
    saidas = await instrutor.comando("turma", str(t0))
    assert "Joana" in saidas[-1].texto

    assert not vazamentos(caplog.records), "\n".join(vazamentos(caplog.records))
