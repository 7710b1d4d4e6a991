"""A lista do Acessuas Trabalho (R19): uma linha por desistência confirmada. Registrada
junto das demais tabelas (`armazenamento.modelos` importa este módulo no fim).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from armazenamento.tempo import DataHoraUTC


class Desistencia(SQLModel, table=True):
    """R17 → R19: a desistência confirmada de uma matrícula, como estava naquela hora.

    Uma por matrícula (o banco garante): confirmar de novo não duplica. O CRAS (território
    da pessoa), a turma e as horas ficam guardados como eram na confirmação: a lista do
    Acessuas não muda se a pessoa mudar de bairro depois. `motivo` é um código
    (`fluxos.desistencia.MotivoDesistencia`), nunca relato livre (ARQUITETURA.md §8).
    `confirmada_por`: o vínculo da equipe (OSC, CRAS ou gestão) que confirmou."""

    __tablename__ = "desistencia"

    id: int | None = Field(default=None, primary_key=True)
    matricula_id: int = Field(foreign_key="matricula.id", unique=True)
    turma_id: int = Field(foreign_key="turma.id")
    cras_id: int = Field(foreign_key="cras.id", index=True)
    horas_presentes: float = 0.0
    horas_realizadas: float = 0.0
    motivo: str = Field(max_length=20)
    confirmada_em: datetime = Field(sa_column=sa.Column(DataHoraUTC(), nullable=False, index=True))
    confirmada_por: int = Field(foreign_key="equipe.id")
