"""Acha o cabeçalho de uma aba ou CSV como as equipes montam a planilha de verdade.

Nem sempre o cabeçalho está na linha 1: há linha de título acima ("Turmas 2027"), linhas
vazias antes, colunas vazias no fim e linhas vazias depois dos dados. O cabeçalho é a
primeira das primeiras linhas que tem dois ou mais nomes de coluna conhecidos (ou um, na
tabela de uma coluna só); sem nenhuma assim, a primeira linha com alguma coisa (e a
validação diz o que falta nela).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import chain

from armazenamento.importacao.erros import ErroImportacao, ErroLinha
from armazenamento.importacao.esquema import ESQUEMA, compactar
from armazenamento.importacao.fonte import MAX_LINHAS, Linha, Tabela, esta_vazio

PROCURAR_ATE = 10  # linhas de título acima do cabeçalho: uma ou duas, nunca dez
_CONHECIDAS = frozenset(compactar(c.nome) for colunas in ESQUEMA.values() for c in colunas)

Fila = tuple[int, Sequence[object]]  # número da linha como a planilha mostra, valores


def _conhecidas(fila: Sequence[object]) -> int:
    return sum(1 for c in fila if isinstance(c, str) and compactar(c) in _CONHECIDAS)


def _titulo(valor: object) -> str:
    return "" if valor is None else str(valor).replace("\ufeff", "").strip()


def _escolher(primeiras: list[Fila]) -> int:
    """Índice, em `primeiras`, da fila que é o cabeçalho."""
    for minimo in (2, 1):
        for indice, (_numero, fila) in enumerate(primeiras):
            if _conhecidas(fila) >= minimo:
                return indice
    return next(i for i, (_n, fila) in enumerate(primeiras) if not _vazia(fila))


def _vazia(fila: Sequence[object]) -> bool:
    return all(esta_vazio(valor) for valor in fila)


def montar_tabela(origem: str, filas: Iterable[Fila]) -> Tabela:
    """Cabeçalho e linhas de dados; linha vazia (só espaços, NBSP) não conta."""
    iterador = iter(filas)
    primeiras: list[Fila] = []
    for primeira in iterador:
        primeiras.append(primeira)
        if len([f for f in primeiras if not _vazia(f[1])]) >= PROCURAR_ATE:
            break
    if all(_vazia(fila) for _n, fila in primeiras):
        return Tabela(origem=origem, colunas=[])
    inicio = _escolher(primeiras)
    colunas = [_titulo(c) for c in primeiras[inicio][1]]
    tabela = Tabela(origem=origem, colunas=colunas, linha_cabecalho=primeiras[inicio][0])
    for numero, fila in chain(primeiras[inicio + 1 :], iterador):
        _acrescentar(tabela, colunas, numero, fila)
    return tabela


def _acrescentar(tabela: Tabela, colunas: list[str], numero: int, fila: Sequence[object]) -> None:
    if _vazia(fila):
        return
    if len(tabela.linhas) >= MAX_LINHAS:
        motivo = f"mais de {MAX_LINHAS} linhas; divida o arquivo"
        raise ErroImportacao([ErroLinha(tabela.origem, numero, motivo)])
    valores = {colunas[i]: valor for i, valor in enumerate(fila) if i < len(colunas)}
    valores.pop("", None)
    tabela.linhas.append(Linha(origem=tabela.origem, numero=numero, valores=valores))
