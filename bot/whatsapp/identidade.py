"""Uma pessoa, um id no WhatsApp: o webhook resolve quem escreveu para o id canônico antes
de guardar a mensagem (na mesma transação), e o remetente resolve o canônico para o
destino de cada envio (o número, se conhecido: `to`; senão o BSUID: `recipient`).

Assim a conversa, o papel da equipe, a pré-inscrição, a janela de 24 h e a fila usam um id
só, o mesmo quando a Meta passa a mandar o BSUID junto do número, ou quando a pessoa passa
a esconder o número (as regras: `armazenamento.identidades_whatsapp`).
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from armazenamento import identidades_whatsapp
from armazenamento.banco import transacao
from bot.whatsapp.lote import MensagemRecebida

log = logging.getLogger(__name__)


async def identificar(
    conexao: AsyncConnection, mensagem: MensagemRecebida, agora: datetime
) -> MensagemRecebida:
    """A mensagem com o id canônico de quem escreveu (sem commit). Um aviso de troca de
    número ou de BSUID liga os ids novos à mesma pessoa. A hora é a da chegada (`agora`),
    não a do `timestamp` da Meta (em segundos): o número visto por último é o destino."""
    quando = agora
    if mensagem.mudanca is not None:
        antigos, novos = mensagem.mudanca
        canonico = await identidades_whatsapp.mudou(conexao, antigos, novos, quando)
        log.info("whatsapp: troca de identificador %s", "aplicada" if canonico else "sem pessoa")
        return mensagem.com_pessoa(canonico) if canonico else mensagem
    canonico = await identidades_whatsapp.identificar(
        conexao, mensagem.numero, mensagem.bsuid, quando
    )
    return mensagem.com_pessoa(canonico)


async def destino(banco: AsyncEngine, canonico: str) -> str:
    """Para onde mandar a `canonico` agora ("" se ninguém: o número mudou de dono). Uma
    transação curta, fora da do motor (que já terminou quando a resposta sai)."""
    async with transacao(banco) as conexao:
        return await identidades_whatsapp.destino(conexao, canonico)
