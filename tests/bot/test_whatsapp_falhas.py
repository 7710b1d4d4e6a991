"""Quando a Graph API falha (achados do teste do issue 11): nada se perde, nada duplica.

- a resposta imediata que não sai (API fora do ar, 5xx, vazão) vai pela fila e chega
  quando a API volta, uma vez só, sem a mensagem da pessoa ser aplicada de novo;
- a situação `failed` que chega pelo webhook tem o efeito do erro na hora do envio;
- situação de entrega de outro destinatário não toca o envio;
- corpo assinado aninhado demais não derruba o webhook.

App aiohttp real, banco real, motor real, Graph API falsa de verdade (HTTP).
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from armazenamento import envios
from armazenamento.banco import transacao
from armazenamento.modelos import Envio, Inalcancavel, Recebida
from armazenamento.tempo import FUSO, agora
from bot.config_modelos import ConfigFila
from bot.despachante import Despachante
from bot.limite_envio import LimiteDeEnvio
from bot.whatsapp.fila import RemetenteFilaWhatsApp
from bot.whatsapp.graph import ClienteGraph, ConfigGraph
from bot.whatsapp.webhook import CABECALHO, CAMINHO, assinar
from fluxos.montagem import criar_motor_de_conversa
from mensagens.serializacao import saida_para_json
from mensagens.tipos import Modelo, Saida
from tests.bot.canal_whatsapp import SEGREDO_APP, CanalDeTeste, canal_whatsapp
from tests.bot.pessoa_whatsapp import envelope
from tests.dados import semear_programa
from tests.falsos.graph_api import GraphApiFalsa

FONE, OUTRO = "5514991234567", "5514998880002"
BOAS_VINDAS = ("Entendi, continuar", "Saber mais", "Agora não")
_E = Envio.__table__  # type: ignore[attr-defined]
_R = Recebida.__table__  # type: ignore[attr-defined]
_I = Inalcancavel.__table__  # type: ignore[attr-defined]


@pytest.fixture
async def canal(
    motor_banco: AsyncEngine, sessoes: async_sessionmaker[AsyncSession]
) -> AsyncIterator[CanalDeTeste]:
    await semear_programa(sessoes, agora().astimezone(FUSO).date())
    async with canal_whatsapp(criar_motor_de_conversa(motor_banco)) as pronto:
        yield pronto


async def _sem_espera(_segundos: float) -> None:
    return None


@pytest.fixture
async def fila(canal: CanalDeTeste, motor_banco: AsyncEngine) -> AsyncIterator[Despachante]:
    """O despachante do WhatsApp como na partida: o mesmo remetente livre das respostas."""
    g = canal.graph
    cliente = ClienteGraph(ConfigGraph(g.phone_number_id, g.token, g.base_url))
    remetente = RemetenteFilaWhatsApp(
        motor_banco, canal.processador.remetente, cliente, ConfigFila(espaco_pessoa=0)
    )
    limite = LimiteDeEnvio(80, dormir=_sem_espera)
    yield Despachante(motor_banco, "whatsapp", remetente, limite, dono="teste", max_tentativas=5)
    await cliente.fechar()


async def _linhas_da_fila(banco: AsyncEngine) -> list[Any]:
    async with banco.connect() as conexao:
        consulta = sa.select(_E.c.id, _E.c.chave, _E.c.estado, _E.c.entrega, _E.c.entrega_erro)
        return list((await conexao.execute(consulta.order_by(_E.c.id))).all())


async def _pendentes_na_caixa(banco: AsyncEngine) -> int:
    async with banco.connect() as conexao:
        consulta = sa.select(sa.func.count()).where(_R.c.processada_em.is_(None))
        return int((await conexao.execute(consulta)).scalar_one())


# ----- #1: a resposta imediata que não sai vai pela fila ---------------------------------


FALHAS: dict[str, Callable[[GraphApiFalsa], None]] = {
    "fora_do_ar": lambda g: g.derrubar(vezes=3),
    "http_502": lambda g: g.falhar_http(502, vezes=3),
    "vazao_130429": lambda g: g.falhar(130429),
    "limite_da_conta_80007": lambda g: g.falhar(80007),
    "passageiro_131000": lambda g: g.falhar(131000, vezes=3),
}


@pytest.mark.parametrize("falha", list(FALHAS), ids=list(FALHAS))
async def test_resposta_que_nao_sai_chega_quando_a_api_volta_uma_vez_so(
    canal: CanalDeTeste, fila: Despachante, motor_banco: AsyncEngine, falha: str
) -> None:
    pessoa = canal.pessoa(FONE)
    FALHAS[falha](canal.graph)

    await pessoa.diz("oi")

    assert canal.graph.enviadas(FONE) == []  # a API não aceitou nada
    [linha] = await _linhas_da_fila(motor_banco)
    assert linha.chave.startswith("resposta:whatsapp:") and linha.estado == "pendente"
    assert await _pendentes_na_caixa(motor_banco) == 0  # a mensagem não é aplicada de novo
    assert await canal.processador.reprocessar_pendentes(agora() + timedelta(seconds=1)) == 0

    await fila.esvaziar()  # a API voltou

    [resposta] = canal.graph.enviadas(FONE)
    assert resposta.opcoes == BOAS_VINDAS
    assert canal.graph.duplicadas() == 0
    await fila.esvaziar()
    assert len(canal.graph.enviadas(FONE)) == 1  # nada sai duas vezes
    await pessoa.toca("Entendi, continuar")  # a conversa segue de onde estava
    assert len(canal.graph.enviadas(FONE)) == 2
    assert [linha.estado for linha in await _linhas_da_fila(motor_banco)] == ["enviada"]


async def test_resposta_que_nunca_vai_sair_nao_vai_para_a_fila(
    canal: CanalDeTeste, motor_banco: AsyncEngine
) -> None:
    canal.graph.falhar(131009)  # parâmetro inválido: tentar de novo não adianta

    await canal.pessoa(FONE).diz("oi")

    assert await _linhas_da_fila(motor_banco) == []
    assert await _pendentes_na_caixa(motor_banco) == 0


# ----- #2, #11: situações de entrega ------------------------------------------------------

AVISO = Saida(
    "A aula de amanhã mudou de sala.",
    modelo=Modelo("aviso", (("aviso", "A aula de amanhã mudou de sala."),)),
)


async def _enviada(banco: AsyncEngine, wamid: str, chat_id: str = FONE) -> None:
    async with transacao(banco) as conexao:
        conteudo = saida_para_json(AVISO)
        await envios.enfileirar(conexao, "whatsapp", chat_id, conteudo, "lembrete:7", agora())
    async with transacao(banco) as conexao:
        [linha] = await envios.reivindicar(
            conexao, "whatsapp", 10, agora(), timedelta(minutes=2), "eu"
        )
        await envios.marcar_enviada(conexao, linha.id, "eu", wamid, agora())


def _status(wamid: str, situacao: str, para: str = FONE, codigo: int = 0, **extra: str) -> bytes:
    status: dict[str, Any] = {
        "id": wamid,
        "status": situacao,
        "timestamp": str(int(agora().timestamp())),
        "recipient_id": para,
        **extra,
    }
    if codigo:
        detalhe = {"message": f"falhou para {para} Kátia", "error_data": {"details": "x"}}
        status["errors"] = [{"code": codigo, "title": "Kátia", **detalhe}]
    return json.dumps(envelope({"statuses": [status]})).encode()


async def _postar(canal: CanalDeTeste, corpo: bytes) -> int:
    cabecalhos = {CABECALHO: assinar(SEGREDO_APP, corpo), "Content-Type": "application/json"}
    resposta = await canal.http.post(CAMINHO, data=corpo, headers=cabecalhos)
    await canal.processador.ocioso()
    return resposta.status


async def test_failed_131047_no_webhook_a_mesma_linha_sai_como_modelo_uma_vez(
    canal: CanalDeTeste, fila: Despachante, motor_banco: AsyncEngine
) -> None:
    await _enviada(motor_banco, "wamid.LIVRE")
    falhou = _status("wamid.LIVRE", "failed", codigo=131047)

    for _ in range(2):  # a Meta entrega o mesmo aviso de novo
        assert await _postar(canal, falhou) == 200
    await fila.esvaziar()
    await fila.esvaziar()

    [modelo] = canal.graph.enviadas(FONE)
    assert (modelo.tipo, modelo.texto) == ("modelo", "aviso_programa")
    [linha] = await _linhas_da_fila(motor_banco)
    assert linha.estado == "enviada"
    # o modelo também "falhou" com 131047 (não acontece, mas não pode virar laço)
    assert await _postar(canal, _status(modelo.wamid, "failed", codigo=131047)) == 200
    await fila.esvaziar()
    assert len(canal.graph.enviadas(FONE)) == 1
    assert [(linha.estado, linha.entrega) for linha in await _linhas_da_fila(motor_banco)] == [
        ("enviada", "failed")
    ]


@pytest.mark.parametrize("codigo", [131026, 368])
async def test_failed_nao_entregavel_no_webhook_marca_inalcancavel_uma_vez(
    canal: CanalDeTeste, motor_banco: AsyncEngine, codigo: int
) -> None:
    await _enviada(motor_banco, "wamid.LIVRE")
    async with transacao(motor_banco) as conexao:  # outra mensagem esperando a vez
        await envios.enfileirar(conexao, "whatsapp", FONE, "{}", "lembrete:8", agora())

    for _ in range(2):
        assert await _postar(canal, _status("wamid.LIVRE", "failed", codigo=codigo)) == 200

    async with motor_banco.connect() as conexao:
        marcas = (await conexao.execute(sa.select(_I.c.chat_id, _I.c.motivo))).all()
    assert [(c, m.split(" ")[0]) for c, m in marcas] == [(FONE, f"whatsapp:{codigo}")]
    estados = [(linha.chave, linha.estado) for linha in await _linhas_da_fila(motor_banco)]
    assert estados == [("lembrete:7", "enviada"), ("lembrete:8", "falhou")]

    await canal.pessoa(FONE).diz("oi, voltei")  # quem escreve volta a ser alcançável (#3)
    async with motor_banco.connect() as conexao:
        assert (await conexao.execute(sa.select(_I.c.chat_id))).all() == []


async def test_failed_com_outro_codigo_fica_visivel_com_o_codigo_so(
    canal: CanalDeTeste, motor_banco: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    await _enviada(motor_banco, "wamid.LIVRE")

    assert await _postar(canal, _status("wamid.LIVRE", "failed", codigo=131051)) == 200

    [linha] = await _linhas_da_fila(motor_banco)
    assert (linha.estado, linha.entrega, linha.entrega_erro) == ("enviada", "failed", "131051")
    registro = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("não foi entregue: código 131051" in r.getMessage() for r in registro)
    for proibido in ("Kátia", FONE, "wamid"):
        assert proibido not in caplog.text


@pytest.mark.parametrize(
    ("destinatario", "extra", "aplicada"),
    [
        (FONE, {}, True),
        (FONE, {"recipient_user_id": "BR.1502576394655843"}, True),
        (OUTRO, {}, False),
        (OUTRO, {"recipient_user_id": "BR.999"}, False),
    ],
    ids=["o_mesmo", "o_mesmo_com_bsuid", "outro_numero", "outro_com_bsuid"],
)
async def test_situacao_de_outro_destinatario_nao_toca_o_envio(
    canal: CanalDeTeste,
    motor_banco: AsyncEngine,
    caplog: pytest.LogCaptureFixture,
    destinatario: str,
    extra: dict[str, str],
    aplicada: bool,
) -> None:
    await _enviada(motor_banco, "wamid.LIVRE")

    assert await _postar(canal, _status("wamid.LIVRE", "read", destinatario, **extra)) == 200

    [linha] = await _linhas_da_fila(motor_banco)
    assert linha.entrega == ("read" if aplicada else "")
    assert await _pendentes_na_caixa(motor_banco) == 0  # nem volta na recuperação
    assert OUTRO not in caplog.text and FONE not in caplog.text


# ----- #10: corpo assinado aninhado demais -------------------------------------------------


@pytest.mark.parametrize(
    "corpo",
    [b"[" * 16_000, b'{"a":' * 16_000, b'{"entry":[' + b"[" * 16_000],
    ids=["listas", "objetos", "dentro_de_entry"],
)
async def test_json_aninhado_demais_recebe_200_sem_rastro_e_nada_gravado(
    canal: CanalDeTeste,
    motor_banco: AsyncEngine,
    caplog: pytest.LogCaptureFixture,
    corpo: bytes,
) -> None:
    assert await _postar(canal, corpo) == 200  # a Meta não repete

    async with motor_banco.connect() as conexao:
        assert (await conexao.execute(sa.select(sa.func.count()).select_from(_R))).scalar() == 0
    assert canal.graph.pedidos == []
    assert "Traceback" not in caplog.text and "RecursionError" not in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
