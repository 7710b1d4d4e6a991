"""recado de pedido de ajuda até 2.000 letras (o limite do motor, LIMITE_RECADO)

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-30 14:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0018"
down_revision: str | Sequence[str] | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("mensagem_ajuda", schema=None) as batch_op:
        batch_op.alter_column(
            "texto",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=1000),
            type_=sqlmodel.sql.sqltypes.AutoString(length=2000),
            existing_nullable=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("mensagem_ajuda", schema=None) as batch_op:
        batch_op.alter_column(
            "texto",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=2000),
            type_=sa.String(length=1000),
            existing_nullable=False,
        )
