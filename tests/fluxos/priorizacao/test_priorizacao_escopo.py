"""R24 na priorização (R4): o CRAS só alcança o seu território, a gestão todos; fora do
escopo a resposta é "Não encontrado." e nada muda (nem auditoria)."""

from __future__ import annotations

import pytest

from fluxos.motor import Motor
from tests.conversa import Conversa
from tests.fluxos.priorizacao.conftest import Entrar, Relogio, Semente, contar

NAO_ENCONTRADO = "Não encontrado."
TABELAS = ("afastamento", "priorizacao", "encaminhamento", "envio", "auditoria")


async def _fotografia(motor: Motor) -> dict[str, int]:
    return {t: await contar(motor.banco, t) for t in TABELAS}


@pytest.fixture
async def tecnica_esperanca(entrar: Entrar, semente: Semente) -> Conversa:
    return await entrar("cras", "903", cras_id=semente.cras["Esperança"])


async def test_r24_cada_cras_ve_so_o_seu_territorio(tecnica_esperanca: Conversa) -> None:
    await tecnica_esperanca.comando("priorizar")
    assert tecnica_esperanca.ultima.texto.startswith(
        "CRAS Nova Esperança, ciclo 2027: 1 pré-inscrição."
    )
    await tecnica_esperanca.toca("Ver lista")

    texto = tecnica_esperanca.ultima.texto
    assert "1. Hugo Alves" in texto and "Motivo: 1 ponto: situação de rua (X)." in texto
    assert not any(nome in texto for nome in ("Ana", "Bruno", "Cacá", "Gabi"))


async def test_r24_botoes_e_comandos_de_outro_cras_dao_nao_encontrado(
    tecnica_esperanca: Conversa, motor: Motor, semente: Semente, relogio: Relogio
) -> None:
    europa, bruno = semente.cras["Europa"], semente.pre["Bruno"]
    relogio.fechar()
    antes = await _fotografia(motor)

    for valor in [
        f"cmd:priorizar {europa}",
        f"cmd:priorizar_lista {europa} 1",
        f"cmd:priorizar_de_lado {europa} 1",
        f"cmd:priorizar_lado {bruno} 1",
        f"cmd:priorizar_lado {bruno} 1 sem_contato",
        f"cmd:priorizar_volta {bruno}",
        f"cmd:priorizar_aprovar {europa}",
        f"cmd:priorizar_enviar {europa} 1 7",
    ]:
        saidas = await tecnica_esperanca.aperta(valor)
        assert saidas[-1].texto == NAO_ENCONTRADO, valor
    saidas = await tecnica_esperanca.comando("priorizar_lista", f"{europa} 1")  # digitado
    assert saidas[-1].texto == NAO_ENCONTRADO

    assert await _fotografia(motor) == antes


@pytest.mark.parametrize(
    "argumento", ["", "abc", "-1 1", "0 1", "1", "99999999999999999999 1", "1 x", "9999 1"]
)
async def test_r24_argumento_estranho_nao_quebra_nada(
    tecnica_esperanca: Conversa, motor: Motor, argumento: str
) -> None:
    antes = await _fotografia(motor)

    for comando in ("priorizar_lista", "priorizar_lado", "priorizar_volta", "priorizar_enviar"):
        saidas = await tecnica_esperanca.comando(comando, argumento)
        assert saidas[-1].texto == NAO_ENCONTRADO, (comando, argumento)

    assert await _fotografia(motor) == antes


async def test_r24_gestao_escolhe_qualquer_cras(entrar: Entrar, semente: Semente) -> None:
    gestao = await entrar("gestao", "950")

    await gestao.comando("priorizar")

    assert gestao.ultima.texto.startswith("De qual CRAS?")
    assert gestao.rotulos == ["Distrito de Tibiriçá", "Jardim Europa", "Nova Esperança"]
    await gestao.toca("Jardim Europa")
    assert gestao.ultima.texto.startswith("CRAS Jardim Europa, ciclo 2027: 7 pré-inscrições.")
    await gestao.toca("Ver lista")
    assert "1. Bruno Souza" in gestao.ultima.texto
    await gestao.aperta(f"cmd:priorizar {semente.cras['Esperança']}")
    assert gestao.ultima.texto.startswith("CRAS Nova Esperança, ciclo 2027: 1 pré-inscrição.")
    await gestao.aperta(f"cmd:priorizar {semente.cras['Tibiriçá']}")
    assert gestao.ultima.texto.startswith(
        "CRAS Distrito de Tibiriçá, ciclo 2027: nenhuma pré-inscrição."
    )
    assert gestao.rotulos == ["Menu"]  # sem lista, a saída é o menu (nunca beco sem saída)


async def test_r24_gestao_pode_por_de_lado_em_qualquer_cras(
    entrar: Entrar, semente: Semente, motor: Motor
) -> None:
    gestao = await entrar("gestao", "950")

    await gestao.aperta(f"cmd:priorizar_lado {semente.pre['Hugo']} 1 mudou_territorio")

    assert gestao.ultima.texto.startswith("Hugo Alves ficou de lado: mudou de território.")
    assert await contar(motor.banco, "afastamento") == 1


@pytest.mark.parametrize("papel", ["osc", "instrutor", "acessuas"])
async def test_r24_outros_papeis_nao_priorizam(
    entrar: Entrar, motor: Motor, semente: Semente, papel: str
) -> None:
    escopo = {"osc": {"osc_id": 1}, "instrutor": {"turma_id": 1}, "acessuas": {}}[papel]
    conversa = await entrar(papel, "960", **escopo)
    antes = await _fotografia(motor)

    saidas = await conversa.aperta(f"cmd:priorizar_lado {semente.pre['Bruno']} 1 desistiu")

    assert saidas[-1].texto.startswith("Isso não faz parte do seu papel")
    assert await _fotografia(motor) == antes
