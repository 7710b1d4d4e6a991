"""Limite de envios: o ritmo pedido, sem rajadas acima do permitido, e a pausa do 429."""

from __future__ import annotations

import asyncio
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
