"""A chamada no protocolo do Telegram (R16): cada toque EDITA a mesma mensagem
(editMessageText), no `palco` do Telegram. O WhatsApp não edita mensagem: lá cada toque
ganha uma resposta curta (test_conversa_chamada.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from armazenamento.banco import transacao
from armazenamento.equipe import Escopo, criar_convite
from armazenamento.modelos import Turma
from tests.bot.canais_de_conversa import Palco, PalcoTelegram, PessoaTelegram
from tests.falsos.bot_api import FakeBotApi
from tests.fluxos.chamada.conftest import HOJE_8H, Relogio
from tests.fluxos.chamada.dados_chamada import NOMES_15, marcas, matricular_nomes, novo_encontro
from tests.fluxos.conftest import AGORA

pytestmark = [
    pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning"),
    pytest.mark.so_no_canal("telegram", "editar a mensagem no lugar é do Telegram"),
]

CHAT = 7_500_001


@pytest.fixture
def relogio_da_conversa() -> Relogio:
    return Relogio()


@pytest.fixture
def api(palco: Palco) -> FakeBotApi:
    assert isinstance(palco, PalcoTelegram)
    return palco.api


@pytest.fixture
async def encontro(palco: Palco, motor_banco: AsyncEngine) -> int:
    """A T0 com 15 pessoas e uma aula hoje às 8h; devolve o encontro."""
    async with transacao(motor_banco) as c:
        turma = (await c.execute(sa.select(Turma.id).where(Turma.codigo == "T0"))).scalar_one()  # type: ignore[call-overload]
    await matricular_nomes(motor_banco, turma, NOMES_15, AGORA)
    return await novo_encontro(motor_banco, turma, HOJE_8H)


@pytest.fixture
async def instrutor(
    palco: Palco, api: FakeBotApi, motor_banco: AsyncEngine, encontro: int
) -> PessoaTelegram:
    async with transacao(motor_banco) as c:
        turma = (await c.execute(sa.select(Turma.id).where(Turma.codigo == "T0"))).scalar_one()  # type: ignore[call-overload]
        convite = await criar_convite(
            c, Escopo("instrutor", turma_id=turma), AGORA, timedelta(hours=1)
        )
    pessoa = palco.pessoa(CHAT)
    assert isinstance(pessoa, PessoaTelegram)
    await pessoa.comando(f"/start {convite.token}")
    api.limpar()
    return pessoa


def _enviadas(api: FakeBotApi) -> int:
    return len(api.enviadas(CHAT))


async def test_r16_chamada_por_toques_edita_a_mesma_mensagem(
    instrutor: PessoaTelegram, api: FakeBotApi, motor_banco: AsyncEngine, encontro: int
) -> None:
    await instrutor.comando("/chamada")
    [lista] = instrutor.recebidas
    assert lista.texto.startswith("Chamada da turma T0: domingo, 10 de janeiro, 8h.")

    await instrutor.toca("3 ✅ Bruno C.")
    await instrutor.toca("13 ✅ Maria S.")

    assert _enviadas(api) == 1  # nenhuma mensagem nova por toque
    assert [e["message_id"] for e in api.edicoes(CHAT)] == [lista.message_id] * 2
    [na_tela] = instrutor.recebidas
    assert {"3 ❌ Bruno C.", "13 ❌ Maria S."} <= set(na_tela.rotulos)
    await instrutor.toca("Concluir")
    assert instrutor.ultima.texto == "Chamada salva. 15 na turma: 13 presentes, 2 faltas."
    assert _enviadas(api) == 2
    gravadas = await marcas(motor_banco, encontro)
    assert len(gravadas) == 15
    assert [s for s, _ in gravadas.values()].count("falta") == 2


async def test_todos_presentes_sem_mudanca_nao_duplica_nem_da_erro(
    instrutor: PessoaTelegram, api: FakeBotApi
) -> None:
    """Todos já estão presentes: a API responde "message is not modified"; nada de
    mensagem repetida nem de aviso de erro para o instrutor."""
    await instrutor.comando("/chamada")

    await instrutor.toca("Todos presentes")

    [recusa] = [c for c in api.chamadas if c.metodo == "editMessageText"]
    assert recusa.codigo == 400
    assert _enviadas(api) == 1
    await instrutor.toca("Concluir")
    assert instrutor.ultima.texto == "Chamada salva. 15 na turma: todos presentes."


async def test_edicao_recusada_vira_mensagem_nova(
    instrutor: PessoaTelegram, api: FakeBotApi
) -> None:
    """A mensagem não pode mais ser editada (apagada, velha demais): a lista nova chega
    como mensagem nova, com os botões valendo."""
    await instrutor.comando("/chamada")
    api.falhar("editMessageText", 400)

    await instrutor.toca("3 ✅ Bruno C.")

    assert _enviadas(api) == 2
    assert "3 ❌ Bruno C." in instrutor.ultima.rotulos
    await instrutor.toca("4 ✅ Carla D.")  # os botões da mensagem nova valem (e editam)
    assert len(api.edicoes(CHAT)) == 1


async def test_r16_chamada_digitada_e_corrigida_no_dia_seguinte(
    instrutor: PessoaTelegram,
    api: FakeBotApi,
    motor_banco: AsyncEngine,
    encontro: int,
    relogio_da_conversa: Relogio,
) -> None:
    await instrutor.comando("/chamada")
    await instrutor.diz("faltaram 3 e 7")
    assert {"3 ❌ Bruno C.", "7 ❌ Fábio N."} <= set(instrutor.ultima.rotulos)
    await instrutor.diz("pronto")
    assert instrutor.ultima.texto == "Chamada salva. 15 na turma: 13 presentes, 2 faltas."

    relogio_da_conversa.andar(days=1)  # no dia seguinte: o Fábio tinha chegado atrasado
    await instrutor.comando("/chamada")
    await instrutor.toca("✅ 10/1 8h T0")
    assert "Esta chamada já foi feita" in instrutor.ultima.texto
    await instrutor.toca("7 ❌ Fábio N.")
    assert "7 ✅ Fábio N." in instrutor.ultima.rotulos
    await instrutor.toca("Concluir")

    assert instrutor.ultima.texto == "Chamada salva. 15 na turma: 14 presentes, 1 falta."
    gravadas = await marcas(motor_banco, encontro)
    assert len(gravadas) == 15
    assert [s for s, _ in gravadas.values()].count("falta") == 1


async def test_bot_api_falsa_recusa_editar_mensagem_que_nao_existe(palco: Palco) -> None:
    """Como a API real: 400 "message to edit not found"; editar de verdade devolve a
    mensagem com `edit_date`."""
    from telegram.error import BadRequest

    assert isinstance(palco, PalcoTelegram) and palco.app is not None
    app = palco.app
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await app.bot.edit_message_text("novo", chat_id=CHAT, message_id=999)
    enviada = await app.bot.send_message(CHAT, "antes")
    editada = await app.bot.edit_message_text("depois", chat_id=CHAT, message_id=enviada.message_id)
    assert not isinstance(editada, bool)
    assert (editada.text, editada.message_id) == ("depois", enviada.message_id)
    assert editada.edit_date is not None
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await app.bot.edit_message_text("depois", chat_id=CHAT, message_id=enviada.message_id)
