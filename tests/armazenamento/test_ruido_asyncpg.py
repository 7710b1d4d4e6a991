"""A queda do PostgreSQL não enche o registro com o futuro órfão do asyncpg (só ele sai)."""

from __future__ import annotations

import logging

import pytest

from armazenamento.ruido_asyncpg import FuturoOrfaoDaConexao


def _registro(erro: BaseException | None) -> logging.LogRecord:
    info = (type(erro), erro, None) if erro is not None else None
    return logging.LogRecord(
        "asyncio",
        logging.ERROR,
        "base_events.py",
        1,
        "Future exception was never retrieved",
        None,
        info,
    )


@pytest.mark.parametrize(
    ("erro", "passa"),
    [
        (ConnectionError("unexpected connection_lost() call"), False),
        (ConnectionError("connection refused"), True),
        (RuntimeError("unexpected connection_lost() call"), True),
        (None, True),
    ],
)
def test_so_o_futuro_orfao_da_conexao_cortada_sai_do_registro(
    erro: BaseException | None, passa: bool
) -> None:
    assert FuturoOrfaoDaConexao().filter(_registro(erro)) is passa
