"""A partida inteira com o WhatsApp ligado (`bot.app._ligar_whatsapp`): o webhook no nosso
servidor, a resposta pela Graph API falsa (HTTP de verdade, porta local) e a fila de envio
do canal saindo pelo despachante."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import aiohttp
import pytest

from armazenamento import envios
from armazenamento.banco import criar_motor, transacao
from armazenamento.tempo import agora
from bot.config import Config
from bot.config_whatsapp import ConfigWhatsApp
from bot.whatsapp.webhook import CABECALHO, assinar
from mensagens.serializacao import saida_para_json
from mensagens.tipos import Saida
from tests.bot.test_app import CURTO, no_ar, porta_livre
from tests.falsos.graph_api import GraphApiFalsa

SEGREDO_APP = "segredo-do-app-na-partida"
VERIFICACAO = "verifica-na-partida"
FONE = "5514991234567"
TEXTO = Path(__file__).resolve().parent.parent / "falsos" / "whatsapp" / "texto.json"


@pytest.fixture
def config(tmp_path: Path, url_banco: str) -> Config:
    sqlite = url_banco.startswith("sqlite")
    return Config(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'inclusao.db'}" if sqlite else url_banco,
        http_host="127.0.0.1",
        http_porta=porta_livre(),
    )


def com_whatsapp(config: Config, graph: GraphApiFalsa) -> Config:
    return replace(
        config,
        whatsapp=ConfigWhatsApp(
            token=graph.token,
            phone_number_id=graph.phone_number_id,
            app_secret=SEGREDO_APP,
            verify_token=VERIFICACAO,
            api_base_url=graph.base_url,
        ),
    )


async def test_whatsapp_na_partida_verifica_recebe_responde_e_despacha(config: Config) -> None:
    async with GraphApiFalsa() as graph:
        config = com_whatsapp(config, graph)
        async with no_ar(config) as base, aiohttp.ClientSession(timeout=CURTO) as http:
            rota = f"{base}/whatsapp/webhook"
            verificacao = {"hub.mode": "subscribe", "hub.verify_token": VERIFICACAO}
            async with http.get(rota, params=verificacao | {"hub.challenge": "4242"}) as r:
                assert (r.status, await r.text()) == (200, "4242")
            corpo = TEXTO.read_bytes()
            async with http.post(rota, data=corpo) as r:
                assert r.status == 401  # sem assinatura
            async with http.post(
                rota, data=corpo, headers={CABECALHO: assinar(SEGREDO_APP, corpo)}
            ) as r:
                assert r.status == 200
            await graph.esperar(lambda: graph.enviadas(FONE))
            assert graph.enviadas(FONE)[0].opcoes == (
                "Entendi, continuar",
                "Saber mais",
                "Agora não",
            )

            banco = criar_motor(config.database_url)
            try:
                async with transacao(banco) as conexao:
                    conteudo = saida_para_json(Saida("Aviso da fila"))
                    await envios.enfileirar(conexao, "whatsapp", FONE, conteudo, "teste:1", agora())
            finally:
                await banco.dispose()
            await graph.esperar(lambda: "Aviso da fila" in graph.textos(FONE), limite=15.0)
        assert graph.textos(FONE).count("Aviso da fila") == 1


async def test_sem_token_do_whatsapp_a_rota_nao_existe(config: Config) -> None:
    async with (
        no_ar(config) as base,
        aiohttp.ClientSession(timeout=CURTO) as http,
        http.get(f"{base}/whatsapp/webhook") as r,
    ):
        assert r.status == 404
