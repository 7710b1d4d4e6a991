"""A retenção (issue 9 §4) agendada: uma vez por dia (e na partida) no app de verdade, com
os prazos da configuração, e um banco fora do ar não derruba o agendador."""

from __future__ import annotations

import asyncio
import logging
import socket
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
import sqlalchemy as sa
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobExecutionEvent
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy.ext.asyncio import AsyncEngine

from armazenamento import caixa_entrada
from armazenamento.banco import criar_motor, transacao
from armazenamento.migracao import migrar
from armazenamento.modelos import Conversa, Recebida
from armazenamento.tempo import FUSO, agora
from bot.agendador import criar_agendador
from bot.config import Config
from fluxos.retencao import MARCA_APAGADA, Prazos
from tests.bot.test_app import PRAZO, config, no_ar  # noqa: F401  (fixture config)

_R = Recebida.__table__  # type: ignore[attr-defined]
_C = Conversa.__table__  # type: ignore[attr-defined]
AGORA = datetime(2027, 1, 10, 15, 0, tzinfo=UTC)
CPF = "52998224725"


def test_lgpd_retencao_agendada_uma_vez_por_dia(motor_banco: AsyncEngine) -> None:
    agendador = criar_agendador(motor_banco, [])
    tarefa = agendador.get_job("retencao")
    assert tarefa is not None and isinstance(tarefa.trigger, CronTrigger)
    disparos, momento = [], datetime(2027, 1, 10, 12, 0, tzinfo=FUSO)
    for _ in range(4):
        momento = tarefa.trigger.get_next_fire_time(None, momento + timedelta(seconds=1))
        disparos.append(momento)
    assert [b - a for a, b in pairwise(disparos)] == [timedelta(days=1)] * 3
    assert disparos[0].astimezone(FUSO).hour == 3  # de madrugada em Bauru
    assert agendador.get_job("retencao_na_partida") is not None  # e uma vez na partida


def _fim_da(agendador: AsyncIOScheduler, id_tarefa: str) -> asyncio.Future[JobExecutionEvent]:
    """O evento de fim da próxima rodada da tarefa (o ouvinte entra já, antes dela)."""
    fim: asyncio.Future[JobExecutionEvent] = asyncio.get_running_loop().create_future()

    def ouvir(evento: JobExecutionEvent) -> None:
        if evento.job_id == id_tarefa and not fim.done():
            fim.set_result(evento)

    agendador.add_listener(ouvir, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    fim.add_done_callback(lambda _: agendador.remove_listener(ouvir))
    return fim


async def _guardar_processada(banco: AsyncEngine, id_externo: str, quando: datetime) -> None:
    async with transacao(banco) as conexao:
        await caixa_entrada.guardar(conexao, "telegram", id_externo, f'"{CPF}"', quando)
        await caixa_entrada.marcar_processada(conexao, "telegram", id_externo, quando)


def porta_fechada() -> int:
    with socket.socket() as tomada:
        tomada.bind(("127.0.0.1", 0))
        return int(tomada.getsockname()[1])  # ninguém escuta nela depois daqui


@pytest.mark.parametrize("falha", ["sem_tabelas", "conexao_recusada"])
async def test_lgpd_banco_fora_do_ar_nao_derruba_a_retencao(
    url_banco_vazio: str, caplog: pytest.LogCaptureFixture, falha: str
) -> None:
    """Banco sem as tabelas, ou que recusa a conexão: uma linha no registro, sem
    traceback; o agendador segue de pé e a rodada seguinte, com o banco de volta, limpa."""
    if falha == "conexao_recusada":
        url = f"postgresql+asyncpg://inclusao@127.0.0.1:{porta_fechada()}/inclusao"
    else:
        url = url_banco_vazio
    banco = criar_motor(url)
    agendador = criar_agendador(banco, [], relogio=lambda: AGORA)
    for tarefa in agendador.get_jobs():
        if not tarefa.id.startswith("retencao"):
            tarefa.remove()  # só a retenção interessa aqui
    caplog.set_level(logging.INFO, logger="bot.agendador")
    try:
        rodada = _fim_da(agendador, "retencao_na_partida")
        agendador.start()
        evento = await asyncio.wait_for(rodada, PRAZO)

        assert evento.exception is None  # a tarefa não levou a exceção para o agendador
        [linha] = [r for r in caplog.records if r.name == "bot.agendador"]
        assert linha.levelno == logging.WARNING and linha.exc_info is None
        assert "retencao: banco indisponivel" in linha.getMessage()
        assert agendador.running
        if falha == "conexao_recusada":
            return

        await migrar(banco)  # o banco voltou
        await _guardar_processada(banco, "velha", AGORA - timedelta(days=8))
        tarefa = agendador.get_job("retencao")
        assert tarefa is not None
        rodada = _fim_da(agendador, "retencao")
        tarefa.modify(next_run_time=datetime.now(FUSO))
        assert (await asyncio.wait_for(rodada, PRAZO)).exception is None
        async with banco.connect() as conexao:
            assert (await conexao.execute(sa.select(sa.func.count()).select_from(_R))).scalar() == 0
        assert tarefa.next_run_time is not None  # continua agendada para o outro dia
    finally:
        agendador.shutdown(wait=False)
        await banco.dispose()


async def test_lgpd_app_real_aplica_a_retencao_configurada(config: Config) -> None:
    """`iniciar` liga a tarefa com os prazos da configuração (aqui 2 e 3 dias)."""
    config = replace(config, retencao=Prazos(timedelta(days=2), timedelta(days=3)))
    banco = criar_motor(config.database_url)
    agora_ = agora()
    try:
        await migrar(banco)
        await _guardar_processada(banco, "velha", agora_ - timedelta(days=2, hours=1))
        await _guardar_processada(banco, "nova", agora_ - timedelta(days=1))
        async with transacao(banco) as conexao:
            await caixa_entrada.guardar(
                conexao, "telegram", "pendente", "{}", agora_ - timedelta(days=9)
            )
            dados = f'{{"r":{{"nome":"Joana Souza","cpf":"{CPF}"}}}}'
            await conexao.execute(
                sa.insert(_C).values(
                    canal="telegram",
                    chat_id="7",
                    fluxo="preinscricao",
                    passo="telefone",
                    dados=dados,
                    versao=5,
                    atualizada_em=agora_ - timedelta(days=3, hours=1),
                )
            )
        async with no_ar(config), asyncio.timeout(PRAZO):
            while True:  # a rodada da partida
                async with banco.connect() as conexao:
                    guardadas = set((await conexao.execute(sa.select(_R.c.id_externo))).scalars())
                    conversa = (await conexao.execute(sa.select(_C.c.dados))).scalar_one()
                if "velha" not in guardadas and conversa == MARCA_APAGADA:
                    break
                await asyncio.sleep(0.05)
        assert guardadas == {"nova", "pendente"}
    finally:
        await banco.dispose()
