"""Canal Telegram com a Application real do PTB, updates reais e uma Bot API falsa.

O fluxo aqui é mínimo e só deste teste (cor -> telefone): o que se verifica é o que a
pessoa nota no Telegram: o texto, os botões e seus dados, o teclado de contato. Tudo aqui
é do protocolo do Telegram (callback_data, answerCallbackQuery, teclado de contato,
webhook com segredo, polling, grupos): só faz sentido nele. O que todo canal faz igual
com este fluxo roda nos dois canais em test_conversa_canal.py.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from telegram import Update
from telegram.ext import Application

from armazenamento.conversas import carregar_conversa
from bot.telegram import (
    CABECALHO_SEGREDO,
    criar_aplicacao,
    iniciar_polling,
    normalizar_base_url,
    parar,
    rota_webhook,
)
from bot.telegram_entrada import converter_update
from bot.telegram_saida import montar_teclado, partir_texto
from fluxos.motor import Comando, Dizer, Iniciar, Motor
from fluxos.passos import (
    Contexto,
    Dizer,
    Fluxo,
    Opcao,
    Passo,
    Pergunta,
    Repetir,
    Resposta,
    Resultado,
    Seguir,
)
from mensagens.catalogo import texto
from mensagens.tipos import Botao, Saida, Tipo
from tests.falsos import updates_telegram as tg
from tests.falsos.bot_api import FakeBotApi

TOKEN = "123456:TESTE"
CHAT = 7_000_001
SEGREDO = "segredo-do-webhook_1"

# ----- um fluxo mínimo, só para estes testes ---------------------------------------


async def _perguntar_cor(ctx: Contexto) -> Pergunta:
    opcoes = [Opcao("azul", "Azul"), Opcao("verde", "Verde bem clarinho")]
    return Pergunta("Qual cor você prefere?", opcoes)


async def _receber_cor(ctx: Contexto, resposta: Resposta) -> Resultado:
    if resposta.opcao is None:
        return Repetir("Toque em uma das cores.")
    ctx.dados["cor"] = resposta.opcao
    return Seguir()


async def _perguntar_telefone(ctx: Contexto) -> Pergunta:
    return Pergunta("Mande o seu telefone.", pedir_contato=True)


async def _receber_telefone(ctx: Contexto, resposta: Resposta) -> Resultado:
    if resposta.contato and resposta.contato_proprio:
        return Dizer(("Obrigado! Anotei seu telefone.",))
    return Repetir("Use o botão para mandar o seu próprio telefone.")


FLUXO = Fluxo(
    "teste",
    (
        Passo("cor", _perguntar_cor, _receber_cor),
        Passo("telefone", _perguntar_telefone, _receber_telefone),
    ),
)


async def _start(ctx: Contexto, argumento: str) -> Iniciar:
    return Iniciar("teste", nota=f"Olá! Convite: {argumento}" if argumento else "Olá!")


async def _menu(ctx: Contexto, argumento: str) -> Dizer:
    return Dizer(("O que você quer fazer?",), (Opcao("cmd:start", "Começar"),))


async def _desconhecido(ctx: Contexto, argumento: str) -> Dizer:
    return Dizer(("Não conheço esse comando. Escreva /menu.",))


async def _texto(ctx: Contexto, argumento: str) -> Dizer:
    return Dizer(("Escreva /start para começar.",))


async def _quebrar(ctx: Contexto, argumento: str) -> Dizer:
    raise RuntimeError("CPF 123.456.789-09 de Maria")  # um erro que carrega dado pessoal


COMANDOS: dict[str, Comando] = {
    "start": _start,
    "menu": _menu,
    "desconhecido": _desconhecido,
    "texto": _texto,
    "quebrar": _quebrar,
}

# ----- apoio ---------------------------------------------------------------------------


@pytest.fixture
def api() -> FakeBotApi:
    return FakeBotApi()


@pytest.fixture
async def app(
    sessoes: async_sessionmaker[AsyncSession], api: FakeBotApi
) -> AsyncIterator[Application]:
    aplicacao = criar_aplicacao(
        TOKEN, Motor(sessoes.kw["bind"], {"teste": FLUXO}, COMANDOS), request=api
    )
    await aplicacao.initialize()
    api.limpar()  # o getMe da inicialização não interessa
    yield aplicacao
    await parar(aplicacao)


async def enviar(app: Application, dados: dict[str, Any]) -> None:
    await app.process_update(Update.de_json(dados, app.bot))


async def estado(sessoes: async_sessionmaker[AsyncSession]) -> tuple[str, str, int] | None:
    async with sessoes.kw["bind"].connect() as conexao:
        linha = await carregar_conversa(conexao, "telegram", str(CHAT))
        return (linha.fluxo, linha.passo, linha.versao) if linha else None


def ultima_mensagem(api: FakeBotApi) -> tuple[int, dict[str, Any]]:
    """(message_id devolvido pela API, parâmetros) do último sendMessage."""
    chamada = [c for c in api.chamadas if c.metodo == "sendMessage"][-1]
    return chamada.resposta["message_id"], chamada.parametros


def teclado_inline(parametros: dict[str, Any]) -> list[list[tuple[str, str]]]:
    linhas = parametros["reply_markup"]["inline_keyboard"]
    return [[(b["text"], b["callback_data"]) for b in linha] for linha in linhas]


async def tocar_primeiro_botao(app: Application, api: FakeBotApi) -> str:
    """Toca o 1º botão da última mensagem; as chamadas anteriores são esquecidas."""
    message_id, parametros = ultima_mensagem(api)
    dado = parametros["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    api.limpar()
    await enviar(app, tg.botao(CHAT, dado, message_id, teclado=parametros["reply_markup"]))
    return str(dado)


# ----- conversa ------------------------------------------------------------------------


async def test_start_mostra_pergunta_com_botoes(app: Application, api: FakeBotApi) -> None:
    await enviar(app, tg.comando(CHAT, "/start"))

    [enviada] = api.enviadas(CHAT)
    assert enviada["text"] == "Olá!\n\nQual cor você prefere?"
    assert "parse_mode" not in enviada  # texto puro: um nome com * ou _ não quebra nada
    # "Verde bem clarinho" passa de 12 letras: um botão por linha
    assert teclado_inline(enviada) == [[("Azul", "1.azul")], [("Verde bem clarinho", "1.verde")]]


async def test_comando_com_argumento_e_nome_do_bot(app: Application, api: FakeBotApi) -> None:
    await enviar(app, tg.comando(CHAT, "/START@inclusao_teste_bot abc123"))

    assert api.enviadas(CHAT)[0]["text"].startswith("Olá! Convite: abc123")


async def test_comando_desconhecido(app: Application, api: FakeBotApi) -> None:
    await enviar(app, tg.comando(CHAT, "/xyz"))

    [enviada] = api.enviadas(CHAT)
    assert enviada["text"] == "Não conheço esse comando. Escreva /menu."
    assert enviada["reply_markup"] == {"remove_keyboard": True}


async def test_botao_avanca_e_pede_o_contato(
    app: Application, api: FakeBotApi, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    await enviar(app, tg.comando(CHAT, "/start"))

    await tocar_primeiro_botao(app, api)

    # sem editar a mensagem tocada: cada edição gasta do limite de envios do bot, e o
    # motor já responde com clareza a um botão antigo
    assert api.metodos() == ["answerCallbackQuery", "sendMessage"]
    _, enviada = ultima_mensagem(api)
    assert enviada["text"] == "Mande o seu telefone."
    assert enviada["reply_markup"] == {
        "keyboard": [[{"text": texto("telegram.contato.botao"), "request_contact": True}]],
        "resize_keyboard": True,
        "one_time_keyboard": True,
    }
    assert (await estado(sessoes))[:2] == ("teste", "telefone")  # type: ignore[index]


async def test_contato_proprio_encerra_e_tira_o_teclado(
    app: Application, api: FakeBotApi, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    await enviar(app, tg.comando(CHAT, "/start"))
    await tocar_primeiro_botao(app, api)
    api.limpar()

    await enviar(app, tg.contato(CHAT, "5514999990000", proprio=True))

    [enviada] = api.enviadas(CHAT)
    assert enviada["text"] == "Obrigado! Anotei seu telefone."
    assert enviada["reply_markup"] == {"remove_keyboard": True}
    assert (await estado(sessoes))[:2] == ("", "")  # type: ignore[index]


async def test_contato_de_outra_pessoa_pede_de_novo(
    app: Application, api: FakeBotApi, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    await enviar(app, tg.comando(CHAT, "/start"))
    await tocar_primeiro_botao(app, api)
    api.limpar()

    await enviar(app, tg.contato(CHAT, "5514988887777", proprio=False))

    [enviada] = api.enviadas(CHAT)
    assert enviada["text"].startswith("Use o botão para mandar o seu próprio telefone.")
    assert enviada["reply_markup"]["keyboard"][0][0]["request_contact"] is True
    assert (await estado(sessoes))[:2] == ("teste", "telefone")  # type: ignore[index]


async def test_botao_de_mensagem_velha_nao_muda_nada(
    app: Application, api: FakeBotApi, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    await enviar(app, tg.comando(CHAT, "/start"))
    message_id, velha = ultima_mensagem(api)
    await tocar_primeiro_botao(app, api)
    antes = await estado(sessoes)
    api.limpar()

    dado = velha["reply_markup"]["inline_keyboard"][1][0]["callback_data"]
    await enviar(app, tg.botao(CHAT, dado, message_id))

    assert api.metodos()[0] == "answerCallbackQuery"  # o relógio do botão para sempre
    [enviada] = api.enviadas(CHAT)
    assert enviada["text"].startswith(texto("comum.mensagem_antiga"))
    # continua no mesmo passo (a versão é do motor: sobe quando a pergunta não tem opções)
    assert (await estado(sessoes))[:2] == antes[:2]  # type: ignore[index]


@pytest.mark.parametrize("montar", [tg.figurinha, tg.foto, tg.voz, tg.localizacao])
async def test_midia_recebe_explicacao_e_nada_muda(
    app: Application,
    api: FakeBotApi,
    sessoes: async_sessionmaker[AsyncSession],
    montar: Any,
) -> None:
    await enviar(app, tg.comando(CHAT, "/start"))
    antes = await estado(sessoes)
    api.limpar()

    await enviar(app, montar(CHAT))

    [enviada] = api.enviadas(CHAT)
    chave = "comum.localizacao" if montar is tg.localizacao else "comum.midia"  # texto próprio
    assert enviada["text"].startswith(texto(chave))
    assert teclado_inline(enviada)[0][0][0] == "Azul"  # a pergunta vem de novo, com botões
    assert await estado(sessoes) == antes


async def test_texto_de_64_kb_nao_derruba(
    app: Application, api: FakeBotApi, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    await enviar(app, tg.comando(CHAT, "/start"))
    antes = await estado(sessoes)
    api.limpar()

    await enviar(app, tg.mensagem_texto(CHAT, "á" * 32 * 1024))

    [enviada] = api.enviadas(CHAT)
    assert 0 < len(enviada["text"]) < 1000
    assert await estado(sessoes) == antes


@pytest.mark.parametrize(
    "dados",
    [
        tg.mensagem_texto(CHAT, "oi", tipo_chat="group"),
        tg.mensagem_texto(CHAT, "oi", tipo_chat="supergroup"),
        tg.mensagem_editada(CHAT, "oi"),
        tg.servico_temporizador(CHAT),
    ],
    ids=["grupo", "supergrupo", "editada", "servico"],
)
async def test_ignora_o_que_nao_e_conversa_privada(
    app: Application,
    api: FakeBotApi,
    sessoes: async_sessionmaker[AsyncSession],
    dados: dict[str, Any],
) -> None:
    await enviar(app, dados)

    assert api.chamadas == []
    assert await estado(sessoes) is None


# ----- erros ---------------------------------------------------------------------------


async def test_erro_no_motor_avisa_sem_dados_no_log(
    app: Application, api: FakeBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        await enviar(app, tg.comando(CHAT, "/quebrar"))

    [enviada] = api.enviadas(CHAT)
    assert enviada["text"] == texto("telegram.erro")
    assert "RuntimeError" in caplog.text
    assert "123.456" not in caplog.text and "Maria" not in caplog.text


@pytest.mark.parametrize("codigo", [429, 403, 500])
async def test_falha_ao_enviar_nao_derruba_a_aplicacao(
    app: Application, api: FakeBotApi, codigo: int
) -> None:
    api.falhar("sendMessage", codigo)

    await enviar(app, tg.comando(CHAT, "/start"))  # não levanta
    await enviar(app, tg.comando(CHAT + 1, "/start"))

    assert [c.codigo for c in api.chamadas if c.metodo == "sendMessage"] == [codigo, 200]
    assert api.enviadas(CHAT + 1)[0]["text"].endswith("Qual cor você prefere?")


async def test_falha_ao_responder_o_botao_nao_impede_a_resposta(
    app: Application, api: FakeBotApi
) -> None:
    await enviar(app, tg.comando(CHAT, "/start"))
    api.falhar("answerCallbackQuery", 400)

    await tocar_primeiro_botao(app, api)

    assert api.enviadas(CHAT)[-1]["text"] == "Mande o seu telefone."


# ----- webhook ---------------------------------------------------------------------------


@pytest.fixture
async def cliente(
    app: Application, motor_banco: AsyncEngine
) -> AsyncIterator[TestClient[web.Request, web.Application]]:
    servidor_web = web.Application()
    servidor_web.router.add_post("/telegram/webhook", rota_webhook(app, SEGREDO, motor_banco))
    async with TestClient(TestServer(servidor_web)) as c:
        yield c


@pytest.mark.parametrize("cabecalho", [{}, {CABECALHO_SEGREDO: "errado"}], ids=["sem", "errado"])
async def test_webhook_recusa_segredo_errado(
    cliente: TestClient[web.Request, web.Application],
    api: FakeBotApi,
    cabecalho: dict[str, str],
) -> None:
    resposta = await cliente.post(
        "/telegram/webhook", json=tg.comando(CHAT, "/start"), headers=cabecalho
    )

    assert resposta.status == 403
    assert api.chamadas == []


async def test_webhook_com_segredo_certo_responde(
    cliente: TestClient[web.Request, web.Application], api: FakeBotApi
) -> None:
    resposta = await cliente.post(
        "/telegram/webhook", json=tg.comando(CHAT, "/start"), headers={CABECALHO_SEGREDO: SEGREDO}
    )

    assert resposta.status == 200
    assert api.enviadas(CHAT)[0]["text"].endswith("Qual cor você prefere?")


@pytest.mark.parametrize(
    "corpo",
    [b"{nao e json", b"[1, 2]", b'{"sem_update_id": true}', b"\xff\xfe", b""],
    ids=["quebrado", "lista", "sem_id", "binario", "vazio"],
)
async def test_webhook_corpo_ruim_recebe_400(
    cliente: TestClient[web.Request, web.Application], corpo: bytes
) -> None:
    resposta = await cliente.post(
        "/telegram/webhook", data=corpo, headers={CABECALHO_SEGREDO: SEGREDO}
    )

    assert resposta.status == 400


def test_webhook_exige_segredo_valido(app: Application, motor_banco: AsyncEngine) -> None:
    with pytest.raises(ValueError):
        rota_webhook(app, "", motor_banco)


# ----- polling e configuração -----------------------------------------------------------


async def test_polling_recebe_e_responde(
    sessoes: async_sessionmaker[AsyncSession], api: FakeBotApi
) -> None:
    motor = Motor(sessoes.kw["bind"], {"teste": FLUXO}, COMANDOS)
    aplicacao = criar_aplicacao(TOKEN, motor, request=api, polling=True)
    await iniciar_polling(aplicacao)
    try:
        api.entregar(tg.comando(CHAT, "/start"))
        await api.esperar("sendMessage")
    finally:
        await parar(aplicacao)

    assert "deleteWebhook" in api.metodos()
    assert api.enviadas(CHAT)[0]["text"].endswith("Qual cor você prefere?")


@pytest.mark.parametrize(
    "dado",
    ["http://localhost:8081", "http://localhost:8081/", "http://localhost:8081/bot"],
)
def test_base_url_aceita_so_o_servidor(dado: str) -> None:
    assert normalizar_base_url(dado) == (
        "http://localhost:8081/bot",
        "http://localhost:8081/file/bot",
    )


async def test_base_url_leva_as_chamadas_ao_servidor_proprio(
    sessoes: async_sessionmaker[AsyncSession], api: FakeBotApi
) -> None:
    motor = Motor(sessoes.kw["bind"], {"teste": FLUXO}, COMANDOS)
    aplicacao = criar_aplicacao(TOKEN, motor, base_url="http://127.0.0.1:8081", request=api)
    await aplicacao.initialize()
    await parar(aplicacao)

    assert api.chamadas[0].url == f"http://127.0.0.1:8081/bot{TOKEN}/getMe"


# ----- peças puras ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mensagem", "comando", "argumento", "tipo"),
    [
        ("/start", "start", "", Tipo.COMANDO),
        ("/start abc", "start", "abc", Tipo.COMANDO),
        ("/Ajuda@inclusao_teste_bot  por favor ", "ajuda", "por favor", Tipo.COMANDO),
        ("/", "", "/", Tipo.TEXTO),
        ("oi /start", "", "oi /start", Tipo.TEXTO),
    ],
)
def test_converte_texto_e_comando(mensagem: str, comando: str, argumento: str, tipo: Tipo) -> None:
    entrada = converter_update(Update.de_json(tg.mensagem_texto(CHAT, mensagem, update_id=42)))

    assert entrada is not None
    assert (entrada.tipo, entrada.comando, entrada.texto) == (tipo, comando, argumento)
    assert (entrada.canal, entrada.chat_id, entrada.usuario_id, entrada.id_externo) == (
        "telegram",
        str(CHAT),
        str(CHAT),
        "42",
    )


def test_converte_contato_e_midia() -> None:
    proprio = converter_update(Update.de_json(tg.contato(CHAT, "5514999990000")))
    alheio = converter_update(Update.de_json(tg.contato(CHAT, "5514999990000", proprio=False)))
    voz = converter_update(Update.de_json(tg.voz(CHAT)))

    assert proprio is not None and proprio.tipo is Tipo.CONTATO and proprio.contato_proprio
    assert proprio.valor == "5514999990000"
    assert alheio is not None and not alheio.contato_proprio
    assert voz is not None and (voz.tipo, voz.valor) == (Tipo.MIDIA, "audio")


def test_botoes_curtos_dividem_a_linha() -> None:
    curtos = Saida("?", tuple(Botao(r, f"1.{r}") for r in ("Sim", "Não", "Talvez", "Nunca")))
    medios = Saida("?", tuple(Botao(r, f"1.{i}") for i, r in enumerate(("Confirmar", "Corrigir"))))

    assert [len(linha) for linha in montar_teclado(curtos).to_dict()["inline_keyboard"]] == [3, 1]
    assert [len(linha) for linha in montar_teclado(medios).to_dict()["inline_keyboard"]] == [2]


def test_dado_de_botao_acima_de_64_bytes_e_erro_do_codigo() -> None:
    with pytest.raises(ValueError):
        montar_teclado(Saida("?", (Botao("Ok", "1." + "ç" * 40),)))


def test_texto_longo_vira_varias_mensagens() -> None:
    pedacos = partir_texto(("linha\n" * 1000).strip(), limite=4096)

    assert len(pedacos) == 2
    assert all(len(p) <= 4096 for p in pedacos)
    assert "\n".join(pedacos).count("linha") == 1000
