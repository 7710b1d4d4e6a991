"""WhatsApp: identidade estável por pessoa (número e BSUID -> um id canônico)

Revision ID: 0017
Revises: 0015
Create Date: 2026-11-30 14:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import armazenamento.tempo

revision: str = "0017"
down_revision: str | Sequence[str] | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    texto = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "identidade_whatsapp",
        sa.Column("identificador", texto(length=80), nullable=False),
        sa.Column("canonico", texto(length=80), nullable=False),
        sa.Column("tipo", texto(length=10), nullable=False),
        sa.Column("visto_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("identificador"),
    )
    op.create_index("ix_identidade_whatsapp_canonico", "identidade_whatsapp", ["canonico"])


def downgrade() -> None:
    op.drop_index("ix_identidade_whatsapp_canonico", table_name="identidade_whatsapp")
    op.drop_table("identidade_whatsapp")
