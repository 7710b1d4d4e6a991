"""chamada concluida de cada encontro (quem concluiu, quando, correcoes)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 09:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import armazenamento.tempo

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "chamada",
        sa.Column("encontro_id", sa.Integer(), nullable=False),
        sa.Column("membro_id", sa.Integer(), nullable=True),
        sa.Column("concluida_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=False),
        sa.Column("primeira_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=False),
        sa.Column("correcoes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["encontro_id"], ["encontro.id"]),
        sa.ForeignKeyConstraint(["membro_id"], ["equipe.id"]),
        sa.PrimaryKeyConstraint("encontro_id"),
    )


def downgrade() -> None:
    op.drop_table("chamada")
