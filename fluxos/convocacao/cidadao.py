"""Os botões da convocação para o cidadão: "Confirmo" e "Não posso" (R5).

Vêm de uma mensagem da fila ("cmd:conv_sim 12"): valem a qualquer hora, também no meio de
outra conversa (o motor responde e volta à pergunta em que a pessoa estava). Cada toque é
conferido de novo: a convocação tem de ser de uma pré-inscrição ligada a ESTA conversa.
Um botão encaminhado e tocado por outra pessoa, um id inventado ou de uma turma que não
existe mais recebem a mesma resposta gentil, que não revela nada, e nada muda.
"""

from __future__ import annotations

import logging

from armazenamento.convocacoes import ConvocacaoAchada, achar_convocacao
from fluxos.convocacao import textos
from fluxos.convocacao.acoes import responder
from fluxos.convocacao.regras import Decisao, ler_id
from fluxos.motor import Acao, Comando, Dizer
from fluxos.passos import Contexto
from mensagens.catalogo import texto

log = logging.getLogger(__name__)


def _desta_conversa(ctx: Contexto, achada: ConvocacaoAchada) -> bool:
    return bool(achada.chat_id) and (achada.canal, achada.chat_id) == (ctx.canal, ctx.chat_id)


async def _responder(ctx: Contexto, argumento: str, quer: bool) -> Acao:
    convocacao_id = ler_id(argumento)
    achada = await achar_convocacao(ctx.conexao, convocacao_id) if convocacao_id else None
    if achada is None or not _desta_conversa(ctx, achada):
        log.info("convocacao: botao sem convocacao desta conversa (canal=%s)", ctx.canal)
        return Dizer((texto("convocacao.nao_achada"),))
    feita = await responder(ctx.conexao, achada, quer, ctx.agora, ctx.ajustes)
    if feita is None:  # a turma foi apagada
        return Dizer((texto("convocacao.nao_achada"),))
    log.info("convocacao %d: %s", achada.id, feita.decisao.value)
    if feita.decisao is Decisao.CONFIRMAR and feita.encontro is not None:
        return Dizer((textos.confirmada(feita.turma, feita.encontro),))
    return Dizer((textos.resposta(feita.decisao, quer, feita.turma),))


async def confirmar(ctx: Contexto, argumento: str = "") -> Acao:
    """ "Confirmo": matricula, se ainda há vaga e o prazo não acabou (R5, R7)."""
    return await _responder(ctx, argumento, True)


async def recusar(ctx: Contexto, argumento: str = "") -> Acao:
    """ "Não posso": a vaga vai para a próxima pessoa da lista (R5)."""
    return await _responder(ctx, argumento, False)


COMANDOS_DA_CONVOCACAO: dict[str, Comando] = {
    textos.COMANDO_SIM: confirmar,
    textos.COMANDO_NAO: recusar,
}
