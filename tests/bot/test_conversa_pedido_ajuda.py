"""R20 de ponta a ponta em cada canal (o `palco`): Telegram (Application real do PTB,
Bot API falsa) e WhatsApp (webhook assinado, fila com janela de 24 h, Graph API falsa).

Uma pessoa matriculada escreve "preciso de ajuda"; a técnica da OSC recebe o pedido pela
fila, toca "Responder" e escreve; a resposta chega à pessoa; a mensagem seguinte da pessoa
chega à técnica; a técnica encerra e a pessoa é avisada. Quem bloqueou o bot (ou a quem o
WhatsApp não entrega, 131026): a técnica sabe na tela do pedido e na lista, dito no canal
da pessoa.
"""

from __future__ import annotations

import pytest

from armazenamento.banco import transacao
from armazenamento.equipe import Escopo, criar_convite
from armazenamento.modelos import Osc
from mensagens.catalogo import texto
from tests.bot.canais_de_conversa import Palco, Pessoa
from tests.fluxos.pedido_ajuda.conftest import AGORA, Cena, Relogio

PESSOA, TECNICA = 5_001, 9_900_101


@pytest.fixture
def relogio_da_conversa() -> Relogio:
    return Relogio()


def cena(palco: Palco) -> Cena:
    assert isinstance(palco.relogio, Relogio)
    return Cena(palco.banco, palco.fabrica(), palco.relogio)


async def matricular(palco: Palco, numero: int) -> int:
    return await cena(palco).matricular(palco.chat_id(numero), canal=palco.canal)


async def _tecnica(palco: Palco) -> Pessoa:
    osc = await cena(palco).id_de(Osc)
    async with transacao(palco.banco) as c:
        convite = await criar_convite(c, Escopo("osc", osc_id=osc), AGORA)
    tecnica = palco.pessoa(TECNICA)
    await tecnica.comando(f"/start {convite.token}")
    assert "Pedidos de ajuda" in tecnica.ultima.rotulos
    return tecnica


async def test_r20_pedido_resposta_repasse_e_fim(palco: Palco) -> None:
    await matricular(palco, PESSOA)
    tecnica = await _tecnica(palco)
    pessoa = palco.pessoa(PESSOA)

    await pessoa.diz("ajuda")  # a ajuda do bot, a de quem já está no curso (achado 14)
    assert pessoa.ultima.texto == texto("cidadao.ajuda.matriculado")
    assert pessoa.ultima.rotulos == ["Minha situação", "Minha frequência", "Falar com alguém"]
    await pessoa.diz("preciso de ajuda")
    assert pessoa.ultima.texto.endswith("Escreva numa mensagem só o que você precisa.")
    await pessoa.diz("Estou sem dinheiro para a passagem")
    assert pessoa.ultima.texto.startswith("Pronto! Seu pedido foi para a equipe")

    assert await palco.entregar() == 1
    aviso = tecnica.ultima
    assert aviso.texto.startswith("Pedido de ajuda nº 1 de Maria Aparecida (turma T0):")
    assert aviso.rotulos == ["Responder", "Encerrar"]
    await tecnica.toca("Responder", em=aviso)
    assert "pessoa: Estou sem dinheiro para a passagem" in tecnica.ultima.texto
    await tecnica.diz("Podemos ajudar com o passe. Venha amanhã às 9h.")
    assert tecnica.ultima.texto.startswith(
        "Enviada. O que você escrever agora também vai para Maria Aparecida."
    )
    assert tecnica.ultima.rotulos == ["Pronto", "Encerrar atendimento"]

    assert await palco.entregar() == 1
    assert pessoa.ultima.texto.startswith("Mensagem de técnico(a) social da instituição do seu")
    assert "Podemos ajudar com o passe. Venha amanhã às 9h." in pessoa.ultima.texto
    # a segunda mensagem da técnica também chega (achado 8a), sem "Não entendi"
    await tecnica.diz("Ah, e traga o RG.")
    assert tecnica.ultima.texto.startswith("Enviada.")
    assert await palco.entregar() == 1
    assert "Ah, e traga o RG." in pessoa.ultima.texto

    await pessoa.diz("Obrigada, amanhã eu vou")
    assert "Você está falando com: técnico(a) social" in pessoa.ultima.texto
    assert "O que você escrever aqui vai para essa pessoa." in pessoa.ultima.texto
    assert await palco.entregar() == 1
    repasse = tecnica.ultima
    assert repasse.texto == "Pedido nº 1: Maria Aparecida escreveu:\nObrigada, amanhã eu vou"

    await tecnica.toca("Encerrar", em=repasse)
    assert tecnica.ultima.texto == "Pedido nº 1 encerrado. A pessoa foi avisada."
    assert await palco.entregar() == 1
    assert pessoa.ultima.texto.startswith("Sua conversa com técnico(a) social")
    await tecnica.toca("Responder", em=aviso)  # botão antigo de pedido encerrado
    assert tecnica.ultima.texto == "Este pedido já foi encerrado."


async def test_r20_botao_do_recado_e_pessoa_que_bloqueou(palco: Palco) -> None:
    await matricular(palco, PESSOA)
    tecnica = await _tecnica(palco)
    pessoa = palco.pessoa(PESSOA)
    await pessoa.toca_dado("cmd:pedir_ajuda 5", message_id=1)  # o "Preciso de ajuda" do recado
    await pessoa.diz("Meu filho está doente")
    assert await palco.entregar() == 1
    aviso = tecnica.ultima
    await tecnica.toca("Responder", em=aviso)
    await tecnica.diz("Melhoras! Quer remarcar?")
    palco.falhar_entrega(PESSOA)  # bloqueou o bot; o WhatsApp não entrega
    await palco.entregar()
    await tecnica.toca("Responder", em=aviso)
    assert tecnica.ultima.texto.startswith("Atenção:")
    assert palco.nao_recebe in tecnica.ultima.texto  # no canal da pessoa
    await tecnica.diz("Vou ligar para você.")
    assert tecnica.ultima.texto.startswith("Guardei sua resposta, mas ela não chega")
    assert palco.nao_recebe in tecnica.ultima.texto
    await tecnica.comando("/atendimentos")
    assert palco.na_lista_nao_recebe in tecnica.ultima.texto


async def test_quem_nao_recebia_e_escreve_de_novo_volta_a_receber(palco: Palco) -> None:
    await matricular(palco, PESSOA)
    tecnica = await _tecnica(palco)
    pessoa = palco.pessoa(PESSOA)
    await pessoa.toca_dado("cmd:pedir_ajuda 5", message_id=1)
    await pessoa.diz("Meu filho está doente")
    assert await palco.entregar() == 1
    aviso = tecnica.ultima
    await tecnica.toca("Responder", em=aviso)
    await tecnica.diz("Melhoras! Quer remarcar?")
    palco.falhar_entrega(PESSOA)  # bloqueou o bot; o WhatsApp não entrega
    await palco.entregar()

    await pessoa.diz("oi, não recebi nada")  # desbloqueou / o WhatsApp voltou a entregar

    await tecnica.toca("Responder", em=aviso)
    assert not tecnica.ultima.texto.startswith("Atenção:")
    assert palco.nao_recebe not in tecnica.ultima.texto
    await tecnica.diz("Vou ligar para você amanhã.")
    assert tecnica.ultima.texto.startswith("Enviada.")
    await palco.entregar()
    assert "Vou ligar para você amanhã." in pessoa.ultima.texto


@pytest.mark.so_no_canal("whatsapp", "o aviso de entrega que chega depois é do WhatsApp")
async def test_whatsapp_que_avisa_depois_que_nao_entregou_e_como_o_erro_na_hora(
    palco: Palco,
) -> None:
    """A Cloud API aceita o envio (200) e avisa depois, num status `failed` 131026: a
    técnica sabe, uma vez só, mesmo com o aviso reentregue pela Meta."""
    from tests.bot.pessoa_whatsapp import PessoaWhatsApp, envelope

    await matricular(palco, PESSOA)
    tecnica = await _tecnica(palco)
    pessoa = palco.pessoa(PESSOA)
    assert isinstance(pessoa, PessoaWhatsApp)
    await pessoa.toca_dado("cmd:pedir_ajuda 5", message_id=1)
    await pessoa.diz("Meu filho está doente")
    assert await palco.entregar() == 1
    aviso = tecnica.ultima
    await tecnica.toca("Responder", em=aviso)
    await tecnica.diz("Melhoras! Quer remarcar?")
    assert await palco.entregar() == 1  # a Graph aceitou
    wamid = pessoa.graph.enviadas(pessoa.chat)[-1].wamid
    falhou = {
        "id": wamid,
        "status": "failed",
        "timestamp": "1796032801",
        "recipient_id": pessoa.chat,
        "errors": [{"code": 131026, "title": "Message undeliverable"}],
    }

    for _ in range(2):  # a Meta entrega o mesmo aviso de novo
        await pessoa.manda(envelope({"statuses": [falhou]}))
    await palco.entregar()

    avisos = [r for r in tecnica.recebidas if r.texto.startswith("Não conseguimos avisar")]
    assert len(avisos) == 1
    await tecnica.toca("Responder", em=aviso)
    assert tecnica.ultima.texto.startswith("Atenção:")
    assert palco.nao_recebe in tecnica.ultima.texto
