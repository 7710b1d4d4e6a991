"""Freio contra abuso: janela deslizante em memória, por chave (sessão, endereço)."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


class Limitador:
    """Janela deslizante em memória: cada processo limita o que recebe.

    Não precisa ir para o banco: é só um freio contra abuso, não um estado da conversa.
    `permitir(chave, maximo)` aceita outro máximo para a mesma janela (a equipe tem um
    limite maior que o do cidadão, contado nas mesmas mensagens).
    """

    def __init__(
        self, maximo: int, janela: float = 60.0, relogio: Callable[[], float] = time.monotonic
    ) -> None:
        self.maximo, self.janela, self.relogio = maximo, janela, relogio
        self._batidas: dict[str, deque[float]] = {}
        self._faxina = 10_000  # limpa quando passar disso; o limite cresce com o uso

    def permitir(self, chave: str, maximo: int | None = None) -> bool:
        agora = self.relogio()
        if len(self._batidas) > self._faxina:
            self._esquecer_antigos(agora)
            self._faxina = max(10_000, 2 * len(self._batidas))
        fila = self._batidas.setdefault(chave, deque())
        while fila and agora - fila[0] >= self.janela:
            fila.popleft()
        if len(fila) >= (self.maximo if maximo is None else maximo):
            return False
        fila.append(agora)
        return True

    def _esquecer_antigos(self, agora: float) -> None:
        for chave in [c for c, f in self._batidas.items() if not f or agora - f[-1] >= self.janela]:
            del self._batidas[chave]
