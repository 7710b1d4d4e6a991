"""Conversão de uma célula para o tipo da coluna. Erro vira ValueError com o motivo.

Todo texto passa por `limpar_texto`: planilha vinda de fora pode trazer célula de 64 KB,
NUL, caracteres invisíveis ou HTML, e esses textos vão parar em mensagens do bot.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from armazenamento.normalizacao import normalizar

Conversor = Callable[[object, date], object]

_ESPACOS_COMUNS = re.compile(r"[ \t\r\n]+")
_RELATIVA = re.compile(r"^hoje\s*(?:([+-])\s*(\d{1,4}))?$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_BRASILEIRA = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_HORA = re.compile(r"^(\d{1,2})\s*(?:[:h]\s*(\d{2})?)?$")
_TURNOS = {"manha": "manha", "tarde": "tarde", "noite": "noite"}
_DIAS = {
    "seg": 0, "segunda": 0, "ter": 1, "terca": 1, "qua": 2, "quarta": 2,
    "qui": 3, "quinta": 3, "sex": 4, "sexta": 4, "sab": 5, "sabado": 5,
    "dom": 6, "domingo": 6,
}  # fmt: skip
_LIGACOES = {"e", "feira"}  # "segunda-feira e quarta-feira"


def mostrar(valor: object) -> str:
    """O valor recebido, curto, para a mensagem de erro não repetir 64 KB."""
    texto = repr(valor) if not isinstance(valor, str) else f"'{valor}'"
    return texto if len(texto) <= 40 else texto[:37] + "...'"


def limpar_texto(bruto: str, maximo: int) -> str:
    """Tira espaços sobrando e recusa o que não é texto de cadastro."""
    texto = _ESPACOS_COMUNS.sub(" ", unicodedata.normalize("NFC", bruto)).strip()
    if len(texto) > maximo:
        raise ValueError(f"texto longo demais ({len(texto)} caracteres; máximo {maximo})")
    if any(unicodedata.category(c)[0] == "C" for c in texto):
        raise ValueError("tem caractere de controle ou invisível (ex.: NUL); digite de novo")
    if "<" in texto or ">" in texto:
        raise ValueError("tem os sinais < ou > (marcação HTML não é aceita)")
    if texto.startswith("="):
        raise ValueError("parece uma fórmula de planilha (começa com =)")
    return texto


def texto(maximo: int) -> Conversor:
    """Texto de até `maximo` caracteres; número vira texto (telefone digitado como número)."""

    def converter(valor: object, _hoje: date) -> str:
        if isinstance(valor, bool) or not isinstance(valor, str | int | float):
            raise ValueError(f"esperava um texto, veio {mostrar(valor)}")
        if isinstance(valor, float) and valor.is_integer():
            valor = int(valor)
        return limpar_texto(str(valor), maximo)

    return converter


def data(valor: object, hoje: date) -> date:
    """ISO (2027-01-05), brasileira (05/01/2027), célula de data ou hoje+N / hoje-N dias."""
    if isinstance(valor, datetime):
        return valor.date()
    if isinstance(valor, date):
        return valor
    if isinstance(valor, str):
        texto_ = valor.strip().casefold()
        relativa = _RELATIVA.match(texto_)
        try:
            if relativa:
                sinal, dias = relativa.groups()
                deslocamento = int(dias or 0) * (-1 if sinal == "-" else 1)
                return hoje + timedelta(days=deslocamento)
            if _ISO.match(texto_):
                return date.fromisoformat(texto_)
            brasileira = _BRASILEIRA.match(texto_)
            if brasileira:
                dia, mes, ano = (int(g) for g in brasileira.groups())
                return date(ano, mes, dia)
        except (ValueError, OverflowError):
            pass
    raise ValueError(f"data inválida {mostrar(valor)} (use 05/01/2027, 2027-01-05 ou hoje+10)")


def hora(valor: object, _hoje: date) -> time:
    """14:00, 14h, 14h30, 8 ou célula de hora."""
    if isinstance(valor, datetime):
        return valor.time().replace(second=0, microsecond=0)
    if isinstance(valor, time):
        return valor.replace(second=0, microsecond=0, tzinfo=None)
    if isinstance(valor, str):
        achado = _HORA.match(valor.strip().casefold())
        if achado:
            horas, minutos = int(achado.group(1)), int(achado.group(2) or 0)
            if horas < 24 and minutos < 60:
                return time(horas, minutos)
    raise ValueError(f"hora inválida {mostrar(valor)} (use 14:00)")


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
    """Horas de um módulo num encontro: 0 a 12, aceita vírgula (3,5)."""
    numero: float | None = None
    if isinstance(valor, int | float) and not isinstance(valor, bool):
        numero = float(valor)
    elif isinstance(valor, str):
        try:
            numero = float(valor.strip().replace(",", "."))
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
    if isinstance(valor, str) and re.fullmatch(r"\s*-?\d{1,9}\s*", valor):
        return int(valor)
    return None
