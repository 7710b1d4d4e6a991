"""Na hora de convocar, quantas convocações o limite diário do WhatsApp vai segurar (R5):
a OSC lê já, no "Convoquei…", quantas saem agora e quantas esperam o dia seguinte.

É uma previsão feita com o que o banco sabe agora, na ordem da fila: quem está dentro da
janela de 24 h recebe livre (não conta); quem já foi alcançado nas últimas 24 h não gasta
vaga; quem já espera o limite vai na frente; as vagas que sobram vão na ordem da lista.
A fila (`bot.whatsapp.fila`) é quem decide de fato; o painel da turma mostra depois quantas
esperam mesmo (`limite_diario.convocacoes_esperando`). Nada aqui grava.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.janelas import DURACAO
from armazenamento.limite_diario import ESPERA_LIMITE, _contadas
from armazenamento.modelos import Envio
from armazenamento.modelos_janela import Janela

_E = Envio.__table__  # type: ignore[attr-defined]
_J = Janela.__table__  # type: ignore[attr-defined]
FOLGA = timedelta(minutes=10)  # a mesma folga padrão da fila (WHATSAPP_FOLGA_JANELA_MIN)


async def quantas_esperam(
    conexao: AsyncConnection,
    chats: Sequence[str],
    limite: int,
    agora: datetime,
    canal: str = "whatsapp",
) -> int:
    """Das conversas do canal (na ordem em que entraram na fila), quantas o limite vai
    segurar."""
    if not chats:
        return 0
    contadas = sa.select(_E.c.chat_id).where(_contadas(canal, agora)).distinct()
    alcancadas = set((await conexao.execute(contadas)).scalars())
    seguradas = (
        sa.select(_E.c.chat_id)
        .where(_E.c.canal == canal, _E.c.estado == "pendente", _E.c.ultimo_erro == ESPERA_LIMITE)
        .distinct()
    )
    esperando = set((await conexao.execute(seguradas)).scalars()) - alcancadas
    janelas_abertas = sa.select(_J.c.chat_id).where(
        _J.c.canal == canal,
        _J.c.chat_id.in_(sorted(set(chats))),
        _J.c.ultima_entrada > agora + FOLGA - DURACAO,
    )
    abertas = set((await conexao.execute(janelas_abertas)).scalars())
    vagas = max(0, limite - len(alcancadas) - len(esperando))
    esperam = 0
    for chat in chats:
        if chat in abertas or chat in alcancadas:
            continue
        if chat not in esperando and vagas > 0:
            vagas -= 1
            alcancadas.add(chat)
            continue
        esperam += 1
    return esperam
