"""R19: o dia e a hora do resumo semanal do Acessuas vêm do ambiente
(`INCLUSAO_ACESSUAS_RESUMO`), e o agendador só tem a tarefa quando ela está ligada."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy.ext.asyncio import AsyncEngine

from armazenamento.tempo import FUSO
from bot.agendador import criar_agendador
from bot.config import ConfiguracaoInvalida, carregar_config
from fluxos.regras.semana import HorarioSemanal


@pytest.mark.parametrize(
    ("valor", "esperado"),
    [
        ("", HorarioSemanal(0, 8)),
        ("sex 17", HorarioSemanal(4, 17)),
        ("Terça-feira 7h", HorarioSemanal(1, 7)),
        ("desligado", None),
    ],
)
def test_r19_horario_do_resumo_configuravel(
    monkeypatch: pytest.MonkeyPatch, valor: str, esperado: HorarioSemanal | None
) -> None:
    monkeypatch.setenv("INCLUSAO_ACESSUAS_RESUMO", valor)
    assert carregar_config(None).resumo_acessuas == esperado


@pytest.mark.parametrize("valor", ["segunda", "8", "seg 25", "toda segunda às 8"])
def test_r19_horario_do_resumo_mal_escrito(monkeypatch: pytest.MonkeyPatch, valor: str) -> None:
    monkeypatch.setenv("INCLUSAO_ACESSUAS_RESUMO", valor)
    with pytest.raises(ConfiguracaoInvalida, match=r"INCLUSAO_ACESSUAS_RESUMO.*seg 8"):
        carregar_config(None)


def test_r19_resumo_agendado_uma_vez_por_semana_no_horario_de_bauru(
    motor_banco: AsyncEngine,
) -> None:
    agendador = criar_agendador(motor_banco, [], resumo_acessuas=HorarioSemanal(4, 17))
    tarefa = agendador.get_job("resumo_acessuas")
    assert tarefa is not None and isinstance(tarefa.trigger, CronTrigger)
    depois = datetime(2027, 1, 10, 12, 0, tzinfo=FUSO)  # domingo
    primeiro = tarefa.trigger.get_next_fire_time(None, depois)
    segundo = tarefa.trigger.get_next_fire_time(None, primeiro + timedelta(seconds=1))
    assert primeiro == datetime(2027, 1, 15, 17, 0, tzinfo=FUSO)  # sexta, 17h em Bauru
    assert segundo - primeiro == timedelta(days=7)
    assert agendador.get_job("resumo_acessuas_na_partida") is not None


def test_r19_resumo_desligado_nao_agenda(motor_banco: AsyncEngine) -> None:
    agendador = criar_agendador(motor_banco, [], resumo_acessuas=None)
    assert agendador.get_job("resumo_acessuas") is None
    assert agendador.get_job("resumo_acessuas_na_partida") is None
