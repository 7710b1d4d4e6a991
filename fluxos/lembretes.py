"""Lembrete de aula na véspera (R7, R16): "amanhã tem aula de … às … Você vai?".

Roda numa tarefa agendada (todo dia na hora configurada, padrão 18h em Bauru), em vários
processos se for o caso: cada lembrete é único no banco (chave do envio
"lembrete:{encontro}:{matricula}"), então rodar duas vezes não lembra ninguém duas vezes.

Aqui fica o que é decisão do programa: a partir de que hora lembrar, que amanhã é
(America/Sao_Paulo), que feriado não tem aula, quais canais aceitam mensagem sem a pessoa
ter escrito antes e o texto do lembrete, e o tamanho das transações (commit a cada ~`LOTE`
linhas novas: a trava de escrita fica curta). Como os envios nascem no banco (INSERT …
SELECT em lotes, instruções montadas uma vez) fica em `armazenamento/lembretes.py`, que
nunca confirma. Benchmark: `bench/lembretes.py`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from armazenamento.banco import transacao
from armazenamento.lembretes import (
    LOTE,
    Aula,
    LembreteDaAula,
    aulas_entre,
    inserir_lote,
    tamanhos_das_turmas,
    teto_do_lote,
)
from armazenamento.tempo import FUSO
from fluxos.aberturas import CANAIS_COM_AVISO
from fluxos.avisos_fila import LEMBRETE_AULA, com_modelo, conteudo_do_aviso
from fluxos.regras.feriados import eh_feriado
from mensagens.botoes import da_fila
from mensagens.catalogo import texto
from mensagens.formatos import dia_da_semana_e_data, hora_falada
from mensagens.tipos import Botao, Saida

INSTRUCOES_POR_COMMIT = 64  # rodando de novo nada é novo: ainda assim a trava é curta

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
    local = aula.local.strip() or texto("whatsapp_fila.local_de_sempre")
    return com_modelo(Saida(corpo, botoes), LEMBRETE_AULA, local=local, **campos)


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
        LembreteDaAula(aula.encontro_id, aula.turma_id, conteudo_do_aviso(montar_lembrete(aula)))
        for aula in aulas
    ]
    # LOTE é lido aqui a cada rodada (não no import de armazenamento): os testes o diminuem
    return await enfileirar_lembretes(
        banco, lembretes, (comeco, fim), agora, CANAIS_COM_AVISO, lote=LOTE
    )


async def enfileirar_lembretes(
    banco: AsyncEngine,
    lembretes: Sequence[LembreteDaAula],
    janela: tuple[datetime, datetime],
    agora: datetime,
    canais: frozenset[str],
    lote: int = LOTE,
) -> int:
    """Põe na fila, para cada matrícula ativa com conversa num dos `canais`, o lembrete da
    aula da sua turma; `janela` é o [comeco, fim) das aulas (para contar as turmas).

    Transações curtas, cada uma a sua unidade de trabalho: commit a cada ~`lote` linhas
    novas ou a cada `INSTRUCOES_POR_COMMIT` instruções (rodando de novo nada é novo, e a
    trava ainda assim é curta). Uma queda no meio perde só o lote aberto: rodar de novo
    completa o resto, e a chave única não duplica nada. Devolve quantos envios nasceram.
    """
    async with transacao(banco) as conexao:
        tamanhos = await tamanhos_das_turmas(conexao, *janela, canais)
    # o que falta: (lembrete, a última matrícula já coberta da turma)
    falta = deque((lem, 0) for lem in lembretes if tamanhos.get(lem.turma_id))
    criados = 0
    while falta:
        async with transacao(banco) as conexao:
            novos = instrucoes = 0
            while falta and novos < lote and instrucoes < INSTRUCOES_POR_COMMIT:
                lembrete, desde = falta.popleft()
                teto = None
                if tamanhos[lembrete.turma_id] > lote:
                    teto = await teto_do_lote(conexao, canais, lembrete.turma_id, desde, lote)
                novos += await inserir_lote(conexao, canais, lembrete, agora, (desde, teto))
                instrucoes += 1
                if teto is not None:  # a turma continua depois deste lote
                    falta.appendleft((lembrete, teto))
        criados += novos
    return criados
