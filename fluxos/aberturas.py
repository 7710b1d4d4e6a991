"""Aviso de abertura das pré-inscrições (R3) para quem pediu "me avise".

Roda numa tarefa agendada, em vários processos se for o caso: o que cria é único no banco
(a chave do envio), então rodar duas vezes não avisa ninguém duas vezes.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from armazenamento import envios, preinscricoes
from armazenamento.banco import transacao
from armazenamento.cadastro import obter_cadastro
from armazenamento.tempo import FUSO
from fluxos.avisos_fila import conteudo_para_pessoa
from fluxos.regras.periodo import Situacao, situacao_do_periodo
from mensagens.botoes import da_fila
from mensagens.catalogo import texto
from mensagens.formatos import data_por_extenso
from mensagens.tipos import Botao, Saida

# só canais que conseguem mandar mensagem sem a pessoa ter escrito antes
CANAIS_COM_AVISO = frozenset({"telegram", "whatsapp"})


async def avisar_aberturas(banco: AsyncEngine, agora: datetime) -> int:
    """Põe na fila o aviso para cada pedido do ano cujo período está aberto hoje."""
    hoje = agora.astimezone(FUSO).date()
    async with transacao(banco) as conexao:
        periodo = situacao_do_periodo((await obter_cadastro(conexao)).ciclos, hoje)
        ciclo = periodo.ciclo
        if periodo.situacao is not Situacao.ABERTO or ciclo is None:
            return 0
        pedidos = await preinscricoes.pedidos_de_aviso_pendentes(
            conexao, ciclo.ano, CANAIS_COM_AVISO
        )
        aviso = Saida(
            texto("cidadao.aberto.aviso", fim=data_por_extenso(ciclo.preinscricao_fim)),
            (Botao(texto("cidadao.menu.botao_preinscricao"), da_fila("preinscricao")),),
        )
        conteudo = conteudo_para_pessoa(aviso)
        for _, canal, chat_id in pedidos:
            chave = f"abertura:{ciclo.ano}:{canal}:{chat_id}"
            await envios.enfileirar(conexao, canal, chat_id, conteudo, chave, agora)
        await preinscricoes.marcar_avisados(conexao, [i for i, _, _ in pedidos], agora)
    return len(pedidos)
