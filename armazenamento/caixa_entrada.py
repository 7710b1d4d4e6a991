"""Caixa de entrada (inbox): cada update recebido por webhook, gravado antes do 200.

A unicidade (canal, id externo) é do banco: de duas entregas do mesmo update, mesmo
simultâneas, só um INSERT vence, e só quem venceu processa. Nada aqui faz commit: quem
chama abre a transação (curta) com `armazenamento.banco.transacao`.

`recebida_em` é também o relógio da recuperação: `reservar` o adianta para "agora" ao
pegar uma linha esquecida, e assim outro processo não a pega de novo tão cedo.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.dialects.postgresql import insert as insert_pg
from sqlalchemy.dialects.sqlite import insert as insert_sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.modelos import Recebida

_R = Recebida.__table__  # type: ignore[attr-defined]
_INSERIR = {"sqlite": insert_sqlite, "postgresql": insert_pg}


@cache
def _guardar(dialeto: str) -> Any:
    """O INSERT da caixa de entrada, montado uma vez por dialeto: montá-lo a cada update
    custava tanto quanto executá-lo (perfil do `bench/whatsapp.py`)."""
    inserir: Any = _INSERIR[dialeto](_R).values(
        canal=bindparam("p_canal"),
        id_externo=bindparam("p_id"),
        corpo=bindparam("p_corpo"),
        recebida_em=bindparam("p_quando", type_=_R.c.recebida_em.type),
    )
    return inserir.on_conflict_do_nothing(index_elements=["canal", "id_externo"]).returning(_R.c.id)


_MARCAR = (
    update(_R)
    .where(
        _R.c.canal == bindparam("p_canal"),
        _R.c.id_externo == bindparam("p_id"),
        _R.c.processada_em.is_(None),
    )
    .values(processada_em=bindparam("p_quando", type_=_R.c.processada_em.type))
)


async def guardar(
    conexao: AsyncConnection, canal: str, id_externo: str, corpo: str, agora: datetime
) -> bool:
    """Grava o corpo cru do update. Devolve se é novo (falso: já tinha chegado antes)."""
    valores = {"p_canal": canal, "p_id": id_externo, "p_corpo": corpo, "p_quando": agora}
    resultado = await conexao.execute(_guardar(conexao.dialect.name), valores)
    return resultado.first() is not None


async def marcar_processada(
    conexao: AsyncConnection, canal: str, id_externo: str, agora: datetime
) -> None:
    """Registra que o update foi processado (só a primeira marca vale)."""
    await conexao.execute(_MARCAR, {"p_canal": canal, "p_id": id_externo, "p_quando": agora})


async def pendentes(
    conexao: AsyncConnection, canal: str, limite: int, antes_de: datetime
) -> list[tuple[str, str]]:
    """(id externo, corpo) dos updates gravados e não processados, recebidos antes de
    `antes_de`, em ordem de chegada: o que uma queda deixou para trás."""
    consulta = (
        select(_R.c.id_externo, _R.c.corpo)
        .where(_R.c.canal == canal, _R.c.processada_em.is_(None), _R.c.recebida_em < antes_de)
        .order_by(_R.c.recebida_em, _R.c.id)
        .limit(limite)
    )
    return [(id_externo, corpo) for id_externo, corpo in (await conexao.execute(consulta)).all()]


async def reservar(
    conexao: AsyncConnection, canal: str, id_externo: str, antes_de: datetime, agora: datetime
) -> bool:
    """Pega uma linha pendente para reprocessar: só um processo consegue (a condição e a
    mudança são um UPDATE só). Adianta `recebida_em` para `agora`: se quem pegou cair, a
    linha volta a ser pendente quando ficar de novo mais velha que o prazo."""
    consulta = (
        update(_R)
        .where(
            _R.c.canal == canal,
            _R.c.id_externo == id_externo,
            _R.c.processada_em.is_(None),
            _R.c.recebida_em < antes_de,
        )
        .values(recebida_em=agora)
        .returning(_R.c.id)
    )
    return (await conexao.execute(consulta)).first() is not None


async def apagar_antigas(conexao: AsyncConnection, antes_de: datetime) -> int:
    """Retenção: apaga as já processadas antes de `antes_de`; devolve quantas.

    As pendentes ficam (ainda falta processá-las). O prazo deve passar com folga das 24 h
    em que o Telegram ainda reentrega um update: apagada a linha, uma reentrega seria nova.
    """
    consulta = (
        delete(_R)
        .where(_R.c.processada_em.is_not(None), _R.c.processada_em < antes_de)
        .returning(_R.c.id)
    )
    return len((await conexao.execute(consulta)).all())
