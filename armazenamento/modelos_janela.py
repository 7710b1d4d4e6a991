"""A janela de atendimento de cada conversa: quando a pessoa escreveu pela última vez.

O WhatsApp só aceita mensagem livre da empresa até 24 h depois da última mensagem da
pessoa; fora disso, só modelo aprovado (template). Registrada junto das demais tabelas
(`armazenamento.modelos` importa este módulo no fim).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from armazenamento.tempo import DataHoraUTC


class Janela(SQLModel, table=True):
    """Última mensagem recebida de uma conversa (`canal`, `chat_id`). Uma linha por conversa,
    sempre adiantada, nunca atrasada (um update velho reprocessado não fecha a janela)."""

    canal: str = Field(primary_key=True, max_length=20)
    chat_id: str = Field(primary_key=True, max_length=80)
    ultima_entrada: datetime = Field(sa_column=sa.Column(DataHoraUTC(), nullable=False))
