"""equipe, convites, priorizacao e convocacao

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 20:17:38.879380
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import armazenamento.tempo

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "tentativa",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tipo", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("canal", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("usuario_id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("tentativa", schema=None) as batch_op:
        batch_op.create_index(
            "ix_tentativa_usuario", ["tipo", "canal", "usuario_id", "em"], unique=False
        )

    op.create_table(
        "equipe",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("papel", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("osc_id", sa.Integer(), nullable=True),
        sa.Column("cras_id", sa.Integer(), nullable=True),
        sa.Column("turma_id", sa.Integer(), nullable=True),
        sa.Column("rotulo", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("canal", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("usuario_id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("chat_id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("criado_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=False),
        sa.Column("revogado_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["cras_id"],
            ["cras.id"],
        ),
        sa.ForeignKeyConstraint(
            ["osc_id"],
            ["osc.id"],
        ),
        sa.ForeignKeyConstraint(
            ["turma_id"],
            ["turma.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("equipe", schema=None) as batch_op:
        batch_op.create_index("ix_equipe_usuario", ["canal", "usuario_id"], unique=False)

    op.create_table(
        "auditoria",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("membro_id", sa.Integer(), nullable=False),
        sa.Column("acao", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("alvo", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["membro_id"],
            ["equipe.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("auditoria", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_auditoria_membro_id"), ["membro_id"], unique=False)

    op.create_table(
        "convite",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hash_token", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("hash_codigo", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("papel", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("osc_id", sa.Integer(), nullable=True),
        sa.Column("cras_id", sa.Integer(), nullable=True),
        sa.Column("turma_id", sa.Integer(), nullable=True),
        sa.Column("rotulo", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("criado_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=False),
        sa.Column("expira_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=False),
        sa.Column("usado_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=True),
        sa.Column("membro_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["cras_id"],
            ["cras.id"],
        ),
        sa.ForeignKeyConstraint(
            ["membro_id"],
            ["equipe.id"],
        ),
        sa.ForeignKeyConstraint(
            ["osc_id"],
            ["osc.id"],
        ),
        sa.ForeignKeyConstraint(
            ["turma_id"],
            ["turma.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("hash_codigo"),
        sa.UniqueConstraint("hash_token"),
    )
    op.create_table(
        "priorizacao",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ciclo_id", sa.Integer(), nullable=False),
        sa.Column("cras_id", sa.Integer(), nullable=False),
        sa.Column("situacao", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("aprovada_por", sa.Integer(), nullable=True),
        sa.Column("enviada_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["aprovada_por"],
            ["equipe.id"],
        ),
        sa.ForeignKeyConstraint(
            ["ciclo_id"],
            ["ciclo.id"],
        ),
        sa.ForeignKeyConstraint(
            ["cras_id"],
            ["cras.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ciclo_id", "cras_id"),
    )
    op.create_table(
        "afastamento",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("preinscricao_id", sa.Integer(), nullable=False),
        sa.Column("motivo", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("membro_id", sa.Integer(), nullable=False),
        sa.Column("em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["membro_id"],
            ["equipe.id"],
        ),
        sa.ForeignKeyConstraint(
            ["preinscricao_id"],
            ["preinscricao.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("preinscricao_id"),
    )
    op.create_table(
        "convocacao",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("turma_id", sa.Integer(), nullable=False),
        sa.Column("preinscricao_id", sa.Integer(), nullable=False),
        sa.Column("situacao", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("prazo", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=False),
        sa.Column("lembrada", sa.Boolean(), nullable=False),
        sa.Column("membro_id", sa.Integer(), nullable=True),
        sa.Column("criada_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=False),
        sa.Column("respondida_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["membro_id"],
            ["equipe.id"],
        ),
        sa.ForeignKeyConstraint(
            ["preinscricao_id"],
            ["preinscricao.id"],
        ),
        sa.ForeignKeyConstraint(
            ["turma_id"],
            ["turma.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("turma_id", "preinscricao_id"),
    )
    with op.batch_alter_table("convocacao", schema=None) as batch_op:
        batch_op.create_index("ix_convocacao_prazo", ["situacao", "prazo"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_convocacao_preinscricao_id"), ["preinscricao_id"], unique=False
        )

    op.create_table(
        "encaminhamento",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("priorizacao_id", sa.Integer(), nullable=False),
        sa.Column("preinscricao_id", sa.Integer(), nullable=False),
        sa.Column("osc_id", sa.Integer(), nullable=False),
        sa.Column("curso_id", sa.Integer(), nullable=False),
        sa.Column("posicao", sa.Integer(), nullable=False),
        sa.Column("criado_em", armazenamento.tempo.DataHoraUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["curso_id"],
            ["curso.id"],
        ),
        sa.ForeignKeyConstraint(
            ["osc_id"],
            ["osc.id"],
        ),
        sa.ForeignKeyConstraint(
            ["preinscricao_id"],
            ["preinscricao.id"],
        ),
        sa.ForeignKeyConstraint(
            ["priorizacao_id"],
            ["priorizacao.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("preinscricao_id", "curso_id"),
    )
    with op.batch_alter_table("encaminhamento", schema=None) as batch_op:
        batch_op.create_index(
            "ix_encaminhamento_osc", ["osc_id", "curso_id", "posicao"], unique=False
        )

    with op.batch_alter_table("preinscricao", schema=None) as batch_op:
        batch_op.add_column(sa.Column("registrada_por", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_preinscricao_registrada_por", "equipe", ["registrada_por"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("preinscricao", schema=None) as batch_op:
        # WARNING: constraint name is None; this directive will fail as
        # rendered.  Add a name, or use a naming convention; see
        # https://alembic.sqlalchemy.org/en/latest/naming.html
        batch_op.drop_constraint("fk_preinscricao_registrada_por", type_="foreignkey")
        batch_op.drop_column("registrada_por")

    with op.batch_alter_table("encaminhamento", schema=None) as batch_op:
        batch_op.drop_index("ix_encaminhamento_osc")

    op.drop_table("encaminhamento")
    with op.batch_alter_table("convocacao", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_convocacao_preinscricao_id"))
        batch_op.drop_index("ix_convocacao_prazo")

    op.drop_table("convocacao")
    op.drop_table("afastamento")
    op.drop_table("priorizacao")
    op.drop_table("convite")
    with op.batch_alter_table("auditoria", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auditoria_membro_id"))

    op.drop_table("auditoria")
    with op.batch_alter_table("equipe", schema=None) as batch_op:
        batch_op.drop_index("ix_equipe_usuario")

    op.drop_table("equipe")
    with op.batch_alter_table("tentativa", schema=None) as batch_op:
        batch_op.drop_index("ix_tentativa_usuario")

    op.drop_table("tentativa")
