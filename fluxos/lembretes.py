"""Lembrete de aula na véspera (R7, R16): "amanhã tem aula de … às … Você vai?".

Roda numa tarefa agendada (todo dia na hora configurada, padrão 18h em Bauru), em vários
processos se for o caso: cada lembrete é único no banco (chave do envio
"lembrete:{encontro}:{matricula}"), então rodar duas vezes não lembra ninguém duas vezes.

Aqui fica o que é decisão do programa: a partir de que hora lembrar, que amanhã é
(America/Sao_Paulo), que feriado não tem aula, quais canais aceitam mensagem sem a pessoa
ter escrito antes e o texto do lembrete. Como os envios nascem no banco (INSERT … SELECT em
lotes, commit a cada ~`LOTE` linhas novas, instruções montadas uma vez) fica em
`armazenamento/lembretes.py`. Benchmark: `bench/lembretes.py`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from armazenamento.lembretes import LOTE, Aula, LembreteDaAula, aulas_entre, enfileirar_lembretes
from armazenamento.tempo import FUSO
from fluxos.aberturas import CANAIS_COM_AVISO
from fluxos.regras.feriados import eh_feriado
from mensagens.botoes import da_fila
from mensagens.catalogo import texto
from mensagens.formatos import dia_da_semana_e_data, hora_falada
from mensagens.serializacao import saida_para_json
from mensagens.tipos import Botao, Saida

HORA_PADRAO = 18  # hora de Bauru a partir da qual sai o lembrete da véspera
COMANDO_VOU = "aula_vou"
COMANDO_FALTA = "aula_falta"


def janela_de_amanha(agora: datetime) -> tuple[date, datetime, datetime]:
    """O dia de amanhã em Bauru e o seu começo e fim em UTC (fim exclusivo)."""
    amanha = agora.astimezone(FUSO).date() + timedelta(days=1)
    comeco = datetime.combine(amanha, time(), FUSO).astimezone(UTC)
    fim = datetime.combine(amanha + timedelta(days=1), time(), FUSO).astimezone(UTC)
    return amanha, comeco, fim


@lru_cache(maxsize=32)
def _dia_falado(dia: date) -> str:
    """Todas as aulas de uma rodada são do mesmo dia: o babel formata uma vez só."""
    return dia_da_semana_e_data(dia)


def montar_lembrete(aula: Aula) -> Saida:
    """O texto do catálogo e os botões que trazem o encontro ("cmd:aula_falta 12")."""
    campos = {
        "dia": _dia_falado(aula.inicio.astimezone(FUSO).date()),
        "curso": aula.curso,
        "hora": hora_falada(aula.inicio),
    }
    if aula.local.strip():
        corpo = texto("lembretes.aviso", local=aula.local.strip(), **campos)
    else:
        corpo = texto("lembretes.aviso_sem_local", **campos)
    botoes = (
        Botao(texto("lembretes.botao_vou"), da_fila(COMANDO_VOU, aula.encontro_id)),
        Botao(texto("lembretes.botao_falta"), da_fila(COMANDO_FALTA, aula.encontro_id)),
    )
    return Saida(corpo, botoes)


async def aulas_de_amanha(conexao: AsyncConnection, agora: datetime) -> list[Aula]:
    """Encontros não cancelados cujo dia em Bauru é amanhã (um por turma e horário)."""
    _, comeco, fim = janela_de_amanha(agora)
    return await aulas_entre(conexao, comeco, fim)


async def gerar_lembretes(
    banco: AsyncEngine,
    agora: datetime,
    hora_padrao: int = HORA_PADRAO,
    feriados_extras: frozenset[date] = frozenset(),
) -> int:
    """Põe na fila o lembrete da aula de amanhã para cada matrícula ativa com conversa.

    Antes de `hora_padrao` (hora de Bauru) não gera nada: a tarefa pode rodar na partida
    do processo sem lembrar cedo demais, e quem perdeu as 18h recupera ao subir depois.
    Amanhã feriado (nacional, SP ou Bauru, mais `feriados_extras`): sem aula, sem lembrete.
    R5/R16: só recebe quem tem conversa num canal que aceita mensagem sem a pessoa ter
    escrito antes (`CANAIS_COM_AVISO`). Devolve quantos envios novos foram criados (0 ao
    rodar de novo).
    """
    amanha, comeco, fim = janela_de_amanha(agora)
    if agora.astimezone(FUSO).hour < hora_padrao or eh_feriado(amanha, feriados_extras):
        return 0
    async with banco.connect() as conexao:
        aulas = await aulas_entre(conexao, comeco, fim)
    lembretes = [
        LembreteDaAula(aula.encontro_id, aula.turma_id, saida_para_json(montar_lembrete(aula)))
        for aula in aulas
    ]
    # LOTE é lido aqui a cada rodada (não no import de armazenamento): os testes o diminuem
    return await enfileirar_lembretes(
        banco, lembretes, (comeco, fim), agora, CANAIS_COM_AVISO, lote=LOTE
    )
