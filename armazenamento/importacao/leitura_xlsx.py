"""Leitura de planilha .xlsx: uma aba por tabela, cabeçalho na linha 1.

As células de data da planilha chegam como data de verdade; números de linha são os
que o Excel mostra.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from armazenamento.importacao.erros import ErroImportacao, ErroLinha
from armazenamento.importacao.fonte import MAX_LINHAS, Fonte, Linha, Tabela, esta_vazio


def ler_xlsx(caminho: Path) -> Fonte:
    """Lê todas as abas; `data_only` traz o valor calculado, nunca a fórmula."""
    try:
        livro = openpyxl.load_workbook(caminho, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as erro:
        motivo = f"não consegui abrir a planilha ({type(erro).__name__}); salve como .xlsx"
        raise ErroImportacao([ErroLinha(caminho.name, 0, motivo)]) from erro
    try:
        fonte: Fonte = {}
        for folha in livro.worksheets:
            origem = f"aba {folha.title}"
            fonte[folha.title] = _ler_filas(origem, folha.iter_rows(values_only=True))
        return fonte
    finally:
        livro.close()


def _ler_filas(origem: str, filas: Iterable[tuple[object, ...]]) -> Tabela:
    iterador = iter(filas)
    cabecalho = next(iterador, None)
    if cabecalho is None:
        return Tabela(origem=origem, colunas=[])
    colunas = ["" if c is None else str(c).strip() for c in cabecalho]
    tabela = Tabela(origem=origem, colunas=colunas)
    for numero, fila in enumerate(iterador, start=2):
        if all(esta_vazio(valor) for valor in fila):
            continue
        if len(tabela.linhas) >= MAX_LINHAS:
            motivo = f"mais de {MAX_LINHAS} linhas; divida o arquivo"
            raise ErroImportacao([ErroLinha(origem, numero, motivo)])
        valores = {colunas[i]: valor for i, valor in enumerate(fila) if i < len(colunas)}
        valores.pop("", None)
        tabela.linhas.append(Linha(origem=origem, numero=numero, valores=valores))
    return tabela
