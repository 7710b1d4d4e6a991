"""O remetente da fila para o Telegram, com um `Bot` do PTB de verdade falando HTTP com a
Bot API falsa (servidor aiohttp numa porta local) que erra sob encomenda."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from datetime import timedelta

import aiohttp
import httpx
import pytest
from telegram import Bot
from telegram.error import RetryAfter, TimedOut
from telegram.request import BaseRequest, HTTPXRequest

from bot.pedido_aiohttp import PedidoAiohttp
from bot.remetente_telegram import (
    Enviada,
    Falhou,
    Inalcancavel,
    Incerta,
    RemetenteTelegram,
    Repetir,
    Resultado,
    saiu_antes_do_tempo,
    segundos_de_espera,
)
from mensagens.serializacao import saida_de_json, saida_para_json
from mensagens.tipos import Botao, Saida
from tests.falsos.servidor_bot_api import ServidorBotApi

# O PTB 22 avisa, ao criar o RetryAfter, que retry_after vai virar timedelta: ruído aqui.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

TOKEN = "123456:SEGREDO-DO-BOT"
CHAT = "7200001"
# Dados pessoais de mentira: não podem aparecer em nenhum `motivo`.
NOME, CPF = "Maria Aparecida da Silva", "123.456.789-09"
TEXTO = f"Olá, {NOME} (CPF {CPF}): amanhã tem aula às 19h."
SAIDA = Saida(TEXTO, (Botao("Vou", "aula:vou:42"), Botao("Não vou poder", "aula:falta:42")))
LEITURA = 0.5  # read_timeout do cliente: a trava do servidor passa disso


class Relogio:
    """Relógio fixo para o limite de taxa do servidor falso: só anda quando mandado."""

    def __init__(self) -> None:
        self.agora = 1000.0

    def __call__(self) -> float:
        return self.agora


@pytest.fixture
def relogio() -> Relogio:
    return Relogio()


@pytest.fixture
async def api(relogio: Relogio) -> AsyncIterator[ServidorBotApi]:
    async with ServidorBotApi(TOKEN, relogio=relogio) as servidor:
        yield servidor


def criar_pedido(transporte: str) -> BaseRequest:
    """O mesmo mapa de erros vale para o transporte padrão do PTB e para o nosso."""
    if transporte == "httpx":
        return HTTPXRequest(
            connection_pool_size=8,
            read_timeout=LEITURA,
            write_timeout=LEITURA,
            connect_timeout=LEITURA,
            pool_timeout=LEITURA,
        )
    return PedidoAiohttp(
        conexoes=8, read_timeout=LEITURA, connect_timeout=LEITURA, pool_timeout=LEITURA
    )


@pytest.fixture(params=["httpx", "aiohttp"])
def transporte(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def bot(api: ServidorBotApi, transporte: str) -> AsyncIterator[Bot]:
    pedido = criar_pedido(transporte)
    async with Bot(TOKEN, base_url=f"{api.url}/bot", request=pedido) as b:  # getMe
        yield b


@pytest.fixture
def remetente(bot: Bot) -> RemetenteTelegram:
    return RemetenteTelegram(bot)


def sem_dados_pessoais(resultado: Resultado) -> None:
    motivo = getattr(resultado, "motivo", "")
    assert motivo, resultado
    for proibido in (NOME, CPF, "Maria", "aula:vou", TOKEN, "SEGREDO"):
        assert proibido not in motivo
    assert len(motivo) <= 200


# ----- sucesso ------------------------------------------------------------------------


async def test_envio_aceito_devolve_o_message_id(
    api: ServidorBotApi, remetente: RemetenteTelegram
) -> None:
    resultado = await remetente.enviar(CHAT, SAIDA)

    assert isinstance(resultado, Enviada)
    assert int(resultado.id_provedor) > 1000
    assert api.enviadas(CHAT) == [TEXTO]
    teclado = api.chamadas_de("sendMessage")[0]["reply_markup"]
    dados = [b["callback_data"] for linha in teclado["inline_keyboard"] for b in linha]
    assert dados == ["aula:vou:42", "aula:falta:42"]


async def test_ids_distintos_para_mensagens_distintas(
    api: ServidorBotApi, remetente: RemetenteTelegram
) -> None:
    a = await remetente.enviar(CHAT, Saida("primeira"))
    b = await remetente.enviar(CHAT, Saida("segunda"))

    assert isinstance(a, Enviada) and isinstance(b, Enviada)
    assert a.id_provedor != b.id_provedor
    assert api.total_aceitas == 2 and api.duplicadas() == 0


async def test_sem_botoes_nao_mexe_no_teclado_da_pessoa(
    api: ServidorBotApi, remetente: RemetenteTelegram
) -> None:
    """Um lembrete sem botões não manda ReplyKeyboardRemove (a conversa pode estar
    pedindo o contato naquele momento)."""
    assert isinstance(await remetente.enviar(CHAT, Saida("lembrete")), Enviada)
    assert "reply_markup" not in api.chamadas_de("sendMessage")[0]


async def test_pedido_de_contato_vai_com_o_teclado_de_contato(
    api: ServidorBotApi, remetente: RemetenteTelegram
) -> None:
    assert isinstance(await remetente.enviar(CHAT, Saida("telefone?", pedir_contato=True)), Enviada)
    teclado = api.chamadas_de("sendMessage")[0]["reply_markup"]
    assert teclado["keyboard"][0][0]["request_contact"] is True


# ----- recusas da API -----------------------------------------------------------------


@pytest.mark.parametrize("segundos", [1, 3, 37])
async def test_429_repete_depois_exatamente_do_retry_after(
    api: ServidorBotApi, remetente: RemetenteTelegram, segundos: int
) -> None:
    api.falhar("sendMessage", 429, retry_after=segundos)

    resultado = await remetente.enviar(CHAT, SAIDA)

    assert isinstance(resultado, Repetir)
    assert resultado.depois_de == float(segundos) and isinstance(resultado.depois_de, float)
    assert "RetryAfter" in resultado.motivo
    sem_dados_pessoais(resultado)
    assert api.total_aceitas == 0


@pytest.mark.parametrize(
    "descricao",
    [
        "Forbidden: bot was blocked by the user",
        "Forbidden: user is deactivated",
        "Forbidden: bot can't initiate conversation with a user",
    ],
)
async def test_403_torna_inalcancavel(
    api: ServidorBotApi, remetente: RemetenteTelegram, descricao: str
) -> None:
    api.falhar("sendMessage", 403, descricao=descricao)

    resultado = await remetente.enviar(CHAT, SAIDA)

    assert resultado == Inalcancavel(f"Forbidden: {descricao}")
    sem_dados_pessoais(resultado)


@pytest.mark.parametrize(
    "descricao", ["Bad Request: chat not found", "Bad Request: PEER_ID_INVALID"]
)
async def test_400_chat_inexistente_torna_inalcancavel(
    api: ServidorBotApi, remetente: RemetenteTelegram, descricao: str
) -> None:
    api.falhar("sendMessage", 400, descricao=descricao)

    resultado = await remetente.enviar(CHAT, SAIDA)

    assert isinstance(resultado, Inalcancavel)
    assert resultado.motivo.startswith("BadRequest: ")
    sem_dados_pessoais(resultado)


@pytest.mark.parametrize(
    "descricao",
    [
        "Bad Request: message text is empty",
        "Bad Request: BUTTON_DATA_INVALID",
        "Bad Request: can't parse entities: Can't find end of the entity at byte offset 9",
    ],
)
async def test_outro_400_falha_sem_repetir(
    api: ServidorBotApi, remetente: RemetenteTelegram, descricao: str
) -> None:
    api.falhar("sendMessage", 400, descricao=descricao)

    resultado = await remetente.enviar(CHAT, SAIDA)

    # o PTB tira o "Bad Request: " da descrição e a capitaliza
    assert resultado == Falhou(
        f"BadRequest: {descricao.removeprefix('Bad Request: ').capitalize()}"
    )
    sem_dados_pessoais(resultado)


@pytest.mark.parametrize("codigo", [500, 502, 503, 504])
async def test_5xx_repete_com_recuo_do_despachante(
    api: ServidorBotApi, remetente: RemetenteTelegram, codigo: int
) -> None:
    api.falhar("sendMessage", codigo)

    resultado = await remetente.enviar(CHAT, SAIDA)

    assert isinstance(resultado, Repetir)
    assert resultado.depois_de == 0.0
    assert resultado.motivo.startswith("NetworkError: ")
    sem_dados_pessoais(resultado)
    assert api.total_aceitas == 0


async def test_502_html_do_nginx_vira_repetir_com_motivo_curto(
    api: ServidorBotApi, remetente: RemetenteTelegram
) -> None:
    api.falhar("sendMessage", 502)

    resultado = await remetente.enviar(CHAT, SAIDA)

    assert isinstance(resultado, Repetir)
    assert "Bad Gateway (502)" in resultado.motivo
    assert len(resultado.motivo) <= 200


async def test_token_recusado_repete_sem_queimar_a_fila(
    api: ServidorBotApi, remetente: RemetenteTelegram
) -> None:
    """401 com o Bot já inicializado: o PTB o apresenta como EndPointNotFound."""
    api.falhar("sendMessage", 401, descricao="Unauthorized")

    resultado = await remetente.enviar(CHAT, SAIDA)

    assert isinstance(resultado, Repetir) and resultado.depois_de == 0.0
    assert resultado.motivo.startswith("EndPointNotFound: ")
    sem_dados_pessoais(resultado)


async def test_depois_da_falha_o_proximo_envio_passa(
    api: ServidorBotApi, remetente: RemetenteTelegram
) -> None:
    api.falhar("sendMessage", 500, vezes=2)

    resultados = [await remetente.enviar(CHAT, SAIDA) for _ in range(3)]

    assert [type(r) for r in resultados] == [Repetir, Repetir, Enviada]
    assert api.enviadas(CHAT) == [TEXTO]


# ----- rede ---------------------------------------------------------------------------


# A classe do erro de cada transporte, que o motivo nomeia.
ERRO_DE = {
    "resetada": {"httpx": "httpx.RemoteProtocolError", "aiohttp": "aiohttp.ServerDisconnected"},
    "recusada": {"httpx": "httpx.ConnectError", "aiohttp": "aiohttp.ClientConnectorError"},
    "travada": {"httpx": "httpx.ReadTimeout", "aiohttp": "aiohttp.SocketTimeoutError"},
}


async def test_conexao_resetada_repete_e_nada_foi_entregue(
    api: ServidorBotApi, remetente: RemetenteTelegram, transporte: str
) -> None:
    api.resetar_conexoes(1)

    resultado = await remetente.enviar(CHAT, SAIDA)

    assert isinstance(resultado, Repetir)
    assert resultado.depois_de == 0.0
    assert ERRO_DE["resetada"][transporte] in resultado.motivo
    sem_dados_pessoais(resultado)
    assert api.total_aceitas == 0 and api.codigos[0] == 1
    assert len(api.chamadas_de("sendMessage")) == 1  # chegou, mas nada foi feito
    assert isinstance(await remetente.enviar(CHAT, SAIDA), Enviada)  # conexão nova


async def test_conexao_recusada_repete(transporte: str) -> None:
    """Ninguém escuta na porta (sem getMe: o Bot não é inicializado, só o pedido HTTP)."""
    pedido = criar_pedido(transporte)
    sem_servidor = Bot(TOKEN, base_url=f"{url_sem_ninguem()}/bot", request=pedido)
    await pedido.initialize()
    try:
        resultado = await RemetenteTelegram(sem_servidor).enviar(CHAT, SAIDA)
    finally:
        await pedido.shutdown()

    assert isinstance(resultado, Repetir)
    assert ERRO_DE["recusada"][transporte] in resultado.motivo
    sem_dados_pessoais(resultado)


async def test_trava_depois_de_entregar_e_incerta(
    api: ServidorBotApi, remetente: RemetenteTelegram, transporte: str
) -> None:
    """O servidor entregou a mensagem e não respondeu a tempo: reenviar duplicaria."""
    api.travar(1, segundos=60)

    resultado = await remetente.enviar(CHAT, SAIDA)

    assert isinstance(resultado, Incerta)
    assert resultado.motivo.startswith("TimedOut: ")
    assert ERRO_DE["travada"][transporte] in resultado.motivo
    sem_dados_pessoais(resultado)
    assert api.enviadas(CHAT) == [TEXTO]  # por isso não se reenvia às cegas
    assert api.total_aceitas == 1


async def test_servidor_desliga_mesmo_com_chamada_travada(relogio: Relogio) -> None:
    """Ao desligar, a trava se solta e a resposta sai (sem esperar os 600 s nem ser
    cancelada pelo aiohttp, que daria desconexão ao cliente)."""
    async with httpx.AsyncClient(timeout=30) as cliente:
        async with ServidorBotApi(TOKEN, relogio=relogio) as servidor:
            servidor.travar(1, segundos=600)
            pedido = asyncio.create_task(
                cliente.post(f"{servidor.url}/bot{TOKEN}/sendMessage", json={"chat_id": 1})
            )
            await servidor.esperar(lambda: servidor.total_aceitas == 1)
        resposta = await asyncio.wait_for(pedido, timeout=5)

    assert resposta.status_code == 200
    assert resposta.json()["result"]["chat"]["id"] == 1


# ----- limite de taxa do servidor falso -------------------------------------------------


async def test_limite_global_responde_429_acima_da_taxa(
    api: ServidorBotApi, remetente: RemetenteTelegram, relogio: Relogio
) -> None:
    api.limitar(10)

    resultados = [await remetente.enviar(str(8000 + i), Saida(f"m{i}")) for i in range(30)]

    enviadas = [r for r in resultados if isinstance(r, Enviada)]
    repetir = [r for r in resultados if isinstance(r, Repetir)]
    assert len(enviadas) == 10 and len(repetir) == 20
    assert {r.depois_de for r in repetir} == {1.0}
    assert api.total_aceitas == 10 and api.codigos[429] == 20
    assert len(api.enviadas_por_chat()) == 10  # todos os chats contam juntos

    relogio.agora += 1.0  # a janela inteira passou: dez vagas de novo
    seguintes = [await remetente.enviar(str(9000 + i), Saida(f"n{i}")) for i in range(11)]
    assert [type(r) for r in seguintes] == [Enviada] * 10 + [Repetir]


async def test_retry_after_do_limite_conta_os_segundos_ate_abrir_vaga(
    api: ServidorBotApi, remetente: RemetenteTelegram, relogio: Relogio
) -> None:
    api.limitar(0.25)  # uma a cada 4 s

    assert isinstance(await remetente.enviar(CHAT, Saida("a")), Enviada)
    assert await remetente.enviar(CHAT, Saida("b")) == Repetir(4.0, motivo_429(4))
    relogio.agora += 2.5
    assert await remetente.enviar(CHAT, Saida("b")) == Repetir(2.0, motivo_429(2))  # 1.5 -> 2
    relogio.agora += 1.4
    assert await remetente.enviar(CHAT, Saida("b")) == Repetir(1.0, motivo_429(1))  # mínimo 1
    relogio.agora += 0.1
    assert isinstance(await remetente.enviar(CHAT, Saida("b")), Enviada)


async def test_limite_em_paralelo_nao_passa_da_taxa(
    api: ServidorBotApi, remetente: RemetenteTelegram
) -> None:
    api.limitar(10)

    resultados = await asyncio.gather(
        *(remetente.enviar(str(8000 + i), Saida("oi")) for i in range(30))
    )

    assert sum(isinstance(r, Enviada) for r in resultados) == 10
    assert api.total_aceitas == 10 and api.duplicadas() == 0


async def test_duplicadas_conta_o_mesmo_texto_no_mesmo_chat(
    api: ServidorBotApi, remetente: RemetenteTelegram
) -> None:
    for chat, texto in [(CHAT, "a"), (CHAT, "a"), (CHAT, "b"), ("99", "a"), (CHAT, "a")]:
        await remetente.enviar(chat, Saida(texto))

    assert api.duplicadas() == 2
    assert api.enviadas_por_chat() == {CHAT: ["a", "a", "b", "a"], "99": ["a"]}


def motivo_429(segundos: int) -> str:
    return f"RetryAfter: Flood control exceeded. Retry in {segundos} seconds"


# ----- validação antes de enviar ------------------------------------------------------


@pytest.mark.parametrize(
    ("saida", "motivo"),
    [
        (Saida("x" * 4097), "texto longo demais"),
        (Saida("   \n"), "texto vazio"),
        (Saida("oi", (Botao("longo", "v" * 65),)), "botao invalido"),
    ],
)
async def test_saida_invalida_falha_sem_chamar_a_api(
    api: ServidorBotApi, remetente: RemetenteTelegram, saida: Saida, motivo: str
) -> None:
    resultado = await remetente.enviar(CHAT, saida)

    assert isinstance(resultado, Falhou)
    assert resultado.motivo.startswith(motivo)
    assert api.chamadas_de("sendMessage") == []


async def test_texto_no_limite_passa(api: ServidorBotApi, remetente: RemetenteTelegram) -> None:
    assert isinstance(await remetente.enviar(CHAT, Saida("ç" * 4096)), Enviada)


# ----- detalhes do mapeamento (sem rede) -----------------------------------------------


@pytest.mark.parametrize("valor", [7, timedelta(seconds=7)])
def test_retry_after_int_ou_timedelta(valor: int | timedelta) -> None:
    assert segundos_de_espera(RetryAfter(valor)) == 7.0


@pytest.mark.parametrize(
    ("causa", "incerta"),
    [
        (httpx.ReadTimeout("r"), True),
        (httpx.ConnectTimeout("c"), False),
        (httpx.PoolTimeout("p"), False),
        (httpx.WriteTimeout("w"), False),
        (aiohttp.SocketTimeoutError("r"), True),
        (aiohttp.ConnectionTimeoutError("c"), False),
        (None, True),
    ],
)
def test_timeout_so_e_incerto_se_o_pedido_saiu(causa: Exception | None, incerta: bool) -> None:
    erro = TimedOut()
    erro.__cause__ = causa
    assert saiu_antes_do_tempo(erro) is incerta


# ----- conteúdo da fila ---------------------------------------------------------------


def _botoes(n: int) -> tuple[Botao, ...]:
    return tuple(Botao(f"Opção {i} ✅", f"escolha:{i}") for i in range(n))


@pytest.mark.parametrize(
    "saida",
    [
        Saida(""),
        Saida("Olá! Inscrição confirmada."),
        Saida("Acentuação: ção, ã, é, ü, Ç\nlinha 2\r\nlinha 3\t\tfim"),
        Saida('Emoji 🎉👩🏽‍🍳 e aspas "duplas" e \\barra\\ e {chaves}'),
        Saida("controle \x00\x1f e \u2028 separador"),
        Saida("x" * 4096),
        Saida("telefone?", pedir_contato=True),
        *(Saida(f"com {n} botões", _botoes(n)) for n in range(11)),
        Saida("rótulo com ✅ e valor longo", (Botao("✅ Sim, vou", "v" * 64),)),
    ],
)
def test_saida_ida_e_volta_pelo_json(saida: Saida) -> None:
    texto = saida_para_json(saida)
    assert saida_de_json(texto) == saida
    assert "\n" not in texto  # uma linha: fácil de ler na coluna e no log da equipe


def test_json_da_saida_e_legivel_e_compacto() -> None:
    texto = saida_para_json(Saida("Olá ✅", (Botao("Sim", "s"),)))
    assert texto == '{"v":1,"texto":"Olá ✅","botoes":[["Sim","s"]],"pedir_contato":false}'


@pytest.mark.parametrize(
    "texto",
    [
        "[]",
        '{"texto":"sem versao","botoes":[],"pedir_contato":false}',
        '{"v":2,"texto":"futuro","botoes":[],"pedir_contato":false}',
        '{"v":1,"botoes":[],"pedir_contato":false}',
        '{"v":1,"texto":"x","botoes":[["so rotulo"]],"pedir_contato":false}',
        '{"v":1,"texto":"x","botoes":[["a", 1]],"pedir_contato":false}',
        '{"v":1,"texto":"x","botoes":{},"pedir_contato":false}',
        '{"v":1,"texto":"x","botoes":[],"pedir_contato":"sim"}',
    ],
)
def test_json_invalido_da_erro_sem_o_conteudo(texto: str) -> None:
    with pytest.raises(ValueError) as erro:
        saida_de_json(texto)
    assert "futuro" not in str(erro.value) and "sem versao" not in str(erro.value)


# ----- apoio --------------------------------------------------------------------------


def url_sem_ninguem() -> str:
    """Uma URL numa porta local onde ninguém escuta (conexão recusada)."""
    with socket.socket() as tomada:
        tomada.bind(("127.0.0.1", 0))
        porta = tomada.getsockname()[1]
    return f"http://127.0.0.1:{porta}"
