"""Limite de envios por segundo de um canal (balde de fichas), com pausa pedida pela API.

O Telegram aceita por volta de 30 mensagens por segundo no total; passar disso gera 429 e,
insistindo, bloqueios mais longos. O despachante pede uma ficha antes de cada envio; um
429 com `retry_after` pausa o canal inteiro pelo tempo pedido, exatamente.

Folga: enviando exatamente no teto, sem parar, a variação de latência de cada pedido faz
alguns chegarem mais juntos do que saíram, e a janela do servidor conta 201 onde saíram
200 (medido no `bench/envio.py`: dezenas de 429 em 10.000 envios, cada um parando o canal
por 1 s ou mais). Os processos miram `FOLGA` (2%) abaixo do configurado: custa 2% do
ritmo e evita os 429.

Janela de 1 s: o laço ocupado (um lote gravado, outra conversa) faz quem dormia acordar
atrasado, e os atrasados saíam todos juntos; somados aos que vêm na hora, passavam do teto
numa janela de 1 s do provedor (a Cloud API responde 130429 e o canal para 1 s ou mais;
medido no `bench/whatsapp.py`). Por isso cada envio confere também quantos saíram de fato
no último segundo: com o teto cheio, pede outra vez.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable

FOLGA = 0.02
_EPSILON = 1e-9  # horários somados em float: 1 s exato sai da janela


class LimiteDeEnvio:
    """`por_segundo` envios por segundo (menos a `folga`); até `rajada` seguidos depois de
    um tempo parado.

    Algoritmo GCRA (horário teórico do próximo envio): cada pedido reserva o seu horário
    antes de dormir, então vários envios concorrentes no mesmo laço não furam o limite.
    """

    def __init__(
        self,
        por_segundo: float,
        rajada: float = 1.0,
        folga: float = 0.0,
        relogio: Callable[[], float] = time.monotonic,
        dormir: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if por_segundo <= 0:
            raise ValueError("por_segundo precisa ser positivo")
        if not 0 <= folga < 1:
            raise ValueError("folga precisa estar entre 0 e 1")
        self.intervalo = 1.0 / (por_segundo * (1.0 - folga))
        self.tolerancia = (max(rajada, 1.0) - 1.0) * self.intervalo
        self._relogio, self._dormir = relogio, dormir
        # por baixo do que o ritmo põe num segundo (79 a 80/s): sobra 1 a 2 para o atraso da rede
        self.teto = max(1, math.floor(por_segundo * (1.0 - folga) + _EPSILON), math.ceil(rajada))
        self._saidas: deque[float] = deque()  # quando saíram os envios do último segundo
        self._proximo = relogio()  # horário teórico do próximo envio
        self._pausa_ate = 0.0

    def reservar(self) -> float:
        """Reserva a vez e diz quantos segundos esperar até ela."""
        agora = self._relogio()
        teorico = max(self._proximo, agora)
        envio = max(agora, teorico - self.tolerancia, self._pausa_ate)
        self._proximo = max(teorico, envio) + self.intervalo
        return envio - agora

    async def esperar(self) -> None:
        """Espera a vez de enviar; com `teto` envios no último segundo, pede outra vez."""
        while True:
            espera = self.reservar()
            if espera > 0:
                await self._dormir(espera)
            agora = self._relogio()
            while self._saidas and self._saidas[0] <= agora - 1.0 + _EPSILON:
                self._saidas.popleft()
            if len(self._saidas) < self.teto:
                self._saidas.append(agora)
                return

    def pausar(self, segundos: float) -> None:
        """A API pediu para esperar (429): ninguém deste canal envia antes disso."""
        self._pausa_ate = max(self._pausa_ate, self._relogio() + segundos)
