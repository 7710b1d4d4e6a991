"""A chamada concluída de um encontro: quem concluiu, quando e quantas vezes foi
corrigida. As marcas em si ficam em `presenca` (uma por matrícula, origem "chamada");
esta linha é a auditoria da chamada. Registrada junto das demais (`armazenamento.modelos`
importa este módulo no fim).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from armazenamento.tempo import DataHoraUTC


class Chamada(SQLModel, table=True):
    """Uma por encontro. `membro_id`: o vínculo da equipe que concluiu por último;
    `correcoes`: quantas vezes a chamada foi concluída de novo depois da primeira."""

    __tablename__ = "chamada"

    encontro_id: int = Field(foreign_key="encontro.id", primary_key=True)
    membro_id: int | None = Field(default=None, foreign_key="equipe.id")
    concluida_em: datetime = Field(sa_column=sa.Column(DataHoraUTC(), nullable=False))
    primeira_em: datetime = Field(sa_column=sa.Column(DataHoraUTC(), nullable=False))
    correcoes: int = 0
