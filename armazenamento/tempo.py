"""Tempo: tudo é guardado em UTC e mostrado em America/Sao_Paulo."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator

FUSO = ZoneInfo("America/Sao_Paulo")


def agora() -> datetime:
    return datetime.now(UTC)


def em_utc(momento: datetime) -> datetime:
    """Normaliza na borda: o SQLite devolve datas sem fuso (que gravamos em UTC)."""
    if momento.tzinfo is None:
        return momento.replace(tzinfo=UTC)
    return momento.astimezone(UTC)


class DataHoraUTC(TypeDecorator[datetime]):
    """Coluna de data e hora sempre em UTC, com fuso, nos dois bancos."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        valor = em_utc(value)
        return valor.replace(tzinfo=None) if dialect.name == "sqlite" else valor

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else em_utc(value)
