"""Uma Graph API (WhatsApp Cloud API) falsa, como servidor HTTP de verdade (aiohttp), numa
porta local. Rotas `POST /{phone_number_id}/messages` e `POST /{phone_number_id}/media`.

    async with GraphApiFalsa() as graph:
        cliente = ClienteGraph(ConfigGraph(graph.phone_number_id, graph.token, graph.base_url))
        ...
        graph.enviadas("5514991234567")      # o que a pessoa viu, em ordem (`Vista`)
        graph.pedidos                        # cada pedido: caminho, cabeçalhos, JSON/formulário

Confere o token (401 com o erro 190) e o formato do que a Cloud API real recusa (400 com o
corpo de erro do Graph, código 131009/131008/100 e `error_data.details`): título de botão >
20, mais de 3 botões, lista com mais de 10 linhas, título de linha > 24, descrição > 72,
botão da lista > 20, corpo interativo > 1024, texto > 4096, ids de botão repetidos ou > 256,
id de linha > 200, documento com mídia desconhecida. Só o que é aceito conta como entregue.

Falhas sob encomenda (a ordem no servidor: token, falha encomendada, derrubar, formato,
limite de vazão, aceitação, trava):

    graph.falhar(131047)                 # a próxima mensagem: o erro com o corpo real
    graph.falhar(131056, vezes=2, para="5514991234567")   # só para essa pessoa
    graph.falhar(130429, depois=1)       # a 2ª mensagem aceita daqui em diante falha
    graph.falhar(2, em="media")          # a subida do próximo arquivo
    graph.falhar_http(502)               # HTML de um proxy, sem corpo do Graph
    graph.derrubar()                     # fecha a conexão sem responder (nada entregue)
    graph.travar()                       # entrega e segura a resposta até `soltar()`
    graph.limitar(80)                    # vazão: acima de 80/s, 130429
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import secrets
import socket
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Self

from aiohttp import BodyPartReader, web

from tests.falsos.graph_respostas import (
    ERROS,
    HTML_502,
    Midia,
    Pedido,
    Vista,
    erro_graph,
    resposta_de_recusa,
    vista,
)
from tests.falsos.graph_validacao import Recusa, destino, validar

TOKEN_PADRAO = "token-do-graph-de-teste"
NUMERO_PADRAO = "109876543210987"
TAMANHO_MAXIMO = 110 * 1024 * 1024  # documentos de até 100 MB


@dataclass(frozen=True, slots=True)
class _Falha:
    codigo: int
    para: str | None
    recurso: str = "messages"
    http: int = 0  # falhar_http: só o status, corpo que não é do Graph
    a_partir_de: int = 0  # vale quando `total_aceitas` chegar a este número
    mensagem: str | None = None
    detalhes: str | None = None


class GraphApiFalsa:
    """Grava cada pedido (`pedidos`, inclusive os recusados); `codigos` conta as respostas
    por status HTTP (0: nenhuma chegou ao cliente)."""

    def __init__(
        self,
        token: str = TOKEN_PADRAO,
        phone_number_id: str = NUMERO_PADRAO,
        relogio: Callable[[], float] = time.monotonic,
    ) -> None:
        self.token, self.phone_number_id = token, phone_number_id
        self.base_url = ""
        self.pedidos: list[Pedido] = []
        self.codigos: Counter[int] = Counter()
        self.midias: dict[str, Midia] = {}
        self.total_aceitas = 0
        self._vistas: dict[str, list[Vista]] = defaultdict(list)
        self._falhas: deque[_Falha] = deque()
        self._derrubar = 0
        self._travas = 0
        self._soltar = asyncio.Event()
        self._sinal = asyncio.Event()
        self._relogio = relogio
        self._taxa: float | None = None
        self._rajada = 1
        self._ocupadas: deque[float] = deque()
        self._serie = itertools.count(1)
        app = web.Application(client_max_size=TAMANHO_MAXIMO)
        app.add_routes([web.post("/{versao}/{numero}/{recurso}", self._atender)])
        self._executor = web.AppRunner(app, shutdown_timeout=1.0)

    # ----- ciclo de vida --------------------------------------------------------------

    async def __aenter__(self) -> Self:
        await self._executor.setup()
        tomada = socket.socket()
        tomada.bind(("127.0.0.1", 0))  # porta livre escolhida pelo sistema
        await web.SockSite(self._executor, tomada).start()
        self.base_url = f"http://127.0.0.1:{tomada.getsockname()[1]}/v23.0"
        return self

    async def __aexit__(self, *_: object) -> None:
        self._soltar.set()  # respostas travadas saem já
        await self._executor.cleanup()

    # ----- falhas sob encomenda -------------------------------------------------------

    def falhar(
        self,
        codigo: int,
        vezes: int = 1,
        para: str | None = None,
        depois: int = 0,
        em: str = "messages",
        mensagem: str | None = None,
        detalhes: str | None = None,
    ) -> None:
        """Os próximos `vezes` pedidos a `em` ("messages" ou "media"; a `para`, se dado)
        recebem o erro `codigo` com o corpo da API real (`ERROS`, ou `mensagem`/`detalhes`;
        outro código: 400 genérico). Nada é entregue. `depois`: só depois de mais tantas
        mensagens aceitas (a 2ª parte de uma Saida falha com `depois=1`)."""
        falha = _Falha(
            codigo,
            para,
            em,
            a_partir_de=self.total_aceitas + depois,
            mensagem=mensagem,
            detalhes=detalhes,
        )
        self._falhas.extend([falha] * vezes)

    def falhar_http(self, status: int, vezes: int = 1, em: str = "messages") -> None:
        """Os próximos `vezes` pedidos a `em` recebem `status` com um HTML de proxy."""
        self._falhas.extend([_Falha(0, None, em, http=status)] * vezes)

    def derrubar(self, vezes: int = 1) -> None:
        """Fecha a conexão sem responder, antes de qualquer efeito."""
        self._derrubar += vezes

    def travar(self, vezes: int = 1) -> None:
        """Aceita (a pessoa recebe) e só responde em `soltar()` ou ao desligar."""
        self._travas += vezes
        self._soltar.clear()

    def soltar(self) -> None:
        self._soltar.set()

    def limitar(self, por_segundo: float | None, rajada: int | None = None) -> None:
        """Vazão do número (todas as pessoas): acima de `rajada` a cada `rajada/por_segundo`
        segundos, 130429. None tira o limite."""
        self._taxa = por_segundo
        self._rajada = rajada or max(1, int(por_segundo or 1))
        self._ocupadas.clear()

    # ----- o que aconteceu ------------------------------------------------------------

    def enviadas(self, para: str) -> list[Vista]:
        return list(self._vistas.get(para, []))

    def textos(self, para: str) -> list[str]:
        return [v.texto for v in self._vistas.get(para, [])]

    def enviadas_por_pessoa(self) -> dict[str, list[Vista]]:
        return {p: list(v) for p, v in self._vistas.items()}

    def duplicadas(self) -> int:
        """Cópias a mais: a mesma mensagem (tipo e texto) aceita mais de uma vez à pessoa."""
        return sum(
            n - 1
            for vistas in self._vistas.values()
            for n in Counter((v.tipo, v.texto, v.opcoes) for v in vistas).values()
            if n > 1
        )

    async def esperar(self, condicao: Callable[[], object], limite: float = 10.0) -> None:
        """Espera, sem sleep, até a condição valer (reavalia a cada pedido)."""
        async with asyncio.timeout(limite):
            while True:
                sinal = self._sinal
                if condicao():
                    return
                await sinal.wait()

    # ----- HTTP -----------------------------------------------------------------------

    def _avisar(self) -> None:
        self._sinal.set()
        self._sinal = asyncio.Event()

    async def _atender(self, request: web.Request) -> web.StreamResponse:
        resposta = await self._responder(request)
        transporte = request.transport
        self.codigos[0 if transporte is None or transporte.is_closing() else resposta.status] += 1
        self._avisar()
        return resposta

    async def _responder(self, request: web.Request) -> web.StreamResponse:
        recurso = request.match_info["recurso"]
        pedido = await _ler(request)
        self.pedidos.append(pedido)
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return erro_graph(
                401, 190, "Invalid OAuth access token - Cannot parse access token", ""
            )
        if request.match_info["numero"] != self.phone_number_id or recurso not in (
            "messages",
            "media",
        ):
            return erro_graph(
                400, 100, "Unsupported post request.", "", tipo="GraphMethodException"
            )
        falha = self._tirar_falha(recurso, destino(pedido.json or {}))
        if falha is not None:
            return _resposta_de_falha(falha)
        if recurso == "media":
            return self._subir(pedido)
        return await self._mensagem(request, pedido.json or {})

    def _subir(self, pedido: Pedido) -> web.Response:
        arquivo = pedido.formulario.get("file")
        if pedido.formulario.get("messaging_product") != "whatsapp" or not isinstance(
            arquivo, Midia
        ):
            return resposta_de_recusa(Recusa(131008, "Required parameter is missing", "file"))
        id_midia = str(10**15 + next(self._serie))
        self.midias[id_midia] = arquivo
        return web.json_response({"id": id_midia})

    async def _mensagem(self, request: web.Request, corpo: dict[str, Any]) -> web.StreamResponse:
        if self._derrubar > 0:
            self._derrubar -= 1
            if request.transport is not None:
                request.transport.abort()
            return web.Response(status=204)
        para = destino(corpo)
        recusa = validar(corpo, self.midias)
        if recusa is not None:
            return resposta_de_recusa(recusa)
        if self._taxa is not None and not self._ocupar_vaga():
            status, mensagem, detalhes = ERROS[130429]
            return erro_graph(status, 130429, mensagem, detalhes)
        wamid = "wamid." + secrets.token_urlsafe(24)
        self.total_aceitas += 1
        self._vistas[para].append(vista(corpo, self.midias, wamid))
        if self._travas > 0:
            self._travas -= 1
            await self._soltar.wait()
        return web.json_response(
            {
                "messaging_product": "whatsapp",
                "contacts": [{"input": para, "wa_id": para.lstrip("+")}],
                "messages": [{"id": wamid}],
            }
        )

    def _tirar_falha(self, recurso: str, para: str) -> _Falha | None:
        for falha in self._falhas:
            if (
                falha.recurso == recurso
                and falha.a_partir_de <= self.total_aceitas
                and (falha.para is None or falha.para == para)
            ):
                self._falhas.remove(falha)
                return falha
        return None

    def _ocupar_vaga(self) -> bool:
        assert self._taxa is not None
        agora = self._relogio()
        janela = self._rajada / self._taxa
        while self._ocupadas and self._ocupadas[0] <= agora - janela:
            self._ocupadas.popleft()
        if len(self._ocupadas) < self._rajada:
            self._ocupadas.append(agora)
            return True
        return False


def _resposta_de_falha(falha: _Falha) -> web.Response:
    if falha.http:
        return web.Response(status=falha.http, text=HTML_502, content_type="text/html")
    status, mensagem, detalhes = ERROS.get(falha.codigo, (400, f"(#{falha.codigo})", ""))
    mensagem = falha.mensagem if falha.mensagem is not None else mensagem
    detalhes = falha.detalhes if falha.detalhes is not None else detalhes
    return erro_graph(status, falha.codigo, mensagem, detalhes)


async def _ler(request: web.Request) -> Pedido:
    cabecalhos = dict(request.headers)
    if request.content_type == "application/json":
        with contextlib.suppress(ValueError):
            corpo = await request.json()
            return Pedido(request.path, cabecalhos, corpo if isinstance(corpo, dict) else None)
        return Pedido(request.path, cabecalhos, None)
    formulario: dict[str, Any] = {}
    if request.content_type.startswith("multipart/"):
        leitor = await request.multipart()
        while (parte := await leitor.next()) is not None:
            if not isinstance(parte, BodyPartReader) or parte.name is None:
                continue
            if parte.filename:
                tipo = parte.headers.get("Content-Type", "")
                formulario[parte.name] = Midia(parte.filename, tipo, await parte.read())
            else:
                formulario[parte.name] = await parte.text()
    return Pedido(request.path, cabecalhos, None, formulario)
