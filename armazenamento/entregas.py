"""Situação de entrega de cada envio da fila, como o canal informa depois (WhatsApp:
sent → delivered → read, ou failed), para a equipe ver se a convocação chegou e foi lida.

As situações chegam fora de ordem (e "delivered" às vezes nem vem, quando a pessoa já lê
na hora): a linha só avança, nunca volta. A ordem é a do que a pessoa viveu: "failed"
passa por cima de "sent", mas não de "delivered" nem de "read" (com vários aparelhos, um
pode falhar depois de outro ter recebido). Nada aqui faz commit.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.modelos import Envio

_E = Envio.__table__  # type: ignore[attr-defined]
ORDEM = {"sent": 1, "failed": 2, "delivered": 3, "read": 4}
MAX_ERRO = 200


async def registrar_entrega(
    conexao: AsyncConnection,
    canal: str,
    id_provedor: str,
    situacao: str,
    quando: datetime,
    erro: str = "",
) -> bool:
    """Aplica a situação ao envio com este id do provedor, se ela é mais adiantada que a
    gravada. `erro`: só os códigos do provedor (nunca o texto, que pode citar a pessoa).
    Devolve se o envio existe (falso: ainda não foi gravado como enviado, ou não é da fila).
    """
    posicao = ORDEM.get(situacao)
    if posicao is None or not id_provedor:
        raise ValueError(f"situação de entrega desconhecida: {situacao!r}")
    atual = sa.case(ORDEM, value=_E.c.entrega, else_=0)
    deste = [_E.c.canal == canal, _E.c.id_provedor == id_provedor]
    mudou = await conexao.execute(
        sa.update(_E)
        .where(*deste, atual < posicao)
        .values(
            entrega=situacao,
            entrega_em=quando,
            entrega_erro=erro[:MAX_ERRO] if situacao == "failed" else "",
        )
        .returning(_E.c.id)
    )
    if mudou.first() is not None:
        return True
    return await conexao.scalar(sa.select(sa.exists().where(*deste))) is True


async def entregas_das_chaves(
    conexao: AsyncConnection, chaves: list[str]
) -> dict[str, tuple[str, str]]:
    """chave do envio -> (canal, situação de entrega), para as chaves que já têm situação."""
    if not chaves:
        return {}
    consulta = sa.select(_E.c.chave, _E.c.canal, _E.c.entrega).where(
        _E.c.chave.in_(sorted(set(chaves))), _E.c.entrega != ""
    )
    return {chave: (canal, entrega) for chave, canal, entrega in (await conexao.execute(consulta))}
