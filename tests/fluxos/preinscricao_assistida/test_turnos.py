"""R10 na pré-inscrição assistida: os mesmos turnos que o cidadão vê, na voz da equipe."""

from __future__ import annotations

from fluxos.motor import Motor
from tests.fluxos.preinscricao_assistida.conftest import Equipe
from tests.fluxos.test_preinscricao_turnos import nova_turma


async def test_r10_assistida_oferece_os_mesmos_turnos(equipe: Equipe, motor: Motor) -> None:
    await nova_turma(motor.banco, "Corte e costura", "noite", "T1N")
    await nova_turma(motor.banco, "Confeitaria", "tarde", "T0T")
    tecnica = await equipe("osc")
    await tecnica.toca("Pré-inscrever")
    await tecnica.toca("A pessoa concorda")
    await tecnica.diz("Ana Beatriz Rocha")
    await tecnica.toca("Não usa")
    await tecnica.diz("12/05/1990")
    await tecnica.toca("Não tem CPF")
    await tecnica.toca("Não tem telefone")
    await tecnica.diz("vila falcão")
    await tecnica.toca("Pular")
    await tecnica.toca("Corte e costura")
    await tecnica.toca("Só esse")

    assert tecnica.ultima.texto == (
        "Corte e costura tem turma de manhã e à noite.\nQual turno é melhor para a pessoa?"
    )
    assert tecnica.rotulos == ["Manhã", "Noite"]
