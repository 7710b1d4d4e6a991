"""A tarefa de minuto em minuto da convocação (R5): lembra, expira e chama o próximo.

Para cada turma com convocação pendente na hora do lembrete ou com o prazo vencido, numa
transação própria que começa travando a turma:
- lembra (uma vez: `lembrada`) quem tem prazo até `lembrar_convocacao_antes` à frente;
  quem foi chamado já dentro dessa janela fica sem lembrete (marcado como resolvido);
- expira quem não respondeu até o prazo (o fim do último dia), avisa a pessoa e chama o
  próximo da lista no lugar (uma pessoa por vaga liberada, sem passar da capacidade); se
  a lista acabou, a equipe da OSC recebe o aviso.

A convocação cuja chamada ainda não saiu (o limite diário do WhatsApp a segura) não vence
nem é lembrada: o prazo conta de quando ela sai (R5, `na_saida`).

Só das 8h às 20h (de Bauru): o prazo acaba à meia-noite, mas ninguém recebe lembrete,
aviso ou convocação de madrugada; a passada das 8h faz o que ficou.

Seguro em vários processos ao mesmo tempo: a trava da turma serializa quem mexe nela,
cada mudança é condicional (`WHERE situacao = 'pendente'`, `lembrada = false`) e cada
mensagem tem chave única na fila. Rodar duas vezes no mesmo minuto não muda nada.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from armazenamento.banco import transacao
from armazenamento.convocacoes import (
    destinatarios,
    expirar,
    marcar_lembradas,
    pendentes_da_turma,
    travar_turma,
    turmas_com_prazo,
)
from armazenamento.limite_diario import convocacoes_sem_sair
from fluxos.ajustes import Ajustes
from fluxos.convocacao import textos
from fluxos.convocacao.acoes import alcancavel, enviar, repor
from fluxos.convocacao.regras import deve_lembrar, hora_de_avisar, vencida


@dataclass
class Rodada:
    """O que uma passada fez (para o registro e para os testes)."""

    lembradas: int = 0
    expiradas: int = 0
    convocadas: int = 0


async def cuidar_das_convocacoes(
    banco: AsyncEngine, agora: datetime, ajustes: Ajustes | None = None
) -> Rodada:
    """Uma passada sobre as convocações pendentes (ver a docstring do módulo)."""
    ajustes = ajustes or Ajustes()
    if not hora_de_avisar(agora):  # de madrugada ninguém é lembrado, avisado nem chamado
        return Rodada()
    async with banco.connect() as conexao:
        turmas = await turmas_com_prazo(conexao, agora, agora + ajustes.lembrar_convocacao_antes)
    rodada = Rodada()
    for turma_id in turmas:  # em ordem de id: sem impasse entre processos no PostgreSQL
        async with transacao(banco) as conexao:
            await _cuidar_da_turma(conexao, turma_id, agora, ajustes, rodada)
    return rodada


async def _cuidar_da_turma(
    conexao: AsyncConnection, turma_id: int, agora: datetime, ajustes: Ajustes, rodada: Rodada
) -> None:
    turma = await travar_turma(conexao, turma_id)
    if turma is None:
        return
    antes = ajustes.lembrar_convocacao_antes
    todas = await pendentes_da_turma(conexao, turma_id, agora + antes)
    sem_sair = await convocacoes_sem_sair(conexao, [p.id for p in todas])
    pendentes = [p for p in todas if p.id not in sem_sair]
    por_id = {p.id: p for p in pendentes}

    expiradas = await expirar(conexao, [p.id for p in pendentes if vencida(p.prazo, agora)], agora)
    for convocacao_id in expiradas:
        p = por_id[convocacao_id]
        if alcancavel(p.canal, p.chat_id):
            chave = f"convocacao:{convocacao_id}:expirada"
            await enviar(conexao, p.canal, p.chat_id, textos.expirou(turma), chave, agora)

    na_janela = [p for p in pendentes if not p.lembrada and not vencida(p.prazo, agora)]
    lembrar = [p.id for p in na_janela if deve_lembrar(p.prazo, p.criada_em, agora, antes, False)]
    lembradas = await marcar_lembradas(conexao, lembrar)
    for d in await destinatarios(conexao, lembradas):
        if alcancavel(d.canal, d.chat_id):
            saida = textos.lembrete(turma, d.convocacao_id, d.nome, d.prazo)
            chave = f"convocacao:{d.convocacao_id}:lembrete"
            await enviar(conexao, d.canal, d.chat_id, saida, chave, agora)
    # chamados já dentro da janela: sem lembrete (nem agora, nem nas próximas passadas)
    dispensadas = [p.id for p in na_janela if p.id not in lembrar]
    await marcar_lembradas(conexao, dispensadas)

    reposicao = await repor(conexao, turma, len(expiradas), agora, ajustes)
    rodada.lembradas += len(lembradas)
    rodada.expiradas += len(expiradas)
    rodada.convocadas += len(reposicao.ids)
