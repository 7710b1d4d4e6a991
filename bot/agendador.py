"""Agendador (APScheduler 3, no processo): só dá o tique das tarefas.

Cada tarefa é segura para rodar em vários processos ao mesmo tempo, porque o que ela
cria é único no banco (chave do envio) e o que ela envia é reivindicado com trava.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from armazenamento.disponibilidade import disponibilidade
from armazenamento.tempo import FUSO, agora
from bot.despachante import Despachante
from fluxos.aberturas import avisar_aberturas
from fluxos.ajustes import Ajustes
from fluxos.convocacao import cuidar_das_convocacoes
from fluxos.evasao import verificar_a_noite
from fluxos.lembretes import HORA_PADRAO, gerar_lembretes
from fluxos.pedido_ajuda.escalada import escalar_pedidos
from fluxos.regras.semana import HorarioSemanal
from fluxos.resumo_acessuas import enviar_resumo_acessuas
from fluxos.retencao import Prazos, aplicar_retencao

log = logging.getLogger(__name__)

INTERVALO_DESPACHO = 2.0  # segundos entre uma olhada e outra na fila
HORA_RETENCAO = 3  # de madrugada em Bauru, quando quase ninguém escreve
RESUMO_ACESSUAS = HorarioSemanal()  # R19: segunda às 8h de Bauru
# R17: a verificação de todas as turmas às 7h de Bauru, não às 22h: a mensagem de cuidado
# ("sentimos sua falta") chega de manhã, nunca de noite a quem está numa fase difícil; as
# chamadas da noite já abriram os seus alertas na hora (e a mensagem espera as 7h)
HORA_EVASAO = 7


async def reter(banco: AsyncEngine, agora: datetime, prazos: Prazos) -> None:
    """A retenção do dia (LGPD). Banco fora do ar: uma linha no registro, sem traceback, e
    a tarefa fica para a próxima vez (o que ela apaga não tem pressa de minutos)."""
    try:
        feito = await aplicar_retencao(banco, agora, prazos)
    except (SQLAlchemyError, OSError) as erro:
        log.warning("retencao: banco indisponivel (%s); fica para a proxima", type(erro).__name__)
        return
    log.info(
        "retencao: %d entradas apagadas, %d envios esvaziados, %d conversas zeradas",
        feito.entradas,
        feito.enviadas,
        feito.conversas,
    )


Tarefa = Callable[[], Awaitable[object]]


def sem_queda(banco: AsyncEngine, tarefa: Tarefa) -> Callable[[], Awaitable[None]]:
    """A tarefa, mas com o banco fora ela não roda (a próxima volta faz) e o erro de banco
    fora vira a linha única da queda, não um rastro de pilha a cada volta."""
    estado = disponibilidade(banco)

    async def rodar() -> None:
        if estado.fora:
            return
        try:
            await tarefa()
        except Exception as erro:
            if not estado.registrar(erro):  # as tarefas só falam com o banco (e a fila)
                raise

    return rodar


def criar_agendador(
    banco: AsyncEngine,
    despachantes: Sequence[Despachante],
    minuto_a_minuto: Sequence[Callable[[], Awaitable[object]]] = (),
    relogio: Callable[[], datetime] = agora,
    hora_lembrete: int = HORA_PADRAO,
    feriados_extras: frozenset[date] = frozenset(),
    ajustes: Ajustes | None = None,
    retencao: Prazos | None = None,
    resumo_acessuas: HorarioSemanal | None = RESUMO_ACESSUAS,
) -> AsyncIOScheduler:
    """Não começa sozinho: quem cria chama `.start()` (e `.shutdown()` no fim).

    `ajustes`: os prazos da convocação (R5) para os lembretes e as reposições automáticas;
    sem eles, os padrões (3 dias de prazo, lembrete 1 dia antes). `retencao`: por quanto
    tempo guardar mensagens cruas e conversas paradas (padrão: 7 e 30 dias).
    `resumo_acessuas`: dia e hora do resumo semanal do Acessuas (R19); None: desligado."""

    def _sem_queda(tarefa: Tarefa) -> Callable[[], Awaitable[None]]:
        return sem_queda(banco, tarefa)

    agendador = AsyncIOScheduler(
        timezone=FUSO,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
    )
    for despachante in despachantes:
        agendador.add_job(
            sem_queda(banco, despachante.esvaziar),
            "interval",
            seconds=INTERVALO_DESPACHO,
            id=f"despachar:{despachante.canal}",
        )

    for i, tarefa in enumerate(minuto_a_minuto):
        agendador.add_job(sem_queda(banco, tarefa), "interval", minutes=1, id=f"minuto:{i}")

    @_sem_queda
    async def aberturas() -> None:
        await avisar_aberturas(banco, relogio())

    # de hora em hora (e logo na partida): quem pediu aviso sabe no dia em que abrir
    agendador.add_job(aberturas, "cron", minute=0, id="avisar_aberturas")
    agendador.add_job(aberturas, id="avisar_aberturas_na_partida")

    @_sem_queda
    async def lembretes() -> None:
        await gerar_lembretes(banco, relogio(), hora_lembrete, feriados_extras)

    # lembrete de aula na véspera, na hora de Bauru; na partida também (antes da hora não
    # gera nada; depois dela, recupera a noite de um processo que estava parado às 18h)
    agendador.add_job(lembretes, "cron", hour=hora_lembrete, minute=0, id="lembretes_de_aula")
    agendador.add_job(lembretes, id="lembretes_de_aula_na_partida")

    @_sem_queda
    async def convocacoes() -> None:
        await cuidar_das_convocacoes(banco, relogio(), ajustes)

    # convocação (R5): lembrete antes do prazo, prazo vencido e o próximo da lista no lugar
    agendador.add_job(convocacoes, "interval", minutes=1, id="convocacoes")

    @_sem_queda
    async def pedidos_de_ajuda() -> None:
        await escalar_pedidos(banco, relogio(), ajustes, feriados_extras)

    # pedido de ajuda sem resposta no prazo (dias úteis) vai ao CRAS (R20), uma vez só
    agendador.add_job(pedidos_de_ajuda, "interval", minutes=10, id="escalar_pedidos_de_ajuda")
    regras_evasao = (ajustes or Ajustes()).evasao

    @_sem_queda
    async def evasao() -> None:
        await verificar_a_noite(banco, relogio(), regras_evasao)

    # R17: a verificação de todas as turmas, toda manhã (a de cada chamada sai na hora);
    # segura em vários processos: um alerta aberto por matrícula e avisos com chave única
    agendador.add_job(evasao, "cron", hour=HORA_EVASAO, minute=0, id="evasao")

    prazos = retencao or Prazos()

    async def retencao_do_dia() -> None:
        await reter(banco, relogio(), prazos)

    # uma vez por dia, e na partida (um processo reiniciado toda noite também limpa)
    agendador.add_job(retencao_do_dia, "cron", hour=HORA_RETENCAO, minute=30, id="retencao")
    agendador.add_job(retencao_do_dia, id="retencao_na_partida")
    if resumo_acessuas is not None:
        _resumo_semanal(agendador, banco, relogio, resumo_acessuas)
    return agendador


def _resumo_semanal(
    agendador: AsyncIOScheduler,
    banco: AsyncEngine,
    relogio: Callable[[], datetime],
    horario: HorarioSemanal,
) -> None:
    """R19: o resumo da semana ao Acessuas, no dia e hora de Bauru, e na partida (um
    processo parado na hora manda ao voltar; a chave por semana não deixa repetir)."""

    async def tarefa() -> None:
        await enviar_resumo_acessuas(banco, relogio(), horario)

    resumo = sem_queda(banco, tarefa)
    agendador.add_job(
        resumo,
        "cron",
        day_of_week=horario.dia_cron,
        hour=horario.hora,
        minute=0,
        id="resumo_acessuas",
    )
    agendador.add_job(resumo, id="resumo_acessuas_na_partida")
