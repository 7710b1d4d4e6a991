"""alertas de evasao (R17) e notas de acompanhamento (R20)

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 09:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import armazenamento.tempo

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_EM_ABERTO = "situacao IN ('aberto', 'acompanhando')"


def upgrade() -> None:
    op.create_table(
        "alerta",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("matricula_id", sa.Integer(), nullable=False),
        sa.Column("motivo", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("situacao", sqlmodel.sql.sqltypes.AutoString(length=14), nullable=False),
        sa.Column("aberto_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=False),
        sa.Column("acompanhado_por", sa.Integer(), nullable=True),
        sa.Column("acompanhado_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=True),
        sa.Column("fechado_por", sa.Integer(), nullable=True),
        sa.Column("fechado_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=True),
        sa.Column("resposta", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("respondido_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["acompanhado_por"], ["equipe.id"]),
        sa.ForeignKeyConstraint(["fechado_por"], ["equipe.id"]),
        sa.ForeignKeyConstraint(["matricula_id"], ["matricula.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("alerta", schema=None) as batch_op:
        batch_op.create_index(
            "uq_alerta_aberto",
            ["matricula_id"],
            unique=True,
            sqlite_where=sa.text(_EM_ABERTO),
            postgresql_where=sa.text(_EM_ABERTO),
        )
        batch_op.create_index("ix_alerta_matricula", ["matricula_id", "id"], unique=False)

    op.create_table(
        "nota_alerta",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alerta_id", sa.Integer(), nullable=False),
        sa.Column("membro_id", sa.Integer(), nullable=False),
        sa.Column("texto", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["alerta_id"], ["alerta.id"]),
        sa.ForeignKeyConstraint(["membro_id"], ["equipe.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("nota_alerta", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_nota_alerta_alerta_id"), ["alerta_id"], unique=False)


def downgrade() -> None:
    op.drop_table("nota_alerta")
    op.drop_table("alerta")
