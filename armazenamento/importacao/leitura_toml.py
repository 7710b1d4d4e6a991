"""Leitura de arquivo TOML: cada tabela é uma lista `[[turmas]]`, `[[cursos]]`...

TOML não dá o número da linha de cada item; usamos a posição na lista (1, 2, 3...).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from armazenamento.importacao.erros import ErroImportacao, ErroLinha
from armazenamento.importacao.fonte import MAX_LINHAS, Fonte, Linha, Tabela

_LINHA_DO_ERRO = re.compile(r"at line (\d+)")


def ler_toml(caminho: Path) -> Fonte:
    """Lê o arquivo inteiro; erro de sintaxe vira um ErroLinha com a linha do arquivo."""
    texto = caminho.read_bytes().decode("utf-8-sig", errors="replace")
    try:
        dados = tomllib.loads(texto)
    except tomllib.TOMLDecodeError as erro:
        achado = _LINHA_DO_ERRO.search(str(erro))
        linha = int(achado.group(1)) if achado else 0
        motivo = f"o TOML tem um erro de escrita ({erro})"
        raise ErroImportacao([ErroLinha(caminho.name, linha, motivo)]) from erro
    fonte: Fonte = {}
    erros: list[ErroLinha] = []
    for nome, itens in dados.items():
        tabela = _ler_lista(nome, itens, erros)
        if tabela is not None:
            fonte[nome] = tabela
    if erros:
        raise ErroImportacao(erros)
    return fonte


def _ler_lista(nome: str, itens: object, erros: list[ErroLinha]) -> Tabela | None:
    if not isinstance(itens, list):
        erros.append(ErroLinha(nome, 0, f"'{nome}' deveria ser uma lista de itens [[{nome}]]"))
        return None
    if len(itens) > MAX_LINHAS:
        erros.append(ErroLinha(nome, 0, f"mais de {MAX_LINHAS} itens; divida o arquivo"))
        return None
    tabela = Tabela(origem=nome)
    for posicao, item in enumerate(itens, start=1):
        if not isinstance(item, dict):
            erros.append(ErroLinha(nome, posicao, f"cada item de [[{nome}]] deve ser uma tabela"))
            continue
        tabela.linhas.append(Linha(origem=nome, numero=posicao, valores=dict(item)))
    return tabela
