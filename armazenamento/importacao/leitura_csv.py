"""Leitura de uma pasta de CSV: um arquivo por tabela (turmas.csv, cursos.csv...).

Aceita UTF-8 e o CSV do Excel brasileiro (Windows-1252, separado por ponto e vírgula).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from armazenamento.importacao.erros import ErroImportacao, ErroLinha
from armazenamento.importacao.fonte import MAX_BYTES, MAX_LINHAS, Fonte, Linha, Tabela, esta_vazio


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
    for codificacao in ("utf-8-sig", "cp1252"):
        try:
            return dados.decode(codificacao)
        except UnicodeDecodeError:
            continue
    return dados.decode("latin-1")


def _separador(texto: str) -> str:
    primeira = texto.split("\n", 1)[0]
    return ";" if primeira.count(";") > primeira.count(",") else ","


def _ler_arquivo(arquivo: Path) -> Tabela:
    texto = _decodificar(arquivo)
    origem = arquivo.name
    leitor = csv.reader(io.StringIO(texto, newline=""), delimiter=_separador(texto))
    tabela = Tabela(origem=origem)
    numero = 1
    try:
        for fila in leitor:
            _acrescentar(tabela, numero, fila)
            numero = leitor.line_num + 1
    except csv.Error as erro:
        motivo = f"CSV malformado ({erro})"
        raise ErroImportacao([ErroLinha(origem, numero, motivo)]) from erro
    if tabela.colunas is None:
        tabela.colunas = []
    return tabela


def _acrescentar(tabela: Tabela, numero: int, fila: list[str]) -> None:
    if tabela.colunas is None:
        tabela.colunas = [c.strip() for c in fila]
        return
    if all(esta_vazio(valor) for valor in fila):
        return
    if len(tabela.linhas) >= MAX_LINHAS:
        motivo = f"mais de {MAX_LINHAS} linhas; divida o arquivo"
        raise ErroImportacao([ErroLinha(tabela.origem, numero, motivo)])
    colunas = tabela.colunas
    valores: dict[str, object] = {colunas[i]: v for i, v in enumerate(fila) if i < len(colunas)}
    valores.pop("", None)
    tabela.linhas.append(Linha(origem=tabela.origem, numero=numero, valores=valores))
