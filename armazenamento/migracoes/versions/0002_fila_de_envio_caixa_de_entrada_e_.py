"""fila de envio, caixa de entrada e inalcancaveis

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 18:36:20.085946
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import armazenamento.tempo

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "envio",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("canal", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("chat_id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("conteudo", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("chave", sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
        sa.Column("estado", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("tentativas", sa.Integer(), nullable=False),
        sa.Column("proxima_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=False),
        sa.Column("arrendada_ate", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=True),
        sa.Column("arrendada_por", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("id_provedor", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("ultimo_erro", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("criado_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=False),
        sa.Column("enviado_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chave"),
    )
    with op.batch_alter_table("envio", schema=None) as batch_op:
        batch_op.create_index("ix_envio_fila", ["canal", "estado", "proxima_em"], unique=False)

    op.create_table(
        "inalcancavel",
        sa.Column("canal", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("chat_id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("desde", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=False),
        sa.Column("motivo", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.PrimaryKeyConstraint("canal", "chat_id"),
    )
    op.create_table(
        "recebida",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("canal", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("id_externo", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("corpo", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("recebida_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=False),
        sa.Column("processada_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("canal", "id_externo"),
    )


def downgrade() -> None:

    op.drop_table("recebida")
    op.drop_table("inalcancavel")
    with op.batch_alter_table("envio", schema=None) as batch_op:
        batch_op.drop_index("ix_envio_fila")

    op.drop_table("envio")
