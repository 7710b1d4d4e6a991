"""R20: a conversa entre a pessoa e a equipe depois do teste de aceitação (achados 8, 9,
14, 16 e 18): nenhuma mensagem se perde, quem assume avisa, "encerrar" vale para a equipe,
o menu lembra a conversa aberta e quem está no curso acha "Falar com alguém"."""

from __future__ import annotations

from armazenamento.banco import transacao
from armazenamento.equipe import Escopo, criar_convite
from armazenamento.modelos import Osc, Turma
from armazenamento.modelos_ajuda import PedidoAjuda
from mensagens.catalogo import texto
from tests.conversa import Conversa
from tests.fluxos.pedido_ajuda.conftest import AGORA, Cena


async def _respondido(cena: Cena) -> tuple[Conversa, Conversa]:
    """A pessoa (100) pediu ajuda e a técnica da OSC (900) respondeu uma vez."""
    await cena.matricular("100")
    tecnica = await cena.equipe("900", "osc")
    pessoa = cena.conversa("100")
    await pessoa.diz("preciso de ajuda com a passagem")
    [aviso] = await cena.fila("900")
    await tecnica.aperta(aviso.botoes[0].valor)
    await tecnica.diz("Oi! Pode vir na quarta?")
    return pessoa, tecnica


async def test_r20_o_que_a_tecnica_escreve_depois_tambem_chega(cena: Cena) -> None:
    _pessoa, tecnica = await _respondido(cena)
    assert tecnica.ultima.texto.startswith(
        "Enviada. O que você escrever agora também vai para Maria Aparecida. "
        "Para parar, toque em Pronto."
    )
    assert tecnica.rotulos == ["Pronto", "Encerrar atendimento"]
    for recado in ("Ah, e traga o RG.", "Sim", "Bom dia", "2"):
        await tecnica.diz(recado)
        assert tecnica.ultima.texto.startswith("Enviada."), recado
    recados = [s.texto for s in await cena.fila("100")]
    assert len(recados) == 5
    for recado in ("Ah, e traga o RG.", "Sim", "Bom dia", "2"):
        assert any(f":\n{recado}\n" in r for r in recados), recado
    # "pronto" (ou "menu") sai do recado: o texto seguinte não vai mais para a pessoa
    await tecnica.diz("pronto")
    assert tecnica.ultima.texto.startswith("Pronto. O pedido nº 1 continua aberto")
    assert "Pedidos de ajuda" in tecnica.rotulos
    await tecnica.diz("isso não é para a Maria")
    assert len(await cena.fila("100")) == 5
    # um comando do menu escrito no recado não vai para a pessoa: faz o comando, avisa e
    # sai do recado (achado 15 do issue 11)
    await tecnica.aperta("cmd:ajuda_responder 1")
    await tecnica.diz("turmas")
    assert tecnica.ultima.texto.startswith("Não mandei isso para a pessoa: abri Turmas")
    await tecnica.diz("isso também não é para a Maria")
    assert len(await cena.fila("100")) == 5
    [pedido] = await cena.pedidos()
    assert pedido.encerrado_em is None


async def test_r20_menu_e_botao_da_fila_saem_do_recado(cena: Cena) -> None:
    pessoa, tecnica = await _respondido(cena)
    await tecnica.diz("menu")
    assert tecnica.ultima.texto.startswith("Pronto. O pedido nº 1 continua aberto")
    await tecnica.aperta("cmd:ajuda_responder 1")
    await tecnica.diz("Mais uma coisa")
    await tecnica.comando("menu")  # o "/" do Telegram também sai
    assert tecnica.ultima.texto.startswith("Você está como técnico(a) de OSC.")
    await pessoa.diz("Pode sim")
    repasse = (await cena.fila("900"))[-1]
    await tecnica.aperta("cmd:ajuda_responder 1")
    await tecnica.aperta(repasse.botoes[1].valor)  # "Encerrar" da fila, no meio do recado
    assert tecnica.ultima.texto == "Pedido nº 1 encerrado. A pessoa foi avisada."


async def test_r20_outra_pessoa_da_equipe_assume_e_quem_respondia_sabe(cena: Cena) -> None:
    pessoa, _ana = await _respondido(cena)
    bia = await cena.equipe("902", "osc")
    cras = await cena.equipe("901", "cras")
    await bia.aperta("cmd:ajuda_responder 1")
    await bia.diz("Aqui é da mesma instituição, posso ajudar também.")
    await bia.diz("Traga o comprovante.")
    assumiu = [s.texto for s in await cena.fila("900") if "assumiu este pedido" in s.texto]
    assert assumiu == [
        "Pedido nº 1 de Maria Aparecida: técnico(a) da OSC Instituto Esperança assumiu este "
        "pedido.\nAs próximas mensagens da pessoa vão para quem assumiu."
    ]
    await pessoa.diz("Obrigada")
    assert (await cena.fila("902"))[-1].texto.endswith("escreveu:\nObrigada")
    assert not (await cena.fila("900"))[-1].texto.endswith("Obrigada")
    # o CRAS assume: a pessoa vê o papel e a instituição, nunca um nome pessoal (achado 18)
    await cras.aperta("cmd:ajuda_responder 1")
    await cras.diz("Oi, aqui é do CRAS.")
    resposta = (await cena.fila("100"))[-1].texto
    assert resposta.startswith("Mensagem de técnico(a) do CRAS Jardim Europa:\nOi, aqui é do CRAS.")
    assert [s.texto for s in await cena.fila("902")][-1].startswith(
        "Pedido nº 1 de Maria Aparecida: técnico(a) do CRAS Jardim Europa assumiu este pedido."
    )
    assert not any("assumiu" in s.texto for s in await cena.fila("100"))


async def test_r20_encerrar_escrito_pela_equipe_encerra_o_pedido(cena: Cena) -> None:
    await cena.matricular("100")
    tecnica = await cena.equipe("900", "osc")
    await cena.conversa("100").diz("preciso de ajuda com a passagem")
    await tecnica.aperta("cmd:ajuda_responder 1")
    await tecnica.diz("encerrar atendimento")  # antes de responder
    assert tecnica.ultima.texto == "Pedido nº 1 encerrado. A pessoa foi avisada."
    assert [p.encerrado_em for p in await cena.pedidos()] == [AGORA]

    pessoa, tecnica = await _respondido_de_novo(cena, tecnica)
    await tecnica.diz("encerrar")  # no meio do recado
    assert tecnica.ultima.texto == "Pedido nº 2 encerrado. A pessoa foi avisada."

    await pessoa.diz("preciso de ajuda de novo")
    await tecnica.aperta("cmd:ajuda_responder 3")
    await tecnica.diz("Oi")
    await tecnica.diz("pronto")
    await tecnica.diz("encerrar atendimento")  # fora do recado: o único que ela respondeu
    assert tecnica.ultima.texto == "Pedido nº 3 encerrado. A pessoa foi avisada."
    assert await cena.contar(PedidoAjuda, encerrado_em=None) == 0
    await tecnica.diz("encerrar atendimento")  # nenhum aberto: a lista diz isso
    assert tecnica.ultima.texto == "Nenhum pedido de ajuda aberto."


async def test_r20_encerrar_atendimento_do_instrutor_e_nao_entendi_com_menu(cena: Cena) -> None:
    turma = await cena.id_de(Turma, codigo="T0")
    async with transacao(cena.banco) as c:
        convite = await criar_convite(c, Escopo("instrutor", turma_id=turma), AGORA)
    instrutor = cena.conversa("950")
    await instrutor.comando("start", convite.token)
    await instrutor.diz("encerrar atendimento")
    assert instrutor.ultima.texto == texto("equipe.desconhecido")
    assert instrutor.rotulos  # o menu do papel, não um beco sem saída


async def _respondido_de_novo(cena: Cena, tecnica: Conversa) -> tuple[Conversa, Conversa]:
    pessoa = cena.conversa("100")
    await pessoa.diz("preciso de ajuda com a matrícula")
    await tecnica.aperta("cmd:ajuda_responder 2")
    await tecnica.diz("Pode vir amanhã")
    return pessoa, tecnica


async def test_r20_menu_da_pessoa_lembra_a_conversa_aberta(cena: Cena) -> None:
    pessoa, _tecnica = await _respondido(cena)
    await pessoa.diz("menu")
    assert pessoa.ultima.texto.startswith(
        "Você está conversando com técnico(a) social da instituição do seu curso, "
        "Instituto Esperança. O que você escrever aqui vai para essa pessoa."
    )
    assert pessoa.rotulos[0] == "Encerrar atendimento"
    await pessoa.diz("ok obrigada")  # o texto solto continua indo, como o menu disse
    assert (await cena.fila("900"))[-1].texto.endswith("escreveu:\nok obrigada")
    assert pessoa.rotulos == ["Encerrar atendimento"]  # cada confirmação traz o botão
    await pessoa.toca("Encerrar atendimento")
    assert pessoa.ultima.texto.startswith("Pronto, encerrei a conversa com a equipe.")
    await pessoa.diz("menu")
    assert pessoa.ultima.texto == texto("cidadao.menu.pergunta")
    assert "Encerrar atendimento" not in pessoa.rotulos


async def test_r20_quem_esta_no_curso_acha_falar_com_alguem(cena: Cena) -> None:
    await cena.matricular("100")
    pessoa = cena.conversa("100")
    await pessoa.diz("menu")
    assert pessoa.rotulos == ["Minha situação", "Minha frequência", "Falar com alguém", "Ajuda"]
    await pessoa.toca("Falar com alguém")
    assert pessoa.ultima.texto.endswith("Escreva numa mensagem só o que você precisa.")
    # "preciso de ajuda" de novo: pede a mensagem, sem "no meio de uma conversa"
    await pessoa.diz("preciso de ajuda")
    assert pessoa.ultima.texto == texto("pedido_ajuda.mensagem.pergunta")
    assert await cena.contar(PedidoAjuda) == 0
    # só emoji: pede umas palavras, não abre o pedido
    await pessoa.diz("😢😢")
    assert pessoa.ultima.texto.startswith(texto("pedido_ajuda.mensagem.sem_palavras"))
    assert await cena.contar(PedidoAjuda) == 0
    await pessoa.diz("sim")  # um "sim" é o pedido, não um desvio para a ajuda do passo
    assert pessoa.ultima.texto.startswith("Pronto! Seu pedido foi para a equipe")
    assert await cena.contar(PedidoAjuda) == 1


async def test_r20_quem_nao_esta_no_curso_tambem_acha_falar_com_alguem(cena: Cena) -> None:
    await cena.preinscrever("200")
    pessoa = cena.conversa("200")
    await pessoa.diz("menu")
    assert "Falar com alguém" in pessoa.rotulos
    await pessoa.diz("ajuda")
    assert pessoa.ultima.texto == texto("cidadao.ajuda")
    assert "Falar com alguém" in pessoa.rotulos


async def test_r17_r20_equipe_no_chat_do_site_sabe_onde_ver_alertas_e_pedidos(
    cena: Cena,
) -> None:
    osc = await cena.id_de(Osc)
    async with transacao(cena.banco) as c:
        convite = await criar_convite(c, Escopo("osc", osc, None), AGORA)
    tecnica = cena.conversa("sessao-1", canal="web")
    await tecnica.comando("start", convite.token)
    alertas = texto("alcance.equipe.sem_aviso.alertas")
    entrada = tecnica.ouvidas[0].texto
    assert alertas in entrada and "Alertas" in alertas and "Pedidos de ajuda" in alertas
    await tecnica.diz("menu")
    assert tecnica.ultima.texto.endswith(alertas)
    # no Telegram (que entrega depois) a linha não aparece
    no_telegram = await cena.equipe("900", "osc")
    await no_telegram.diz("menu")
    assert alertas not in no_telegram.ultima.texto


async def test_r20_recado_parado_nao_manda_o_texto_de_depois(cena: Cena) -> None:
    """Reteste B1: a técnica respondeu e não tocou em Pronto; três dias depois, o que ela
    escreve não vai para a pessoa (o recado acabou sozinho)."""
    _pessoa, tecnica = await _respondido(cena)
    cena.relogio.andar(days=3)
    await tecnica.diz("bom dia, quais turmas tenho hoje?")
    assert tecnica.ultima.texto.startswith("Faz um tempo desde a sua última resposta")
    assert len(await cena.fila("100")) == 1  # só a primeira resposta
    await tecnica.diz("oi")  # e a conversa não ficou presa no recado
    assert len(await cena.fila("100")) == 1


async def test_r20_pedido_novo_no_meio_do_recado_nao_leva_o_texto_para_a_pessoa_errada(
    cena: Cena,
) -> None:
    """Reteste B2: no meio do recado com a pessoa 100 chega o pedido de outra pessoa; o
    texto seguinte não vai para a 100. A pessoa 100 respondendo não interrompe o recado."""
    pessoa, tecnica = await _respondido(cena)
    await pessoa.diz("Posso sim, obrigada")  # a resposta dela chega e o recado continua
    await tecnica.diz("Então até quarta.")
    assert tecnica.ultima.texto.startswith("Enviada.")
    assert len(await cena.fila("100")) == 2
    await cena.matricular("101")
    await cena.conversa("101").diz("preciso de ajuda, perdi meu documento")
    await tecnica.diz("Traga o comprovante")
    assert tecnica.ultima.texto.startswith("Chegou outra mensagem depois da sua última resposta")
    assert len(await cena.fila("100")) == 2
