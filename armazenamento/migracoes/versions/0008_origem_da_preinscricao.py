"""origem da preinscricao (etiqueta do /start: cartaz, QR code, radio)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 06:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("preinscricao", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "origem",
                sqlmodel.sql.sqltypes.AutoString(length=64),
                nullable=False,
                server_default="",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("preinscricao", schema=None) as batch_op:
        batch_op.drop_column("origem")
