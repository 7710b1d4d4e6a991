"""Queda de verdade: SIGKILL num despachante no meio de um lote, outro processo termina.

O Telegram não tem chave de idempotência: a entrega é pelo menos uma vez. Só as linhas
em voo na queda (arrendadas e já enviadas, sem o resultado gravado) podem sair de novo,
quando o arrendamento vence. O teste mede quantas saíram duplicadas e mostra o número
(`pytest -s`; também na mensagem da asserção).
"""

from __future__ import annotations

import signal

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.bot.test_varios_processos import (
    LOTE,
    PACIENCIA,
    Despachos,
    chats_em_voo,
    duplicados,
    encher,
    estados,
)
from tests.bot.test_varios_processos import api as api
from tests.bot.test_varios_processos import despachos as despachos
from tests.bot.test_varios_processos import url_pg as url_pg
from tests.falsos.servidor_bot_api import ServidorBotApi

pytestmark = pytest.mark.timeout(3 * PACIENCIA)


async def test_sigkill_no_meio_do_lote_e_outro_termina(
    despachos: Despachos,
    api: ServidorBotApi,
    motor_banco: AsyncEngine,
) -> None:
    quantas = 1000
    await encher(motor_banco, quantas)
    await despachos.iniciar(1000)
    await api.esperar(lambda: api.total_aceitas >= 325, limite=PACIENCIA)  # 6,5 lotes: no meio

    (primeiro,) = despachos.processos
    await despachos.matar(primeiro.pid)
    em_voo = await chats_em_voo(motor_banco)
    aceitas_na_queda = api.total_aceitas
    await despachos.iniciar(1000)
    codigos = await despachos.esperar_todos()

    assert codigos == [-signal.SIGKILL, 0], despachos.registros()
    contagem = await estados(motor_banco)
    assert contagem.get("enviada", 0) + contagem.get("falhou", 0) == quantas, contagem
    assert len(api.enviadas_por_chat()) == quantas  # todo mundo recebeu
    repetidos = duplicados(api)
    relato = (
        f"queda com SIGKILL depois de {aceitas_na_queda} aceitas: {len(em_voo)} linhas em voo,"
        f" {len(repetidos)} duplicadas (lote de {LOTE})"
    )
    print(f"\n{relato}")
    assert set(repetidos) <= em_voo, f"duplicada fora das linhas em voo: {relato}"
    assert api.duplicadas() == len(repetidos) <= LOTE, relato
