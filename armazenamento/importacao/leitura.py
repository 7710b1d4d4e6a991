"""Escolhe o leitor pelo tipo de origem: .xlsx, .ods, .xls, .toml ou pasta (ou arquivo) de CSV."""

from __future__ import annotations

from pathlib import Path

from armazenamento.importacao.erros import ErroImportacao, ErroLinha
from armazenamento.importacao.fonte import MAX_BYTES, Fonte
from armazenamento.importacao.leitura_calamine import ler_planilha
from armazenamento.importacao.leitura_csv import ler_csv
from armazenamento.importacao.leitura_toml import ler_toml
from armazenamento.importacao.leitura_xlsx import ler_xlsx

_LEITORES = {
    ".xlsx": ler_xlsx,
    ".xlsm": ler_xlsx,
    ".ods": ler_planilha,  # LibreOffice
    ".xls": ler_planilha,  # Excel 97-2003 e o padrão de alguns WPS
    ".xlsb": ler_planilha,
    ".toml": ler_toml,
    ".csv": ler_csv,
}


def ler(caminho: Path) -> Fonte:
    """Transforma a origem na estrutura neutra; problema de arquivo vira ErroImportacao."""
    try:
        return _ler(caminho)
    except OSError as erro:
        motivo = f"não consegui ler ({erro.strerror or type(erro).__name__})"
        raise ErroImportacao([ErroLinha(caminho.name or str(caminho), 0, motivo)]) from erro


def _ler(caminho: Path) -> Fonte:
    if caminho.is_dir():
        return ler_csv(caminho)
    if not caminho.is_file():
        raise ErroImportacao([ErroLinha(str(caminho), 0, "arquivo ou pasta não encontrado")])
    leitor = _LEITORES.get(caminho.suffix.lower())
    if leitor is None:
        motivo = (
            "formato não reconhecido; use .xlsx, .ods, .xls, .toml ou uma pasta de arquivos .csv"
        )
        raise ErroImportacao([ErroLinha(caminho.name, 0, motivo)])
    if caminho.stat().st_size > MAX_BYTES:
        motivo = f"arquivo grande demais (mais de {MAX_BYTES // 1024 // 1024} MB)"
        raise ErroImportacao([ErroLinha(caminho.name, 0, motivo)])
    return leitor(caminho)
