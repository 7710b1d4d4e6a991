"""/frequencia de quem teve a desistência confirmada (R16, R19): a pessoa ouve que saiu do
curso, como voltar e que o Acessuas pode procurá-la; nunca "Você ainda não está em uma
turma... quando fizerem a sua matrícula", que soa como se a vaga estivesse para vir."""

from __future__ import annotations

import pytest

from fluxos.motor import Motor
from mensagens.catalogo import texto
from tests.conversa import Conversa
from tests.fluxos.dados_frequencia import chamadas, encontros, matricular, turma

CHAT = "100"  # a conversa da `pessoa`


@pytest.mark.parametrize(
    ("situacao", "esperado"),
    [
        ("cancelada", texto("frequencia.cidadao.sem_matricula")),
    ],
)
async def test_r19_frequencia_de_quem_saiu_do_curso(
    pessoa: Conversa, motor: Motor, situacao: str, esperado: str
) -> None:
    t0 = await turma(motor.banco)
    eu = await matricular(motor.banco, t0, "Bruno Costa", chat_id=CHAT, situacao=situacao)
    await chamadas(motor.banco, await encontros(motor.banco, t0, 4), {eu: "FFF"})

    [resposta] = await pessoa.diz("frequência")

    assert resposta.texto == esperado
    assert pessoa.rotulos == ["Ver minha inscrição"]


async def test_r19_quem_saiu_e_voltou_ve_a_frequencia_da_matricula_nova(
    pessoa: Conversa, motor: Motor
) -> None:
    t0 = await turma(motor.banco)
    await matricular(motor.banco, t0, "Bruno Costa", chat_id=CHAT, situacao="desistente")
    await matricular(motor.banco, t0, "Bruno Costa", chat_id=CHAT)

    [resposta] = await pessoa.diz("frequência")

    assert resposta.texto == texto("frequencia.cidadao.sem_aula", curso="Confeitaria")
