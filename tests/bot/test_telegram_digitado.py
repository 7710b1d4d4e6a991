"""R5 pelo Telegram: a convocação chega pela fila e a pessoa responde escrevendo, em vez de
tocar no botão ("confirmo", "não posso"); vale como o toque (antes o texto era ignorado e
a vaga se perdia no prazo)."""

from __future__ import annotations

from fluxos.montagem import criar_motor_de_conversa
from mensagens.catalogo import texto
from tests.bot.test_telegram_convocacao import Cena, cena  # noqa: F401  (fixture cena)
from tests.fluxos.convocacao.conftest import convocar_direto, encaminhar, id_da_turma


async def test_r5_convocacao_respondida_escrevendo_no_telegram(
    cena: Cena,
) -> None:
    banco = cena.sessoes.kw["bind"]
    await encaminhar(banco, 3)
    motor = criar_motor_de_conversa(banco, relogio=cena.relogio)
    await convocar_direto(motor, await id_da_turma(banco), 2)
    assert await cena.entregar() == 2
    primeira, segunda, terceira = cena.pessoa(1), cena.pessoa(2), cena.pessoa(3)

    await primeira.diz("Confirmo")
    await segunda.diz("não posso")

    assert primeira.ultima.texto.startswith("Pronto! Sua matrícula no curso de Confeitaria")
    assert segunda.ultima.texto == texto("convocacao.recusada")
    assert await cena.matriculados() == 1
    assert await cena.entregar() == 1  # a vaga da 2ª foi para a 3ª da lista
    assert terceira.ultima.rotulos == ["Confirmo", "Não posso"]
