"""R17: um alerta aberto por matrícula, garantido pelo banco (índice único parcial)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from armazenamento.alertas import abrir, decidir
from armazenamento.modelos_alertas import Alerta
from tests.fluxos.dados_evasao import NOITE
from tests.fluxos.dados_lembretes import matricular, semear


async def test_r17_um_alerta_aberto_por_matricula_mesmo_sem_conferir_antes(
    sessoes: async_sessionmaker[AsyncSession], motor_banco: AsyncEngine
) -> None:
    turmas = await semear(sessoes)
    mid = await matricular(motor_banco, turmas["T0"], "1")
    async with motor_banco.begin() as c:
        primeiro = await abrir(c, mid, "faltas_seguidas", NOITE)
        assert primeiro is not None
        assert await abrir(c, mid, "projecao", NOITE) is None  # outra verificação ao mesmo tempo
        assert await decidir(c, primeiro, ("aberto",), "acompanhando", None, NOITE)
        assert await abrir(c, mid, "projecao", NOITE) is None  # em acompanhamento também conta
    with pytest.raises(IntegrityError):  # quem grava direto também esbarra no banco
        async with motor_banco.begin() as c:
            await c.execute(
                sa.insert(Alerta.__table__).values(  # type: ignore[attr-defined]
                    matricula_id=mid,
                    motivo="projecao",
                    situacao="aberto",
                    aberto_em=NOITE,
                    resposta="",
                )
            )
    async with motor_banco.begin() as c:
        assert await decidir(c, primeiro, ("aberto", "acompanhando"), "falso_alarme", None, NOITE)
        assert not await decidir(c, primeiro, ("aberto", "acompanhando"), "confirmado", None, NOITE)
        assert await abrir(c, mid, "projecao", NOITE) is not None  # fechado: pode abrir outro
