"""Issue 9 §2: os prazos do banco vêm do ambiente (INCLUSAO_BANCO_*) e chegam ao banco."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from armazenamento.banco import criar_motor
from armazenamento.disponibilidade import Prazos
from bot.config import ConfiguracaoInvalida, prazos_do_banco


def test_sem_variaveis_valem_os_padroes() -> None:
    assert prazos_do_banco({}) == Prazos()


def test_cada_prazo_vem_da_sua_variavel() -> None:
    ambiente = {
        "INCLUSAO_BANCO_PRAZO_CONEXAO": "1.5",
        "INCLUSAO_BANCO_PRAZO_COMANDO": "4",
        "INCLUSAO_BANCO_PRAZO_FILA": "2",
        "INCLUSAO_BANCO_SUSPEITA": "0.3",
    }
    prazos = prazos_do_banco(ambiente)
    assert (prazos.conexao, prazos.comando, prazos.fila, prazos.suspeita) == (1.5, 4, 2, 0.3)


@pytest.mark.parametrize("valor", ["0", "-1", "abc"])
def test_prazo_invalido_diz_qual_variavel(valor: str) -> None:
    with pytest.raises(ConfiguracaoInvalida, match="INCLUSAO_BANCO_PRAZO_COMANDO"):
        prazos_do_banco({"INCLUSAO_BANCO_PRAZO_COMANDO": valor})


async def test_no_sqlite_o_prazo_de_comando_e_a_espera_pela_trava(tmp_path: Path) -> None:
    motor = criar_motor(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}", Prazos(comando=0.25))
    try:
        async with motor.connect() as conexao:
            assert (await conexao.execute(text("PRAGMA busy_timeout"))).scalar_one() == 250
    finally:
        await motor.dispose()
