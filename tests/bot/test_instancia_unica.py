"""Uma instância só por arquivo SQLite (issue 9, §2): processos `inclusao iniciar` de verdade.

A segunda partida no mesmo arquivo sai com código 3 e diz qual processo está no ar; noutro
arquivo sobe; depois que a primeira para (Ctrl+C/SIGTERM ou `kill -9`, que o sistema
solta sozinho), a próxima sobe. Os comandos rápidos (`saida`) rodam com ela no ar; um
despachante avulso (`python -m bot.despachar`) no mesmo arquivo, não.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.instancia import InstanciaEmUso, instancia_unica
from tests.bot.test_app import porta_livre
from tests.bot.test_cli import RAIZ, VARIAVEIS_DO_PROJETO
from tests.conftest import POSTGRESQL

PRAZO = 60.0  # segundos para um processo subir (importar as bibliotecas leva uns 3)
pytestmark = pytest.mark.skipif(
    POSTGRESQL, reason="a trava de arquivo é do SQLite: roda na passada do SQLite"
)


def _ambiente(banco: Path, porta: int) -> dict[str, str]:
    ambiente = {k: v for k, v in os.environ.items() if k not in VARIAVEIS_DO_PROJETO}
    ambiente.update(
        PYTHONPATH=str(RAIZ),
        PYTHONIOENCODING="utf-8",
        DATABASE_URL=f"sqlite+aiosqlite:///{banco}",
        INCLUSAO_HTTP=f"127.0.0.1:{porta}",
    )
    return ambiente


@pytest.fixture
async def processos(tmp_path: Path) -> AsyncIterator[list[asyncio.subprocess.Process]]:
    lista: list[asyncio.subprocess.Process] = []
    yield lista
    for p in lista:  # só os que este teste subiu
        if p.returncode is None:
            p.kill()
            await p.wait()


async def _iniciar(banco: Path, pasta: Path) -> tuple[asyncio.subprocess.Process, int]:
    porta = porta_livre()
    processo = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "iniciar",
        cwd=pasta,
        env=_ambiente(banco, porta),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    return processo, porta


async def _no_ar(processo: asyncio.subprocess.Process, porta: int) -> None:
    """Espera /saude responder; falha já se o processo morreu no caminho."""
    async with aiohttp.ClientSession() as cliente, asyncio.timeout(PRAZO):
        while True:
            if processo.returncode is not None:
                erro = await processo.stderr.read() if processo.stderr else b""
                raise AssertionError(f"saiu com {processo.returncode}: {erro.decode()}")
            try:
                async with cliente.get(f"http://127.0.0.1:{porta}/saude") as resposta:
                    if resposta.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass  # ainda subindo
            await asyncio.sleep(0.1)


async def _subir(
    banco: Path, pasta: Path, lista: list[asyncio.subprocess.Process]
) -> asyncio.subprocess.Process:
    processo, porta = await _iniciar(banco, pasta)
    lista.append(processo)
    await _no_ar(processo, porta)
    return processo


async def _recusada(banco: Path, pasta: Path) -> tuple[int, str]:
    processo, _ = await _iniciar(banco, pasta)
    _, erro = await asyncio.wait_for(processo.communicate(), PRAZO)
    assert processo.returncode is not None
    return processo.returncode, erro.decode()


async def test_segunda_instancia_no_mesmo_sqlite_e_recusada(
    tmp_path: Path, processos: list[asyncio.subprocess.Process]
) -> None:
    banco, outro = tmp_path / "inclusao.db", tmp_path / "outro" / "inclusao.db"
    primeira = await _subir(banco, tmp_path, processos)

    codigo, erro = await _recusada(banco, tmp_path)
    assert codigo == 3
    assert f"O assistente já está no ar com o banco {banco}" in erro
    assert f"(processo {primeira.pid})" in erro
    assert "Traceback" not in erro

    noutro_arquivo = await _subir(outro, tmp_path, processos)  # outro arquivo: sobe

    # um comando rápido não fica bloqueado pela instância no ar
    feito = subprocess.run(
        [sys.executable, "-m", "bot.cli", "saida"],
        cwd=tmp_path,
        env=_ambiente(banco, porta_livre()),
        capture_output=True,
        text=True,
        timeout=PRAZO,
        check=False,
    )
    assert feito.returncode == 0, feito.stderr
    assert "pendente: 0" in feito.stdout

    # um despachante avulso no mesmo arquivo seria um segundo líder: também recusado
    despacho = subprocess.run(
        [sys.executable, "-m", "bot.despachar", "--canal", "telegram", "--ate-vazio"],
        cwd=tmp_path,
        env=_ambiente(banco, porta_livre()) | {"TELEGRAM_TOKEN": "123456:TRAVA"},
        capture_output=True,
        text=True,
        timeout=PRAZO,
        check=False,
    )
    assert despacho.returncode == 3
    assert f"(processo {primeira.pid})" in despacho.stderr

    primeira.send_signal(signal.SIGKILL)  # kill -9: o sistema solta a trava
    await primeira.wait()
    depois_do_kill = await _subir(banco, tmp_path, processos)

    depois_do_kill.send_signal(signal.SIGTERM)  # parada normal: solta a trava também
    assert await asyncio.wait_for(depois_do_kill.wait(), PRAZO) == 0
    await _subir(banco, tmp_path, processos)
    assert noutro_arquivo.returncode is None  # o do outro arquivo nunca foi afetado


def test_trava_no_mesmo_processo_e_solta_ao_sair(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"
    with instancia_unica(url), pytest.raises(InstanciaEmUso), instancia_unica(url):
        pass
    with instancia_unica(url):  # soltou ao sair do bloco
        pass


def test_postgresql_nao_usa_trava_de_arquivo(tmp_path: Path) -> None:
    url = "postgresql+asyncpg://postgres@127.0.0.1:5432/qualquer"
    with instancia_unica(url), instancia_unica(url):  # vários processos: é o desenho
        assert not list(tmp_path.iterdir())
