"""Leitura de uma pasta de CSV: um arquivo por tabela (turmas.csv, cursos.csv...).

Aceita o CSV como cada programa salva: UTF-8 com ou sem BOM (Excel "CSV UTF-8", Google
Sheets, LibreOffice), Windows-1252 (o "CSV" do Excel brasileiro), UTF-16 (o "Texto
Unicode" do Excel e do WPS, separado por tabulação); separador `;`, `,` ou tabulação, ou
o que a linha `sep=;` do Excel disser; aspas e fim de linha do Windows (CRLF).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

from armazenamento.importacao.cabecalho import Fila, montar_tabela
from armazenamento.importacao.erros import ErroImportacao, ErroLinha
from armazenamento.importacao.fonte import MAX_BYTES, Fonte, Tabela

_SEPARADORES = (";", ",", "\t")
_DICA_DO_EXCEL = re.compile(r'^"?sep=(.)"?\r?\n', re.IGNORECASE)  # primeira linha "sep=;"
_BOMS_UTF16 = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def ler_csv(caminho: Path) -> Fonte:
    """Lê a pasta (ou um arquivo .csv só); o nome do arquivo sem extensão é a tabela."""
    if caminho.is_dir():
        arquivos = sorted(p for p in caminho.iterdir() if p.suffix.lower() == ".csv")
    else:
        arquivos = [caminho]
    if not arquivos:
        raise ErroImportacao([ErroLinha(caminho.name, 0, "a pasta não tem nenhum arquivo .csv")])
    return {arquivo.stem: _ler_arquivo(arquivo) for arquivo in arquivos}


def _decodificar(arquivo: Path) -> str:
    dados = arquivo.read_bytes()
    if len(dados) > MAX_BYTES:
        motivo = f"arquivo grande demais (mais de {MAX_BYTES // 1024 // 1024} MB)"
        raise ErroImportacao([ErroLinha(arquivo.name, 0, motivo)])
    if dados.startswith(_BOMS_UTF16):
        return dados.decode("utf-16")
    try:
        return dados.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # cp1252 não tem buracos que importem; latin-1 lê qualquer byte (0x81, 0x8d...)
    sem_bom = dados.removeprefix(codecs.BOM_UTF8)
    try:
        return sem_bom.decode("cp1252")
    except UnicodeDecodeError:
        return sem_bom.decode("latin-1")


def _separador(texto: str) -> tuple[str, str]:
    """O separador e o texto sem a linha `sep=`. Sem ela, o que aparece em todas as
    primeiras linhas que têm algum (a linha de título costuma não ter nenhum; uma vírgula
    dentro de um endereço aparece em uma linha só)."""
    dica = _DICA_DO_EXCEL.match(texto)
    if dica:
        return dica.group(1), " " + texto[dica.end() - 1 :]  # mantém os números de linha
    linhas = [linha for linha in texto.splitlines()[:10] if any(s in linha for s in _SEPARADORES)]
    presenca = {s: min((linha.count(s) for linha in linhas), default=0) for s in _SEPARADORES}
    melhor = max(_SEPARADORES, key=lambda s: presenca[s])
    return (melhor if presenca[melhor] else ","), texto


def _filas(leitor: Iterator[list[str]], origem: str) -> Iterator[Fila]:
    """(linha onde o registro começa, valores): um campo entre aspas pode ter quebra."""
    numero = 1
    try:
        for fila in leitor:
            yield numero, fila
            numero = leitor.line_num + 1  # type: ignore[attr-defined]
    except csv.Error as erro:
        motivo = f"CSV malformado ({erro})"
        raise ErroImportacao([ErroLinha(origem, numero, motivo)]) from erro


def _ler_arquivo(arquivo: Path) -> Tabela:
    separador, texto = _separador(_decodificar(arquivo))
    leitor = csv.reader(io.StringIO(texto, newline=""), delimiter=separador)
    return montar_tabela(arquivo.name, _filas(leitor, arquivo.name))
