"""matriculas e presencas

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 19:07:20.572193
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import armazenamento.tempo

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "matricula",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("turma_id", sa.Integer(), nullable=False),
        sa.Column("preinscricao_id", sa.Integer(), nullable=False),
        sa.Column("situacao", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("criada_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["preinscricao_id"],
            ["preinscricao.id"],
        ),
        sa.ForeignKeyConstraint(
            ["turma_id"],
            ["turma.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("turma_id", "preinscricao_id"),
    )
    with op.batch_alter_table("matricula", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_matricula_preinscricao_id"), ["preinscricao_id"], unique=False
        )
        batch_op.create_index(
            "ix_matricula_turma_ativas", ["turma_id", "situacao", "id"], unique=False
        )

    op.create_table(
        "presenca",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("encontro_id", sa.Integer(), nullable=False),
        sa.Column("matricula_id", sa.Integer(), nullable=False),
        sa.Column("situacao", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("origem", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("registrada_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["encontro_id"],
            ["encontro.id"],
        ),
        sa.ForeignKeyConstraint(
            ["matricula_id"],
            ["matricula.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("encontro_id", "matricula_id"),
    )
    with op.batch_alter_table("presenca", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_presenca_matricula_id"), ["matricula_id"], unique=False
        )

    with op.batch_alter_table("encontro", schema=None) as batch_op:
        batch_op.create_index("ix_encontro_inicio", ["inicio"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("encontro", schema=None) as batch_op:
        batch_op.drop_index("ix_encontro_inicio")

    with op.batch_alter_table("presenca", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_presenca_matricula_id"))

    op.drop_table("presenca")
    with op.batch_alter_table("matricula", schema=None) as batch_op:
        batch_op.drop_index("ix_matricula_turma_ativas")
        batch_op.drop_index(batch_op.f("ix_matricula_preinscricao_id"))

    op.drop_table("matricula")
