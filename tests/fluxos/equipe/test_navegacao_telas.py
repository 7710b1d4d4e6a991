"""O que o chat web reaberto (`retomar`) repete numa tela da equipe, e a "situação" pedida
por quem é da equipe: a tela que faz sentido, nunca um "Não entendi" nem um anexo
anunciado sem o anexo."""

from __future__ import annotations

import sqlalchemy as sa

from armazenamento.banco import transacao
from armazenamento.modelos import Turma
from fluxos.motor import Motor
from tests.conversa import Conversa
from tests.fluxos.equipe.conftest import Convidar


async def test_retomar_depois_de_nao_entendi_mostra_a_tela_e_nao_o_erro(
    tecnica: Conversa, convidar: Convidar
) -> None:
    await tecnica.comando("start", (await convidar("osc")).token)
    await tecnica.toca("Turmas")
    tela = tecnica.ultima

    await tecnica.diz("joao")
    assert tecnica.ultima.texto == "Não entendi. Toque numa opção ou escreva o nome dela."
    await tecnica.comando("retomar")

    assert tecnica.ultima.texto == tela.texto
    assert tecnica.rotulos == [b.rotulo for b in tela.botoes]


async def test_retomar_depois_do_nao_entendi_do_menu_mostra_o_menu(
    tecnica: Conversa, convidar: Convidar
) -> None:
    await tecnica.comando("start", (await convidar("osc")).token)
    await tecnica.comando("turma", "999")  # não encontrada: nenhuma tela pendente
    await tecnica.diz("blablabla")
    assert tecnica.ultima.texto.startswith("Não entendi")

    await tecnica.comando("retomar")

    assert tecnica.ultima.texto.startswith("Você está como técnico(a) de OSC.")
    assert "Turmas" in tecnica.rotulos


async def test_retomar_depois_da_planilha_da_turma_nao_anuncia_anexo(
    tecnica: Conversa, convidar: Convidar, motor: Motor
) -> None:
    async with transacao(motor.banco) as c:
        turma_id = (await c.execute(sa.select(sa.func.min(Turma.id)))).scalar_one()
    await tecnica.comando("start", (await convidar("instrutor", turma_id=turma_id)).token)
    await tecnica.toca("Turmas")
    await tecnica.toca(tecnica.rotulos[0])
    saidas = await tecnica.toca("Planilha da turma")
    assert saidas[-1].anexo is not None

    retomada = await tecnica.comando("retomar")

    assert "vem a seguir" not in retomada[-1].texto
    assert retomada[-1].texto.startswith("Turma T0.")
    assert tecnica.rotulos == ["Voltar à turma", "Voltar às turmas"]


async def test_situacao_pedida_pela_equipe_sem_preinscricao_mostra_o_menu_do_papel(
    tecnica: Conversa, convidar: Convidar
) -> None:
    await tecnica.comando("start", (await convidar("cras")).token)

    for pedido in ("situação", "/status"):
        if pedido.startswith("/"):
            saidas = await tecnica.comando(pedido[1:])
        else:
            saidas = await tecnica.diz(pedido)
        assert saidas[-1].texto.startswith("Esta conversa é da equipe do programa")
        assert "Priorizar" in tecnica.rotulos
        assert "Fazer pré-inscrição" not in tecnica.rotulos


async def test_retomar_depois_de_um_aviso_antes_do_menu_mostra_so_o_menu(
    tecnica: Conversa, convidar: Convidar
) -> None:
    await tecnica.comando("start", (await convidar("cras")).token)
    menu = tecnica.ultima.texto

    for aviso in ("situação", "cancelar"):  # "Esta conversa é da equipe…", "Tudo bem, parei."
        await tecnica.diz(aviso)
        assert tecnica.ultima.texto != menu

        await tecnica.comando("retomar")

        assert tecnica.ultima.texto == menu
