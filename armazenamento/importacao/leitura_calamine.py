"""Leitura de .ods (o formato do LibreOffice), .xls (Excel 97-2003, que o WPS ainda salva
por padrão) e .xlsb, pelo python-calamine: uma aba por tabela, como no .xlsx.

As células chegam com o tipo que o programa gravou (data, hora, número, texto); a célula
vazia chega como "" e conta como vazia. Fórmulas chegam pelo valor calculado.
"""

from __future__ import annotations

from pathlib import Path

import python_calamine as calamine

from armazenamento.importacao.cabecalho import montar_tabela
from armazenamento.importacao.erros import ErroImportacao, ErroLinha
from armazenamento.importacao.fonte import Fonte

_ERROS = (calamine.CalamineError, calamine.ZipError, calamine.XmlError, calamine.PasswordError)


def ler_planilha(caminho: Path) -> Fonte:
    """Lê todas as abas de trabalho (gráficos e macros ficam de fora)."""
    try:
        with calamine.load_workbook(caminho) as livro:
            fonte: Fonte = {}
            for aba in livro.sheets_metadata:
                if aba.typ != calamine.SheetTypeEnum.WorkSheet:
                    continue
                filas = livro.get_sheet_by_name(aba.name).to_python(skip_empty_area=False)
                fonte[aba.name] = montar_tabela(f"aba {aba.name}", enumerate(filas, start=1))
            return fonte
    except (*_ERROS, ValueError) as erro:
        motivo = f"não consegui abrir a planilha ({type(erro).__name__}); salve como .xlsx"
        raise ErroImportacao([ErroLinha(caminho.name, 0, motivo)]) from erro
