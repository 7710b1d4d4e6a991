"""O `bench/whatsapp.py` com poucos cidadãos e uma fila curta, nos dois bancos: para ele
não apodrecer. Sem medida de tempo (isso é do bench): só que termina com todas as
pré-inscrições gravadas e nada perdido ou duplicado, nem nas respostas nem na fila."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from armazenamento import importacao
from armazenamento.tempo import FUSO, agora
from bench.whatsapp import medir_preinscricao
from bench.whatsapp_fila import medir_fila

PESSOAS, FILA = 3, 40


async def test_bench_do_whatsapp_termina_sem_perder_nem_duplicar(
    motor_banco: AsyncEngine, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    await importacao.importar(importacao.CAMINHO_DEMO, sessoes, agora().astimezone(FUSO).date())

    resultado = await medir_preinscricao(motor_banco, PESSOAS, vazao=1000, concorrencia=2)
    resultado |= await medir_fila(motor_banco, FILA, por_segundo=80)

    assert resultado["preinscricoes"] == PESSOAS
    assert resultado["nao_processadas"] == 0  # toda mensagem recebida foi até o fim
    assert resultado["updates"] == PESSOAS * 14
    assert resultado["duplicadas_respostas"] == 0
    assert (resultado["perdidas"], resultado["duplicadas"]) == (0, 0)
    assert resultado["enviadas_no_banco"] == FILA
    assert resultado["recusas_130429"] == 0
