"""Resumo da semana para a equipe do Acessuas Trabalho (R19): as desistências confirmadas
na semana, com a planilha (.xlsx), no chat de cada um.

Roda numa tarefa agendada (padrão: segunda às 8h de Bauru; `INCLUSAO_ACESSUAS_RESUMO`) e
na partida, em quantos processos for: a chave do envio é única por semana e por vínculo,
então rodar duas vezes (ou em dois processos) não manda nada duas vezes. Semana sem
desistência: uma linha só, sem planilha (a equipe sabe que o resumo chegou e não há nada).

A planilha vai como anexo pela fila (`mensagens.serializacao` leva o arquivo em base64) e
sai da fila depois de enviada (`bot.despacho_resultados.sem_anexos`): sem um segundo passo
que possa falhar, e quem abre o chat dias depois ainda acha a planilha da semana ali.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from armazenamento import envios
from armazenamento.acesso import Acesso, Papel, Vinculo
from armazenamento.auditoria import registrar_leitura
from armazenamento.banco import transacao
from armazenamento.desistencias import desistentes
from armazenamento.destinos import equipe_acessuas
from armazenamento.equipe import Destino
from fluxos.avisos_fila import conteudo_para_equipe
from fluxos.canais import entrega_depois
from fluxos.equipe.planilha_desistentes import anexo_dos_desistentes
from fluxos.regras.semana import HorarioSemanal, semana_ate
from mensagens.botoes import da_fila
from mensagens.catalogo import texto
from mensagens.formatos import quantos
from mensagens.tipos import Botao, Saida

ACAO_RESUMO = "desistentes.resumo"


def _dia(momento: datetime) -> str:
    return momento.strftime("%d/%m/%Y")


async def _resumo(
    conexao: AsyncConnection, leitor: Destino, semana: tuple[datetime, datetime], agora: datetime
) -> Saida:
    """A mensagem da semana, lida com o escopo do Acessuas (a lista inteira, R19)."""
    acesso = Acesso((Vinculo(leitor.membro_id, Papel.ACESSUAS),))
    total, lista = await desistentes(conexao, acesso, entre=semana)
    de, ate = _dia(semana[0]), _dia(semana[1] - timedelta(seconds=1))
    botao = (Botao(texto("acessuas.botao.ver_lista"), da_fila("desistentes")),)
    if not total:
        return Saida(texto("acessuas.resumo.nenhuma", de=de, ate=ate), botao)
    periodo = texto("acessuas.resumo.periodo", de=de, ate=ate)
    nome = f"desistencias-semana-{semana[0].date().isoformat()}.xlsx"
    legenda = texto(
        "acessuas.resumo.texto", de=de, ate=ate, novas=quantos(total, "desistencia_nova")
    )
    return Saida(legenda, botao, anexo=anexo_dos_desistentes(lista, periodo, agora, nome))


async def enviar_resumo_acessuas(
    banco: AsyncEngine, agora: datetime, horario: HorarioSemanal
) -> int:
    """Põe na fila o resumo da última semana completa para cada vínculo do Acessuas que
    ainda não o tem; devolve quantos entraram agora. Cada um que recebe fica na auditoria
    (a planilha tem nome e telefone)."""
    semana = semana_ate(agora, horario)
    async with transacao(banco) as conexao:
        destinos = [d for d in await equipe_acessuas(conexao) if entrega_depois(d.canal)]
        if not destinos:
            return 0
        conteudo = conteudo_para_equipe(await _resumo(conexao, destinos[0], semana, agora))
        novos = 0
        for destino in destinos:
            chave = f"acessuas:resumo:{semana[1].date().isoformat()}:membro:{destino.membro_id}"
            if await envios.enfileirar(
                conexao, destino.canal, destino.chat_id, conteudo, chave, agora
            ):
                novos += 1
                alvo = semana[0].date().isoformat()
                await registrar_leitura(conexao, destino.membro_id, ACAO_RESUMO, alvo, agora)
    return novos
