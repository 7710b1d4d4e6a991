"""R4: a lista do CRAS numera as pessoas pela posição ("6. Davi Reis"); digitar um número
nunca escolhe o botão dessa ordem (que seria outra pessoa), e o rótulo digitado vale (ou
a palavra que só um botão tem: "aprovar")."""

from __future__ import annotations

from fluxos.motor import Motor
from tests.conversa import Conversa
from tests.fluxos.priorizacao.conftest import Relogio, contar


async def test_r4_numero_digitado_na_lista_nao_escolhe_botao_de_outra_pessoa(
    tecnica_europa: Conversa,
) -> None:
    await tecnica_europa.comando("priorizar")
    await tecnica_europa.toca("Ver lista")
    await tecnica_europa.toca("Ver mais")  # página 2: posições 6 e 7
    assert tecnica_europa.ultima.numerar is False  # o terminal mostra sem número

    await tecnica_europa.diz("1")  # o 1º botão seria "Pôr de lado 6"

    assert "fica de lado?" not in tecnica_europa.ultima.texto
    assert "posições da lista, não as opções" in tecnica_europa.ultima.texto  # a tela fica
    assert tecnica_europa.rotulos == ["Pôr de lado 6", "Pôr de lado 7", "Resumo"]
    await tecnica_europa.diz("por de lado 6")
    assert tecnica_europa.ultima.texto.startswith("Por que Davi Reis fica de lado?")


async def test_r4_sim_digitado_na_confirmacao_envia_e_nao_volta_a_lista(
    tecnica_europa: Conversa, motor: Motor, relogio: Relogio
) -> None:
    """ "Enviar a lista…?" é uma pergunta de sim/não: "não" volta à lista, "sim" envia."""
    relogio.fechar()
    await tecnica_europa.comando("priorizar")
    await tecnica_europa.toca("Aprovar e enviar")

    await tecnica_europa.diz("não")
    assert tecnica_europa.ultima.texto.startswith("Lista do CRAS Jardim Europa")
    assert await contar(motor.banco, "encaminhamento") == 0

    await tecnica_europa.comando("priorizar")
    await tecnica_europa.toca("Aprovar e enviar")
    await tecnica_europa.diz("sim")

    assert tecnica_europa.ultima.texto.startswith("Pronto! A lista do CRAS Jardim Europa")
    assert await contar(motor.banco, "encaminhamento") > 0


async def test_r4_aprovar_digitado_escolhe_aprovar_e_enviar(
    tecnica_europa: Conversa, motor: Motor, relogio: Relogio
) -> None:
    relogio.fechar()
    await tecnica_europa.comando("priorizar")
    assert "Aprovar e enviar" in tecnica_europa.rotulos

    await tecnica_europa.diz("aprovar")

    assert tecnica_europa.ultima.texto.startswith("Enviar a lista")
    await tecnica_europa.diz("sim")
    assert tecnica_europa.ultima.texto.startswith("Pronto! A lista do CRAS Jardim Europa")
    assert await contar(motor.banco, "encaminhamento") > 0
