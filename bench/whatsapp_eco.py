"""O palco do `bench/whatsapp.py`: quem posta e mede (`Lado`), o processador que avisa
quando a resposta saiu, e o piso: um webhook de eco, o mínimo que um canal WhatsApp faz
sobre o mesmo aiohttp, o mesmo cliente e a mesma Graph API falsa — confere a assinatura,
lê o JSON, responde 200 e, em fundo, manda um texto de volta pelo `ClienteGraph`. Sem
banco e sem motor. Medido em blocos intercalados com os nossos (como o eco do Telegram
em `bench/preinscricao.py`): a razão entre os dois não depende de quão rápida está a
máquina naquela hora.
"""

from __future__ import annotations

import asyncio
import json
import socket
import time
from collections.abc import Callable, Coroutine, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from bot.resultado_envio import Enviada
from bot.whatsapp.graph import ClienteGraph
from bot.whatsapp.processamento import ProcessadorWhatsApp
from bot.whatsapp.webhook import CABECALHO, CAMINHO, assinar, assinatura_confere
from mensagens.tipos import Saida

JSON = "application/json"


_ATENDENDO: ContextVar[str] = ContextVar("_ATENDENDO", default="")


class ProcessadorDoBench(ProcessadorWhatsApp):
    """O processador de verdade; só avisa quando a resposta de cada mensagem saiu inteira
    (a pessoa já a vê e pode responder, sem `sleep`). A marca de processada vem depois,
    em fundo, como em produção: só a conversa dela espera por isso, não as outras."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.prontas: dict[str, asyncio.Future[bool]] = {}

    async def processar(self, id_externo: str, corpo: str) -> bool:
        _ATENDENDO.set(id_externo)
        feita = await super().processar(id_externo, corpo)
        self._avisar(id_externo, feita)
        return feita

    async def responder(self, chat_id: str, saidas: Iterable[Saida]) -> list[tuple[int, Saida]]:
        faltam = await super().responder(chat_id, saidas)
        self._avisar(_ATENDENDO.get(), not faltam)
        return faltam

    def _avisar(self, id_externo: str, feita: bool) -> None:
        futuro = self.prontas.pop(id_externo, None)
        if futuro is not None and not futuro.done():
            futuro.set_result(feita)


@dataclass
class Medidas:
    """Tempos de um lado (o nosso ou o eco): do POST ao 200, do POST à última resposta
    aceita pela Graph API, e o tempo de parede somado dos blocos."""

    ao_200: list[float] = field(default_factory=list)
    a_resposta: list[float] = field(default_factory=list)
    segundos: float = 0.0

    async def bloco(self, tarefas: list[Coroutine[Any, Any, None]]) -> None:
        inicio = time.perf_counter()
        await asyncio.gather(*tarefas)
        self.segundos += time.perf_counter() - inicio


@dataclass
class Lado:
    """Um webhook sob medida: para onde postar, com que segredo, e como saber que a
    mensagem `wamid` foi atendida (`prontas`) e quando a última resposta chegou."""

    url: str
    segredo: str
    prontas: dict[str, asyncio.Future[bool]]
    ultima_em: Callable[[str], float]
    medidas: Medidas = field(default_factory=Medidas)

    async def postar(
        self, http: aiohttp.ClientSession, numero: str, wamid: str, dados: dict[str, Any]
    ) -> None:
        """Um POST assinado; volta quando a resposta inteira chegou à Graph API falsa."""
        bruto = json.dumps(dados).encode()
        pronta = asyncio.get_running_loop().create_future()
        self.prontas[wamid] = pronta
        cabecalhos = {CABECALHO: assinar(self.segredo, bruto), "Content-Type": JSON}
        antes = time.perf_counter()
        async with http.post(self.url, data=bruto, headers=cabecalhos) as resposta:
            await resposta.read()
            if resposta.status != 200:
                raise RuntimeError(f"webhook respondeu {resposta.status}")
        self.medidas.ao_200.append(time.perf_counter() - antes)
        if not await pronta:
            raise RuntimeError("mensagem não processada")
        self.medidas.a_resposta.append(self.ultima_em(numero) - antes)


async def subir(app: web.Application) -> tuple[web.AppRunner, str]:
    """O app num site local, porta escolhida pelo sistema; devolve a URL do webhook."""
    executor = web.AppRunner(app, access_log=None)
    await executor.setup()
    tomada = socket.socket()
    tomada.bind(("127.0.0.1", 0))
    await web.SockSite(executor, tomada).start()
    return executor, f"http://127.0.0.1:{tomada.getsockname()[1]}{CAMINHO}"


class WebhookDeEco:
    def __init__(self, cliente: ClienteGraph, segredo: str) -> None:
        self.cliente = cliente
        self.segredo = segredo
        self.prontas: dict[str, asyncio.Future[bool]] = {}
        self._tarefas: set[asyncio.Task[None]] = set()

    def app(self) -> web.Application:
        app = web.Application()
        app.add_routes([web.post(CAMINHO, self.receber)])
        return app

    async def receber(self, request: web.Request) -> web.Response:
        corpo = await request.read()
        if not assinatura_confere(self.segredo, request.headers.get(CABECALHO, ""), corpo):
            return web.Response(status=401)
        mensagem = json.loads(corpo)["entry"][0]["changes"][0]["value"]["messages"][0]
        tarefa = asyncio.create_task(self._responder(mensagem["from"], mensagem["id"]))
        self._tarefas.add(tarefa)
        tarefa.add_done_callback(self._tarefas.discard)
        return web.Response(status=200)

    async def _responder(self, para: str, wamid: str) -> None:
        corpo = {"messaging_product": "whatsapp", "to": para, "type": "text"}
        resultado = await self.cliente.enviar(corpo | {"text": {"body": f"eco {wamid}"}})
        futuro = self.prontas.pop(wamid, None)
        if futuro is not None and not futuro.done():
            futuro.set_result(isinstance(resultado, Enviada))
