"""Quanto a fila enviou por mês, canal e modelo: a base do custo do WhatsApp (`inclusao
saida`). A Meta cobra por modelo entregue, pela categoria dele (os do programa são de
utilidade: fora da janela); a mensagem livre, dentro da janela, não é cobrada, mas entra
no relatório para a Secretaria ver o todo. O mês é o de Bauru (UTC-3, sem horário de
verão desde 2019).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.modelos import Envio

_E = Envio.__table__  # type: ignore[attr-defined]
ENTREGUES = ("delivered", "read")  # o que o WhatsApp informa depois (a entrega é cobrada)


@dataclass(frozen=True, slots=True)
class EnviadasNoMes:
    """Linhas enviadas de um mês, canal e modelo ("" = livre), e quantas o canal disse
    que entregou."""

    mes: str  # "2027-03"
    canal: str
    modelo: str
    enviadas: int
    entregues: int


def _mes(dialeto: str) -> Any:
    if dialeto == "postgresql":
        local = sa.func.timezone("America/Sao_Paulo", _E.c.enviado_em)
        return sa.func.to_char(local, "YYYY-MM")
    return sa.func.strftime("%Y-%m", _E.c.enviado_em, "-3 hours")


async def enviadas_por_mes(conexao: AsyncConnection) -> list[EnviadasNoMes]:
    """Por mês (mais antigo primeiro), canal e modelo: quantas saíram e foram entregues."""
    mes = _mes(conexao.dialect.name).label("mes")
    entregue = sa.case((_E.c.entrega.in_(ENTREGUES), 1), else_=0)
    consulta = (
        sa.select(mes, _E.c.canal, _E.c.modelo, sa.func.count(), sa.func.sum(entregue))
        .where(_E.c.estado == "enviada", _E.c.enviado_em.is_not(None))
        .group_by(mes, _E.c.canal, _E.c.modelo)
        .order_by(mes, _E.c.canal, _E.c.modelo)
    )
    return [
        EnviadasNoMes(str(m), str(c), str(mod), int(n), int(e or 0))
        for m, c, mod, n, e in (await conexao.execute(consulta)).all()
    ]
