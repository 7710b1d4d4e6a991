"""A janela de 24 h do WhatsApp: registrar cada mensagem recebida e perguntar se a
conversa ainda está aberta para mensagem livre. Nada aqui faz commit: roda na transação
de quem chama (a mesma que processa a mensagem recebida, ou a do envio).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.dialects.postgresql import insert as insert_pg
from sqlalchemy.dialects.sqlite import insert as insert_sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.limite_diario import liberar_na_janela
from armazenamento.modelos_janela import Janela

_J = Janela.__table__  # type: ignore[attr-defined]
_INSERIR = {"sqlite": insert_sqlite, "postgresql": insert_pg}
DURACAO = timedelta(hours=24)  # regra do WhatsApp Cloud API (customer service window)


@cache
def _registrar(dialeto: str) -> Any:
    """O "upsert" da janela, montado uma vez por dialeto: montá-lo a cada mensagem
    custava mais que executá-lo (perfil do `bench/whatsapp.py`)."""
    inserir: Any = _INSERIR[dialeto](_J).values(
        canal=bindparam("p_canal"),
        chat_id=bindparam("p_chat"),
        ultima_entrada=bindparam("p_quando", type_=_J.c.ultima_entrada.type),
    )
    return inserir.on_conflict_do_update(
        index_elements=["canal", "chat_id"],
        set_={"ultima_entrada": inserir.excluded.ultima_entrada},
        where=_J.c.ultima_entrada < inserir.excluded.ultima_entrada,
    )


async def registrar_entrada(
    conexao: AsyncConnection, canal: str, chat_id: str, quando: datetime
) -> None:
    """A pessoa escreveu em `quando`: a janela vai até `quando` + 24 h. Nunca recua (um
    update antigo reprocessado depois de um novo não fecha a janela). O que esperava o
    limite diário para esta pessoa sai já, livre (a convocação segurada chega na hora)."""
    valores = {"p_canal": canal, "p_chat": chat_id, "p_quando": quando}
    await conexao.execute(_registrar(conexao.dialect.name), valores)
    await liberar_na_janela(conexao, chat_id, quando, canal)


async def ultima_entrada(conexao: AsyncConnection, canal: str, chat_id: str) -> datetime | None:
    """Quando a pessoa escreveu pela última vez neste canal (None: nunca)."""
    consulta = select(_J.c.ultima_entrada).where(_J.c.canal == canal, _J.c.chat_id == chat_id)
    valor: Any = (await conexao.execute(consulta)).scalar_one_or_none()
    return valor


async def dentro_da_janela(
    conexao: AsyncConnection, canal: str, chat_id: str, agora: datetime, folga: timedelta
) -> bool:
    """A mensagem livre ainda chega? `folga` desconta o tempo até o envio sair de fato (a
    fila, as tentativas): perto do fim da janela, melhor ir de modelo."""
    ultima = await ultima_entrada(conexao, canal, chat_id)
    return ultima is not None and agora + folga < ultima + DURACAO
