"""Fixtures dos testes das bordas (bot/)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest


@pytest.fixture
def niveis_de_registro() -> Iterator[None]:
    """`main` configura o registro do processo; aqui, o do pytest volta como estava."""
    nomes = ["", "httpx", "aiohttp.access", "alembic", "apscheduler", "telegram"]
    antes = {nome: logging.getLogger(nome).level for nome in nomes}
    yield
    for nome, nivel in antes.items():
        logging.getLogger(nome).setLevel(nivel)
