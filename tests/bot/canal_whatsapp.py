"""O canal WhatsApp montado para os testes como na partida (`bot.app._ligar_whatsapp`): o
nosso app aiohttp com a rota do webhook, o motor real sobre o banco do teste e o remetente
real falando HTTP com a Graph API falsa. Nada de rede de fora.

    async with canal_whatsapp(motor) as canal:
        pessoa = canal.pessoa("5514991234567")
        await pessoa.diz("oi")
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.servidor import criar_app_http
from bot.whatsapp.graph import ClienteGraph, ConfigGraph
from bot.whatsapp.processamento import ProcessadorWhatsApp
from bot.whatsapp.remetente import RemetenteWhatsApp
from bot.whatsapp.webhook import WebhookWhatsApp
from fluxos.motor import Motor
from tests.bot.pessoa_whatsapp import PessoaWhatsApp
from tests.falsos.graph_api import GraphApiFalsa

SEGREDO_APP = "segredo-do-app-de-teste"
TOKEN_VERIFICACAO = "verifica-bauru-2027"

Cliente = TestClient[web.Request, web.Application]


@dataclass
class CanalDeTeste:
    http: Cliente
    graph: GraphApiFalsa
    processador: ProcessadorWhatsApp
    webhook: WebhookWhatsApp

    def pessoa(
        self, numero: str, bsuid: str = "", nome: str = "Conceição Araújo"
    ) -> PessoaWhatsApp:
        return PessoaWhatsApp(
            self.http, self.graph, self.processador, SEGREDO_APP, numero, bsuid, nome
        )


@asynccontextmanager
async def canal_whatsapp(
    motor: Motor, graph: GraphApiFalsa | None = None
) -> AsyncIterator[CanalDeTeste]:
    """`graph`: uma Graph API falsa já aberta (para sobreviver a um "reinício" do canal)."""
    async with _graph(graph) as falsa:
        cliente = ClienteGraph(ConfigGraph(falsa.phone_number_id, falsa.token, falsa.base_url))
        remetente = RemetenteWhatsApp(cliente, banco=motor.banco)
        processador = ProcessadorWhatsApp(motor, remetente, recuo=0.0)
        webhook = WebhookWhatsApp(processador, SEGREDO_APP, TOKEN_VERIFICACAO)
        app = criar_app_http(motor, motor.banco, webhook.rotas())
        try:
            async with TestClient(TestServer(app)) as http:
                yield CanalDeTeste(http, falsa, processador, webhook)
                await processador.ocioso()
        finally:
            await cliente.fechar()


@asynccontextmanager
async def _graph(pronta: GraphApiFalsa | None) -> AsyncIterator[GraphApiFalsa]:
    if pronta is not None:
        yield pronta
        return
    async with GraphApiFalsa() as nova:
        yield nova
