"""Anexos (a planilha da OSC, por exemplo) da fila até cada canal, e o menu "/" pela fila.

O remetente fala HTTP de verdade com a Bot API falsa (servidor aiohttp numa porta local),
pelos dois transportes: o `PedidoAiohttp` dos processos e o `HTTPXRequest` do PTB. O
documento vai em multipart; a API falsa guarda os bytes e o openpyxl lê a planilha.
"""

from __future__ import annotations

import base64
import io
import json
from collections.abc import AsyncIterator
from pathlib import Path

import openpyxl
import pytest
from telegram import Bot
from telegram.request import BaseRequest, HTTPXRequest

from bot.pedido_aiohttp import PedidoAiohttp
from bot.remetente_telegram import Enviada, Falhou, Inalcancavel, RemetenteTelegram, Repetir
from bot.telegram_saida import LIMITE_ANEXO, LIMITE_LEGENDA, tamanho_no_telegram
from bot.terminal import mostrar, salvar_anexo
from bot.webchat import saida_para_api
from mensagens.catalogo import texto
from mensagens.serializacao import saida_de_json, saida_para_json
from mensagens.tipos import Anexo, Botao, Saida
from tests.falsos.bot_api import Arquivo
from tests.falsos.servidor_bot_api import ServidorBotApi

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

TOKEN = "123456:SEGREDO-DO-BOT"
CHAT = "7500001"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def planilha(*linhas: list[str]) -> bytes:
    livro = openpyxl.Workbook()
    folha = livro.active
    assert folha is not None
    for linha in linhas:
        folha.append(linha)
    saida = io.BytesIO()
    livro.save(saida)
    return saida.getvalue()


def ler(arquivo: Arquivo) -> list[list[object]]:
    folha = openpyxl.load_workbook(io.BytesIO(arquivo.dados)).active
    assert folha is not None
    return [list(linha) for linha in folha.iter_rows(values_only=True)]


LISTA = planilha(["Nome", "Prioridade"], ["Maria", "3"], ["José", "1"])
ANEXO = Anexo("lista-cras-jardim-europa.xlsx", XLSX, LISTA)


# ----- a linha da fila -----------------------------------------------------------------


def test_anexo_vai_e_volta_da_fila_em_base64() -> None:
    saida = Saida("Lista nova.", (Botao("Ver", "cmd:turmas"),), comandos=(), anexo=ANEXO)

    conteudo = saida_para_json(saida)

    assert saida_de_json(conteudo) == saida
    assert json.loads(conteudo)["anexo"]["dados"] == base64.b64encode(LISTA).decode()
    assert "Maria" not in repr(saida)  # os bytes não aparecem no repr (nem no log)


def test_linha_gravada_antes_dos_anexos_continua_legivel() -> None:
    antiga = '{"v":1,"texto":"Amanhã tem aula.","botoes":[],"pedir_contato":false}'

    assert saida_de_json(antiga) == Saida("Amanhã tem aula.")


@pytest.mark.parametrize(
    "anexo",
    [
        "planilha",
        {"nome": "a.xlsx", "tipo": XLSX},
        {"nome": "a.xlsx", "tipo": XLSX, "dados": "não é base64!"},
        {"nome": 1, "tipo": XLSX, "dados": ""},
    ],
)
def test_anexo_malformado_na_fila_e_recusado(anexo: object) -> None:
    bruto = {"v": 1, "texto": "x", "botoes": [], "pedir_contato": False, "anexo": anexo}
    with pytest.raises(ValueError, match="anexo"):
        saida_de_json(json.dumps(bruto))


# ----- Telegram, pelos dois transportes ------------------------------------------------


@pytest.fixture
async def api() -> AsyncIterator[ServidorBotApi]:
    async with ServidorBotApi(TOKEN) as servidor:
        yield servidor


@pytest.fixture(params=["aiohttp", "httpx"])
def pedido(request: pytest.FixtureRequest) -> BaseRequest:
    if request.param == "httpx":
        return HTTPXRequest(connection_pool_size=4)
    return PedidoAiohttp(conexoes=4)


@pytest.fixture
async def remetente(api: ServidorBotApi, pedido: BaseRequest) -> AsyncIterator[RemetenteTelegram]:
    async with Bot(TOKEN, base_url=f"{api.url}/bot", request=pedido) as bot:
        yield RemetenteTelegram(bot)


async def test_documento_sai_em_multipart_com_legenda_e_chega_inteiro(
    api: ServidorBotApi, remetente: RemetenteTelegram
) -> None:
    resultado = await remetente.enviar(CHAT, Saida("Lista do CRAS Jardim Europa.", anexo=ANEXO))

    assert isinstance(resultado, Enviada) and int(resultado.id_provedor) > 1000
    [documento] = api.documentos(CHAT)
    assert documento["caption"] == "Lista do CRAS Jardim Europa."
    arquivo = documento["document"]
    assert (arquivo.nome, arquivo.tipo) == ("lista-cras-jardim-europa.xlsx", XLSX)
    assert ler(arquivo) == [["Nome", "Prioridade"], ["Maria", "3"], ["José", "1"]]
    assert api.enviadas(CHAT) == []


async def test_documento_com_botoes_leva_o_teclado(
    api: ServidorBotApi, remetente: RemetenteTelegram
) -> None:
    saida = Saida("Lista nova.", (Botao("Ver turmas", "cmd:turmas"),), anexo=ANEXO)

    assert isinstance(await remetente.enviar(CHAT, saida), Enviada)

    teclado = api.documentos(CHAT)[0]["reply_markup"]
    assert teclado == {"inline_keyboard": [[{"text": "Ver turmas", "callback_data": "cmd:turmas"}]]}


async def test_texto_maior_que_a_legenda_vai_antes_e_o_documento_sem_legenda(
    api: ServidorBotApi, remetente: RemetenteTelegram
) -> None:
    longo = "Explicação da lista, linha por linha. " * 30
    assert len(longo) > LIMITE_LEGENDA

    assert isinstance(await remetente.enviar(CHAT, Saida(longo, anexo=ANEXO)), Enviada)

    assert [c.metodo for c in api.chamadas] == ["getMe", "sendMessage", "sendDocument"]
    assert api.enviadas(CHAT) == [longo]
    assert "caption" not in api.documentos(CHAT)[0]


def test_legenda_conta_como_o_telegram_conta() -> None:
    """Emoji fora do plano básico vale 2 na conta do Telegram (UTF-16)."""
    assert tamanho_no_telegram("aé✅") == 3
    assert tamanho_no_telegram("🙂") == 2


async def test_anexo_sem_texto_vai_sem_legenda(
    api: ServidorBotApi, remetente: RemetenteTelegram
) -> None:
    assert isinstance(await remetente.enviar(CHAT, Saida("", anexo=ANEXO)), Enviada)
    assert "caption" not in api.documentos(CHAT)[0]


@pytest.mark.parametrize(
    ("codigo", "esperado"),
    [(403, Inalcancavel), (400, Inalcancavel), (429, Repetir), (500, Repetir)],
)
async def test_erros_do_documento_sao_classificados_como_os_da_mensagem(
    api: ServidorBotApi, remetente: RemetenteTelegram, codigo: int, esperado: type
) -> None:
    api.falhar("sendDocument", codigo)

    resultado = await remetente.enviar(CHAT, Saida("Lista.", anexo=ANEXO))

    assert isinstance(resultado, esperado), resultado
    if codigo == 429:
        assert isinstance(resultado, Repetir) and resultado.depois_de == 3
    assert "Maria" not in str(resultado) and TOKEN not in str(resultado)
    assert api.documentos(CHAT) == []


async def test_anexo_grande_demais_falha_sem_chamar_a_api(
    api: ServidorBotApi, remetente: RemetenteTelegram
) -> None:
    enorme = Anexo("enorme.bin", "application/octet-stream", bytes(LIMITE_ANEXO + 1))

    resultado = await remetente.enviar(CHAT, Saida("Arquivo.", anexo=enorme))

    assert isinstance(resultado, Falhou) and "50 MB" in resultado.motivo
    assert api.chamadas_de("sendDocument") == []


async def test_menu_da_conversa_pela_fila_no_escopo_do_chat(
    api: ServidorBotApi, remetente: RemetenteTelegram
) -> None:
    await remetente.enviar(CHAT, Saida("Bem-vinda.", comandos=("menu", "turmas", "ajuda")))
    await remetente.enviar(CHAT, Saida(texto("equipe.revogado"), comandos=()))
    await remetente.enviar(CHAT, Saida("Lembrete."))  # None: não mexe no menu

    assert api.menus(CHAT) == [
        ("setMyCommands", ["menu", "turmas", "ajuda"]),
        ("deleteMyCommands", []),
    ]
    descricoes = [c["description"] for c in api.chamadas_de("setMyCommands")[0]["commands"]]
    assert descricoes == [texto(f"equipe.comando.{c}") for c in ("menu", "turmas", "ajuda")]


async def test_falha_do_menu_nao_muda_o_resultado_da_linha(
    api: ServidorBotApi, remetente: RemetenteTelegram
) -> None:
    api.falhar("setMyCommands", 502)

    resultado = await remetente.enviar(CHAT, Saida("Bem-vinda.", comandos=("menu", "ajuda")))

    assert isinstance(resultado, Enviada)
    assert api.enviadas(CHAT) == ["Bem-vinda."]


# ----- chat web e terminal -------------------------------------------------------------


def test_chat_web_recebe_o_anexo_para_baixar() -> None:
    api = saida_para_api(Saida("Sua lista.", anexo=ANEXO))

    assert api["anexo"] == {
        "nome": "lista-cras-jardim-europa.xlsx",
        "tipo": XLSX,
        "dados": base64.b64encode(LISTA).decode("ascii"),
    }
    assert "anexo" not in saida_para_api(Saida("Sem arquivo."))


def test_terminal_guarda_o_anexo_sem_sobrescrever_nem_sair_da_pasta(tmp_path: Path) -> None:
    pasta = tmp_path / "anexos"

    primeiro = salvar_anexo(ANEXO, pasta)
    segundo = salvar_anexo(ANEXO, pasta)
    fugido = salvar_anexo(Anexo("../../fora.txt", "text/plain", b"x"), pasta)
    sem_nome = salvar_anexo(Anexo("..", "text/plain", b"y"), pasta)

    assert primeiro == pasta / "lista-cras-jardim-europa.xlsx"
    assert segundo == pasta / "lista-cras-jardim-europa-2.xlsx"
    assert primeiro.read_bytes() == segundo.read_bytes() == LISTA
    assert fugido == pasta / "fora.txt" and sem_nome == pasta / "anexo"
    assert not (tmp_path / "fora.txt").exists()


def test_terminal_mostra_o_texto_e_diz_onde_o_anexo_foi_salvo(tmp_path: Path) -> None:
    escritas: list[str] = []

    mostrar(Saida("Sua lista.", anexo=ANEXO), escritas.append, tmp_path)

    caminho = tmp_path / "lista-cras-jardim-europa.xlsx"
    assert escritas == ["Sua lista.\n", texto("terminal.anexo", caminho=str(caminho)) + "\n"]
    assert caminho.read_bytes() == LISTA
