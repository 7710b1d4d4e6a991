"""segredos do servidor e a ultima resposta de cada conversa

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 06:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import armazenamento.tempo

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "segredo",
        sa.Column("nome", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("valor", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("criado_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("nome"),
    )
    with op.batch_alter_table("conversa", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "ultima_entrada",
                sqlmodel.sql.sqltypes.AutoString(length=80),
                nullable=False,
                server_default="",
            )
        )
        batch_op.add_column(
            sa.Column(
                "ultima_resposta",
                sqlmodel.sql.sqltypes.AutoString(),
                nullable=False,
                server_default="",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("conversa", schema=None) as batch_op:
        batch_op.drop_column("ultima_resposta")
        batch_op.drop_column("ultima_entrada")
    op.drop_table("segredo")
