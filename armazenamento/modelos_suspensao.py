"""Tabelas das suspensões e remarcações de aulas em lote (R21). Registradas junto das
demais (`armazenamento.modelos` importa este módulo no fim).

`Encontro.cancelado` continua sendo o "suspenso" que as regras de frequência leem; aqui
fica quem fez, quando, por quê (um código) e o que cada encontro era antes.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from armazenamento.tempo import DataHoraUTC, agora


def _quando(nullable: bool) -> sa.Column[datetime]:
    return sa.Column(DataHoraUTC(), nullable=nullable)


class Suspensao(SQLModel, table=True):
    """Uma operação da equipe: suspender ou remarcar os encontros de um período.

    `chave`: única, sorteada no resumo; confirmar duas vezes não faz nada duas vezes.
    `acao`: "suspender" | "remarcar". `motivo`: código (`fluxos.suspensao.MOTIVOS`), nunca
    texto livre (R24). `alvo`: "todas", "osc:ID" ou "turma:ID"."""

    id: int | None = Field(default=None, primary_key=True)
    chave: str = Field(unique=True, max_length=40)
    acao: str = Field(max_length=12)
    motivo: str = Field(max_length=20)
    alvo: str = Field(max_length=40)
    de: date
    ate: date
    membro_id: int | None = Field(default=None, foreign_key="equipe.id")
    criada_em: datetime = Field(default_factory=agora, sa_column=_quando(nullable=False))


class SuspensaoEncontro(SQLModel, table=True):
    """Cada encontro que uma operação mudou: o início de antes e o de depois (None:
    suspenso)."""

    __tablename__ = "suspensao_encontro"

    suspensao_id: int = Field(foreign_key="suspensao.id", primary_key=True)
    encontro_id: int = Field(foreign_key="encontro.id", primary_key=True, index=True)
    inicio_antes: datetime = Field(sa_column=_quando(nullable=False))
    inicio_depois: datetime | None = Field(default=None, sa_column=_quando(nullable=True))
