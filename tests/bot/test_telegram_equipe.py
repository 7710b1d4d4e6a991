"""A equipe no Telegram: Application real do PTB, motor real, Bot API falsa (ARQUITETURA §6–7).
Quase tudo aqui é do Telegram (o "/" por conversa com setMyCommands, o id da conta contra o
@username, sendDocument): no WhatsApp não existe. No fim, o que vale no WhatsApp (webhook
assinado, Graph API falsa): o convite pelo link wa.me, o menu em lista e a revogação.

Quem abre o link do convite fica ligado pelo id da conta (nunca pelo @username), recebe as
boas-vindas com o menu e um "/" só da conversa (setMyCommands no escopo do chat). A fila
entrega documentos; o aviso de revogação devolve o "/" do cidadão (deleteMyCommands).
"""

from __future__ import annotations

import io
import logging
import re
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlmodel import col
from telegram import Update
from telegram.ext import Application

from armazenamento.banco import transacao
from armazenamento.equipe import ConviteNovo, Escopo, acesso_de, criar_convite
from armazenamento.modelos import MembroEquipe, Osc
from armazenamento.tempo import agora
from bot.remetente_telegram import Enviada, RemetenteTelegram
from bot.telegram_saida import enviar_saidas
from fluxos.equipe.menus import menu_do_telegram
from mensagens.catalogo import texto
from mensagens.tipos import Anexo, Botao, Saida
from tests.bot.canais_de_conversa import Palco, PalcoTelegram, PessoaTelegram, Relogio
from tests.bot.test_cli_equipe import inclusao
from tests.falsos import updates_telegram as tg
from tests.falsos.bot_api import Arquivo, FakeBotApi

pytestmark = [
    # O PTB 22 avisa, ao criar o RetryAfter, que retry_after vai virar timedelta: ruído aqui.
    pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning"),
    pytest.mark.so_no_canal("telegram", 'o "/" por conversa, o id da conta, sendDocument'),
]

CHAT = 7_400_001
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Sessoes = async_sessionmaker[AsyncSession]


@pytest.fixture
def relogio_da_conversa() -> Relogio:
    return agora


@pytest.fixture
def app(palco: Palco) -> Application:
    assert isinstance(palco, PalcoTelegram) and palco.app is not None
    return palco.app


@pytest.fixture
def api(palco: Palco) -> FakeBotApi:
    assert isinstance(palco, PalcoTelegram)
    return palco.api


@pytest.fixture
def tecnica(palco: Palco) -> PessoaTelegram:
    assert isinstance(palco, PalcoTelegram)
    return palco.pessoa(CHAT)


async def convidar_osc(banco: AsyncEngine) -> ConviteNovo:
    """Como o `inclusao convite --papel osc --osc 1` faz (o comando tem seus testes)."""
    async with transacao(banco) as conexao:
        osc_id = (await conexao.execute(sa.select(sa.func.min(Osc.id)))).scalar_one()
        return await criar_convite(
            conexao, Escopo("osc", osc_id=osc_id), agora(), timedelta(hours=1)
        )


def de_outra_conta(
    dados: dict[str, Any], usuario: int, username: str | None = None
) -> dict[str, Any]:
    """O mesmo update, com o `from` trocado (outro id de conta e/ou outro @username)."""
    pessoa = dados["message"]["from"]
    pessoa["id"] = usuario
    if username is not None:
        pessoa["username"] = username
    return dados


async def vinculos(banco: AsyncEngine) -> list[tuple[str, str, str]]:
    async with banco.connect() as conexao:
        consulta = sa.select(
            col(MembroEquipe.canal), col(MembroEquipe.usuario_id), col(MembroEquipe.chat_id)
        )
        return [(a, b, c) for a, b, c in (await conexao.execute(consulta)).all()]


def planilha(linhas: list[list[str]]) -> bytes:
    livro = openpyxl.Workbook()
    folha = livro.active
    assert folha is not None
    for linha in linhas:
        folha.append(linha)
    saida = io.BytesIO()
    livro.save(saida)
    return saida.getvalue()


def ler_planilha(arquivo: Arquivo) -> list[list[object]]:
    folha = openpyxl.load_workbook(io.BytesIO(arquivo.dados)).active
    assert folha is not None
    return [list(linha) for linha in folha.iter_rows(values_only=True)]


# ----- entrar pelo link ----------------------------------------------------------------


async def test_link_do_convite_liga_a_conta_e_troca_o_menu_so_desta_conversa(
    tecnica: PessoaTelegram, api: FakeBotApi, motor_banco: AsyncEngine
) -> None:
    convite = await convidar_osc(motor_banco)

    await tecnica.comando(f"/start {convite.token}")

    boas_vindas, menu = [m.texto for m in tecnica.recebidas]
    assert boas_vindas == "Pronto! Esta conversa agora é de técnico(a) da OSC Instituto Esperança."
    assert "Turmas" in tecnica.ultima.rotulos
    async with transacao(motor_banco) as conexao:
        acesso = await acesso_de(conexao, "telegram", str(CHAT))
    esperado = list(menu_do_telegram(acesso))
    assert api.menus(CHAT) == [("setMyCommands", esperado)]
    [troca] = api.chamadas_de("setMyCommands")
    assert troca["scope"] == {"type": "chat", "chat_id": CHAT}
    assert troca["commands"][0] == {"command": "menu", "description": texto("equipe.comando.menu")}
    assert {c["command"]: c["description"] for c in troca["commands"]}["turmas"] == texto(
        "equipe.comando.turmas"
    )
    assert api.metodos()[-1] == "setMyCommands"  # depois da mensagem, não antes
    assert menu.startswith("Você está como técnico(a) de OSC.")


async def test_vinculo_usa_o_id_da_conta_e_nao_o_username(
    app: Application, api: FakeBotApi, motor_banco: AsyncEngine
) -> None:
    """Numa conversa privada o chat é a pessoa; mesmo assim a chave é `from.id`: aqui os
    dois diferem de propósito. O @username pode mudar de dono: não vale nada."""
    convite = await convidar_osc(motor_banco)
    entrada = de_outra_conta(tg.comando(CHAT, f"/start {convite.token}"), 5_000_001, "ana_osc")
    await app.process_update(Update.de_json(entrada, app.bot))

    assert await vinculos(motor_banco) == [("telegram", "5000001", str(CHAT))]

    # mesma conta com outro @username: continua da equipe
    mesma = de_outra_conta(tg.comando(CHAT, "/turmas"), 5_000_001, "ana_nova")
    await app.process_update(Update.de_json(mesma, app.bot))
    assert api.enviadas(CHAT)[-1]["text"].startswith("Turmas (1 a 3 de 3)")
    # outra conta que pegou o @username antigo: é cidadã
    impostora = de_outra_conta(tg.comando(CHAT + 1, "/turmas"), CHAT + 1, "ana_osc")
    await app.process_update(Update.de_json(impostora, app.bot))
    assert api.enviadas(CHAT + 1)[-1]["text"] == texto("equipe.negado.cidadao")


async def test_falha_ao_trocar_o_menu_nao_repete_nem_derruba_a_resposta(
    tecnica: PessoaTelegram,
    api: FakeBotApi,
    motor_banco: AsyncEngine,
    caplog: pytest.LogCaptureFixture,
) -> None:
    convite = await convidar_osc(motor_banco)
    api.falhar("setMyCommands", 500)

    with caplog.at_level(logging.INFO):
        await tecnica.comando(f"/start {convite.token}")

    assert len(tecnica.recebidas) == 2  # boas-vindas e menu, uma vez cada, sem "Tive um problema"
    assert "menu da conversa não foi trocado: NetworkError" in caplog.text
    assert convite.token not in caplog.text and str(CHAT) not in caplog.text
    assert await vinculos(motor_banco) == [("telegram", str(CHAT), str(CHAT))]


# ----- anexos na resposta imediata -----------------------------------------------------


async def test_resposta_com_anexo_vai_como_documento_com_legenda_e_botoes(
    app: Application, api: FakeBotApi
) -> None:
    dados = planilha([["Nome", "Prioridade"], ["Maria", "3"]])
    saida = Saida(
        "Lista do CRAS Jardim Europa.",
        (Botao("Ver turmas", "cmd:turmas"),),
        anexo=Anexo("lista.xlsx", XLSX, dados),
    )

    await enviar_saidas(app.bot, CHAT, [saida])

    [documento] = api.documentos(CHAT)
    assert documento["caption"] == "Lista do CRAS Jardim Europa."
    assert documento["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "cmd:turmas"
    arquivo = documento["document"]
    assert (arquivo.nome, arquivo.tipo) == ("lista.xlsx", XLSX)
    assert ler_planilha(arquivo) == [["Nome", "Prioridade"], ["Maria", "3"]]
    assert api.enviadas(CHAT) == []


async def test_texto_grande_demais_para_legenda_vai_antes_do_documento(
    app: Application, api: FakeBotApi
) -> None:
    longo = "Linha da lista com explicação.\n" * 40  # > 1024 caracteres
    saida = Saida(longo, anexo=Anexo("lista.csv", "text/csv", b"a;b\n1;2\n"))

    await enviar_saidas(app.bot, CHAT, [saida])

    assert api.metodos() == ["sendMessage", "sendDocument"]
    assert api.enviadas(CHAT)[0]["text"] == longo
    [documento] = api.documentos(CHAT)
    assert "caption" not in documento
    assert documento["document"].dados == b"a;b\n1;2\n"


# ----- fila: documento e aviso de revogação --------------------------------------------


async def test_fila_envia_o_documento_e_a_api_guarda_o_arquivo(
    app: Application, api: FakeBotApi
) -> None:
    dados = planilha([["Turma", "Vagas"], ["T0", "15"]])
    remetente = RemetenteTelegram(app.bot)

    resultado = await remetente.enviar(
        str(CHAT), Saida("Planilha da convocação.", anexo=Anexo("convocacao.xlsx", XLSX, dados))
    )

    assert isinstance(resultado, Enviada)
    [documento] = api.documentos(CHAT)
    assert int(resultado.id_provedor) == api.chamadas[-1].resposta["message_id"]
    assert documento["caption"] == "Planilha da convocação."
    assert ler_planilha(documento["document"]) == [["Turma", "Vagas"], ["T0", "15"]]
    assert "reply_markup" not in documento  # na fila, sem botões não se mexe no teclado


async def test_r24_aviso_de_revogacao_pela_fila_volta_o_menu_do_cidadao(
    palco: Palco,
    tecnica: PessoaTelegram,
    api: FakeBotApi,
    motor_banco: AsyncEngine,
    url_banco: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    niveis_de_registro: None,
) -> None:
    convite = await convidar_osc(motor_banco)
    await tecnica.comando(f"/start {convite.token}")
    monkeypatch.setenv("DATABASE_URL", url_banco)

    assert (await inclusao(capsys, "equipe", "revogar", "1")).codigo == 0
    assert await palco.entregar() == 1

    assert tecnica.ultima.texto == texto("equipe.revogado")
    assert [metodo for metodo, _ in api.menus(CHAT)] == ["setMyCommands", "deleteMyCommands"]
    assert api.chamadas_de("deleteMyCommands")[0]["scope"] == {"type": "chat", "chat_id": CHAT}
    await tecnica.comando("/turmas")
    assert tecnica.ultima.texto.startswith(texto("navegacao.revogado"))  # e o menu do cidadão


async def test_falha_ao_trocar_o_menu_pela_fila_nao_repete_a_linha(
    app: Application, api: FakeBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    api.falhar("deleteMyCommands", 429)

    with caplog.at_level(logging.WARNING):
        resultado = await RemetenteTelegram(app.bot).enviar(
            str(CHAT), Saida(texto("equipe.revogado"), comandos=())
        )

    assert isinstance(resultado, Enviada)
    assert [p["text"] for p in api.enviadas(CHAT)] == [texto("equipe.revogado")]
    assert "menu da conversa não foi trocado: RetryAfter" in caplog.text


# ----- no WhatsApp: sem menu "/", o convite por link wa.me ------------------------------

WA_TECNICA = 7_400_009


@pytest.mark.so_no_canal("whatsapp", 'sem o "/", o convite chega pelo link wa.me')
async def test_whatsapp_convite_pelo_link_wa_me_liga_o_numero_e_mostra_o_menu_em_lista(
    palco: Palco,
    motor_banco: AsyncEngine,
    url_banco: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    niveis_de_registro: None,
) -> None:
    """`inclusao convite` dá também o link do WhatsApp (com WHATSAPP_NUMERO): ele abre a
    conversa com o "/start TOKEN" escrito; a pessoa manda e vira da equipe. O menu chega
    numa lista (o WhatsApp não tem o "/"); a revogação pela fila devolve o do cidadão."""
    monkeypatch.setenv("DATABASE_URL", url_banco)
    monkeypatch.setenv("WHATSAPP_NUMERO", "+55 14 3235-0000")
    rodada = await inclusao(capsys, "convite", "--papel", "osc", "--osc", "1")
    assert rodada.codigo == 0, rodada.erros
    [link] = re.findall(r"https://wa\.me/\S+", rodada.saida)
    endereco = urlsplit(link)
    assert endereco.path == "/551432350000"
    [escrito] = parse_qs(endereco.query)["text"]
    tecnica = palco.pessoa(WA_TECNICA)

    await tecnica.diz(escrito)

    boas_vindas, menu = tecnica.recebidas
    assert (
        boas_vindas.texto
        == "Pronto! Esta conversa agora é de técnico(a) da OSC Instituto Esperança."
    )
    assert menu.lista and "Turmas" in menu.rotulos
    assert await vinculos(motor_banco) == [
        ("whatsapp", palco.usuario_id(WA_TECNICA), palco.chat_id(WA_TECNICA))
    ]
    await tecnica.toca("Turmas")
    assert tecnica.ultima.texto.startswith("Turmas (1 a 3 de 3)")

    assert (await inclusao(capsys, "equipe", "revogar", "1")).codigo == 0
    assert await palco.entregar() == 1
    assert tecnica.ultima.texto == texto("equipe.revogado")
    await tecnica.diz("turmas")
    assert tecnica.ultima.texto.startswith(texto("navegacao.revogado"))
    palco.conferir_entregas()
