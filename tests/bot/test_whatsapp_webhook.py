"""O webhook do WhatsApp (issue 11, itens 1 e 6): verificação, assinatura dos bytes crus,
caixa de entrada antes do 200, nada em dobro, situações de entrega fora de ordem e a
recuperação do que uma queda deixou para trás. App aiohttp real, banco real, motor real,
Graph API falsa de verdade (HTTP)."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from armazenamento import caixa_entrada, envios, janelas
from armazenamento.banco import transacao
from armazenamento.modelos import Envio, Recebida
from armazenamento.tempo import FUSO, agora
from bot.whatsapp.lote import ler_lote
from bot.whatsapp.webhook import CABECALHO, CAMINHO, TAMANHO_MAXIMO, assinar
from fluxos.montagem import criar_motor_de_conversa
from mensagens.catalogo import texto
from tests.bot.canal_whatsapp import SEGREDO_APP, TOKEN_VERIFICACAO, CanalDeTeste, canal_whatsapp
from tests.dados import semear_programa

PASTA = Path(__file__).resolve().parent.parent / "falsos" / "whatsapp"
FONE = "5514991234567"
_R = Recebida.__table__  # type: ignore[attr-defined]
_E = Envio.__table__  # type: ignore[attr-defined]
BOAS_VINDAS = ["Entendi, continuar", "Saber mais", "Agora não"]


@pytest.fixture
async def canal(
    motor_banco: AsyncEngine, sessoes: async_sessionmaker[AsyncSession]
) -> AsyncIterator[CanalDeTeste]:
    await semear_programa(sessoes, agora().astimezone(FUSO).date())
    async with canal_whatsapp(criar_motor_de_conversa(motor_banco)) as pronto:
        yield pronto


def gravado(nome: str) -> bytes:
    return (PASTA / f"{nome}.json").read_bytes()


async def postar(canal: CanalDeTeste, corpo: bytes, assinatura: str | None = "certa") -> int:
    cabecalhos = {"Content-Type": "application/json"}
    if assinatura == "certa":
        assinatura = assinar(SEGREDO_APP, corpo)
    if assinatura is not None:
        cabecalhos[CABECALHO] = assinatura
    resposta = await canal.http.post(CAMINHO, data=corpo, headers=cabecalhos)
    await canal.processador.ocioso()
    return resposta.status


async def linhas(banco: AsyncEngine) -> list[tuple[str, bool]]:
    """(id externo, processada) de cada linha da caixa de entrada."""
    async with banco.connect() as conexao:
        consulta = select(_R.c.id_externo, _R.c.processada_em).order_by(_R.c.id)
        return [(i, p is not None) for i, p in (await conexao.execute(consulta)).all()]


# ----- verificação (GET) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("parametros", "status", "corpo"),
    [
        (
            {
                "hub.mode": "subscribe",
                "hub.verify_token": TOKEN_VERIFICACAO,
                "hub.challenge": "1158201444",
            },
            200,
            "1158201444",
        ),
        (
            {
                "hub.mode": "unsubscribe",
                "hub.verify_token": TOKEN_VERIFICACAO,
                "hub.challenge": "1",
            },
            403,
            "",
        ),
        ({"hub.verify_token": TOKEN_VERIFICACAO, "hub.challenge": "1"}, 403, ""),
        ({"hub.mode": "subscribe", "hub.verify_token": "outro", "hub.challenge": "1"}, 403, ""),
        (
            {
                "hub.mode": "subscribe",
                "hub.verify_token": TOKEN_VERIFICACAO + "x",
                "hub.challenge": "1",
            },
            403,
            "",
        ),
        ({"hub.mode": "subscribe", "hub.challenge": "1"}, 403, ""),
        ({"hub.mode": "subscribe", "hub.verify_token": TOKEN_VERIFICACAO}, 403, ""),
        ({}, 403, ""),
    ],
    ids=[
        "certo",
        "modo_errado",
        "sem_modo",
        "token_errado",
        "token_maior",
        "sem_token",
        "sem_challenge",
        "nada",
    ],
)
async def test_verificacao_devolve_o_desafio_so_com_o_token_certo(
    canal: CanalDeTeste, parametros: dict[str, str], status: int, corpo: str
) -> None:
    resposta = await canal.http.get(CAMINHO, params=parametros)

    assert resposta.status == status
    if status == 200:
        assert await resposta.text() == corpo
        assert resposta.content_type == "text/plain"


# ----- assinatura (POST) ---------------------------------------------------------------


def _assinaturas_ruins() -> list[tuple[str, bytes, str | None]]:
    corpo = gravado("texto")
    alterado = corpo.replace(b'"oi"', b'"oi!"')
    relido = json.dumps(json.loads(corpo), ensure_ascii=False).encode()  # mesmos dados
    certa = assinar(SEGREDO_APP, corpo)
    return [
        ("sem_assinatura", corpo, None),
        ("vazia", corpo, ""),
        ("lixo", corpo, "sha256=nao-e-hex"),
        ("sem_prefixo", corpo, certa.removeprefix("sha256=")),
        ("sha1", corpo, "sha1=" + certa.removeprefix("sha256=")),
        ("outro_segredo", corpo, assinar("segredo-de-outro-app", corpo)),
        ("corpo_alterado", alterado, certa),
        ("json_relido", relido, certa),
    ]


@pytest.mark.parametrize(
    ("corpo", "assinatura"),
    [c[1:] for c in _assinaturas_ruins()],
    ids=[c[0] for c in _assinaturas_ruins()],
)
async def test_post_sem_a_assinatura_certa_recebe_401_e_nada_e_gravado(
    canal: CanalDeTeste, motor_banco: AsyncEngine, corpo: bytes, assinatura: str | None
) -> None:
    assert await postar(canal, corpo, assinatura) == 401

    assert await linhas(motor_banco) == []
    assert canal.graph.enviadas(FONE) == []


async def test_assinatura_e_dos_bytes_do_arquivo_com_acentos_escapados(
    canal: CanalDeTeste, motor_banco: AsyncEngine
) -> None:
    corpo = gravado("texto")
    assert b"Concei\\u00e7\\u00e3o" in corpo  # como a Meta manda: "Conceição" escapado

    assert await postar(canal, corpo) == 200

    assert await linhas(motor_banco) == [(ler_lote(corpo).mensagens[0].id_externo, True)]
    assert canal.graph.enviadas(FONE)[-1].opcoes == tuple(BOAS_VINDAS)


async def test_corpo_maior_que_o_limite_recebe_413_e_nada_e_gravado(
    canal: CanalDeTeste, motor_banco: AsyncEngine
) -> None:
    corpo = gravado("texto").replace(b'"oi"', b'"' + b"a" * TAMANHO_MAXIMO + b'"')

    assert await postar(canal, corpo) == 413
    assert await linhas(motor_banco) == []


async def test_texto_de_64k_com_emojis_escapados_passa_do_limite_do_chat_web(
    canal: CanalDeTeste, motor_banco: AsyncEngine
) -> None:
    dados = json.loads(gravado("texto"))
    dados["entry"][0]["changes"][0]["value"]["messages"][0]["text"]["body"] = "😊ção " * 13_000
    corpo = json.dumps(dados).encode()
    assert len(corpo) > 256 * 1024  # maior que o limite dos outros webhooks do app

    assert await postar(canal, corpo) == 200

    assert [p for _, p in await linhas(motor_banco)] == [True]
    assert canal.graph.enviadas(FONE)  # o motor respondeu (texto longo demais, com gentileza)


@pytest.mark.parametrize(
    "corpo",
    [b"{}", b"[1, 2]", b"isto nao e json", b'{"entry": 5}'],
    ids=["objeto_vazio", "lista", "texto", "entry_errado"],
)
async def test_corpo_assinado_que_nao_e_webhook_recebe_200_e_nada_acontece(
    canal: CanalDeTeste, motor_banco: AsyncEngine, corpo: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    assert await postar(canal, corpo) == 200  # a Meta não repete

    assert await linhas(motor_banco) == []
    assert canal.graph.pedidos == []
    assert "whatsapp: corpo assinado que não é webhook" in caplog.text


# ----- caixa de entrada: uma vez só -----------------------------------------------------


async def test_reentrega_do_mesmo_wamid_e_processada_uma_vez(
    canal: CanalDeTeste, motor_banco: AsyncEngine
) -> None:
    corpo = gravado("texto")

    for _ in range(3):
        assert await postar(canal, corpo) == 200

    assert len(await linhas(motor_banco)) == 1
    assert len(canal.graph.enviadas(FONE)) == 1
    assert canal.graph.duplicadas() == 0


async def test_mensagem_recebida_abre_a_janela_de_24_horas(
    canal: CanalDeTeste, motor_banco: AsyncEngine
) -> None:
    assert await postar(canal, gravado("texto")) == 200
    assert await postar(canal, gravado("sistema")) == 200  # aviso do WhatsApp: não conta

    async with motor_banco.connect() as conexao:
        ultima = await janelas.ultima_entrada(conexao, "whatsapp", FONE)
    assert ultima == datetime.fromtimestamp(1796032800, UTC)  # a hora da mensagem


@pytest.mark.parametrize(
    ("arquivo", "chave"),
    [
        ("imagem", "comum.midia"),
        ("audio", "comum.midia"),
        ("localizacao", "comum.localizacao"),  # texto próprio (achado 13 do issue 11)
        ("figurinha", "comum.midia"),
        ("reacao", None),  # um 👍 não ganha resposta
    ],
)
async def test_midia_recebe_resposta_gentil(
    canal: CanalDeTeste, arquivo: str, chave: str | None
) -> None:
    assert await postar(canal, gravado(arquivo)) == 200

    textos = canal.graph.textos(FONE)
    assert [texto(chave) in t for t in textos] == ([True] if chave else [])


async def test_recuperacao_processa_o_que_uma_queda_deixou_guardado(
    canal: CanalDeTeste, motor_banco: AsyncEngine
) -> None:
    [mensagem] = ler_lote(gravado("texto")).mensagens
    async with transacao(motor_banco) as conexao:  # gravada e o processo caiu antes do fundo
        await caixa_entrada.guardar(
            conexao, "whatsapp", mensagem.id_externo, mensagem.corpo, agora() - timedelta(minutes=5)
        )

    feitas = await canal.processador.reprocessar_pendentes(agora() - timedelta(minutes=1))

    assert feitas == 1
    assert await linhas(motor_banco) == [(mensagem.id_externo, True)]
    assert canal.graph.enviadas(FONE)[-1].opcoes == tuple(BOAS_VINDAS)
    assert await canal.processador.reprocessar_pendentes(agora()) == 0


# ----- respostas -----------------------------------------------------------------------


async def test_erro_passageiro_da_graph_api_e_repetido_e_a_resposta_chega(
    canal: CanalDeTeste, motor_banco: AsyncEngine
) -> None:
    canal.graph.falhar(131000)  # "Something went wrong": vale tentar de novo

    assert await postar(canal, gravado("texto")) == 200

    assert canal.graph.enviadas(FONE)[-1].opcoes == tuple(BOAS_VINDAS)
    assert [p for _, p in await linhas(motor_banco)] == [True]


async def test_resposta_que_nao_sai_fica_no_registro_e_a_mensagem_nao_volta(
    canal: CanalDeTeste, motor_banco: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    canal.graph.falhar(131026, vezes=5)  # a pessoa não pode receber

    assert await postar(canal, gravado("texto")) == 200

    assert canal.graph.enviadas(FONE) == []
    assert "whatsapp: resposta não saiu: Inalcancavel (whatsapp:131026" in caplog.text
    assert [p for _, p in await linhas(motor_banco)] == [True]  # nada a reprocessar


# ----- situações de entrega -------------------------------------------------------------


async def convocacao_enviada(banco: AsyncEngine, wamid: str) -> None:
    async with transacao(banco) as conexao:
        await envios.enfileirar(conexao, "whatsapp", FONE, "{}", "convocacao:7", agora())
    async with transacao(banco) as conexao:  # a posse gravada antes de enviar
        [linha] = await envios.reivindicar(
            conexao, "whatsapp", 10, agora(), timedelta(minutes=2), "eu"
        )
    async with transacao(banco) as conexao:
        await envios.marcar_enviada(conexao, linha.id, "eu", wamid, agora())


async def entrega(banco: AsyncEngine) -> tuple[str, str]:
    async with banco.connect() as conexao:
        linha = (await conexao.execute(select(_E.c.entrega, _E.c.entrega_erro))).one()
    return linha.entrega, linha.entrega_erro


def wamid_dos_status() -> str:
    return ler_lote(gravado("status_read")).statuses[0].wamid


@pytest.mark.parametrize(
    ("ordem", "esperada"),
    [
        (("status_sent", "status_delivered", "status_read"), ("read", "")),
        (("status_read", "status_delivered", "status_sent"), ("read", "")),
        (("status_delivered", "status_read", "status_delivered"), ("read", "")),
        (("status_sent", "status_failed"), ("failed", "131026")),
        (("status_delivered", "status_failed", "status_sent"), ("delivered", "")),
    ],
    ids=["em_ordem", "ao_contrario", "repetida", "falhou", "falha_depois_de_entregue"],
)
async def test_situacoes_fora_de_ordem_nunca_voltam(
    canal: CanalDeTeste, motor_banco: AsyncEngine, ordem: tuple[str, ...], esperada: tuple[str, str]
) -> None:
    await convocacao_enviada(motor_banco, wamid_dos_status())

    for arquivo in ordem:
        assert await postar(canal, gravado(arquivo)) == 200

    assert await entrega(motor_banco) == esperada
    assert all(processada for _, processada in await linhas(motor_banco))
    assert canal.graph.pedidos == []  # situação de entrega não é conversa


async def test_situacao_que_chega_antes_do_envio_ser_gravado_e_aplicada_depois(
    canal: CanalDeTeste, motor_banco: AsyncEngine
) -> None:
    assert await postar(canal, gravado("status_read")) == 200
    assert [p for _, p in await linhas(motor_banco)] == [False]  # pendente: o envio não existe
    await convocacao_enviada(motor_banco, wamid_dos_status())  # o despachante grava o wamid

    assert await canal.processador.reprocessar_pendentes(agora() + timedelta(seconds=1)) == 1

    assert await entrega(motor_banco) == ("read", "")
    assert [p for _, p in await linhas(motor_banco)] == [True]


async def test_o_registro_nao_leva_numero_nome_texto_nem_wamid(
    canal: CanalDeTeste, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for arquivo in ("texto", "texto", "contato_proprio", "status_failed", "sem_campos"):
        await postar(canal, gravado(arquivo))
    await postar(canal, gravado("texto"), assinar("outro", b""))
    await postar(canal, b'{"entry": [{"changes": [{"value": {"messages": [{"id": "x"}]}}]}]}')

    assert "whatsapp: POST sem assinatura válida recusado" in caplog.text
    assert "whatsapp: 1 mensagens repetidas ignoradas" in caplog.text
    for proibido in (FONE, "99123", "Conceição", "Concei", "wamid", 'oi"'):
        assert proibido not in caplog.text
