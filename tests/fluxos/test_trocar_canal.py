"""Levar os avisos para outro aplicativo de onde a pessoa está (issue 11, item 7): quem
se inscreveu direto no Telegram passa para o WhatsApp (e o contrário) sem o chat do site,
sem nova pré-inscrição; a conversa antiga ouve que os avisos mudaram de lugar."""

from __future__ import annotations

from types import MappingProxyType

import pytest

from fluxos.ajustes import Ajustes
from fluxos.montagem import criar_motor_de_conversa
from fluxos.motor import Motor
from mensagens.catalogo import texto
from tests.conversa import Conversa
from tests.dados import semear_programa
from tests.fluxos.conftest import AGORA
from tests.fluxos.test_alcance import inscrever
from tests.fluxos.test_codigo_avisos import (  # noqa: F401  (fixtures motor e relogio)
    LINK_TG,
    LINK_WA,
    PRONTO,
    Sessoes,
    _fila_para,
    destino,
    mensagem_pronta,
    motor,
    no_whatsapp,
    quantas_preinscricoes,
    relogio,
)


def _aviso_da_troca(para: str) -> str:
    return texto(
        "vinculo_whatsapp.conversa_antiga",
        protocolo="2027-000001",
        canal=texto(f"alcance.nome_canal.{para}"),
    )


@pytest.mark.parametrize("pedido", ["whatsapp", "Receber no WhatsApp", "trocar de aplicativo"])
async def test_do_telegram_para_o_whatsapp_sem_passar_pelo_site(motor: Motor, pedido: str) -> None:
    telegram = Conversa(motor, chat_id="4242", canal="telegram")
    await inscrever(telegram)

    [oferta] = await telegram.diz(pedido)

    assert oferta.texto.startswith(
        "Para receber os avisos da pré-inscrição 2027-000001 em outro aplicativo"
    )
    assert LINK_WA.search(oferta.texto) and not LINK_TG.search(oferta.texto)
    celular = no_whatsapp(motor)
    [pronto] = await celular.diz(mensagem_pronta(oferta.texto))
    assert pronto.texto == PRONTO
    assert await destino(motor) == ("whatsapp", celular.chat_id)
    assert await quantas_preinscricoes(motor) == 1
    assert await _fila_para(motor, "telegram", "4242") == [_aviso_da_troca("whatsapp")]
    [situacao] = await celular.diz("situação")
    assert "2027-000001" in situacao.texto


async def test_do_whatsapp_para_o_telegram(motor: Motor) -> None:
    celular = no_whatsapp(motor)
    await inscrever(celular)
    [oferta] = await celular.diz("telegram")
    achado = LINK_TG.search(oferta.texto)
    assert achado and not LINK_WA.search(oferta.texto)

    [pronto] = await Conversa(motor, chat_id="4242", canal="telegram").comando(
        "start", achado.group(1)
    )

    assert pronto.texto == PRONTO
    assert await destino(motor) == ("telegram", "4242")
    assert await _fila_para(motor, "whatsapp", celular.chat_id) == [_aviso_da_troca("telegram")]


async def test_sem_preinscricao_nesta_conversa_nao_ha_link(motor: Motor) -> None:
    """Ninguém leva os avisos de outra pessoa: sem a conversa dela, nada de link."""
    await inscrever(Conversa(motor, chat_id="4242", canal="telegram"))
    [resposta] = await Conversa(motor, chat_id="5151", canal="telegram").diz("whatsapp")
    assert resposta.texto == texto("vinculo_whatsapp.levar.sem_inscricao")
    assert [b.rotulo for b in resposta.botoes] == [
        texto("cidadao.menu.botao_preinscricao"),
        texto("cidadao.menu.botao_vincular"),
    ]
    assert "wa.me" not in resposta.texto


async def test_sem_outro_canal_configurado(sessoes: Sessoes) -> None:
    await semear_programa(sessoes, AGORA.date())
    so_telegram = MappingProxyType({"telegram": "https://t.me/bot_teste?start={token}"})
    motor = criar_motor_de_conversa(
        sessoes.kw["bind"], relogio=lambda: AGORA, ajustes=Ajustes(links_de_canal=so_telegram)
    )
    telegram = Conversa(motor, chat_id="4242", canal="telegram")
    await inscrever(telegram)
    [resposta] = await telegram.diz("whatsapp")
    assert resposta.texto == texto("vinculo_whatsapp.levar.sem_link")


async def test_no_site_e_a_mesma_oferta(motor: Motor) -> None:
    site = Conversa(motor, chat_id="sessao-web", canal="web")
    await inscrever(site)
    [oferta] = await site.diz("whatsapp")
    assert LINK_WA.search(oferta.texto) and LINK_TG.search(oferta.texto)
