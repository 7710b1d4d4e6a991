"""Retenção de dados pessoais (ARQUITETURA.md §8): o que a pessoa escreveu não fica para
sempre só porque ela parou de escrever.

Uma tarefa diária (`bot/agendador.py`) roda `aplicar_retencao`:
- a caixa de entrada guarda o update cru do Telegram (nome, nascimento, um CPF digitado
  antes de "cancelar"); as linhas já processadas somem depois de `Prazos.entrada`. As
  ainda não processadas ficam sempre: falta processá-las;
- o texto das mensagens já entregues da fila de envio (leva nome) some depois do mesmo
  prazo; a linha fica para a contagem e para a chave que impede reenviar;
- a conversa parada há mais de `Prazos.conversa` perde fluxo, passo e respostas (nome,
  CPF). Quem voltar começa do início e ouve por quê (`esquecer_se_parada`, no motor).

Rodar duas vezes, ou em dois processos, não muda nada: cada passo é uma instrução só.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from armazenamento import caixa_entrada, retencao
from armazenamento.banco import transacao
from armazenamento.conversas import LinhaConversa
from fluxos.estado import Estado
from mensagens.catalogo import texto
from mensagens.serializacao import saida_para_json
from mensagens.tipos import Saida

# os dados de uma conversa apagada no meio de um fluxo (JSON que `Estado` lê como vazio)
MARCA_APAGADA = '{"apagada":true}'
DADOS_VAZIOS = "{}"  # o padrão da coluna: conversa sem nada guardado
CONTEUDO_VAZIO = saida_para_json(Saida(""))  # o que fica de uma mensagem já entregue
# o Telegram reentrega um update por até 24 h: apagado antes, uma reentrega seria nova
MINIMO_ENTRADA = timedelta(days=2)
PRAZO_ENTRADA = timedelta(days=7)
PRAZO_CONVERSA = timedelta(days=30)


@dataclass(frozen=True)
class Prazos:
    """Por quanto tempo guardar: `entrada`, as mensagens cruas já tratadas (caixa de
    entrada e texto das enviadas); `conversa`, as respostas de uma conversa parada."""

    entrada: timedelta = PRAZO_ENTRADA
    conversa: timedelta = PRAZO_CONVERSA


@dataclass(frozen=True)
class Limpeza:
    """Quantas linhas cada parte apagou (ou esvaziou) numa rodada."""

    entradas: int = 0
    enviadas: int = 0
    conversas: int = 0


async def aplicar_retencao(banco: AsyncEngine, agora: datetime, prazos: Prazos) -> Limpeza:
    """Uma rodada da retenção; uma transação curta por tabela (no SQLite, a trava de
    escrita fica pouco tempo com a tarefa)."""
    async with transacao(banco) as conexao:
        entradas = await caixa_entrada.apagar_antigas(conexao, agora - prazos.entrada)
    async with transacao(banco) as conexao:
        enviadas = await retencao.esvaziar_enviadas(conexao, agora - prazos.entrada, CONTEUDO_VAZIO)
    conversas = await _zerar_conversas_paradas(banco, agora - prazos.conversa)
    return Limpeza(entradas, enviadas, conversas)


async def _zerar_conversas_paradas(banco: AsyncEngine, antes_de: datetime) -> int:
    """Quem estava no meio de um fluxo com respostas fica com a marca (ouve a nota quando
    voltar); o resto, com os dados vazios."""
    async with transacao(banco) as conexao:
        paradas = await retencao.conversas_paradas(conexao, antes_de, (DADOS_VAZIOS, MARCA_APAGADA))
        novas = [
            (canal, chat_id, MARCA_APAGADA if _tinha_respostas(fluxo, dados) else DADOS_VAZIOS)
            for canal, chat_id, fluxo, dados in paradas
        ]
        await retencao.zerar_conversas(conexao, antes_de, novas)
    return len(novas)


def _tinha_respostas(fluxo: str, dados: str) -> bool:
    try:
        return tem_respostas(Estado.de_json(fluxo, "-", 0, dados))
    except (ValueError, TypeError, AttributeError):  # JSON estragado: nada a guardar dele
        return False


def tem_respostas(estado: Estado) -> bool:
    """No meio de um fluxo, com alguma resposta da pessoa (as chaves com "_" são do
    próprio fluxo)."""
    return estado.em_fluxo and any(not k.startswith("_") for k in estado.respostas)


def esquecer_se_parada(
    estado: Estado, linha: LinhaConversa | None, agora: datetime, validade: timedelta
) -> list[Saida]:
    """Na mensagem de quem volta: a conversa parada há mais de `validade` recomeça sem as
    respostas (a tarefa diária pode ainda não ter passado por ela). Devolve a nota a dizer
    antes da resposta quando havia respostas da pessoa, que se foram."""
    if linha is None:
        return []
    if linha.dados == MARCA_APAGADA:  # a tarefa diária já apagou
        return [Saida(texto("retencao.conversa_apagada"))]
    if agora - linha.atualizada_em <= validade or not (estado.em_fluxo or estado.tela):
        return []
    tinha = tem_respostas(estado)
    estado.limpar()  # dados pela metade (ou uma tela da equipe) não ficam para sempre
    return [Saida(texto("retencao.conversa_apagada"))] if tinha else []
