"""Os botões da convocação para o cidadão: "Confirmo" e "Não posso" (R5).

Vêm de uma mensagem da fila ("cmd:conv_sim 12"): valem a qualquer hora, também no meio de
outra conversa (o motor responde e volta à pergunta em que a pessoa estava). Cada toque é
conferido de novo: a convocação tem de ser de uma pré-inscrição ligada a ESTA conversa.
Um botão encaminhado e tocado por outra pessoa, um id inventado ou de uma turma que não
existe mais recebem a mesma resposta gentil, que não revela nada, e nada muda.
"""

from __future__ import annotations

import logging
from datetime import datetime

from armazenamento.convocacoes import (
    ConvocacaoAchada,
    TurmaDaConvocacao,
    achar_convocacao,
    nome_de_chamada,
    pendente_de,
    primeiro_encontro,
    turma_da_convocacao,
)
from fluxos.convocacao import textos
from fluxos.convocacao.acoes import responder
from fluxos.convocacao.regras import Decisao
from fluxos.motor import Acao, Comando, Dizer
from fluxos.passos import Contexto
from fluxos.regras.ids import ler_id
from mensagens.catalogo import texto
from mensagens.tipos import Saida

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


async def convocacoes_em_aberto(ctx: Contexto, preinscricao_id: int) -> tuple[Saida, ...]:
    """Para somar à situação: a convocação em aberto (zero ou uma mensagem)."""
    aberta = await convocacao_em_aberto(ctx, preinscricao_id)
    return () if aberta is None else (aberta,)


async def convocacao_em_aberto(ctx: Contexto, preinscricao_id: int) -> Saida | None:
    """A convocação que a pessoa ainda pode responder, com os botões, para mostrar junto da
    situação (ex.: quem foi chamado antes de ligar a conversa à pré-inscrição assistida,
    ou perdeu a mensagem)."""
    aberta = await pendente_de(ctx.conexao, preinscricao_id, ctx.agora)
    if aberta is None:
        return None
    convocacao_id, turma_id, nome, nome_social, prazo = aberta
    achada = await _turma_e_encontro(ctx, turma_id)
    if achada is None:
        return None
    turma, encontro = achada
    return textos.convocacao(
        turma, encontro, convocacao_id, nome_de_chamada(nome, nome_social), prazo
    )


async def _turma_e_encontro(
    ctx: Contexto, turma_id: int
) -> tuple[TurmaDaConvocacao, tuple[datetime, bool]] | None:
    turma = await turma_da_convocacao(ctx.conexao, turma_id)
    if turma is None:
        return None
    encontro = await primeiro_encontro(ctx.conexao, turma_id, ctx.agora)
    return None if encontro is None else (turma, encontro)


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
