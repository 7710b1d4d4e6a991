"""WhatsApp: índice do id do provedor no envio (as situações de entrega chegam pelo wamid)

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30 13:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("envio", schema=None) as batch_op:
        batch_op.create_index("ix_envio_provedor", ["canal", "id_provedor"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("envio", schema=None) as batch_op:
        batch_op.drop_index("ix_envio_provedor")
