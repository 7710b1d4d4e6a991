"""Limite de envios: o ritmo pedido, sem rajadas acima do permitido, e a pausa do 429."""

from __future__ import annotations

import asyncio
import heapq
import itertools

import pytest

from bot.limite_envio import LimiteDeEnvio


class Relogio:
    """Relógio de mentira: `dormir` só adianta o tempo (o teste não espera de verdade)."""

    def __init__(self) -> None:
        self.agora = 1000.0

    def __call__(self) -> float:
        return self.agora

    async def dormir(self, segundos: float) -> None:
        self.agora += segundos


@pytest.mark.parametrize(("por_segundo", "envios"), [(1, 5), (10, 100), (30, 300), (0.5, 4)])
async def test_ritmo_de_envio_respeita_o_limite(por_segundo: float, envios: int) -> None:
    relogio = Relogio()
    limite = LimiteDeEnvio(por_segundo, relogio=relogio, dormir=relogio.dormir)
    inicio = relogio.agora
    momentos = []
    for _ in range(envios):
        await limite.esperar()
        momentos.append(relogio.agora)
    # o 1º sai na hora; os demais, um a cada 1/por_segundo
    assert momentos[-1] - inicio == pytest.approx((envios - 1) / por_segundo)
    intervalos = [b - a for a, b in itertools.pairwise(momentos)]
    assert min(intervalos) == pytest.approx(1 / por_segundo)


@pytest.mark.parametrize("folga", [0.0, 0.02, 0.1])
async def test_folga_mira_abaixo_do_teto(folga: float) -> None:
    """Em 1 s do relógio, nunca mais que o teto; com folga, exatamente tanto a menos."""
    relogio = Relogio()
    limite = LimiteDeEnvio(200, folga=folga, relogio=relogio, dormir=relogio.dormir)
    inicio = relogio.agora
    for _ in range(1000):
        await limite.esperar()
    assert relogio.agora - inicio == pytest.approx(999 / (200 * (1 - folga)))


@pytest.mark.parametrize("folga", [-0.1, 1.0])
def test_folga_fora_de_0_a_1_e_recusada(folga: float) -> None:
    with pytest.raises(ValueError, match="folga"):
        LimiteDeEnvio(10, folga=folga)


async def test_pausa_do_429_segura_o_canal_pelo_tempo_pedido() -> None:
    relogio = Relogio()
    limite = LimiteDeEnvio(30, relogio=relogio, dormir=relogio.dormir)
    await limite.esperar()
    limite.pausar(3)
    antes = relogio.agora
    await limite.esperar()
    assert relogio.agora - antes == pytest.approx(3)


async def test_rajada_acumula_no_maximo_o_combinado() -> None:
    relogio = Relogio()
    limite = LimiteDeEnvio(10, rajada=5, relogio=relogio, dormir=relogio.dormir)
    relogio.agora += 60  # um minuto parado não vira 600 envios de uma vez
    antes = relogio.agora
    for _ in range(5):
        await limite.esperar()
    assert relogio.agora == antes
    await limite.esperar()
    assert relogio.agora - antes == pytest.approx(0.1)


def test_limite_precisa_ser_positivo() -> None:
    with pytest.raises(ValueError):
        LimiteDeEnvio(0)


async def test_envios_concorrentes_nao_furam_o_limite() -> None:
    """Várias tarefas pedindo a vez ao mesmo tempo: cada uma reserva um horário diferente."""
    relogio = Relogio()
    limite = LimiteDeEnvio(5, relogio=relogio, dormir=lambda s: asyncio.sleep(0))
    esperas = [limite.reservar() for _ in range(10)]
    assert esperas == pytest.approx([i * 0.2 for i in range(10)])


class LacoParado:
    """Relógio de mentira com quem dorme numa fila; `parado_ate` simula o laço ocupado:
    quem devia acordar antes disso acorda só ali, todos juntos."""

    def __init__(self, parado_de: float, parado_ate: float) -> None:
        self.agora = 1000.0
        self.parado = (parado_de, parado_ate)
        self._fila: list[tuple[float, int, asyncio.Future[None]]] = []
        self._ordem = itertools.count()

    def __call__(self) -> float:
        return self.agora

    async def dormir(self, segundos: float) -> None:
        futuro = asyncio.get_running_loop().create_future()
        heapq.heappush(self._fila, (self.agora + segundos, next(self._ordem), futuro))
        await futuro

    async def rodar(self, tarefas: list[asyncio.Task[None]]) -> None:
        while not all(t.done() for t in tarefas):
            for _ in range(20):  # quem acordou anda até dormir de novo ou terminar
                await asyncio.sleep(0)
            if self._fila:
                quando, _, futuro = heapq.heappop(self._fila)
                de, ate = self.parado
                self.agora = max(self.agora, ate if de <= quando < ate else quando)
                futuro.set_result(None)


async def test_laco_parado_nao_solta_os_atrasados_de_uma_vez() -> None:
    """10 envios paralelos a 10/s e o laço parado 0,4 s: quem perdeu a vez pede outra, e
    nenhuma janela de 1 s tem mais de 10 envios (a do provedor recusaria)."""
    laco = LacoParado(1002.05, 1002.45)
    limite = LimiteDeEnvio(10, relogio=laco, dormir=laco.dormir)
    momentos: list[float] = []

    async def enviar(vezes: int) -> None:
        for _ in range(vezes):
            await limite.esperar()
            momentos.append(laco.agora)

    await laco.rodar([asyncio.create_task(enviar(6)) for _ in range(10)])

    momentos.sort()
    assert len(momentos) == 60
    assert min(b - a for a, b in zip(momentos[:-10], momentos[10:], strict=True)) >= 1.0 - 1e-9
