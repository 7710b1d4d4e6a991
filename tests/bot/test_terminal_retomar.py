"""`inclusao conversar` reaberto continua de onde parou, como a página do chat web: uma
tela da equipe (ex.: a lista da priorização, com os botões numerados) volta igual."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from armazenamento.banco import transacao
from armazenamento.equipe import Escopo, criar_convite
from bot.terminal import conversar
from fluxos.montagem import criar_motor_de_conversa
from tests.dados import semear_programa
from tests.fluxos.priorizacao.conftest import AGORA, semear_priorizacao


def roteiro(linhas: list[str]) -> Callable[[], Awaitable[str | None]]:
    pendentes = iter(linhas)

    async def ler() -> str | None:
        linha = next(pendentes, None)
        return None if linha is None else linha + "\n"

    return ler


async def test_terminal_reaberto_numa_tela_da_equipe_mostra_a_mesma_tela(
    sessoes: async_sessionmaker[AsyncSession],
) -> None:
    await semear_programa(sessoes, AGORA.date())
    semente = await semear_priorizacao(sessoes)
    motor = criar_motor_de_conversa(sessoes.kw["bind"], relogio=lambda: AGORA)
    async with transacao(motor.banco) as conexao:
        escopo = Escopo("cras", cras_id=semente.cras["Europa"])
        convite = await criar_convite(conexao, escopo, AGORA, timedelta(days=1))
    antes: list[str] = []
    # entra pelo convite, toca "Priorizar" e depois "Ver lista"
    await conversar(motor, roteiro([f"/start {convite.token}", "1", "1"]), antes.append, "t-1")
    assert "Pôr de lado 1" in antes[-1]

    depois: list[str] = []
    await conversar(motor, roteiro([]), depois.append, "t-1")

    assert depois[-1] == antes[-1]
