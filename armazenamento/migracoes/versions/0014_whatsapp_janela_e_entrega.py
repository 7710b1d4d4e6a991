"""WhatsApp: janela de 24 h por conversa; modelo e entrega de cada envio

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 12:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import armazenamento.tempo

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "janela",
        sa.Column("canal", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("chat_id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("ultima_entrada", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("canal", "chat_id"),
    )
    with op.batch_alter_table("envio", schema=None) as batch_op:
        texto = sqlmodel.sql.sqltypes.AutoString
        batch_op.add_column(
            sa.Column("modelo", texto(length=40), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("entrega", texto(length=12), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("entrega_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("entrega_erro", texto(length=200), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("envio", schema=None) as batch_op:
        batch_op.drop_column("entrega_erro")
        batch_op.drop_column("entrega_em")
        batch_op.drop_column("entrega")
        batch_op.drop_column("modelo")
    op.drop_table("janela")
