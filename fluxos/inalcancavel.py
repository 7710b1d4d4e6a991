"""Quando uma pessoa deixa de receber mensagens por um canal (WhatsApp 131026: número sem
WhatsApp ou que não aceita; 368: bloqueio por política), a fila para de mandar a ela e a
equipe responsável fica sabendo, para ligar (R5, R20). Roda na transação que grava o
resultado do envio; a chave do aviso é a da linha que falhou: gravar de novo não duplica.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento import envios
from armazenamento.responsaveis import responsaveis_da_conversa
from fluxos.avisos_fila import conteudo_para_equipe
from fluxos.canais import entrega_depois
from mensagens.catalogo import texto
from mensagens.tipos import Saida


async def tratar_inalcancavel(
    conexao: AsyncConnection,
    canal: str,
    chat_id: str,
    envio_id: int,
    motivo: str,
    agora: datetime,
) -> int:
    """O caminho único de "esta pessoa não recebe por este canal": a marca (a fila para
    de mandar a ela) e o aviso à equipe. Vale para o erro na hora do envio e para o que
    o canal avisa depois (WhatsApp: status `failed` no webhook). Repetir não duplica."""
    await envios.marcar_inalcancavel(conexao, canal, chat_id, motivo, agora)
    return await avisar_equipe_de_inalcancavel(conexao, canal, chat_id, envio_id, agora)


async def avisar_equipe_de_inalcancavel(
    conexao: AsyncConnection, canal: str, chat_id: str, envio_id: int, agora: datetime
) -> int:
    """ "Não conseguimos avisar <nome> pelo WhatsApp; ligue para a pessoa" a cada técnico
    responsável (que recebe por outro caminho que não esta mesma conversa). Quantos."""
    achados = await responsaveis_da_conversa(conexao, canal, chat_id)
    if achados is None:
        return 0
    conteudo = conteudo_para_equipe(
        Saida(texto("whatsapp_fila.inalcancavel.equipe", nome=achados.nome))
    )
    novos = 0
    for destino in achados.destinos:
        if not entrega_depois(destino.canal) or (destino.canal, destino.chat_id) == (
            canal,
            chat_id,
        ):
            continue
        chave = f"inalcancavel:{canal}:{envio_id}:membro:{destino.membro_id}"
        novos += await envios.enfileirar(
            conexao, destino.canal, destino.chat_id, conteudo, chave, agora
        )
    return novos
