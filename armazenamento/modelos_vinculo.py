"""Tabelas do vínculo por código (R3): quem liga um chat a uma pré-inscrição mostra um
código que a equipe entregou, e o nascimento só confirma. Registradas junto das demais
(`armazenamento.modelos` importa este módulo no fim).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from armazenamento.tempo import DataHoraUTC, agora


def _quando(nullable: bool) -> sa.Column[datetime]:
    return sa.Column(DataHoraUTC(), nullable=nullable)


class CodigoVinculo(SQLModel, table=True):
    """Código de uso único que liga um chat a uma pré-inscrição (só o SHA-256 fica aqui).

    Gerar outro para a mesma pré-inscrição vence os anteriores (`expira_em` = agora); usar
    é um único `UPDATE … WHERE usado_em IS NULL AND expira_em > agora`: dois resgates ao
    mesmo tempo, um só vence. `criado_por`: o vínculo da equipe que gerou."""

    __tablename__ = "codigo_vinculo"

    id: int | None = Field(default=None, primary_key=True)
    preinscricao_id: int = Field(foreign_key="preinscricao.id", index=True)
    hash_codigo: str = Field(unique=True, max_length=64)
    criado_por: int | None = Field(default=None, foreign_key="equipe.id")
    criado_em: datetime = Field(default_factory=agora, sa_column=_quando(nullable=False))
    expira_em: datetime = Field(sa_column=_quando(nullable=False))
    usado_em: datetime | None = Field(default=None, sa_column=_quando(nullable=True))


class TentativaRegistro(SQLModel, table=True):
    """Uma data de nascimento errada para uma pré-inscrição (no vínculo ou ao repetir o CPF
    na pré-inscrição). Conta por registro alvo, não por quem escreve: trocar de sessão ou
    de celular não dá mais tentativas. Um código novo da equipe zera a conta."""

    __tablename__ = "tentativa_registro"
    __table_args__ = (sa.Index("ix_tentativa_registro", "preinscricao_id", "em"),)

    id: int | None = Field(default=None, primary_key=True)
    preinscricao_id: int = Field(foreign_key="preinscricao.id")
    em: datetime = Field(sa_column=_quando(nullable=False))
