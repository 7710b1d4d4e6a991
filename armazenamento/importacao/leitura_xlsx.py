"""Leitura de planilha .xlsx: uma aba por tabela.

As células de data da planilha chegam como data de verdade; números de linha são os
que o Excel mostra. O tamanho que a aba declara (`<dimension ref="A1"/>`, escrito errado
por alguns geradores) é ignorado: no modo só-leitura o openpyxl confiaria nele e leria
só a primeira célula, e a importação "daria certo" sem importar nada.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from armazenamento.importacao.cabecalho import montar_tabela
from armazenamento.importacao.erros import ErroImportacao, ErroLinha
from armazenamento.importacao.fonte import Fonte


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
            if isinstance(folha, ReadOnlyWorksheet):
                folha.reset_dimensions()  # lê até a última célula que existe de verdade
            filas = enumerate(folha.iter_rows(values_only=True), start=1)
            fonte[folha.title] = montar_tabela(f"aba {folha.title}", filas)
        return fonte
    finally:
        livro.close()
