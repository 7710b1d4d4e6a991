"""codigo de vinculo e trava por registro

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 06:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import armazenamento.tempo

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "codigo_vinculo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("preinscricao_id", sa.Integer(), nullable=False),
        sa.Column("hash_codigo", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("criado_por", sa.Integer(), nullable=True),
        sa.Column("criado_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=False),
        sa.Column("expira_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=False),
        sa.Column("usado_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["criado_por"], ["equipe.id"]),
        sa.ForeignKeyConstraint(["preinscricao_id"], ["preinscricao.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("hash_codigo"),
    )
    with op.batch_alter_table("codigo_vinculo", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_codigo_vinculo_preinscricao_id"), ["preinscricao_id"], unique=False
        )

    op.create_table(
        "tentativa_registro",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("preinscricao_id", sa.Integer(), nullable=False),
        sa.Column("em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["preinscricao_id"], ["preinscricao.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("tentativa_registro", schema=None) as batch_op:
        batch_op.create_index("ix_tentativa_registro", ["preinscricao_id", "em"], unique=False)

    with op.batch_alter_table("preinscricao", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "vinculo_travado_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=True
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("preinscricao", schema=None) as batch_op:
        batch_op.drop_column("vinculo_travado_em")

    with op.batch_alter_table("tentativa_registro", schema=None) as batch_op:
        batch_op.drop_index("ix_tentativa_registro")
    op.drop_table("tentativa_registro")

    with op.batch_alter_table("codigo_vinculo", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_codigo_vinculo_preinscricao_id"))
    op.drop_table("codigo_vinculo")
