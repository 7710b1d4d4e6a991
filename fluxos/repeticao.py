"""A mesma mensagem duas vezes (mesmo id do canal) é aplicada uma vez e recebe a mesma
resposta: a página reenvia com "Tentar de novo" quando a resposta se perdeu no caminho,
e o Telegram pode entregar de novo um update.

O id e a resposta da última mensagem ficam junto do estado da conversa, gravados no mesmo
commit (a unidade de trabalho do motor): ou os dois ficam, ou nenhum. Só a última conta:
a página manda uma mensagem de cada vez. Sem id (o terminal, o agendador), nada muda.
"""

from __future__ import annotations

import logging

from armazenamento.conversas import LinhaConversa
from mensagens.serializacao import saida_de_json, saida_para_json
from mensagens.tipos import Entrada, Saida

log = logging.getLogger(__name__)


def resposta_guardada(entrada: Entrada, linha: LinhaConversa | None) -> list[Saida] | None:
    """A resposta já dada a esta mensagem, se ela é a última que esta conversa recebeu."""
    if not entrada.id_externo or linha is None or linha.ultima_entrada != entrada.id_externo:
        return None
    try:  # uma saída por linha: o JSON de cada uma nunca tem quebra de linha crua
        saidas = [saida_de_json(parte) for parte in linha.ultima_resposta.split("\n") if parte]
    except ValueError:
        return None
    log.info("mensagem repetida (%s): a mesma resposta de antes", entrada.canal)
    return saidas


def resposta_para_guardar(entrada: Entrada, saidas: list[Saida]) -> tuple[str, str]:
    """(id, resposta) para gravar com o estado; sem id, nada a guardar."""
    if not entrada.id_externo:
        return ("", "")
    return (entrada.id_externo, "\n".join(saida_para_json(s) for s in saidas))
