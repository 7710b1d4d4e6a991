"""Tabelas dos alertas de evasão (R17) e das notas de acompanhamento (R20). Registradas
junto das demais (`armazenamento.modelos` importa este módulo no fim).

Um alerta aberto por matrícula: o banco garante com um índice único parcial (vale no
SQLite e no PostgreSQL) sobre as situações em aberto, então duas verificações ao mesmo
tempo (a da chamada e a da noite, em dois processos) não abrem dois alertas.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from armazenamento.tempo import DataHoraUTC

EM_ABERTO = ("aberto", "acompanhando")  # as situações que contam como "alerta aberto"
MAX_NOTA = 1000  # caracteres de uma nota de acompanhamento (R20)


def _quando(nullable: bool) -> sa.Column[datetime]:
    return sa.Column(DataHoraUTC(), nullable=nullable)


class Alerta(SQLModel, table=True):
    """Suspeita de evasão de uma matrícula (R17).

    `motivo`: código de `fluxos.regras.evasao.Motivo`. `situacao`: aberto | acompanhando |
    confirmado | falso_alarme. `resposta`: o que a pessoa respondeu à mensagem de cuidado
    (vazio, "continuar", "desistir"), para a equipe ver. Depois de um falso alarme, só o que
    acontece depois de `fechado_em` reabre (anti-spam, `fluxos.regras.evasao.motivo_novo`)."""

    __table_args__ = (
        sa.Index(
            "uq_alerta_aberto",
            "matricula_id",
            unique=True,
            sqlite_where=sa.text("situacao IN ('aberto', 'acompanhando')"),
            postgresql_where=sa.text("situacao IN ('aberto', 'acompanhando')"),
        ),
        sa.Index("ix_alerta_matricula", "matricula_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    matricula_id: int = Field(foreign_key="matricula.id")
    motivo: str = Field(max_length=20)
    situacao: str = Field(default="aberto", max_length=14)
    aberto_em: datetime = Field(sa_column=_quando(nullable=False))
    acompanhado_por: int | None = Field(default=None, foreign_key="equipe.id")
    acompanhado_em: datetime | None = Field(default=None, sa_column=_quando(nullable=True))
    fechado_por: int | None = Field(default=None, foreign_key="equipe.id")
    fechado_em: datetime | None = Field(default=None, sa_column=_quando(nullable=True))
    resposta: str = Field(default="", max_length=12)
    respondido_em: datetime | None = Field(default=None, sa_column=_quando(nullable=True))


class NotaAlerta(SQLModel, table=True):
    """Nota de acompanhamento (R20): texto da equipe sobre uma pessoa. Sensível: fica só
    aqui (nunca no registro), cada leitura vai para a auditoria, tamanho limitado."""

    __tablename__ = "nota_alerta"

    id: int | None = Field(default=None, primary_key=True)
    alerta_id: int = Field(foreign_key="alerta.id", index=True)
    membro_id: int = Field(foreign_key="equipe.id")
    texto: str = Field(max_length=MAX_NOTA)
    em: datetime = Field(sa_column=_quando(nullable=False))
