"""A fila de envio ligada na partida: o agendador dá o tique e o despachante entrega."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from armazenamento import envios
from armazenamento.banco import criar_motor, transacao
from armazenamento.migracao import migrar
from armazenamento.tempo import agora
from bot.cli import main
from bot.config import Config
from mensagens.serializacao import saida_para_json
from mensagens.tipos import Saida
from tests.bot.test_app import PRAZO, TOKEN, config, no_ar  # noqa: F401  (fixture config)
from tests.falsos.servidor_bot_api import ServidorBotApi


async def test_linha_da_fila_chega_ao_telegram_sem_ninguem_escrever(config: Config) -> None:
    async with ServidorBotApi(TOKEN) as api:
        config = replace(config, telegram_token=TOKEN, telegram_base_url=api.url)
        async with no_ar(config):
            banco = criar_motor(config.database_url)
            try:
                async with transacao(banco) as conexao:
                    conteudo = saida_para_json(Saida("Amanhã tem aula às 14h."))
                    await envios.enfileirar(
                        conexao, "telegram", "4242", conteudo, "teste:fila:1", agora()
                    )
                await api.esperar(lambda: api.enviadas(4242), limite=PRAZO)
                async with asyncio.timeout(PRAZO):  # o despachante grava logo depois de enviar
                    while True:
                        async with banco.connect() as conexao:
                            contagem = await envios.contagens(conexao, "telegram")
                        if contagem == {"enviada": 1}:
                            break
                        await asyncio.sleep(0.05)
            finally:
                await banco.dispose()
        assert api.enviadas(4242) == ["Amanhã tem aula às 14h."]


async def test_inclusao_saida_conta_a_fila(
    config: Config,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    banco = criar_motor(config.database_url)
    try:
        await migrar(banco)
        async with transacao(banco) as conexao:
            for i in range(3):
                conteudo = saida_para_json(Saida(f"aviso {i}"))
                await envios.enfileirar(conexao, "telegram", str(i), conteudo, f"c:{i}", agora())
    finally:
        await banco.dispose()
    monkeypatch.setenv("DATABASE_URL", config.database_url)
    assert await asyncio.to_thread(main, ["saida"]) == 0
    assert "pendente: 3" in capsys.readouterr().out.splitlines()
