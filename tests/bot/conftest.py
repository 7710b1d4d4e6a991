"""Fixtures dos testes das bordas (bot/)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from fluxos.ajustes import Ajustes
from fluxos.montagem import criar_motor_de_conversa
from fluxos.motor import Motor
from tests.bot.canais_de_conversa import CANAIS, FabricaDeMotor, Palco, Relogio, abrir_palco
from tests.dados import semear_programa
from tests.fluxos.conftest import AGORA


@pytest.fixture
def niveis_de_registro() -> Iterator[None]:
    """`main` configura o registro do processo; aqui, o do pytest volta como estava."""
    nomes = ["", "httpx", "aiohttp.access", "alembic", "apscheduler", "telegram"]
    antes = {nome: logging.getLogger(nome).level for nome in nomes}
    yield
    for nome, nivel in antes.items():
        logging.getLogger(nome).setLevel(nivel)


# --- conversas nos dois canais de mensagem (issue 11) ---------------------------------


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "so_no_canal(canal, motivo): a conversa só faz sentido neste canal de mensagem "
        "(ex.: o menu '/' do Telegram); roda só com ele, e o motivo fica escrito",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Quem usa o `palco` roda uma vez por canal ("telegram", "whatsapp"), salvo a marca
    `so_no_canal`."""
    if "canal_da_conversa" not in metafunc.fixturenames:
        return
    marca = metafunc.definition.get_closest_marker("so_no_canal")
    canais = [marca.args[0]] if marca is not None else list(CANAIS)
    metafunc.parametrize("canal_da_conversa", canais)


@pytest.fixture
def relogio_da_conversa() -> Relogio:
    """O relógio do motor (módulos com relógio que anda trocam esta fixture)."""
    return lambda: AGORA


@pytest.fixture
def ajustes_da_conversa() -> Ajustes:
    """Os ajustes do motor (origens, links de canal...), trocados por módulo se preciso."""
    return Ajustes()


@pytest.fixture
def fabrica_da_conversa(
    sessoes: async_sessionmaker[AsyncSession],
    relogio_da_conversa: Relogio,
    ajustes_da_conversa: Ajustes,
) -> FabricaDeMotor:
    """Como o motor nasce (de novo a cada reinício): o da partida, por padrão."""
    banco = sessoes.kw["bind"]

    def fabrica() -> Motor:
        return criar_motor_de_conversa(
            banco, relogio=relogio_da_conversa, ajustes=ajustes_da_conversa
        )

    return fabrica


@pytest.fixture
async def programa_da_conversa(
    sessoes: async_sessionmaker[AsyncSession], relogio_da_conversa: Relogio
) -> object:
    """O cadastro semeado antes de o canal abrir: o programa na data do relógio. Módulos
    com outro cadastro trocam esta fixture (e o teste pode pedir o que ela devolve)."""
    await semear_programa(sessoes, relogio_da_conversa().date())
    return None


@pytest.fixture
async def palco(
    canal_da_conversa: str,
    sessoes: async_sessionmaker[AsyncSession],
    relogio_da_conversa: Relogio,
    fabrica_da_conversa: FabricaDeMotor,
    programa_da_conversa: object,
) -> AsyncIterator[Palco]:
    """O programa semeado e o canal aberto: o motor real, o canal do parâmetro. No fim,
    nenhuma mensagem pediu o que o canal não tem (`Palco.fora_do_canal`)."""
    banco = sessoes.kw["bind"]
    async with abrir_palco(
        canal_da_conversa, banco, fabrica_da_conversa, relogio_da_conversa
    ) as pronto:
        yield pronto
        erradas = pronto.fora_do_canal()
    assert not erradas, f"no {canal_da_conversa}, mandou tocar onde não há o que tocar: {erradas}"
