"""R5 nos dois canais de mensagem: a convocação chega pela fila (no WhatsApp, o modelo
aprovado, para quem não escreveu há 24 h) e a pessoa responde escrevendo, em vez de tocar
no botão ("confirmo", "não posso"); vale como o toque (antes o texto era ignorado e a vaga
se perdia no prazo)."""

from __future__ import annotations

from mensagens.catalogo import texto
from tests.bot.canais_de_conversa import Palco
from tests.bot.test_conversa_convocacao import (  # noqa: F401  (fixture)
    da_lista,
    matriculados,
    relogio_da_conversa,
)
from tests.fluxos.convocacao.conftest import convocar_direto, encaminhar, id_da_turma


async def test_r5_convocacao_respondida_escrevendo(palco: Palco) -> None:
    await encaminhar(palco.banco, 3, canal=palco.canal)
    await convocar_direto(palco.fabrica(), await id_da_turma(palco.banco), 2)
    assert await palco.entregar() == 2
    primeira, segunda, terceira = (da_lista(palco, i) for i in (1, 2, 3))

    await primeira.diz("Confirmo")
    await segunda.diz("não posso")

    assert primeira.ultima.texto.startswith("Pronto! Sua matrícula no curso de Confeitaria")
    assert segunda.ultima.texto == texto("convocacao.recusada")
    assert await matriculados(palco) == 1
    assert await palco.entregar() == 1  # a vaga da 2ª foi para a 3ª da lista
    assert terceira.ultima.rotulos == ["Confirmo", "Não posso"]
