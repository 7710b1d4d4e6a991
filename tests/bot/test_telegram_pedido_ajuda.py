"""R20 de ponta a ponta pelo Telegram: Application real do PTB, motor real, Bot API falsa.

Uma pessoa matriculada escreve "preciso de ajuda"; a técnica da OSC recebe o pedido pela
fila, toca "Responder" e escreve; a resposta chega à pessoa; a mensagem seguinte da pessoa
chega à técnica; a técnica encerra e a pessoa é avisada. Quem bloqueou o bot: a técnica
sabe na tela do pedido e na lista.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram.ext import Application

from armazenamento.banco import transacao
from armazenamento.equipe import Escopo, criar_convite
from armazenamento.modelos import Osc
from bot.despachante import Despachante
from bot.limite_envio import LimiteDeEnvio
from bot.remetente_telegram import RemetenteTelegram
from bot.telegram import criar_aplicacao, parar
from fluxos.montagem import criar_motor_de_conversa
from mensagens.catalogo import texto
from tests.bot.pessoa_telegram import PessoaTelegram
from tests.dados import semear_programa
from tests.falsos.bot_api import FakeBotApi
from tests.fluxos.pedido_ajuda.conftest import AGORA, Cena, Relogio

TOKEN = "123456:AJUDA"
PESSOA, TECNICA = 5_001, 9_900_101


async def _sem_espera(_segundos: float) -> None:
    return None


@dataclass
class Palco:
    app: Application
    api: FakeBotApi
    cena: Cena
    despachante: Despachante

    def no_telegram(self, chat: int) -> PessoaTelegram:
        return PessoaTelegram(self.app, self.api, chat)

    async def entregar(self) -> int:
        """O tique do despachante: a fila vai para a Bot API falsa."""
        return await self.despachante.esvaziar()


@pytest.fixture
async def palco(sessoes: async_sessionmaker[AsyncSession]) -> AsyncIterator[Palco]:
    await semear_programa(sessoes, AGORA.date())
    banco = sessoes.kw["bind"]
    relogio = Relogio()
    motor = criar_motor_de_conversa(banco, relogio=relogio)
    api = FakeBotApi()
    app = criar_aplicacao(TOKEN, motor, request=api)
    await app.initialize()
    limite = LimiteDeEnvio(1000, dormir=_sem_espera)
    despachante = Despachante(
        banco, "telegram", RemetenteTelegram(app.bot), limite, dono="teste", relogio=relogio
    )
    try:
        yield Palco(app, api, Cena(banco, motor, relogio), despachante)
    finally:
        await parar(app)


async def _tecnica(palco: Palco) -> PessoaTelegram:
    osc = await palco.cena.id_de(Osc)
    async with transacao(palco.cena.banco) as c:
        convite = await criar_convite(c, Escopo("osc", osc_id=osc), AGORA)
    tecnica = palco.no_telegram(TECNICA)
    await tecnica.comando(f"/start {convite.token}")
    assert "Pedidos de ajuda" in tecnica.ultima.rotulos
    return tecnica


async def test_r20_pedido_resposta_repasse_e_fim_pelo_telegram(palco: Palco) -> None:
    await palco.cena.matricular(str(PESSOA))
    tecnica = await _tecnica(palco)
    pessoa = palco.no_telegram(PESSOA)

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
    await palco.cena.matricular(str(PESSOA))
    tecnica = await _tecnica(palco)
    pessoa = palco.no_telegram(PESSOA)
    await pessoa.toca_dado("cmd:pedir_ajuda 5", message_id=1)  # o "Preciso de ajuda" do recado
    await pessoa.diz("Meu filho está doente")
    assert await palco.entregar() == 1
    aviso = tecnica.ultima
    await tecnica.toca("Responder", em=aviso)
    await tecnica.diz("Melhoras! Quer remarcar?")
    palco.api.falhar("sendMessage", 403)  # a pessoa bloqueou o bot
    await palco.entregar()
    await tecnica.toca("Responder", em=aviso)
    assert tecnica.ultima.texto.startswith("Atenção: esta pessoa bloqueou o bot.")
    await tecnica.diz("Vou ligar para você.")
    assert tecnica.ultima.texto.startswith("Guardei sua resposta, mas ela não chega")
    await tecnica.comando("/atendimentos")
    assert "bloqueou o bot" in tecnica.ultima.texto
