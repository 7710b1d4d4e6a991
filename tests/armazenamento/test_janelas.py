"""A janela de 24 h do WhatsApp: abre com cada mensagem recebida e nunca recua."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from armazenamento import janelas
from armazenamento.banco import transacao

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
SEM_FOLGA = timedelta(0)


@pytest.mark.parametrize(
    ("escreveu_ha", "folga", "aberta"),
    [
        (None, SEM_FOLGA, False),  # nunca escreveu: só modelo
        (timedelta(hours=1), SEM_FOLGA, True),
        (timedelta(hours=23, minutes=59), SEM_FOLGA, True),
        (timedelta(hours=24), SEM_FOLGA, False),  # fechou na hora exata
        (timedelta(hours=23, minutes=50), timedelta(minutes=15), False),  # perto do fim
    ],
)
async def test_janela_de_24_horas(
    motor_banco: AsyncEngine, escreveu_ha: timedelta | None, folga: timedelta, aberta: bool
) -> None:
    async with transacao(motor_banco) as conexao:
        if escreveu_ha is not None:
            await janelas.registrar_entrada(conexao, "whatsapp", "5514999", T0 - escreveu_ha)
        resposta = await janelas.dentro_da_janela(conexao, "whatsapp", "5514999", T0, folga)
    assert resposta is aberta


async def test_update_antigo_reprocessado_nao_fecha_a_janela(motor_banco: AsyncEngine) -> None:
    async with transacao(motor_banco) as conexao:
        await janelas.registrar_entrada(conexao, "whatsapp", "5514999", T0)
        await janelas.registrar_entrada(conexao, "whatsapp", "5514999", T0 - timedelta(days=2))
        await janelas.registrar_entrada(conexao, "telegram", "5514999", T0 - timedelta(days=9))
        assert await janelas.ultima_entrada(conexao, "whatsapp", "5514999") == T0
        await janelas.registrar_entrada(conexao, "whatsapp", "5514999", T0 + timedelta(hours=1))
        assert await janelas.ultima_entrada(conexao, "whatsapp", "5514999") == T0 + timedelta(
            hours=1
        )
