"""Datas e horários dos encontros: gerados a partir dos dias da semana ou listados.

A hora digitada é a de Bauru (America/Sao_Paulo); o banco guarda em UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from armazenamento.tempo import FUSO


def momento_utc(dia: date, hora: time) -> datetime:
    """Dia e hora locais de Bauru -> instante em UTC, com fuso."""
    return datetime.combine(dia, hora, tzinfo=FUSO).astimezone(UTC)


def gerar_dias(inicio: date, dias_semana: tuple[int, ...], quantidade: int) -> list[date]:
    """Os primeiros `quantidade` dias a partir de `inicio` (inclusive) nesses dias da semana."""
    if not dias_semana:
        return []
    encontrados: list[date] = []
    dia = inicio
    while len(encontrados) < quantidade:
        if dia.weekday() in dias_semana:
            encontrados.append(dia)
        dia += timedelta(days=1)
    return encontrados


def mostrar_momento(momento: datetime) -> str:
    """Instante em UTC mostrado como em Bauru: 05/03/2027 às 14:00."""
    local = momento.astimezone(FUSO)
    return f"{local:%d/%m/%Y} às {local:%H:%M}"
