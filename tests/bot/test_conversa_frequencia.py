"""/frequencia nos dois canais de mensagem (motor real; Telegram com a Bot API falsa,
WhatsApp com o webhook e a Graph API falsa): o comando, o texto digitado e o botão do menu
do cidadão dão a mesma mensagem (R16). No Telegram, o comando está no menu "/" também."""

from __future__ import annotations

import pytest
from telegram.ext import Application

from bot.telegram import publicar_comandos
from mensagens.catalogo import texto
from tests.bot.canais_de_conversa import Palco, PalcoTelegram
from tests.fluxos.dados_frequencia import chamadas, encontros, matricular, turma

MARIA = 7_300_001
ESPERADO = (
    "Confeitaria: você participou de 12 de 16 horas de aula até agora. "
    "Sua frequência é 75%.\n"
    "Você ainda pode faltar 1 aula e continuar com 75%."
)


async def test_r16_frequencia_pelo_comando_pelo_texto_e_pelo_menu(palco: Palco) -> None:
    t0 = await turma(palco.banco)
    ids = await encontros(palco.banco, t0, 8)
    eu = await matricular(
        palco.banco, t0, "Maria Souza", chat_id=palco.chat_id(MARIA), canal=palco.canal
    )
    await chamadas(palco.banco, ids, {eu: "PPPF"})
    maria = palco.pessoa(MARIA)

    await maria.comando("/frequencia")
    assert maria.ultima.texto == ESPERADO
    await maria.diz("Minha frequência")
    assert maria.ultima.texto == ESPERADO
    await maria.comando("/menu")
    await maria.toca(texto("cidadao.menu.botao_frequencia"))
    assert maria.ultima.texto == ESPERADO
    assert len(maria.recebidas) == 4


@pytest.mark.so_no_canal("telegram", 'o menu "/" de comandos só existe no Telegram')
async def test_r16_o_menu_do_cidadao_tem_a_frequencia(palco: Palco) -> None:
    assert isinstance(palco, PalcoTelegram) and isinstance(palco.app, Application)

    await publicar_comandos(palco.app)

    [menu] = palco.api.chamadas_de("setMyCommands")
    comandos = {c["command"]: c["description"] for c in menu["commands"]}
    assert comandos["frequencia"] == texto("telegram.comando.frequencia")
