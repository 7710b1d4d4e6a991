"""Importação do cadastro do programa: `inclusao importar ARQUIVO` e a carga de demonstração.

Aceita planilha .xlsx (uma aba por tabela), arquivo TOML (listas [[cras]], [[turmas]]...)
ou pasta de CSV (cras.csv, turmas.csv...). Tudo é conferido antes; com qualquer erro,
nada é gravado e a lista completa de problemas volta em `ErroImportacao.erros`.
"""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from armazenamento.banco import unidade_de_trabalho
from armazenamento.cadastro import esquecer_cadastro
from armazenamento.importacao.erros import ErroImportacao, ErroLinha
from armazenamento.importacao.gravacao import Relatorio, carregar_cadastro, gravar
from armazenamento.importacao.leitura import ler
from armazenamento.importacao.validacao import validar
from armazenamento.modelos import Ciclo

__all__ = [
    "CAMINHO_DEMO",
    "ErroImportacao",
    "ErroLinha",
    "Relatorio",
    "banco_sem_programa",
    "importar",
]

CAMINHO_DEMO = Path(__file__).parent / "demo.toml"


async def importar(
    caminho: Path, sessoes: async_sessionmaker[AsyncSession], hoje: date
) -> Relatorio:
    """Lê, confere e grava numa transação só. `hoje` resolve datas como "hoje+10"."""
    fonte = await asyncio.to_thread(ler, Path(caminho))
    async with unidade_de_trabalho(sessoes) as sessao:
        cadastro = await carregar_cadastro(sessao)
        conferencia = validar(fonte, cadastro.existentes(), hoje)
        relatorio = await gravar(sessao, conferencia.programa, cadastro)
    esquecer_cadastro()
    relatorio.origens, relatorio.avisos = conferencia.origens, conferencia.avisos
    return relatorio


async def banco_sem_programa(sessoes: async_sessionmaker[AsyncSession]) -> bool:
    """Sem nenhum ciclo cadastrado, a partida carrega a demonstração."""
    async with sessoes() as sessao:
        primeiro = await sessao.execute(select(Ciclo).limit(1))
        return primeiro.first() is None
