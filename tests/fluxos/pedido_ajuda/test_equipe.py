"""R20/R24 do lado da equipe: escopo do "Responder", pessoa que bloqueou o bot, a tela
/atendimentos e a escalada ao CRAS do pedido sem resposta."""

from __future__ import annotations

from datetime import UTC, datetime

from armazenamento import envios
from armazenamento.banco import transacao
from armazenamento.modelos import Auditoria, Cras, Envio
from armazenamento.modelos_ajuda import MensagemAjuda
from fluxos.ajustes import Ajustes
from fluxos.pedido_ajuda.escalada import escalar_pedidos
from tests.fluxos.pedido_ajuda.conftest import AGORA, Cena

NAO_ENCONTRADO = "Não encontrado."


async def _pedido_aberto(cena: Cena) -> None:
    await cena.matricular("100")
    await cena.conversa("100").diz("preciso de ajuda com a passagem")


async def test_r24_responder_de_outra_osc_ou_forjado_nao_encontrado(cena: Cena) -> None:
    await _pedido_aberto(cena)
    outra = await cena.equipe("800", "osc", osc_id=await cena.outra_osc())
    cras_outro = await cena.equipe(
        "801", "cras", cras_id=await cena.id_de(Cras, nome="CRAS Nova Esperança")
    )
    antes = (
        await cena.contar(Auditoria),
        await cena.contar(Envio),
        await cena.contar(MensagemAjuda),
    )
    for quem in (outra, cras_outro):
        for dado in ("cmd:ajuda_responder 1", "cmd:ajuda_encerrar 1", "cmd:ajuda_responder 999"):
            await quem.aperta(dado)
            assert quem.ultima.texto == NAO_ENCONTRADO
        for lixo in ("abc", "-1", "99999999999999", "1; DROP TABLE x", ""):
            await quem.aperta(f"cmd:ajuda_responder {lixo}")
            assert quem.ultima.texto == NAO_ENCONTRADO
        await quem.diz("resposta que não deveria ir")  # não abriu conversa de resposta
    depois = (
        await cena.contar(Auditoria),
        await cena.contar(Envio),
        await cena.contar(MensagemAjuda),
    )
    assert depois == antes
    [pedido] = await cena.pedidos()
    assert pedido.encerrado_em is None and pedido.tecnico_id is None


async def test_r24_cidadao_com_botao_da_equipe_e_negado(cena: Cena) -> None:
    await _pedido_aberto(cena)
    intrusa = cena.conversa("300")
    await intrusa.aperta("cmd:ajuda_responder 1")
    assert intrusa.ultima.texto.startswith("Isso é só para a equipe do programa")


async def test_r20_resposta_a_quem_bloqueou_o_bot(cena: Cena) -> None:
    tecnica = await cena.equipe("900", "osc")
    await _pedido_aberto(cena)
    async with transacao(cena.banco) as c:  # o despachante recebeu 403 antes
        await envios.marcar_inalcancavel(c, "telegram", "100", "403 bloqueou", AGORA)
    [aviso] = await cena.fila("900")
    await tecnica.aperta(aviso.botoes[0].valor)
    assert tecnica.ultima.texto.startswith("Atenção: esta pessoa bloqueou o bot.")
    await tecnica.diz("Oi, tudo bem?")
    assert tecnica.ultima.texto.startswith(
        "Guardei sua resposta, mas ela não chega para Maria Aparecida"
    )
    assert await cena.fila("100") == []
    assert len(await cena.mensagens()) == 2  # a resposta ficou guardada
    await tecnica.comando("atendimentos")
    assert "bloqueou o bot" in tecnica.ultima.texto
    await tecnica.toca("Encerrar 1")
    assert tecnica.ultima.texto.startswith("Pedido nº 1 encerrado. A pessoa não recebe mensagens")


async def test_r20_atendimentos_lista_o_escopo_e_a_gestao_ve_todos(cena: Cena) -> None:
    await _pedido_aberto(cena)
    await cena.preinscrever("101", cras="CRAS Nova Esperança")
    await cena.conversa("101").diz("quero falar com alguem sobre o curso")
    osc = await cena.equipe("900", "osc")
    gestao = await cena.equipe("902", "gestao")
    await osc.comando("atendimentos")
    assert osc.ultima.texto.startswith("Pedidos de ajuda abertos: 1.")
    assert "nº 1 - Maria Aparecida (turma T0) - desde 05/03 16h - sem resposta" in osc.ultima.texto
    assert osc.rotulos == ["Responder 1", "Encerrar 1"]
    await gestao.comando("atendimentos")
    assert gestao.ultima.texto.startswith("Pedidos de ajuda abertos: 2.")
    assert "(sem matrícula, CRAS Nova Esperança)" in gestao.ultima.texto
    await gestao.toca("Responder 2")
    await gestao.diz("Vamos ligar para você.")
    [resposta] = await cena.fila("101")
    assert resposta.texto.startswith("Mensagem de equipe da Secretaria de Assistência Social:")
    # o menu da OSC tem o botão; digitar o rótulo também vale
    await osc.diz("menu")
    assert "Pedidos de ajuda" in osc.rotulos
    await osc.diz("pedidos de ajuda")
    assert osc.ultima.texto.startswith("Pedidos de ajuda abertos: 1.")
    assert ("ajuda.lista", "1") in await cena.auditoria()


async def test_r20_atendimentos_vazio(cena: Cena) -> None:
    cras = await cena.equipe("901", "cras")
    await cras.comando("atendimentos")
    assert cras.ultima.texto == "Nenhum pedido de ajuda aberto."


async def test_r20_sem_resposta_em_um_dia_util_vai_ao_cras_uma_vez(cena: Cena) -> None:
    """Pedido na sexta às 16h: sábado e domingo não contam; vence na segunda às 16h."""
    await cena.equipe("900", "osc")
    await cena.equipe("901", "cras")
    await _pedido_aberto(cena)
    segunda_15h = datetime(2027, 3, 8, 18, 0, tzinfo=UTC)
    assert await escalar_pedidos(cena.banco, segunda_15h) == 0
    assert await cena.fila("901") == []
    segunda_16h = datetime(2027, 3, 8, 19, 0, tzinfo=UTC)
    assert await escalar_pedidos(cena.banco, segunda_16h) == 1
    [aviso] = await cena.fila("901")
    assert aviso.texto.startswith(
        "Pedido de ajuda nº 1 de Maria Aparecida (turma T0) está sem resposta há 1 dia útil"
    )
    assert [b.rotulo for b in aviso.botoes] == ["Responder", "Encerrar"]
    assert await escalar_pedidos(cena.banco, segunda_16h) == 0  # outra volta, outro processo
    assert len(await cena.fila("901")) == 1
    # depois de escalado, o que a pessoa escreve chega também ao CRAS
    await cena.conversa("100").diz("Alguém?")
    assert len(await cena.fila("901")) == 2


async def test_r20_prazo_configuravel_e_pedido_respondido_nao_escala(cena: Cena) -> None:
    await cena.equipe("901", "cras")
    tecnica = await cena.equipe("900", "osc")
    await _pedido_aberto(cena)
    terca_16h = datetime(2027, 3, 9, 19, 0, tzinfo=UTC)
    assert await escalar_pedidos(cena.banco, terca_16h, Ajustes(ajuda_escalar_dias_uteis=3)) == 0
    await tecnica.aperta("cmd:ajuda_responder 1")
    await tecnica.diz("Respondido.")
    quinta = datetime(2027, 3, 11, 19, 0, tzinfo=UTC)
    assert await escalar_pedidos(cena.banco, quinta) == 0
    assert await cena.fila("901") == []
