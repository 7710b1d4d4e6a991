"""A verificação de evasão (R17): abre um alerta para cada matrícula ativa que a regra
aponta e que ainda não tem alerta aberto.

Roda logo depois de cada chamada (só a turma dela, na transação da chamada:
`verificar_apos_chamada`) e toda manhã, às 7h, pelo agendador (todas as turmas, em lotes, um
commit por lote: `verificar_a_noite`). As regras são as de `fluxos.regras.evasao`; os
encontros vêm de `fluxos.evasao.sequencias`. Rodar de novo, ou em dois processos ao mesmo
tempo, não abre outro alerta: o banco aceita um só aberto por matrícula, e os avisos têm
chave única.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from armazenamento.alertas import abrir, estado_das_turmas
from armazenamento.evasao import em_lotes, turmas_com_ativas
from fluxos.evasao.avisos import avisar_alerta
from fluxos.evasao.sequencias import sequencias_do_lote
from fluxos.passos import Contexto
from fluxos.regras.evasao import RegrasEvasao, motivo_novo

log = logging.getLogger(__name__)

PADRAO = RegrasEvasao()  # os limites de R17 quando nada foi configurado


async def verificar_turmas(
    conexao: AsyncConnection,
    agora: datetime,
    regras: RegrasEvasao = PADRAO,
    turma_ids: Sequence[int] | None = None,
) -> int:
    """R17: abre os alertas (e enfileira os avisos) das turmas pedidas, ou de todas.
    Não faz commit. Devolve quantos alertas abriu agora."""
    turmas = list(turma_ids) if turma_ids is not None else await turmas_com_ativas(conexao)
    abertos_agora = 0
    for lote in em_lotes(turmas):
        abertos, falsos = await estado_das_turmas(conexao, lote)
        for sequencia in await sequencias_do_lote(conexao, lote):
            if sequencia.matricula_id in abertos:
                continue  # um alerta aberto ou em acompanhamento: nada de repetir
            falso_em = falsos.get(sequencia.matricula_id)
            desde = sequencia.quantos_antes(falso_em) if falso_em else 0
            motivo = motivo_novo(sequencia.encontros, regras, desde)
            if motivo is None:
                continue
            alerta_id = await abrir(conexao, sequencia.matricula_id, motivo, agora)
            if alerta_id is not None:
                await avisar_alerta(conexao, alerta_id, sequencia.matricula_id, motivo, agora)
                abertos_agora += 1
    return abertos_agora


async def verificar_apos_chamada(ctx: Contexto, turma_id: int) -> int:
    """Para quem grava a chamada: chame com a turma, na mesma transação, logo depois de
    salvar as marcas. A equipe fica sabendo minutos depois da aula, não no fim do curso."""
    return await verificar_turmas(ctx.conexao, ctx.agora, ctx.ajustes.evasao, [turma_id])


async def verificar_a_noite(
    banco: AsyncEngine, agora: datetime, regras: RegrasEvasao = PADRAO
) -> int:
    """A tarefa da noite: todas as turmas com matrícula ativa, um commit por lote (uma
    queda no meio não desfaz os lotes já feitos; rodar de novo continua sem repetir)."""
    async with banco.connect() as conexao:
        turmas = await turmas_com_ativas(conexao)
    total = 0
    for lote in em_lotes(turmas):
        async with banco.begin() as conexao:
            total += await verificar_turmas(conexao, agora, regras, lote)
    log.info("evasao: %d alertas abertos em %d turmas", total, len(turmas))
    return total
