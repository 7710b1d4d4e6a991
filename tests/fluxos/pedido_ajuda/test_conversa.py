"""R20 pelo motor: "preciso de ajuda" chega à técnica da OSC, ela responde, a conversa
segue entre as duas até o pedido ser encerrado; "ajuda" sozinho continua sendo a ajuda."""

from __future__ import annotations

from armazenamento.modelos_ajuda import PedidoAjuda
from mensagens.catalogo import texto
from tests.fluxos.pedido_ajuda.conftest import Cena

PEDE = (
    "Vou passar seu pedido para uma pessoa da equipe.\nEscreva numa mensagem só o que você precisa."
)


async def test_r20_preciso_de_ajuda_resposta_repasse_e_encerramento(cena: Cena) -> None:
    await cena.matricular("100")
    tecnica = await cena.equipe("900", "osc")
    pessoa = cena.conversa("100")

    await pessoa.diz("Preciso de ajuda!")
    assert pessoa.ultima.texto == PEDE
    await pessoa.diz("Estou sem dinheiro para a passagem")
    assert pessoa.ultima.texto.startswith(
        "Pronto! Seu pedido foi para a equipe da instituição do seu curso, Instituto Esperança."
    )
    [aviso] = await cena.fila("900")
    assert aviso.texto.startswith("Pedido de ajuda nº 1 de Maria Aparecida (turma T0):")
    assert "Estou sem dinheiro para a passagem" in aviso.texto
    assert [b.rotulo for b in aviso.botoes] == ["Responder", "Encerrar"]

    # a técnica toca "Responder" na mensagem da fila e escreve
    await tecnica.aperta(aviso.botoes[0].valor)
    assert "Pedido nº 1 de Maria Aparecida. Últimas mensagens:" in tecnica.ultima.texto
    assert "pessoa: Estou sem dinheiro para a passagem" in tecnica.ultima.texto
    await tecnica.diz("Oi Maria, podemos ajudar com o passe. Venha amanhã às 9h.")
    assert tecnica.ultima.texto.startswith(
        "Enviada. O que você escrever agora também vai para Maria Aparecida."
    )
    [resposta] = await cena.fila("100")
    assert resposta.texto.startswith(
        "Mensagem de técnico(a) social da instituição do seu curso, Instituto Esperança:\n"
        "Oi Maria, podemos ajudar com o passe."
    )
    assert "escreva encerrar atendimento" in resposta.texto
    assert "Rótulo" not in resposta.texto

    # a próxima mensagem solta da pessoa vai para a técnica, com a confirmação
    await pessoa.diz("Obrigada, amanhã eu vou")
    assert pessoa.ultima.texto.startswith(
        "Mandei sua mensagem. Você está falando com: técnico(a) social da instituição do seu"
    )
    assert "O que você escrever aqui vai para essa pessoa." in pessoa.ultima.texto
    repasse = (await cena.fila("900"))[-1]
    assert repasse.texto == "Pedido nº 1: Maria Aparecida escreveu:\nObrigada, amanhã eu vou"
    # as palavras globais continuam valendo
    await pessoa.diz("menu")
    assert pessoa.ultima.texto.endswith(texto("cidadao.menu.pergunta"))

    # a técnica encerra; a pessoa é avisada; o texto seguinte volta ao começo de sempre
    await tecnica.aperta(repasse.botoes[1].valor)
    assert tecnica.ultima.texto == "Pedido nº 1 encerrado. A pessoa foi avisada."
    fim = (await cena.fila("100"))[-1]
    assert fim.texto.startswith(
        "Sua conversa com técnico(a) social da instituição do seu curso, Instituto Esperança"
    )
    await tecnica.aperta(repasse.botoes[1].valor)  # clique duplo
    assert tecnica.ultima.texto == "Este pedido já foi encerrado."
    envios = len(await cena.fila("900"))
    await pessoa.diz("Mais uma coisa")
    assert not pessoa.ultima.texto.startswith("Mandei")
    assert len(await cena.fila("900")) == envios

    # guardado e auditado: quem escreveu cada mensagem, quem respondeu, quem leu
    [pedido] = await cena.pedidos()
    membro = pedido.tecnico_id
    assert membro is not None and pedido.encerrado_por == membro
    assert pedido.respondido_em == cena.relogio.agora
    assert await cena.mensagens() == [
        (None, "Estou sem dinheiro para a passagem"),
        (membro, "Oi Maria, podemos ajudar com o passe. Venha amanhã às 9h."),
        (None, "Obrigada, amanhã eu vou"),
    ]
    assert ("ajuda.ver", "1") in await cena.auditoria()


async def test_r20_ajuda_sozinha_continua_sendo_a_ajuda_do_bot(cena: Cena) -> None:
    await cena.matricular("100")
    pessoa = cena.conversa("100")
    await pessoa.diz("ajuda")
    assert pessoa.ultima.texto == texto("cidadao.ajuda.matriculado")  # quem já está no curso
    await pessoa.diz("AJUDA")
    assert pessoa.ultima.texto == texto("cidadao.ajuda.matriculado")
    await pessoa.comando("ajuda")
    assert pessoa.ultima.texto == texto("cidadao.ajuda.matriculado")
    assert await cena.contar(PedidoAjuda) == 0


async def test_r20_botao_preciso_de_ajuda_do_recado(cena: Cena) -> None:
    """O argumento do botão é só contexto: um alerta de outra pessoa não muda o destino."""
    await cena.matricular("100")
    await cena.equipe("900", "osc")
    pessoa = cena.conversa("100")
    await pessoa.aperta("cmd:pedir_ajuda 5")
    assert pessoa.ultima.texto == PEDE
    await pessoa.diz("Meu filho ficou doente")
    [pedido] = await cena.pedidos()
    assert (pedido.origem, pedido.alerta_id, pedido.osc_id) == ("alerta", 5, 1)
    assert len(await cena.fila("900")) == 1


async def test_r20_frase_que_ja_traz_o_pedido_abre_direto(cena: Cena) -> None:
    await cena.matricular("100")
    pessoa = cena.conversa("100")
    await pessoa.diz("Preciso de ajuda com a passagem do ônibus")
    assert pessoa.ultima.texto.startswith("Pronto! Seu pedido foi para a equipe")
    assert await cena.mensagens() == [(None, "Preciso de ajuda com a passagem do ônibus")]


async def test_r20_segundo_pedido_junta_ao_aberto(cena: Cena) -> None:
    await cena.matricular("100")
    await cena.equipe("900", "osc")
    pessoa = cena.conversa("100")
    await pessoa.diz("falar com alguém")
    await pessoa.diz("Perdi o documento")
    await pessoa.diz("quero falar com uma pessoa")
    assert pessoa.ultima.texto == PEDE
    await pessoa.diz("Também perdi o cartão")
    assert pessoa.ultima.texto.startswith("Juntei esta mensagem ao seu pedido.")
    await pessoa.diz("Alguém viu?")  # texto solto com pedido aberto: junta também
    assert await cena.contar(PedidoAjuda) == 1
    assert len(await cena.mensagens()) == 3
    avisos = await cena.fila("900")
    assert [a.texto.split(":")[0] for a in avisos] == [
        "Pedido de ajuda nº 1 de Maria Aparecida (turma T0)",
        "Pedido nº 1",
        "Pedido nº 1",
    ]


async def test_r20_sem_matricula_vai_ao_cras_do_territorio(cena: Cena) -> None:
    await cena.preinscrever("100", cras="CRAS Jardim Europa")
    osc = await cena.equipe("900", "osc")
    cras = await cena.equipe("901", "cras")
    pessoa = cena.conversa("100")
    await pessoa.diz("atendente")
    await pessoa.diz("Quando começa o curso?")
    assert pessoa.ultima.texto.startswith(
        "Pronto! Seu pedido foi para a equipe do CRAS Jardim Europa."
    )
    assert await cena.fila("900") == []
    [aviso] = await cena.fila("901")
    assert "(sem matrícula, CRAS Jardim Europa)" in aviso.texto
    await osc.aperta(aviso.botoes[0].valor)  # a OSC não vê pedido de quem não é dela
    assert osc.ultima.texto == "Não encontrado."
    await cras.aperta(aviso.botoes[0].valor)
    await cras.diz("O curso começa em fevereiro.")
    [resposta] = await cena.fila("100")
    assert resposta.texto.startswith("Mensagem de técnico(a) do CRAS Jardim Europa:")


async def test_r20_sem_preinscricao_nao_fica_sem_saida(cena: Cena) -> None:
    pessoa = cena.conversa("100")
    await pessoa.diz("preciso de ajuda")
    assert pessoa.ultima.texto.startswith("Para a equipe ajudar você, preciso saber quem você é.")
    assert pessoa.rotulos == ["Fazer pré-inscrição", "Fiz com a equipe"]
    await pessoa.diz("preciso de ajuda com a inscrição")
    assert pessoa.rotulos == ["Fazer pré-inscrição", "Fiz com a equipe"]
    assert await cena.contar(PedidoAjuda) == 0


async def test_r20_pessoa_encerra_e_quem_respondia_sabe(cena: Cena) -> None:
    await cena.matricular("100")
    tecnica = await cena.equipe("900", "osc")
    pessoa = cena.conversa("100")
    await pessoa.diz("preciso de ajuda com o horário")
    await tecnica.aperta("cmd:ajuda_responder 1")
    await tecnica.diz("Qual horário?")
    await pessoa.diz("encerrar atendimento")
    assert pessoa.ultima.texto.startswith("Pronto, encerrei a conversa com a equipe.")
    assert (await cena.fila("900"))[-1].texto == "Pedido nº 1: Maria Aparecida encerrou a conversa."
    await pessoa.diz("encerrar atendimento")
    assert pessoa.ultima.texto.startswith("Você não tem conversa aberta com a equipe.")


async def test_r20_midia_com_pedido_aberto_tem_resposta_gentil(cena: Cena) -> None:
    await cena.matricular("100")
    pessoa = cena.conversa("100")
    await pessoa.diz("preciso de ajuda com o horário")
    await pessoa.envia_midia("foto")
    assert pessoa.ultima.texto.startswith("Não consigo ver fotos")
    assert len(await cena.mensagens()) == 1


async def test_r20_quem_esta_na_preinscricao_continua_nela(cena: Cena) -> None:
    await cena.matricular("100")
    pessoa = cena.conversa("100")
    await pessoa.diz("preciso de ajuda com o horário")
    outra = cena.conversa("200")  # outra conversa, no meio da pré-inscrição
    await outra.diz("oi")
    pergunta = outra.ultima.texto
    await outra.diz("preciso de ajuda")
    assert pergunta in outra.ultima.texto
    assert await cena.contar(PedidoAjuda) == 1


async def test_r20_texto_enorme_com_pedido_aberto_nao_e_guardado(cena: Cena) -> None:
    await cena.matricular("100")
    pessoa = cena.conversa("100")
    await pessoa.diz("preciso de ajuda com o horário")
    await pessoa.diz("a" * 64 * 1024)
    longa = "Sua mensagem ficou muito longa: cabem até 2000 letras."  # o limite de um recado
    assert pessoa.ultima.texto.startswith(longa)
    await pessoa.diz("b" * 2001)
    assert pessoa.ultima.texto.startswith(longa)
    assert len(await cena.mensagens()) == 1
    await pessoa.diz("c" * 301)  # um recado de 301 letras já não é "longo" (achado 16)
    assert len(await cena.mensagens()) == 2


async def test_r20_pedido_pelo_chat_do_site_avisa_que_a_equipe_liga(cena: Cena) -> None:
    await cena.matricular("100", canal="web")
    tecnica = await cena.equipe("900", "osc")
    pessoa = cena.conversa("100", canal="web")
    await pessoa.diz("preciso de ajuda com o horário")
    assert "a equipe vai ligar para o telefone da sua pré-inscrição" in pessoa.ultima.texto
    [aviso] = await cena.fila("900")
    assert "escreveu pelo chat do site" in aviso.texto
    await tecnica.aperta(aviso.botoes[0].valor)
    await tecnica.diz("Vou ligar agora.")
    assert tecnica.ultima.texto.startswith("Guardei sua resposta, mas ela não chega")
    assert await cena.fila("100") == []
