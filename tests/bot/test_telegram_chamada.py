"""A chamada nos canais de verdade (R7, R16). No Telegram (Application do PTB, Bot API
falsa) cada toque EDITA a mesma mensagem (editMessageText): esses testes são só do
Telegram, porque o WhatsApp não edita mensagem. Nos dois canais (`nome_canal`): digitar
vale, corrigir no dia seguinte, tocar numa turma pequena. Só no WhatsApp (webhook
assinado, Graph API falsa): a turma de 25 que não cabe numa lista, feita digitando, com
uma mensagem curta por marca, e o toque repetido que não duplica nada."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from telegram.ext import Application

from armazenamento.banco import transacao
from armazenamento.equipe import Escopo, criar_convite
from armazenamento.modelos import Turma
from bot.telegram import criar_aplicacao, parar
from fluxos.montagem import criar_motor_de_conversa
from fluxos.motor import Motor
from tests.bot.palco_canais import abrir_canal, nome_canal  # noqa: F401  (fixture)
from tests.bot.pessoa_telegram import PessoaTelegram
from tests.bot.pessoa_whatsapp import PessoaWhatsApp
from tests.dados import semear_programa
from tests.falsos.bot_api import FakeBotApi
from tests.fluxos.chamada.conftest import HOJE_8H, Relogio
from tests.fluxos.chamada.dados_chamada import NOMES_15, marcas, matricular_nomes, novo_encontro
from tests.fluxos.conftest import AGORA

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

TOKEN = "123456:TESTE"
CHAT = 7_500_001


@pytest.fixture
def relogio() -> Relogio:
    return Relogio()


@pytest.fixture
def api() -> FakeBotApi:
    return FakeBotApi()


@pytest.fixture
async def app(
    sessoes: async_sessionmaker[AsyncSession], api: FakeBotApi, relogio: Relogio
) -> AsyncIterator[Application]:
    await semear_programa(sessoes, AGORA.date())
    motor = criar_motor_de_conversa(sessoes.kw["bind"], relogio=relogio)
    aplicacao = criar_aplicacao(TOKEN, motor, request=api)
    await aplicacao.initialize()
    api.limpar()
    yield aplicacao
    await parar(aplicacao)


@pytest.fixture
async def encontro(app: Application, motor_banco: AsyncEngine) -> int:
    """A T0 com 15 pessoas e uma aula hoje às 8h; devolve o encontro."""
    async with transacao(motor_banco) as c:
        turma = (await c.execute(sa.select(Turma.id).where(Turma.codigo == "T0"))).scalar_one()  # type: ignore[call-overload]
    await matricular_nomes(motor_banco, turma, NOMES_15, AGORA)
    return await novo_encontro(motor_banco, turma, HOJE_8H)


@pytest.fixture
async def instrutor(
    app: Application, api: FakeBotApi, motor_banco: AsyncEngine, encontro: int
) -> PessoaTelegram:
    async with transacao(motor_banco) as c:
        turma = (await c.execute(sa.select(Turma.id).where(Turma.codigo == "T0"))).scalar_one()  # type: ignore[call-overload]
        convite = await criar_convite(
            c, Escopo("instrutor", turma_id=turma), AGORA, timedelta(hours=1)
        )
    pessoa = PessoaTelegram(app, api, CHAT)
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
    relogio: Relogio,
) -> None:
    await instrutor.comando("/chamada")
    await instrutor.diz("faltaram 3 e 7")
    assert {"3 ❌ Bruno C.", "7 ❌ Fábio N."} <= set(instrutor.ultima.rotulos)
    await instrutor.diz("pronto")
    assert instrutor.ultima.texto == "Chamada salva. 15 na turma: 13 presentes, 2 faltas."

    relogio.andar(days=1)  # no dia seguinte: o Fábio tinha chegado atrasado
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


async def test_bot_api_falsa_recusa_editar_mensagem_que_nao_existe(
    app: Application, api: FakeBotApi
) -> None:
    """Como a API real: 400 "message to edit not found"; editar de verdade devolve a
    mensagem com `edit_date`."""
    from telegram.error import BadRequest

    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await app.bot.edit_message_text("novo", chat_id=CHAT, message_id=999)
    enviada = await app.bot.send_message(CHAT, "antes")
    editada = await app.bot.edit_message_text("depois", chat_id=CHAT, message_id=enviada.message_id)
    assert not isinstance(editada, bool)
    assert (editada.text, editada.message_id) == ("depois", enviada.message_id)
    assert editada.edit_date is not None
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await app.bot.edit_message_text("depois", chat_id=CHAT, message_id=enviada.message_id)


# ----- nos dois canais -------------------------------------------------------------------


@pytest.fixture
async def motor(sessoes: async_sessionmaker[AsyncSession], relogio: Relogio) -> Motor:
    await semear_programa(sessoes, AGORA.date())
    return criar_motor_de_conversa(sessoes.kw["bind"], relogio=relogio)


@pytest.fixture
async def canal(nome_canal: str, motor: Motor, relogio: Relogio) -> AsyncIterator[Any]:
    async with abrir_canal(nome_canal, motor, relogio) as pronto:
        yield pronto


async def _turma(banco: AsyncEngine, nomes: tuple[str, ...] | list[str]) -> int:
    """A T0 com `nomes` e uma aula hoje às 8h; devolve o encontro."""
    async with transacao(banco) as c:
        turma = (await c.execute(sa.select(Turma.id).where(Turma.codigo == "T0"))).scalar_one()  # type: ignore[call-overload]
    await matricular_nomes(banco, turma, nomes, AGORA)
    return await novo_encontro(banco, turma, HOJE_8H)


async def _instrutora(canal: Any, banco: AsyncEngine) -> Any:
    async with transacao(banco) as c:
        turma = (await c.execute(sa.select(Turma.id).where(Turma.codigo == "T0"))).scalar_one()  # type: ignore[call-overload]
        convite = await criar_convite(
            c, Escopo("instrutor", turma_id=turma), AGORA, timedelta(hours=1)
        )
    pessoa = canal.pessoa(CHAT)
    await pessoa.comando(f"/start {convite.token}")
    return pessoa


def _faltas(gravadas: dict[int, tuple[str, str]]) -> int:
    return [s for s, _ in gravadas.values()].count("falta")


async def test_r16_digitada_e_corrigida_no_dia_seguinte_nos_dois_canais(
    canal: Any, motor_banco: AsyncEngine, relogio: Relogio
) -> None:
    encontro = await _turma(motor_banco, NOMES_15)
    instrutora = await _instrutora(canal, motor_banco)
    await instrutora.comando("/chamada")
    await instrutora.diz("faltaram 3 e 7")
    assert instrutora.ultima.texto.startswith("Anotei: faltaram 3 (Bruno C.) e 7 (Fábio N.).")
    await instrutora.diz("pronto")
    assert instrutora.ultima.texto == "Chamada salva. 15 na turma: 13 presentes, 2 faltas."

    relogio.andar(days=1)  # no dia seguinte: o Fábio tinha chegado atrasado
    await instrutora.comando("/chamada")
    await instrutora.toca("✅ 10/1 8h T0")
    assert "Esta chamada já foi feita" in instrutora.ultima.texto
    await instrutora.diz("7 veio")
    await instrutora.toca("Concluir")

    assert instrutora.ultima.texto == "Chamada salva. 15 na turma: 14 presentes, 1 falta."
    gravadas = await marcas(motor_banco, encontro)
    assert (len(gravadas), _faltas(gravadas)) == (15, 1)


async def test_r16_turma_pequena_por_toques_nos_dois_canais(
    canal: Any, motor_banco: AsyncEngine
) -> None:
    encontro = await _turma(motor_banco, NOMES_15[:6])
    instrutora = await _instrutora(canal, motor_banco)
    await instrutora.comando("/chamada")

    await instrutora.toca("3 ✅ Bruno C.")
    await instrutora.toca("6 ✅ Elaine R.")
    assert {"3 ❌ Bruno C.", "6 ❌ Elaine R."} <= set(instrutora.ultima_com_botoes.rotulos)
    await instrutora.toca("6 ❌ Elaine R.")  # ela chegou
    await instrutora.toca("Concluir")

    assert instrutora.ultima.texto == "Chamada salva. 6 na turma: 5 presentes, 1 falta."
    gravadas = await marcas(motor_banco, encontro)
    assert (len(gravadas), _faltas(gravadas)) == (6, 1)


# ----- só no WhatsApp: sem edição, listas de até 10 linhas --------------------------------

NOMES_25 = tuple(
    f"{nome} {sobrenome}"
    for nome in ("Ana", "Rita", "Davi", "Luís", "Célia")
    for sobrenome in ("Souza", "Lima", "Prado", "Teles", "Nunes")
)


@pytest.fixture
async def no_whatsapp(motor: Motor, relogio: Relogio) -> AsyncIterator[Any]:
    async with abrir_canal("whatsapp", motor, relogio) as pronto:
        yield pronto


@pytest.mark.parametrize(("pessoas", "tocando"), [(8, True), (9, False), (25, False)])
async def test_whatsapp_lista_para_tocar_so_quando_cabe_em_10_linhas(
    no_whatsapp: Any, motor_banco: AsyncEngine, pessoas: int, tocando: bool
) -> None:
    """8 pessoas + Todos presentes + Concluir = 10 linhas: a lista. Mais que isso: as
    pessoas escritas, com o número, e os dois botões (digitar sempre vale)."""
    await _turma(motor_banco, NOMES_25[:pessoas])
    instrutora: PessoaWhatsApp = await _instrutora(no_whatsapp, motor_banco)
    await instrutora.comando("chamada")

    lista = instrutora.ultima
    if tocando:
        assert lista.lista and len(lista.rotulos) == pessoas + 2
    else:
        assert lista.rotulos == ["Todos presentes", "Concluir"]
        assert not lista.lista
        assert f"{pessoas} ✅ " in lista.texto and "Escreva os números" in lista.texto
    assert no_whatsapp.graph.duplicadas() == 0


async def test_whatsapp_turma_de_25_inteira_digitando_uma_mensagem_curta_por_marca(
    no_whatsapp: Any, motor_banco: AsyncEngine
) -> None:
    encontro = await _turma(motor_banco, NOMES_25)
    instrutora: PessoaWhatsApp = await _instrutora(no_whatsapp, motor_banco)
    await instrutora.comando("chamada")
    [lista] = [m for m in instrutora.recebidas if "Chamada da turma" in m.texto]
    assert all(f"{n} ✅ " in lista.texto for n in range(1, 26))

    antes = len(instrutora.recebidas)
    await instrutora.diz("faltaram 3 e 7")
    await instrutora.diz("todos presentes")
    await instrutora.diz("faltou 12")
    await instrutora.diz("faltou 12")  # repetido: nada muda duas vezes
    respostas = instrutora.desde(antes)

    assert [m.texto.splitlines()[-1] for m in respostas] == [
        "Até agora: 23 presentes, 2 faltas: 3 (Ana P.) e 7 (Célia N.).",
        "Até agora: todos presentes (25 na turma).",
        "Até agora: 24 presentes, 1 falta: 12 (Davi N.).",
        "Até agora: 24 presentes, 1 falta: 12 (Davi N.).",
    ]
    assert all(len(m.texto) < 200 and "25 ✅" not in m.texto for m in respostas)
    assert all(m.rotulos == ["Todos presentes", "Concluir"] for m in respostas)
    await instrutora.diz("ajuda")  # perdeu a conta: a lista inteira de novo, com as marcas
    assert "12 ❌ Davi N." in instrutora.ultima.texto and "25 ✅ " in instrutora.ultima.texto
    await instrutora.toca("Concluir")
    assert instrutora.ultima.texto == "Chamada salva. 25 na turma: 24 presentes, 1 falta."
    gravadas = await marcas(motor_banco, encontro)
    assert (len(gravadas), _faltas(gravadas)) == (25, 1)


async def test_whatsapp_toque_repetido_e_reenvio_da_meta_nao_duplicam(
    no_whatsapp: Any, motor_banco: AsyncEngine
) -> None:
    """O toque duplo na mesma linha de uma lista antiga pede a mesma marca (nada desfaz:
    cada toque ganha a sua confirmação curta, igual); a Meta reenviando o mesmo toque
    (mesmo wamid) não ganha resposta nova."""
    encontro = await _turma(motor_banco, NOMES_15[:6])
    instrutora: PessoaWhatsApp = await _instrutora(no_whatsapp, motor_banco)
    await instrutora.comando("chamada")
    lista = instrutora.ultima

    await instrutora.toca("3 ✅ Bruno C.", em=lista)
    await instrutora.toca("3 ✅ Bruno C.", em=lista)  # o dedo tocou duas vezes
    toque = instrutora.mensagem(
        "interactive",
        {
            "interactive": {
                "type": "list_reply",
                "list_reply": {"id": lista.dado("4 ✅ Carla D."), "title": "4"},
            }
        },
        lista.message_id,
    )
    await instrutora.manda(toque)
    depois = len(instrutora.recebidas)
    await instrutora.manda(toque)  # a Meta reenviou o mesmo wamid

    assert len(instrutora.recebidas) == depois
    assert (
        instrutora.ultima.texto == "Até agora: 4 presentes, 2 faltas: 3 (Bruno C.) e 4 (Carla D.)."
    )
    assert {"3 ❌ Bruno C.", "4 ❌ Carla D."} <= set(instrutora.ultima.rotulos)
    await instrutora.toca("Concluir")
    gravadas = await marcas(motor_banco, encontro)
    assert (len(gravadas), _faltas(gravadas)) == (6, 2)
