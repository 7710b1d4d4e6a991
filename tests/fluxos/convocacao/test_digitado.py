"""R5: a convocação respondida por escrito. Quem digita "sim" ou "não posso" em vez de
tocar no botão responde à convocação em aberto dela, como se tocasse (antes o texto era
ignorado e a pessoa perdia a vaga no prazo sem saber)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from armazenamento.banco import transacao
from armazenamento.conversas import salvar_conversa
from fluxos.estado import Estado
from fluxos.motor import Motor
from fluxos.passos import Opcao
from fluxos.regras.escolha import SIM
from mensagens.catalogo import texto
from tests.fluxos.conftest import AGORA
from tests.fluxos.convocacao.conftest import (
    CANAL,
    Relogio,
    chat,
    convocar_direto,
    encaminhar,
    id_da_turma,
    mensagens,
    pessoa,
    situacoes,
)


@pytest.fixture
async def turma(motor: Motor) -> int:
    await encaminhar(motor.banco, 40)
    return await id_da_turma(motor.banco)


@pytest.mark.parametrize(
    "digitado",
    [
        "sim",
        "Confirmo",
        "confirmo!",
        "vou",
        "quero",
        "pode",
        # como as pessoas escrevem (a 2ª rodada de testes achou estas recusadas)
        "confrimo",
        "confirmo presença",
        "Confirmado",
        "quero sim",
        "eu vou",
    ],
)
async def test_r5_sim_digitado_matricula(motor: Motor, turma: int, digitado: str) -> None:
    await convocar_direto(motor, turma, 1)

    [resposta] = await pessoa(motor, 1).diz(digitado)

    assert resposta.texto.startswith("Pronto! Sua matrícula no curso de Confeitaria está feita.")
    assert await situacoes(motor.banco, turma) == {"confirmada": 1, "matriculados": 1}


@pytest.mark.parametrize(
    "digitado", ["nao posso", "Não posso", "não", "n", "nao posso ir", "não vou poder ir"]
)
async def test_r5_nao_posso_digitado_passa_a_vaga_ao_proximo(
    motor: Motor, turma: int, digitado: str
) -> None:
    await convocar_direto(motor, turma, 15)

    [resposta] = await pessoa(motor, 3).diz(digitado)

    assert resposta.texto == texto("convocacao.recusada")
    [chamada] = await mensagens(motor.banco, chat(16))
    assert "curso de Confeitaria" in chamada.texto
    assert await situacoes(motor.banco, turma) == {
        "pendente": 15,
        "recusada": 1,
        "matriculados": 0,
    }


async def test_r5_digitar_e_depois_tocar_nao_matricula_duas_vezes(motor: Motor, turma: int) -> None:
    [convocacao] = await convocar_direto(motor, turma, 1)
    maria = pessoa(motor, 1)
    await maria.diz("sim")

    [toque] = await maria.aperta(f"cmd:conv_sim {convocacao}")
    await maria.diz("confirmo")  # já respondida: não está mais em aberto

    assert toque.texto == texto("convocacao.ja_confirmada", curso="Confeitaria")
    assert not maria.ultima.texto.startswith("Pronto! Sua matrícula")
    assert await situacoes(motor.banco, turma) == {"confirmada": 1, "matriculados": 1}


async def test_r5_so_vale_a_convocacao_em_aberto_da_propria_pessoa(
    motor: Motor, turma: int, relogio: Relogio
) -> None:
    """Quem não foi convocado digita "sim" e nada muda; depois do prazo, também não."""
    await convocar_direto(motor, turma, 2)
    await pessoa(motor, 3).diz("sim")  # a 3ª da lista não foi convocada
    await pessoa(motor, 1).diz("sim")
    assert await situacoes(motor.banco, turma) == {
        "confirmada": 1,
        "pendente": 1,
        "matriculados": 1,
    }

    relogio.andar(days=4)  # o prazo da 2ª acabou
    await pessoa(motor, 2).diz("confirmo")

    assert (await situacoes(motor.banco, turma))["matriculados"] == 1


async def test_r5_sim_no_meio_de_um_fluxo_vale_para_a_convocacao(motor: Motor, turma: int) -> None:
    """No meio de um fluxo (aqui, uma pré-inscrição que a pessoa começou para outra
    pessoa da casa), um "sim" que não é resposta do passo vale para a convocação em
    aberto; depois a pessoa volta à pergunta em que estava, sem perder nada."""
    await convocar_direto(motor, turma, 1)
    estado = Estado("preinscricao", "nascimento", 1, {"aviso": "2026-11", "nome": "Ana Souza"})
    async with transacao(motor.banco) as c:
        await salvar_conversa(
            c, CANAL, chat(1), estado.fluxo, estado.passo, 1, estado.para_json(), AGORA
        )
    maria = pessoa(motor, 1)

    respostas = await maria.diz("sim")

    assert respostas[0].texto.startswith("Pronto! Sua matrícula no curso de Confeitaria")
    assert respostas[-1].texto.endswith(texto("preinscricao.nascimento.pergunta"))
    assert await situacoes(motor.banco, turma) == {"confirmada": 1, "matriculados": 1}
    await maria.diz("03/02/2008")
    assert "CPF" in maria.ultima.texto  # seguiu a pré-inscrição de onde estava


async def test_r5_sim_vale_para_a_convocacao_que_chegou_depois_da_ultima_pergunta(
    motor: Motor, turma: int
) -> None:
    """A última pergunta da conversa (dias antes) também aceitava "sim" ("Me avise"); a
    convocação chegou depois pela fila: o "sim" de agora é para ela."""
    estado = Estado(opcoes=[Opcao("cmd:avisar", texto("cidadao.fechado.botao_avisar"), SIM)])
    async with transacao(motor.banco) as c:
        antes = AGORA - timedelta(days=1)
        await salvar_conversa(c, CANAL, chat(1), "", "", 3, estado.para_json(), antes)
    await convocar_direto(motor, turma, 1)

    [resposta] = await pessoa(motor, 1).diz("sim")

    assert resposta.texto.startswith("Pronto! Sua matrícula no curso de Confeitaria")
    assert await situacoes(motor.banco, turma) == {"confirmada": 1, "matriculados": 1}
