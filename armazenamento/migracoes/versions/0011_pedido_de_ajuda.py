"""pedido de ajuda e as mensagens dele (R20)

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 09:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import armazenamento.tempo

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ABERTO = sa.text("encerrado_em IS NULL")


def _quando(nome: str, nullable: bool) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(nome, armazenamento.tempo.DataHoraUTC(timezone=True), nullable=nullable)


def upgrade() -> None:
    texto = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "pedido_ajuda",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("canal", texto(length=20), nullable=False),
        sa.Column("chat_id", texto(length=80), nullable=False),
        sa.Column("preinscricao_id", sa.Integer(), nullable=False),
        sa.Column("matricula_id", sa.Integer(), nullable=True),
        sa.Column("osc_id", sa.Integer(), nullable=True),
        sa.Column("cras_id", sa.Integer(), nullable=False),
        sa.Column("origem", texto(length=12), nullable=False),
        sa.Column("alerta_id", sa.Integer(), nullable=True),
        sa.Column("tecnico_id", sa.Integer(), nullable=True),
        _quando("criado_em", False),
        _quando("respondido_em", True),
        _quando("escalado_em", True),
        _quando("encerrado_em", True),
        sa.Column("encerrado_por", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["cras_id"], ["cras.id"]),
        sa.ForeignKeyConstraint(["encerrado_por"], ["equipe.id"]),
        sa.ForeignKeyConstraint(["matricula_id"], ["matricula.id"]),
        sa.ForeignKeyConstraint(["osc_id"], ["osc.id"]),
        sa.ForeignKeyConstraint(["preinscricao_id"], ["preinscricao.id"]),
        sa.ForeignKeyConstraint(["tecnico_id"], ["equipe.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("pedido_ajuda", schema=None) as batch_op:
        batch_op.create_index("ix_pedido_ajuda_cras_id", ["cras_id"], unique=False)
        batch_op.create_index("ix_pedido_ajuda_osc_id", ["osc_id"], unique=False)
        batch_op.create_index("ix_pedido_ajuda_preinscricao_id", ["preinscricao_id"], unique=False)
        batch_op.create_index(
            "ux_pedido_ajuda_aberto",
            ["canal", "chat_id"],
            unique=True,
            sqlite_where=ABERTO,
            postgresql_where=ABERTO,
        )
    op.create_table(
        "mensagem_ajuda",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pedido_id", sa.Integer(), nullable=False),
        sa.Column("membro_id", sa.Integer(), nullable=True),
        sa.Column("texto", texto(length=1000), nullable=False),
        _quando("em", False),
        sa.ForeignKeyConstraint(["membro_id"], ["equipe.id"]),
        sa.ForeignKeyConstraint(["pedido_id"], ["pedido_ajuda.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("mensagem_ajuda", schema=None) as batch_op:
        batch_op.create_index("ix_mensagem_ajuda_pedido_id", ["pedido_id"], unique=False)


def downgrade() -> None:
    op.drop_table("mensagem_ajuda")
    op.drop_table("pedido_ajuda")
