"""lista do acessuas: desistencias confirmadas (R19)

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 09:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import armazenamento.tempo

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "desistencia",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("matricula_id", sa.Integer(), nullable=False),
        sa.Column("turma_id", sa.Integer(), nullable=False),
        sa.Column("cras_id", sa.Integer(), nullable=False),
        sa.Column("horas_presentes", sa.Float(), nullable=False),
        sa.Column("horas_realizadas", sa.Float(), nullable=False),
        sa.Column("motivo", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("confirmada_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=False),
        sa.Column("confirmada_por", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["confirmada_por"], ["equipe.id"]),
        sa.ForeignKeyConstraint(["cras_id"], ["cras.id"]),
        sa.ForeignKeyConstraint(["matricula_id"], ["matricula.id"]),
        sa.ForeignKeyConstraint(["turma_id"], ["turma.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("matricula_id"),
    )
    with op.batch_alter_table("desistencia", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_desistencia_cras_id"), ["cras_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_desistencia_confirmada_em"), ["confirmada_em"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("desistencia", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_desistencia_confirmada_em"))
        batch_op.drop_index(batch_op.f("ix_desistencia_cras_id"))
    op.drop_table("desistencia")
