"""Validação: converte cada linha, confere referências e junta TODOS os erros.

Primeiro tudo é conferido; se houver um problema que seja, nada é gravado e a pessoa
recebe a lista inteira (origem, linha, motivo) para corrigir de uma vez.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from armazenamento.importacao.coerencia import conferir_linha
from armazenamento.importacao.erros import ErroImportacao, ErroLinha
from armazenamento.importacao.esquema import (
    ESQUEMA,
    Coluna,
    achar_coluna,
    achar_tabela,
    esta_ignorado,
)
from armazenamento.importacao.fonte import Fonte, Linha, Tabela, esta_vazio
from armazenamento.importacao.referencias import Existentes, conferir_referencias
from armazenamento.importacao.registro import Programa, Registro


@dataclass
class Conferencia:
    """O programa convertido e o que a pessoa precisa saber mesmo quando dá certo."""

    programa: Programa = field(default_factory=lambda: {nome: [] for nome in ESQUEMA})
    origens: dict[str, str] = field(default_factory=dict)  # tabela -> aba/arquivo
    lidas: dict[str, int] = field(default_factory=dict)  # tabela -> linhas de dados
    avisos: list[ErroLinha] = field(default_factory=list)


def converter_fonte(fonte: Fonte, hoje: date, erros: list[ErroLinha]) -> Conferencia:
    """Reconhece as tabelas e converte as linhas; os problemas vão para `erros`.

    Nenhuma aba some em silêncio: a ignorada ou vazia vira aviso; a desconhecida com
    conteúdo, erro; e um arquivo sem nenhuma linha de dados não é importação que deu certo.
    """
    conferencia = Conferencia()
    for nome, tabela in fonte.items():
        _reconhecer(nome, tabela, hoje, conferencia, erros)
    if not conferencia.origens and not erros:
        erros.append(ErroLinha("arquivo", 0, "nenhuma tabela encontrada (cras, turmas...)"))
    elif not erros and not any(conferencia.lidas.values()):
        motivo = "nenhuma linha de dados em nenhuma tabela: nada para importar"
        erros.append(ErroLinha("arquivo", 0, motivo))
    return conferencia


def _reconhecer(
    nome: str, tabela: Tabela, hoje: date, conferencia: Conferencia, erros: list[ErroLinha]
) -> None:
    canonica = None if esta_ignorado(nome) else achar_tabela(nome)
    vazia = not tabela.linhas and not tabela.colunas
    origens = conferencia.origens
    if esta_ignorado(nome):
        conferencia.avisos.append(ErroLinha(tabela.origem, 0, "ignorada (o nome começa com _)"))
    elif canonica is None and vazia:
        conferencia.avisos.append(ErroLinha(tabela.origem, 0, "vazia, ignorada"))
    elif canonica is None:
        aceitas = ", ".join(ESQUEMA)
        motivo = (
            f"tabela '{nome}' desconhecida (use: {aceitas}; "
            "para deixar uma aba de fora, comece o nome dela com _)"
        )
        erros.append(ErroLinha(tabela.origem, 0, motivo))
    elif canonica in origens:
        motivo = f"a tabela {canonica} aparece duas vezes (também em {origens[canonica]})"
        erros.append(ErroLinha(tabela.origem, 0, motivo))
    else:
        origens[canonica] = tabela.origem
        conferencia.lidas[canonica] = len(tabela.linhas)
        if not tabela.linhas:
            motivo = f"nenhuma linha de dados; nada de {canonica} entrou"
            conferencia.avisos.append(ErroLinha(tabela.origem, 0, motivo))
        if not vazia:
            conferencia.programa[canonica] = _converter_tabela(canonica, tabela, hoje, erros)


def _conferir_cabecalho(nome: str, tabela: Tabela, erros: list[ErroLinha]) -> set[str]:
    """Devolve as colunas obrigatórias ausentes, para não repetir o erro em cada linha."""
    vistas: set[str] = set()
    for titulo in tabela.colunas or []:
        if not titulo or esta_ignorado(titulo):
            continue
        coluna = achar_coluna(nome, titulo)
        if coluna is None:
            erros.append(
                ErroLinha(tabela.origem, tabela.linha_cabecalho, _coluna_desconhecida(nome, titulo))
            )
        elif coluna.nome in vistas:
            erros.append(
                ErroLinha(
                    tabela.origem, tabela.linha_cabecalho, f"a coluna '{coluna.nome}' está repetida"
                )
            )
        else:
            vistas.add(coluna.nome)
    if tabela.colunas is None:
        return set()
    ausentes = {c.nome for c in ESQUEMA[nome] if c.obrigatoria and c.nome not in vistas}
    for ausente in sorted(ausentes):
        motivo = f"falta a coluna obrigatória '{ausente}'"
        erros.append(ErroLinha(tabela.origem, tabela.linha_cabecalho, motivo))
    return ausentes


def _coluna_desconhecida(tabela: str, titulo: str) -> str:
    aceitas = ", ".join(c.nome for c in ESQUEMA[tabela])
    return f"a coluna '{titulo[:40]}' não existe em {tabela} (use: {aceitas})"


def _converter_tabela(
    nome: str, tabela: Tabela, hoje: date, erros: list[ErroLinha]
) -> list[Registro]:
    ausentes = _conferir_cabecalho(nome, tabela, erros)
    sem_cabecalho = tabela.colunas is None
    return [
        _converter_linha(nome, linha, hoje, ausentes, sem_cabecalho, erros)
        for linha in tabela.linhas
    ]


def _converter_linha(
    nome: str,
    linha: Linha,
    hoje: date,
    ausentes: set[str],
    sem_cabecalho: bool,
    erros: list[ErroLinha],
) -> Registro:
    """Converte as células; a linha com erro continua no programa, marcada."""
    antes = len(erros)
    celulas: dict[str, object] = {}
    for titulo, valor in linha.valores.items():
        coluna = None if esta_ignorado(titulo) else achar_coluna(nome, titulo)
        if coluna is not None:
            celulas[coluna.nome] = valor
        elif sem_cabecalho and not esta_ignorado(titulo):
            erros.append(ErroLinha(linha.origem, linha.numero, _coluna_desconhecida(nome, titulo)))
    registro = Registro(tabela=nome, linha=linha)
    for coluna in ESQUEMA[nome]:
        if coluna.nome in celulas:
            motivo = _converter_celula(coluna, celulas[coluna.nome], hoje, registro)
        elif coluna.obrigatoria and coluna.nome not in ausentes:
            motivo = f"falta '{coluna.nome}'"
        else:
            motivo = None
        if motivo:
            erros.append(ErroLinha(linha.origem, linha.numero, motivo))
    if len(erros) == antes:
        erros.extend(ErroLinha(linha.origem, linha.numero, m) for m in conferir_linha(registro))
    registro.com_erro = len(erros) > antes
    return registro


def _converter_celula(coluna: Coluna, valor: object, hoje: date, registro: Registro) -> str | None:
    """Põe o valor convertido em `registro.dados`; devolve o motivo se não der."""
    if esta_vazio(valor):
        if coluna.obrigatoria:
            return f"'{coluna.nome}' está vazio"
        registro.dados[coluna.nome] = coluna.padrao
        return None
    try:
        registro.dados[coluna.nome] = coluna.conversor(valor, hoje)
    except ValueError as erro:
        return f"{coluna.nome}: {erro}"
    return None


def validar(fonte: Fonte, existentes: Existentes, hoje: date) -> Conferencia:
    """Converte e confere tudo; levanta ErroImportacao com todos os problemas."""
    erros: list[ErroLinha] = []
    conferencia = converter_fonte(fonte, hoje, erros)
    conferir_referencias(conferencia.programa, existentes, erros)
    if erros:
        raise ErroImportacao(sorted(erros, key=lambda e: (e.origem, e.linha)))
    return conferencia
