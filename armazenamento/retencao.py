"""Retenção (LGPD, ARQUITETURA.md §8): o que guarda texto cru de mensagens não fica para
sempre. Cada função é uma instrução só, segura para rodar em vários processos ao mesmo
tempo (rodar duas vezes não muda nada); nenhuma faz commit.

- a caixa de entrada: apagar as linhas já processadas (`caixa_entrada.apagar_antigas`);
- a fila de envio: o texto das mensagens já entregues vira um conteúdo vazio; a linha fica
  (estado, chave, quando, para quem), que é o que a contagem e a idempotência usam;
- as conversas paradas: fluxo, passo e respostas apagados; a linha fica, com a versão
  (um botão de mensagem antiga continua reconhecido como antigo).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import bindparam, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.modelos import Conversa, Envio
from armazenamento.tempo import DataHoraUTC

_C = Conversa.__table__  # type: ignore[attr-defined]
_E = Envio.__table__  # type: ignore[attr-defined]


async def esvaziar_enviadas(conexao: AsyncConnection, antes_de: datetime, vazio: str) -> int:
    """Troca por `vazio` o conteúdo das mensagens entregues antes de `antes_de`; devolve
    quantas. Pendentes, em envio, incertas e falhas ficam como estão (ainda há o que fazer
    com elas)."""
    consulta = (
        update(_E)
        .where(_E.c.estado == "enviada", _E.c.enviado_em < antes_de, _E.c.conteudo != vazio)
        .values(conteudo=vazio)
        .returning(_E.c.id)
    )
    return len((await conexao.execute(consulta)).all())


async def conversas_paradas(
    conexao: AsyncConnection, antes_de: datetime, vazios: Sequence[str]
) -> list[tuple[str, str, str, str]]:
    """(canal, chat id, fluxo, dados) das conversas sem mensagem desde `antes_de` que
    ainda guardam alguma coisa (dados fora de `vazios`, ou um fluxo)."""
    consulta = select(_C.c.canal, _C.c.chat_id, _C.c.fluxo, _C.c.dados).where(
        _C.c.atualizada_em < antes_de,
        or_(
            _C.c.fluxo != "",
            _C.c.passo != "",
            _C.c.dados.not_in(list(vazios)),
            _C.c.ultima_resposta != "",  # a última resposta do chat web (pode ter o nome)
        ),
    )
    return [(c, i, f, d) for c, i, f, d in (await conexao.execute(consulta)).all()]


_ZERAR = (
    update(_C)
    .where(
        _C.c.canal == bindparam("b_canal"),
        _C.c.chat_id == bindparam("b_chat"),
        _C.c.atualizada_em < bindparam("b_antes", type_=DataHoraUTC()),
    )
    .values(fluxo="", passo="", dados=bindparam("b_dados"), ultima_entrada="", ultima_resposta="")
)


async def zerar_conversas(
    conexao: AsyncConnection, antes_de: datetime, linhas: Sequence[tuple[str, str, str]]
) -> None:
    """Apaga fluxo, passo e respostas de cada (canal, chat id, dados novos). A conversa
    que recebeu mensagem depois de `antes_de` (no meio da tarefa) fica como está.

    `atualizada_em` não muda: continua dizendo quando a pessoa escreveu pela última vez;
    a versão também não (um botão de mensagem antiga continua reconhecido como antigo).
    """
    if linhas:
        parametros = [
            {"b_canal": c, "b_chat": i, "b_antes": antes_de, "b_dados": d} for c, i, d in linhas
        ]
        await conexao.execute(_ZERAR, parametros)
