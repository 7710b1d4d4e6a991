"""Transporte HTTP do PTB sobre aiohttp (um `telegram.request.BaseRequest`).

Por quê: o `HTTPXRequest` padrão gasta a maior parte da CPU do despachante no httpx,
httpcore e anyio (medido com cProfile no `bench/envio.py`: ~360 envios/s num núcleo). O
aiohttp já é dependência do projeto (servidor web) e faz o mesmo pedido com muito menos
trabalho por chamada. Só o transporte muda: o PTB continua montando os pedidos, lendo as
respostas e traduzindo códigos de erro (429 → RetryAfter, 403 → Forbidden...).

Tempos (o PTB passa quatro; o aiohttp tem outros nomes):

| PTB              | aiohttp                                  | esgotou quer dizer             |
|------------------|------------------------------------------|--------------------------------|
| pool + connect   | `connect` (vaga no pool + conexão nova)  | o pedido não saiu              |
| connect          | `sock_connect`                           | o pedido não saiu              |
| read             | `sock_read` (entre pacotes da resposta)  | o pedido saiu; pode ter agido  |
| write            | (sem equivalente; corpos JSON pequenos   |                                |
|                  | cabem no buffer do socket de uma vez)    |                                |

Erros viram as mesmas exceções do PTB que o `HTTPXRequest` levanta, com a original em
`__cause__` (`raise TimedOut from erro`): `ConnectionTimeoutError` e `SocketTimeoutError`
separam "não saiu" de "saiu e a resposta não veio" (ver `remetente_telegram`).
"""

from __future__ import annotations

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

PADRAO_CONECTAR = 5.0
PADRAO_LER = 5.0
PADRAO_POOL = 1.0


class PedidoAiohttp(BaseRequest):
    """`conexoes`: conexões simultâneas (o resto espera vaga até o tempo de pool)."""

    def __init__(
        self,
        conexoes: int = 64,
        read_timeout: float | None = PADRAO_LER,
        connect_timeout: float | None = PADRAO_CONECTAR,
        pool_timeout: float | None = PADRAO_POOL,
    ) -> None:
        self._conexoes = conexoes
        self._ler = read_timeout
        self._conectar = connect_timeout
        self._pool = pool_timeout
        self._sessao: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._ler

    async def initialize(self) -> None:
        if self._sessao is None or self._sessao.closed:
            conector = aiohttp.TCPConnector(limit=self._conexoes, limit_per_host=self._conexoes)
            self._sessao = aiohttp.ClientSession(
                connector=conector,
                headers={"User-Agent": self.USER_AGENT},
                timeout=aiohttp.ClientTimeout(total=None),
                skip_auto_headers=("User-Agent",),
            )

    async def shutdown(self) -> None:
        if self._sessao is not None and not self._sessao.closed:
            await self._sessao.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._sessao is None or self._sessao.closed:
            raise RuntimeError("PedidoAiohttp não foi inicializado")
        ler = self._ler if isinstance(read_timeout, DefaultValue) else read_timeout
        conectar = self._conectar if isinstance(connect_timeout, DefaultValue) else connect_timeout
        pool = self._pool if isinstance(pool_timeout, DefaultValue) else pool_timeout
        tempos = aiohttp.ClientTimeout(
            total=None,
            connect=None if conectar is None or pool is None else conectar + pool,
            sock_connect=conectar,
            sock_read=ler,
        )
        try:
            async with self._sessao.request(
                method, url, data=_corpo(request_data), timeout=tempos
            ) as resposta:
                return resposta.status, await resposta.read()
        except aiohttp.ServerTimeoutError as erro:
            raise TimedOut from erro
        except TimeoutError as erro:  # só o `total`, que não usamos: na dúvida, saiu
            raise TimedOut from erro
        except aiohttp.ClientError as erro:
            raise NetworkError(f"aiohttp.{type(erro).__name__}: {erro}") from erro


def _corpo(dados: RequestData | None) -> aiohttp.FormData | dict[str, str] | None:
    """Como o HTTPXRequest: parâmetros codificados em JSON num formulário; multipart se há
    arquivos (a planilha das OSCs vai por sendDocument)."""
    if dados is None:
        return None
    if not dados.contains_files:
        return dados.json_parameters
    formulario = aiohttp.FormData()
    for nome, valor in dados.json_parameters.items():
        formulario.add_field(nome, valor)
    for nome, (arquivo, conteudo, *tipo) in dados.multipart_data.items():
        formulario.add_field(
            nome, conteudo, filename=arquivo, content_type=tipo[0] if tipo else None
        )
    return formulario
