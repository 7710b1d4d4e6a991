"""As tabelas e colunas que a importação aceita, com tipo, obrigatoriedade e padrão.

Os tamanhos máximos são os de `armazenamento.modelos`: texto maior que a coluna é
recusado aqui, com motivo, e não pelo banco no meio da gravação.
"""

from __future__ import annotations

from dataclasses import dataclass

from armazenamento.importacao import valores as v
from armazenamento.normalizacao import normalizar


@dataclass(frozen=True)
class Coluna:
    nome: str
    conversor: v.Conversor
    obrigatoria: bool = False
    padrao: object = None


_HORAS = (
    Coluna("horas_aprendizagem", v.horas, padrao=4.0),
    Coluna("horas_desenvolvimento_pessoal", v.horas, padrao=0.0),
    Coluna("horas_desenvolvimento_gerencial", v.horas, padrao=0.0),
)

# Na ordem de gravação: cada tabela só cita as anteriores.
ESQUEMA: dict[str, tuple[Coluna, ...]] = {
    "cras": (
        Coluna("nome", v.texto(120), obrigatoria=True),
        Coluna("endereco", v.texto(200), padrao=""),
        Coluna("telefone", v.texto(40), padrao=""),
    ),
    "bairros": (
        Coluna("nome", v.texto(120), obrigatoria=True),
        Coluna("cras", v.texto(120), obrigatoria=True),
    ),
    "oscs": (
        Coluna("nome", v.texto(160), obrigatoria=True),
        Coluna("endereco", v.texto(200), padrao=""),
        Coluna("telefone", v.texto(40), padrao=""),
    ),
    "cursos": (
        Coluna("nome", v.texto(120), obrigatoria=True),
        Coluna("osc", v.texto(160), obrigatoria=True),
        Coluna("descricao", v.texto(500), padrao=""),
        Coluna("o_que_levar", v.texto(300), padrao=""),
    ),
    "ciclos": (
        Coluna("ano", v.ano, obrigatoria=True),
        Coluna("preinscricao_inicio", v.data, obrigatoria=True),
        Coluna("preinscricao_fim", v.data, obrigatoria=True),
        Coluna("fase1_inicio", v.data),
        Coluna("fase1_fim", v.data),
    ),
    "turmas": (
        Coluna("codigo", v.texto(40), obrigatoria=True),
        Coluna("ano", v.ano, obrigatoria=True),
        Coluna("curso", v.texto(120), obrigatoria=True),
        Coluna("turno", v.turno, obrigatoria=True),
        Coluna("capacidade", v.inteiro(1, 500), padrao=15),
        Coluna("local", v.texto(200), padrao=""),
        # Para gerar os encontros em vez de listá-los: todas as quatro juntas.
        Coluna("dias", v.dias),
        Coluna("hora", v.hora),
        Coluna("inicio", v.data),
        Coluna("quantidade", v.inteiro(1, 200)),
        *_HORAS,
    ),
    "encontros": (
        Coluna("turma", v.texto(40), obrigatoria=True),
        Coluna("data", v.data, obrigatoria=True),
        Coluna("hora", v.hora, obrigatoria=True),
        *_HORAS,
    ),
}

GERACAO = ("dias", "hora", "inicio", "quantidade")

_APELIDOS = {"bairro": "bairros", "osc": "oscs", "curso": "cursos", "ciclo": "ciclos"}
_APELIDOS |= {"turma": "turmas", "encontro": "encontros"}


def compactar(nome: str) -> str:
    """ "Pré-inscrição início", "preinscricao_inicio" e "PREINSCRICAO INICIO" se igualam."""
    return normalizar(nome).replace(" ", "").replace("_", "")


_TABELAS = {compactar(nome): nome for nome in ESQUEMA} | _APELIDOS
_COLUNAS = {
    tabela: {compactar(coluna.nome): coluna for coluna in colunas}
    for tabela, colunas in ESQUEMA.items()
}


def achar_tabela(nome: str) -> str | None:
    return _TABELAS.get(compactar(nome))


def achar_coluna(tabela: str, nome: str) -> Coluna | None:
    return _COLUNAS[tabela].get(compactar(nome))


def esta_ignorado(nome: str) -> bool:
    """Aba, arquivo ou coluna que começa com _ é anotação da equipe, não dado."""
    return nome.strip().startswith("_")
