"""vinculo de canal e motivo do cancelamento da matricula

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 03:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import armazenamento.tempo

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "vinculo_canal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("preinscricao_id", sa.Integer(), nullable=False),
        sa.Column("canal", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("origem_canal", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("origem_chat_id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("hash_token", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("criado_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=False),
        sa.Column("expira_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=False),
        sa.Column("usado_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["preinscricao_id"], ["preinscricao.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("hash_token"),
    )
    with op.batch_alter_table("vinculo_canal", schema=None) as batch_op:
        batch_op.create_index(
            "ix_vinculo_canal_origem", ["origem_canal", "origem_chat_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_vinculo_canal_preinscricao_id"), ["preinscricao_id"], unique=False
        )

    with op.batch_alter_table("matricula", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("cancelada_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column(
                "motivo_cancelamento",
                sqlmodel.sql.sqltypes.AutoString(length=20),
                nullable=False,
                server_default="",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("matricula", schema=None) as batch_op:
        batch_op.drop_column("motivo_cancelamento")
        batch_op.drop_column("cancelada_em")

    with op.batch_alter_table("vinculo_canal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vinculo_canal_preinscricao_id"))
        batch_op.drop_index("ix_vinculo_canal_origem")

    op.drop_table("vinculo_canal")
