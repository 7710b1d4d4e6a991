"""A identidade de cada pessoa no WhatsApp: os apelidos (número e BSUID) de um id só.

A Meta identifica a pessoa pelo número (`wa_id`) e, desde 2026, também pelo id de usuário
da empresa (BSUID, "BR.1502…"), que às vezes vem sozinho (quem adota nome de usuário
esconde o número). O resto do sistema (conversa, equipe, pré-inscrição, janela, fila) usa
UM id por pessoa: o canônico, o primeiro identificador visto dela, que nunca muda.
Registrada junto das demais tabelas (`armazenamento.modelos` importa este módulo no fim).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from armazenamento.tempo import DataHoraUTC


class IdentidadeWhatsApp(SQLModel, table=True):
    """Um identificador visto (`identificador`: número só com dígitos, ou BSUID) e o id
    canônico da pessoa a quem ele pertence. `tipo`: "numero" ou "bsuid". `visto_em`: a
    última vez que o WhatsApp o ligou a essa pessoa (o número mais recente é o destino)."""

    __tablename__ = "identidade_whatsapp"
    __table_args__ = (sa.Index("ix_identidade_whatsapp_canonico", "canonico"),)

    identificador: str = Field(primary_key=True, max_length=80)
    canonico: str = Field(max_length=80)
    tipo: str = Field(max_length=10)
    visto_em: datetime = Field(sa_column=sa.Column(DataHoraUTC(), nullable=False))
