"""Um proxy TCP em loopback (asyncio puro) que simula uma partição da rede até o banco.

    async with ProxyTcp("127.0.0.1", 5432, portas=PORTAS) as proxy:
        url = ...porta=proxy.porta...
        proxy.cortar()    # o banco "some": nada passa, conexões novas ficam penduradas
        proxy.religar()   # a rede volta: o que ficou retido segue, como num TCP de verdade

Cortar não recusa nem fecha nada (isso seria uma queda fácil de perceber): os bytes ficam
parados no proxy e quem espera resposta espera até o próprio prazo. Religar entrega o que
ficou retido, nas duas direções, como uma partição que se desfaz.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable
from typing import Self

PORTAS_PADRAO = range(8141, 8160)  # a faixa combinada para os testes e o bench desta issue


class ProxyTcp:
    """Encaminha `host:porta` local para o destino; `cortar`/`religar` controlam a rede."""

    def __init__(
        self, destino_host: str, destino_porta: int, portas: Iterable[int] = PORTAS_PADRAO
    ) -> None:
        self.destino = (destino_host, destino_porta)
        self._portas = list(portas)
        self._aberto = asyncio.Event()
        self._aberto.set()
        self._servidor: asyncio.Server | None = None
        self._tarefas: set[asyncio.Task[None]] = set()
        self.porta = 0
        self.conexoes = 0

    @property
    def cortado(self) -> bool:
        return not self._aberto.is_set()

    def cortar(self) -> None:
        self._aberto.clear()

    def religar(self) -> None:
        self._aberto.set()

    async def __aenter__(self) -> Self:
        ultimo: OSError | None = None
        for porta in self._portas:
            try:
                self._servidor = await asyncio.start_server(self._atender, "127.0.0.1", porta)
            except OSError as erro:  # porta ocupada: a próxima da faixa
                ultimo = erro
                continue
            self.porta = porta
            return self
        raise OSError(f"nenhuma porta livre em {self._portas}") from ultimo

    async def __aexit__(self, *_: object) -> None:
        self._aberto.set()
        if self._servidor is not None:
            self._servidor.close()
        for tarefa in list(self._tarefas):
            tarefa.cancel()
        for tarefa in list(self._tarefas):
            with contextlib.suppress(BaseException):
                await tarefa
        if self._servidor is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._servidor.wait_closed(), 2)

    async def _atender(self, leitor: asyncio.StreamReader, escritor: asyncio.StreamWriter) -> None:
        tarefa = asyncio.current_task()
        assert tarefa is not None
        self._tarefas.add(tarefa)  # type: ignore[arg-type]
        try:
            await self._aberto.wait()  # conexão nova durante o corte: aceita e pendurada
            try:
                leitor_db, escritor_db = await asyncio.open_connection(*self.destino)
            except OSError:
                escritor.close()
                return
            self.conexoes += 1
            await asyncio.gather(
                self._bombear(leitor, escritor_db), self._bombear(leitor_db, escritor)
            )
        finally:
            self._tarefas.discard(tarefa)  # type: ignore[arg-type]

    async def _bombear(self, origem: asyncio.StreamReader, destino: asyncio.StreamWriter) -> None:
        try:
            while dados := await origem.read(65536):
                await self._aberto.wait()  # cortado: o pedaço fica retido aqui
                destino.write(dados)
                await destino.drain()
        except (OSError, asyncio.IncompleteReadError):
            pass
        finally:
            await self._aberto.wait()  # nem o fim da conexão passa durante o corte
            destino.close()
