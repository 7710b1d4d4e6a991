"""Por que envios não saíram, por código (`inclusao saida`): a Secretaria e quem cuida do
servidor veem um modelo recusado pela Meta (132001…), quem o WhatsApp não entrega
(131026) e as mensagens que não valiam mais, sem abrir o banco. Só códigos e contagens:
nada da pessoa nem do texto (ARQUITETURA §8).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.modelos import Envio

_E = Envio.__table__  # type: ignore[attr-defined]
_CODIGO = re.compile(r"whatsapp:(\d{1,9})")
ENTREGA = "entrega"  # a situação "failed" que o canal mandou depois (webhook de status)


@dataclass(frozen=True, slots=True, order=True)
class Motivo:
    """Um grupo de linhas: o canal, a situação (falhou, pendente, ou `ENTREGA`), o código
    (do provedor, ou o começo do nosso motivo) e o modelo com que a linha ia sair."""

    canal: str
    situacao: str
    codigo: str
    modelo: str


def codigo_de(erro: str) -> str:
    """O código do provedor ("132001"), ou o começo do nosso motivo ("nao vale mais")."""
    achado = _CODIGO.search(erro)
    if achado:
        return achado.group(1)
    return erro.split(":", 1)[0].strip()[:40]


async def falhas_por_codigo(conexao: AsyncConnection) -> list[tuple[Motivo, int]]:
    """As linhas que falharam ou esperam com um erro, e as entregas que o canal disse que
    falharam, agrupadas por motivo (as maiores primeiro)."""
    contagem: Counter[Motivo] = Counter()
    paradas = (
        sa.select(_E.c.canal, _E.c.estado, _E.c.ultimo_erro, _E.c.modelo, sa.func.count())
        .where(_E.c.estado.in_(("falhou", "pendente")), _E.c.ultimo_erro != "")
        .group_by(_E.c.canal, _E.c.estado, _E.c.ultimo_erro, _E.c.modelo)
    )
    for canal, estado, erro, modelo, n in (await conexao.execute(paradas)).all():
        contagem[Motivo(canal, estado, codigo_de(erro), modelo)] += int(n)
    entregas = (
        sa.select(_E.c.canal, _E.c.entrega_erro, _E.c.modelo, sa.func.count())
        .where(_E.c.entrega == "failed")
        .group_by(_E.c.canal, _E.c.entrega_erro, _E.c.modelo)
    )
    for canal, erro, modelo, n in (await conexao.execute(entregas)).all():
        contagem[Motivo(canal, ENTREGA, codigo_de(erro or "?") or "?", modelo)] += int(n)
    return sorted(contagem.items(), key=lambda par: (-par[1], par[0]))
