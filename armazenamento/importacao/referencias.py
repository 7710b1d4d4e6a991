"""Conferências entre linhas: chave repetida, citação a cadastro que não existe.

Uma linha pode citar outra do mesmo arquivo ou algo que já está no banco: assim dá
para importar só as turmas novas de um ano, sem repetir CRAS, OSCs e cursos.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from armazenamento.importacao.erros import ErroLinha
from armazenamento.importacao.geracao import gerar_dias, momento_utc, mostrar_momento
from armazenamento.importacao.registro import Programa, Registro
from armazenamento.normalizacao import normalizar

_HORAS = ("horas_aprendizagem", "horas_desenvolvimento_pessoal", "horas_desenvolvimento_gerencial")
_PADRAO_HORAS = {"horas_aprendizagem": 4.0}
# tabela que cita, coluna, tabela citada
_CITACOES = (
    ("bairros", "cras", "cras"),
    ("cursos", "osc", "oscs"),
    ("turmas", "ano", "ciclos"),
    ("turmas", "curso", "cursos"),
    ("encontros", "turma", "turmas"),
)
_CITADO = {"cras": "o CRAS", "oscs": "a OSC", "cursos": "o curso", "turmas": "a turma"}


@dataclass(frozen=True)
class Existentes:
    """Chaves naturais que já estão no banco (nomes normalizados, anos)."""

    cras: frozenset[str] = frozenset()
    oscs: frozenset[str] = frozenset()
    cursos: frozenset[str] = frozenset()
    ciclos: frozenset[int] = frozenset()
    turmas: frozenset[str] = frozenset()

    def de(self, tabela: str) -> frozenset[Hashable]:
        return frozenset(getattr(self, tabela, frozenset()))


def chave_natural(registro: Registro) -> Hashable:
    """A chave de upsert: nome normalizado, ano, código ou (turma, início)."""
    dados, tabela = registro.dados, registro.tabela
    if tabela == "ciclos":
        return dados["ano"]
    if tabela == "turmas":
        return normalizar(dados["codigo"])
    if tabela == "encontros":
        return (normalizar(dados["turma"]), dados["inicio"])
    return normalizar(dados["nome"])


def descrever(registro: Registro) -> str:
    """Como a linha é chamada nas mensagens: "a turma CONF-M1", "o bairro 'Centro'"."""
    dados = registro.dados
    rotulos = {
        "cras": lambda: f"o CRAS '{dados['nome']}'",
        "bairros": lambda: f"o bairro '{dados['nome']}'",
        "oscs": lambda: f"a OSC '{dados['nome']}'",
        "cursos": lambda: f"o curso '{dados['nome']}'",
        "ciclos": lambda: f"o ciclo {dados['ano']}",
        "turmas": lambda: f"a turma {dados['codigo']}",
        "encontros": lambda: f"o encontro de {mostrar_momento(dados['inicio'])}",
    }
    try:
        return rotulos[registro.tabela]()
    except KeyError:
        return "esta linha"


def conferir_referencias(
    programa: Programa, existentes: Existentes, erros: list[ErroLinha]
) -> None:
    """Repetições e citações; gera os encontros das turmas que pedem geração."""
    chaves = {
        tabela: _conferir_repetidos(registros, erros) for tabela, registros in programa.items()
    }
    for tabela, coluna, citada in _CITACOES:
        conhecidas = chaves[citada].keys() | existentes.de(citada)
        for registro in programa[tabela]:
            _conferir_citacao(registro, coluna, citada, conhecidas, erros)
    _gerar_encontros(programa, chaves["encontros"], erros)


def _erro(registro: Registro, motivo: str) -> ErroLinha:
    return ErroLinha(registro.linha.origem, registro.linha.numero, motivo)


def _conferir_repetidos(
    registros: list[Registro], erros: list[ErroLinha]
) -> dict[Hashable, Registro]:
    """Mesma chave natural duas vezes no arquivo: qual das duas valeria? Melhor perguntar."""
    vistos: dict[Hashable, Registro] = {}
    for registro in registros:
        try:
            chave = chave_natural(registro)
        except KeyError:
            continue  # a coluna da chave já tem erro anotado
        if chave == "" or (isinstance(chave, tuple) and chave[0] == ""):
            erros.append(_erro(registro, "o nome precisa ter letras ou números"))
        elif chave in vistos:
            primeiro = vistos[chave].linha
            onde = f"na linha {primeiro.numero}"
            if primeiro.origem != registro.linha.origem:
                onde += f" de {primeiro.origem}"
            erros.append(_erro(registro, f"{descrever(registro)} já aparece {onde}"))
        else:
            vistos[chave] = registro
    return vistos


def _conferir_citacao(
    registro: Registro,
    coluna: str,
    citada: str,
    conhecidas: frozenset[Hashable] | set[Hashable],
    erros: list[ErroLinha],
) -> None:
    if coluna not in registro.dados:
        return  # a própria célula já tem erro anotado
    valor = registro.dados[coluna]
    chave = valor if citada == "ciclos" else normalizar(valor)
    if chave in conhecidas:
        return
    if citada == "ciclos":
        motivo = f"{descrever(registro)} cita o ano {valor}, que não tem ciclo cadastrado"
    else:
        motivo = f"{descrever(registro)} cita {_CITADO[citada]} '{valor}', que não existe"
    erros.append(_erro(registro, motivo))


def _gerar_encontros(
    programa: Programa, listados: dict[Hashable, Registro], erros: list[ErroLinha]
) -> None:
    """Turma com dias/hora/início/quantidade ganha os encontros, como se listados."""
    for turma in programa["turmas"]:
        dados = turma.dados
        if turma.com_erro or dados.get("quantidade") is None:
            continue
        horas = {nome: dados.get(nome, _PADRAO_HORAS.get(nome, 0.0)) for nome in _HORAS}
        for dia in gerar_dias(dados["inicio"], dados["dias"], dados["quantidade"]):
            inicio = momento_utc(dia, dados["hora"])
            gerado = Registro(
                "encontros", turma.linha, {"turma": dados["codigo"], "inicio": inicio}
            )
            gerado.dados.update(horas)
            repetido = listados.get(chave_natural(gerado))
            if repetido is not None:
                motivo = (
                    f"a turma {dados['codigo']} já tem encontro em {mostrar_momento(inicio)}, "
                    f"gerado pela linha {turma.linha.numero} de {turma.linha.origem}"
                )
                erros.append(_erro(repetido, motivo))
                continue
            programa["encontros"].append(gerado)
