"""Ferramentas dos testes de importação: o mesmo conteúdo em TOML, xlsx e CSV."""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path

import openpyxl
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from armazenamento.modelos import Bairro, Ciclo, Cras, Curso, Encontro, Osc, Turma

Tabelas = dict[str, list[dict[str, object]]]

MODELOS = {
    "cras": Cras,
    "bairros": Bairro,
    "oscs": Osc,
    "cursos": Curso,
    "ciclos": Ciclo,
    "turmas": Turma,
    "encontros": Encontro,
}


def ler_tabelas_toml(caminho: Path) -> Tabelas:
    with caminho.open("rb") as arquivo:
        return tomllib.load(arquivo)


def _cabecalho(linhas: list[dict[str, object]]) -> list[str]:
    colunas: list[str] = []
    for linha in linhas:
        colunas.extend(c for c in linha if c not in colunas)
    return colunas


def escrever_xlsx(tabelas: Tabelas, caminho: Path) -> Path:
    """Uma aba por tabela, cabeçalho na linha 1, como a equipe da Prefeitura faz."""
    livro = openpyxl.Workbook()
    livro.remove(livro.active)  # type: ignore[arg-type]
    for nome, linhas in tabelas.items():
        folha = livro.create_sheet(nome)
        colunas = _cabecalho(linhas)
        folha.append(colunas)
        for linha in linhas:
            folha.append([linha.get(c) for c in colunas])
    livro.save(caminho)
    return caminho


def escrever_csv(tabelas: Tabelas, pasta: Path) -> Path:
    pasta.mkdir(parents=True, exist_ok=True)
    for nome, linhas in tabelas.items():
        colunas = _cabecalho(linhas)
        with (pasta / f"{nome}.csv").open("w", encoding="utf-8", newline="") as arquivo:
            escritor = csv.writer(arquivo)
            escritor.writerow(colunas)
            for linha in linhas:
                escritor.writerow(["" if linha.get(c) is None else linha.get(c) for c in colunas])
    return pasta


def escrever_arquivos(pasta: Path, arquivos: dict[str, str]) -> Path:
    pasta.mkdir(parents=True, exist_ok=True)
    for nome, texto in arquivos.items():
        (pasta / nome).write_text(texto, encoding="utf-8")
    return pasta


async def contar(sessoes: async_sessionmaker[AsyncSession]) -> dict[str, int]:
    """Linhas de cada tabela do cadastro: para provar que nada foi gravado."""
    async with sessoes() as sessao:
        return {
            nome: int((await sessao.execute(select(func.count()).select_from(modelo))).scalar_one())
            for nome, modelo in MODELOS.items()
        }
