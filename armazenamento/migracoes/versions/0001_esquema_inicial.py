"""esquema inicial

Revision ID: 0001
Revises:
Create Date: 2026-11-25 18:08:14.406888
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import armazenamento.tempo

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "ciclo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ano", sa.Integer(), nullable=False),
        sa.Column("preinscricao_inicio", sa.Date(), nullable=False),
        sa.Column("preinscricao_fim", sa.Date(), nullable=False),
        sa.Column("fase1_inicio", sa.Date(), nullable=True),
        sa.Column("fase1_fim", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ano"),
    )
    op.create_table(
        "conversa",
        sa.Column("canal", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("chat_id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("fluxo", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("passo", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("dados", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("versao", sa.Integer(), nullable=False),
        sa.Column("atualizada_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("canal", "chat_id"),
    )
    op.create_table(
        "cras",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nome", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("endereco", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("telefone", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("nome"),
    )
    op.create_table(
        "osc",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nome", sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
        sa.Column("endereco", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("telefone", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("nome"),
    )
    op.create_table(
        "pedidoaviso",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("canal", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("chat_id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("ano", sa.Integer(), nullable=False),
        sa.Column("criado_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=False),
        sa.Column("enviado_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("canal", "chat_id", "ano"),
    )
    with op.batch_alter_table("pedidoaviso", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pedidoaviso_ano"), ["ano"], unique=False)

    op.create_table(
        "bairro",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nome", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("chave", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("cras_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cras_id"],
            ["cras.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("bairro", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bairro_chave"), ["chave"], unique=True)
        batch_op.create_index(batch_op.f("ix_bairro_cras_id"), ["cras_id"], unique=False)

    op.create_table(
        "curso",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nome", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("osc_id", sa.Integer(), nullable=False),
        sa.Column("descricao", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("o_que_levar", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["osc_id"],
            ["osc.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("nome"),
    )
    with op.batch_alter_table("curso", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_curso_osc_id"), ["osc_id"], unique=False)

    op.create_table(
        "preinscricao",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ciclo_id", sa.Integer(), nullable=False),
        sa.Column("nome", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("nome_social", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("nascimento", sa.Date(), nullable=False),
        sa.Column("cpf", sqlmodel.sql.sqltypes.AutoString(length=11), nullable=True),
        sa.Column("telefone", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("bairro_id", sa.Integer(), nullable=True),
        sa.Column("cras_id", sa.Integer(), nullable=False),
        sa.Column("prioridades", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("curso1_id", sa.Integer(), nullable=False),
        sa.Column("curso2_id", sa.Integer(), nullable=True),
        sa.Column("turno", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("escolaridade", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("aviso_versao", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("canal", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("chat_id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("situacao", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("criada_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["bairro_id"],
            ["bairro.id"],
        ),
        sa.ForeignKeyConstraint(
            ["ciclo_id"],
            ["ciclo.id"],
        ),
        sa.ForeignKeyConstraint(
            ["cras_id"],
            ["cras.id"],
        ),
        sa.ForeignKeyConstraint(
            ["curso1_id"],
            ["curso.id"],
        ),
        sa.ForeignKeyConstraint(
            ["curso2_id"],
            ["curso.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ciclo_id", "cpf", name="uq_preinscricao_ciclo_cpf"),
    )
    with op.batch_alter_table("preinscricao", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_preinscricao_chat_id"), ["chat_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_preinscricao_ciclo_id"), ["ciclo_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_preinscricao_cras_id"), ["cras_id"], unique=False)

    op.create_table(
        "turma",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("codigo", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("ciclo_id", sa.Integer(), nullable=False),
        sa.Column("curso_id", sa.Integer(), nullable=False),
        sa.Column("turno", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("capacidade", sa.Integer(), nullable=False),
        sa.Column("local", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["ciclo_id"],
            ["ciclo.id"],
        ),
        sa.ForeignKeyConstraint(
            ["curso_id"],
            ["curso.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("codigo"),
    )
    with op.batch_alter_table("turma", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_turma_ciclo_id"), ["ciclo_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_turma_curso_id"), ["curso_id"], unique=False)

    op.create_table(
        "encontro",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("turma_id", sa.Integer(), nullable=False),
        sa.Column("inicio", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=False),
        sa.Column("horas_aprendizagem", sa.Float(), nullable=False),
        sa.Column("horas_desenvolvimento_pessoal", sa.Float(), nullable=False),
        sa.Column("horas_desenvolvimento_gerencial", sa.Float(), nullable=False),
        sa.Column("cancelado", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["turma_id"],
            ["turma.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("turma_id", "inicio"),
    )
    with op.batch_alter_table("encontro", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_encontro_turma_id"), ["turma_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("encontro", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_encontro_turma_id"))

    op.drop_table("encontro")
    with op.batch_alter_table("turma", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_turma_curso_id"))
        batch_op.drop_index(batch_op.f("ix_turma_ciclo_id"))

    op.drop_table("turma")
    with op.batch_alter_table("preinscricao", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_preinscricao_cras_id"))
        batch_op.drop_index(batch_op.f("ix_preinscricao_ciclo_id"))
        batch_op.drop_index(batch_op.f("ix_preinscricao_chat_id"))

    op.drop_table("preinscricao")
    with op.batch_alter_table("curso", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_curso_osc_id"))

    op.drop_table("curso")
    with op.batch_alter_table("bairro", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bairro_cras_id"))
        batch_op.drop_index(batch_op.f("ix_bairro_chave"))

    op.drop_table("bairro")
    with op.batch_alter_table("pedidoaviso", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pedidoaviso_ano"))

    op.drop_table("pedidoaviso")
    op.drop_table("osc")
    op.drop_table("cras")
    op.drop_table("conversa")
    op.drop_table("ciclo")
