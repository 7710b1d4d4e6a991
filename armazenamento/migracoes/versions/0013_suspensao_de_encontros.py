"""suspensao e remarcacao de encontros em lote (R21)

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 09:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import armazenamento.tempo

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "suspensao",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chave", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("acao", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("motivo", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("alvo", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("de", sa.Date(), nullable=False),
        sa.Column("ate", sa.Date(), nullable=False),
        sa.Column("membro_id", sa.Integer(), nullable=True),
        sa.Column("criada_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["membro_id"], ["equipe.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chave"),
    )
    op.create_table(
        "suspensao_encontro",
        sa.Column("suspensao_id", sa.Integer(), nullable=False),
        sa.Column("encontro_id", sa.Integer(), nullable=False),
        sa.Column("inicio_antes", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=False),
        sa.Column("inicio_depois", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["encontro_id"], ["encontro.id"]),
        sa.ForeignKeyConstraint(["suspensao_id"], ["suspensao.id"]),
        sa.PrimaryKeyConstraint("suspensao_id", "encontro_id"),
    )
    with op.batch_alter_table("suspensao_encontro", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_suspensao_encontro_encontro_id"), ["encontro_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("suspensao_encontro", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_suspensao_encontro_encontro_id"))
    op.drop_table("suspensao_encontro")
    op.drop_table("suspensao")
