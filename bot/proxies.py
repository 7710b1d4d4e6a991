"""O endereço de quem escreve, atrás do proxy HTTPS da Prefeitura.

Sem configuração, vale o endereço da conexão (`request.remote`) e `X-Forwarded-For` é
ignorado: um cliente que fala direto com o servidor não pode inventar outro endereço. Com
`INCLUSAO_PROXIES_CONFIAVEIS` (endereços ou redes), uma conexão que vem de um desses
proxies tem o endereço tirado do `X-Forwarded-For`: da direita para a esquerda, o primeiro
que não é um proxy confiável (o que o cliente escreveu ali à esquerda não conta).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from ipaddress import ip_address

from aiohttp import web
from aiohttp_remotes import XForwardedFiltered
from aiohttp_remotes.exceptions import UntrustedIP
from aiohttp_remotes.utils import check_ip

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def ler_proxies(valor: str) -> tuple[str, ...]:
    """ "10.0.0.5, 10.1.0.0/16" → os itens; ValueError se algum não é endereço nem rede."""
    itens = tuple(p for p in (parte.strip() for parte in valor.replace(";", ",").split(",")) if p)
    XForwardedFiltered(set(itens))  # valida já na partida (endereço ou rede IPv4/IPv6)
    return itens


class ProxiesConfiaveis(XForwardedFiltered):
    """O `XForwardedFiltered` do aiohttp-remotes só quando a CONEXÃO vem de um proxy
    confiável (ele sozinho aceitaria o cabeçalho de qualquer um)."""

    def __init__(self, proxies: Sequence[str]) -> None:
        super().__init__(set(proxies))

    def _vem_de_proxy(self, request: web.Request) -> bool:
        par = request.transport.get_extra_info("peername") if request.transport else None
        if not par:
            return False
        try:
            check_ip(self._trusted, ip_address(par[0]))
        except (UntrustedIP, ValueError):
            return False
        return True

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if not self._vem_de_proxy(request):
            return await handler(request)
        return await super().middleware(request, handler)
