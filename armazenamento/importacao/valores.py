"""Conversão de uma célula para o tipo da coluna. Erro vira ValueError com o motivo.

Todo texto passa por `limpar_texto` (texto_celula.py); datas e horas, por datas.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, time, timedelta

from armazenamento.importacao.datas import data, hora
from armazenamento.importacao.texto_celula import limpar_texto, mostrar
from armazenamento.normalizacao import normalizar

__all__ = [
    "ano",
    "data",
    "dias",
    "hora",
    "horas",
    "inteiro",
    "limpar_texto",
    "mostrar",
    "texto",
    "turno",
]

Conversor = Callable[[object, date], object]

_INTEIRO = re.compile(r"(-?\d{1,9})(?:[.,]0+)?")
_TURNOS = {"manha": "manha", "tarde": "tarde", "noite": "noite"}
_DIAS = {
    "seg": 0, "segunda": 0, "ter": 1, "terca": 1, "qua": 2, "quarta": 2,
    "qui": 3, "quinta": 3, "sex": 4, "sexta": 4, "sab": 5, "sabado": 5,
    "dom": 6, "domingo": 6,
}  # fmt: skip
_LIGACOES = {"e", "feira"}  # "segunda-feira e quarta-feira"


def texto(maximo: int) -> Conversor:
    """Texto de até `maximo` caracteres; número vira texto (telefone digitado como número)."""

    def converter(valor: object, _hoje: date) -> str:
        if isinstance(valor, bool) or not isinstance(valor, str | int | float):
            raise ValueError(f"esperava um texto, veio {mostrar(valor)}")
        if isinstance(valor, float) and valor.is_integer():
            valor = int(valor)
        return limpar_texto(str(valor), maximo)

    return converter


def ano(valor: object, hoje: date) -> int:
    """Ano do ciclo. "hoje" = ano de hoje, ou o seguinte se já passou de setembro.

    O ciclo começa em janeiro (R3): uma carga feita de outubro em diante prepara o
    ciclo do ano seguinte.
    """
    if isinstance(valor, str) and valor.strip().casefold() == "hoje":
        return hoje.year + (1 if hoje.month >= 10 else 0)
    numero = _inteiro_de(valor)
    if numero is None or not 2000 <= numero <= 2100:
        raise ValueError(f"ano inválido {mostrar(valor)} (use 2027 ou hoje)")
    return numero


def inteiro(minimo: int, maximo: int) -> Conversor:
    """Número inteiro entre `minimo` e `maximo` (capacidade, quantidade de encontros)."""

    def converter(valor: object, _hoje: date) -> int:
        numero = _inteiro_de(valor)
        if numero is None or not minimo <= numero <= maximo:
            faixa = f"de {minimo} a {maximo}"
            raise ValueError(f"deve ser um número inteiro {faixa}, não {mostrar(valor)}")
        return numero

    return converter


def horas(valor: object, _hoje: date) -> float:
    """Horas de um módulo num encontro: 0 a 12; aceita 3,5, "4h" e a célula 4:00."""
    numero: float | None = None
    if isinstance(valor, int | float) and not isinstance(valor, bool):
        numero = float(valor)
    elif isinstance(valor, time):  # digitou 4:00 e a planilha guardou como hora
        numero = valor.hour + valor.minute / 60
    elif isinstance(valor, timedelta):
        numero = valor.total_seconds() / 3600
    elif isinstance(valor, str):
        try:
            numero = float(valor.strip().casefold().removesuffix("h").replace(",", "."))
        except ValueError:
            numero = None
    if numero is None or not 0 <= numero <= 12:
        raise ValueError(f"deve ser um número de horas de 0 a 12, não {mostrar(valor)}")
    return numero


def turno(valor: object, _hoje: date) -> str:
    """manhã/manha/tarde/noite -> manha|tarde|noite (R10)."""
    chave = normalizar(valor) if isinstance(valor, str) else ""
    if chave not in _TURNOS:
        raise ValueError(f"turno {mostrar(valor)} não existe (use manhã, tarde ou noite)")
    return _TURNOS[chave]


def dias(valor: object, _hoje: date) -> tuple[int, ...]:
    """ "seg,qua", "terça e quinta" ou lista TOML -> dias da semana (0 = segunda)."""
    partes = valor if isinstance(valor, list) else [valor]
    if not all(isinstance(p, str) for p in partes):
        raise ValueError(f"dias inválidos {mostrar(valor)} (use seg,qua)")
    achados: set[int] = set()
    for palavra in normalizar(" ".join(str(p) for p in partes)).split():
        if palavra in _LIGACOES:
            continue
        if palavra not in _DIAS:
            raise ValueError(f"dia da semana {mostrar(palavra)} não reconhecido (use seg,qua)")
        achados.add(_DIAS[palavra])
    if not achados:
        raise ValueError("nenhum dia da semana informado (use seg,qua)")
    return tuple(sorted(achados))


def _inteiro_de(valor: object) -> int | None:
    if isinstance(valor, bool):
        return None
    if isinstance(valor, int):
        return valor
    if isinstance(valor, float) and valor.is_integer():
        return int(valor)
    if isinstance(valor, str):  # "15", " 15 ", e "15.0"/"15,0" de quem salvou como número
        achado = _INTEIRO.fullmatch(valor.strip())
        return int(achado.group(1)) if achado else None
    return None
