"""A equipe que DIGITA, em cada canal (`nome_canal`), e os textos do pedido de ajuda
(achados 15 e 16 do teste do issue 11):

- 15a: o nome de um comando do menu ("turmas") escrito enquanto a técnica responde um
  pedido de ajuda faz o comando e avisa que não foi para a pessoa (antes, no WhatsApp,
  depois de outra mensagem chegar, o comando se perdia em "não mandei esta");
- 15b: "responder 1" digitado vale o botão Responder do aviso;
- 16: um pedido de ajuda longo (1.500 letras) chega inteiro; acima do limite, a pessoa
  sabe qual é o limite; a resposta fora da janela do WhatsApp vai no modelo sem repetir o
  cabeçalho nem a instrução.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from armazenamento.banco import transacao
from armazenamento.equipe import Escopo, criar_convite
from armazenamento.modelos import Osc
from fluxos.regras.texto import LIMITE_RECADO
from mensagens.catalogo import texto
from mensagens.formatos import quantos
from tests.bot.canais_de_conversa import Palco as PalcoComum
from tests.fluxos.pedido_ajuda.conftest import AGORA, Cena, Relogio

PESSOA, TECNICA = 5_001, 9_900_101
PEDIDO = "Estou sem dinheiro para a passagem"
# ~1.500 letras: quem pede ajuda conta a história inteira
LONGO = " ".join(["Moro longe e o ônibus passa de hora em hora, às vezes nem passa."] * 22)
LONGO += " Fim do pedido."


@dataclass
class Palco:
    """O palco comum (um por canal) e a cena do pedido de ajuda (matricular, consultar)."""

    comum: PalcoComum
    cena: Cena

    async def entregar(self) -> int:
        return await self.comum.entregar()


@pytest.fixture
def relogio_da_conversa() -> Relogio:
    return Relogio()


@pytest.fixture
async def palco(palco: PalcoComum, relogio_da_conversa: Relogio) -> Palco:
    assert relogio_da_conversa().date() == AGORA.date()
    return Palco(palco, Cena(palco.banco, palco.fabrica(), relogio_da_conversa))


async def _pedido_aberto(palco: Palco) -> tuple[Any, Any]:
    """A pessoa matriculada pediu ajuda; a técnica da OSC recebeu o aviso."""
    await palco.cena.matricular(palco.comum.chat_id(PESSOA), canal=palco.comum.canal)
    osc = await palco.cena.id_de(Osc)
    async with transacao(palco.cena.banco) as c:
        convite = await criar_convite(c, Escopo("osc", osc_id=osc), AGORA)
    tecnica = palco.comum.pessoa(TECNICA)
    await tecnica.comando(f"/start {convite.token}")
    pessoa = palco.comum.pessoa(PESSOA)
    await pessoa.diz("preciso de ajuda")
    await pessoa.diz(PEDIDO)
    assert await palco.entregar() == 1
    return pessoa, tecnica


async def test_15a_comando_do_menu_no_recado_faz_o_comando_e_avisa(palco: Palco) -> None:
    pessoa, tecnica = await _pedido_aberto(palco)
    await tecnica.toca("Responder", em=tecnica.ultima)
    await tecnica.diz("Podemos ajudar. Venha amanhã.")
    assert await palco.entregar() == 1
    await pessoa.diz("Que horas?")  # chega outra mensagem: o recado da técnica ficou velho
    assert await palco.entregar() == 1

    await tecnica.diz("turmas")

    aviso = texto("pedido_ajuda.equipe.comando_no_recado", comando=texto("equipe.botao.turmas"))
    assert tecnica.ultima.texto.startswith(aviso)
    assert "T0" in " ".join(tecnica.ultima.rotulos) + tecnica.ultima.texto  # a tela das turmas
    assert await palco.entregar() == 0  # "turmas" não foi para a pessoa
    await tecnica.diz("isso não é para a Maria")  # o recado acabou: nada vai para ela
    assert await palco.entregar() == 0


async def test_15a_no_primeiro_recado_tambem(palco: Palco) -> None:
    _pessoa, tecnica = await _pedido_aberto(palco)
    await tecnica.toca("Responder", em=tecnica.ultima)

    await tecnica.diz("Turmas")

    assert tecnica.ultima.texto.startswith("Não mandei isso para a pessoa: abri Turmas")
    assert await palco.entregar() == 0


async def test_15b_responder_e_o_numero_digitados_no_menu(palco: Palco) -> None:
    _pessoa, tecnica = await _pedido_aberto(palco)
    await tecnica.diz("menu")

    await tecnica.diz("responder 1")

    assert f"pessoa: {PEDIDO}" in tecnica.ultima.texto
    await tecnica.diz("Pode vir amanhã às 9h.")
    assert tecnica.ultima.texto.startswith("Enviada.")
    assert await palco.entregar() == 1


async def test_15b_cidadao_que_escreve_responder_fala_com_a_equipe(palco: Palco) -> None:
    pessoa, tecnica = await _pedido_aberto(palco)

    await pessoa.diz("responder 1")

    assert await palco.entregar() == 1  # a mensagem do pedido aberto, não um comando
    assert tecnica.ultima.texto.endswith("responder 1")


async def test_16_pedido_de_ajuda_longo_chega_inteiro(palco: Palco) -> None:
    assert 1400 < len(LONGO) < LIMITE_RECADO
    await palco.cena.matricular(palco.comum.chat_id(PESSOA), canal=palco.comum.canal)
    pessoa = palco.comum.pessoa(PESSOA)
    await pessoa.diz("preciso de ajuda")

    await pessoa.diz(LONGO)

    assert pessoa.ultima.texto.startswith("Pronto! Seu pedido foi para a equipe")
    guardado = " ".join(t for _, t in await palco.cena.mensagens())
    assert guardado.split() == LONGO.split()  # nada se perde (a coluna guarda em pedaços)


async def test_16_pedido_acima_do_limite_diz_o_limite(palco: Palco) -> None:
    await palco.cena.matricular(palco.comum.chat_id(PESSOA), canal=palco.comum.canal)
    pessoa = palco.comum.pessoa(PESSOA)
    await pessoa.diz("preciso de ajuda")

    await pessoa.diz(LONGO + " " + LONGO)

    limite = quantos(LIMITE_RECADO, "letra")
    assert pessoa.ultima.texto.startswith(texto("comum.texto_longo", limite=limite))
    assert "cabem até 2000 letras" in pessoa.ultima.texto
    assert await palco.cena.pedidos() == []


@pytest.mark.so_no_canal("whatsapp", "a janela de 24 h e os modelos são do WhatsApp")
async def test_16_resposta_fora_da_janela_vai_no_modelo_sem_repetir_nada(palco: Palco) -> None:
    pessoa, tecnica = await _pedido_aberto(palco)
    palco.cena.relogio.andar(hours=25)  # a janela de 24 h da pessoa fechou
    await tecnica.toca("Responder", em=tecnica.ultima)
    await tecnica.diz("Melhoras!\nQuer remarcar?")

    assert await palco.entregar() == 1

    assert pessoa.modelos_recebidos[-1] == "resposta_atendimento"
    assert pessoa.ultima.texto == (
        "A equipe do Programa de Inclusão Produtiva respondeu ao seu pedido de ajuda: "
        "“Melhoras! Quer remarcar?” (técnico(a) social da instituição do seu curso, "
        "Instituto Esperança). Se quiser, responda por aqui."
    )
