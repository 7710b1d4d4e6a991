"""Tabelas do pedido de ajuda (R20): "preciso de ajuda" chega a uma pessoa da equipe.

Um pedido por conversa aberto de cada vez (índice único parcial: `encerrado_em` nulo);
cada mensagem dele, da pessoa ou da equipe, fica guardada com quem escreveu e quando.
Registradas junto das demais (`armazenamento.modelos` importa este módulo no fim).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from armazenamento.tempo import DataHoraUTC, agora

ABERTO = sa.text("encerrado_em IS NULL")


def _quando(nullable: bool) -> sa.Column[datetime]:
    return sa.Column(DataHoraUTC(), nullable=nullable)


class PedidoAjuda(SQLModel, table=True):
    """Um pedido de ajuda de uma conversa de cidadão (R20).

    `osc_id`: a OSC da turma da matrícula ativa (vazio: a pessoa não está matriculada e o
    pedido é do CRAS `cras_id`, o do território dela). `tecnico_id`: o vínculo da equipe
    que respondeu por último; enquanto o pedido está aberto, as mensagens da pessoa vão
    para ele. `alerta_id`: o alerta de evasão do botão "Preciso de ajuda", só contexto
    (não é conferido nem decide o escopo). `encerrado_por` vazio com `encerrado_em`: a
    própria pessoa encerrou."""

    __tablename__ = "pedido_ajuda"
    __table_args__ = (
        sa.Index(
            "ux_pedido_ajuda_aberto",
            "canal",
            "chat_id",
            unique=True,
            sqlite_where=ABERTO,
            postgresql_where=ABERTO,
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    canal: str = Field(max_length=20)
    chat_id: str = Field(max_length=80)
    preinscricao_id: int = Field(foreign_key="preinscricao.id", index=True)
    matricula_id: int | None = Field(default=None, foreign_key="matricula.id")
    osc_id: int | None = Field(default=None, foreign_key="osc.id", index=True)
    cras_id: int = Field(foreign_key="cras.id", index=True)
    origem: str = Field(default="texto", max_length=12)
    alerta_id: int | None = Field(default=None)
    tecnico_id: int | None = Field(default=None, foreign_key="equipe.id")
    criado_em: datetime = Field(default_factory=agora, sa_column=_quando(nullable=False))
    respondido_em: datetime | None = Field(default=None, sa_column=_quando(nullable=True))
    escalado_em: datetime | None = Field(default=None, sa_column=_quando(nullable=True))
    encerrado_em: datetime | None = Field(default=None, sa_column=_quando(nullable=True))
    encerrado_por: int | None = Field(default=None, foreign_key="equipe.id")


class MensagemAjuda(SQLModel, table=True):
    """Uma mensagem de um pedido: `membro_id` vazio é a própria pessoa; senão, o vínculo
    da equipe que escreveu. O texto é limitado (`LIMITE_MENSAGEM`)."""

    __tablename__ = "mensagem_ajuda"

    id: int | None = Field(default=None, primary_key=True)
    pedido_id: int = Field(foreign_key="pedido_ajuda.id", index=True)
    membro_id: int | None = Field(default=None, foreign_key="equipe.id")
    texto: str = Field(max_length=2000)
    em: datetime = Field(default_factory=agora, sa_column=_quando(nullable=False))
