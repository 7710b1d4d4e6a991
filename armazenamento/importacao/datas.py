"""Datas e horas como o Excel, o LibreOffice, o Google Sheets e o WPS as salvam.

Uma célula de data pode chegar como data de verdade, como número de série do Excel
(46392 = 05/01/2027, quando a coluna perdeu o formato), ou como texto ("05/01/2027",
"5/1/27", "2027-01-05 00:00:00"). Uma hora pode chegar como hora de verdade, como
fração do dia (0,5833 = 14h), como duração (`[h]:mm`) ou como texto ("14:00:00", "14h30",
"2:00 PM"). Datas escritas com a barra são sempre dia/mês/ano, como no Brasil.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from armazenamento.importacao.texto_celula import mostrar

_EPOCA_EXCEL = date(1899, 12, 30)  # o dia 0 do Excel para Windows (com o 29/02/1900 falso)
_SERIE_MINIMA, _SERIE_MAXIMA = 36526, 73051  # 01/01/2000 a 01/01/2100: fora disso é engano
_RELATIVA = re.compile(r"^hoje\s*(?:([+-])\s*(\d{1,4}))?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]00:00(?::00(?:\.0+)?)?)?$")
_BRASILEIRA = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?: 0?0:00(?::00)?)?$")
_HORA = re.compile(
    r"^(\d{1,2})\s*(?:(?::|h)\s*(\d{2})?(?::(\d{2}))?)?\s*(?:h|hs|hrs|horas?)?"
    r"\s*(am|pm|a\.\s?m\.|p\.\s?m\.)?$"
)
_ESPACOS = re.compile(r"[\s\u202f\u00a0]+")


def _de_serie(numero: float) -> date | None:
    """Número de série do Excel (a parte inteira) -> data; fora da faixa plausível, None."""
    if not _SERIE_MINIMA <= numero < _SERIE_MAXIMA:
        return None
    return _EPOCA_EXCEL + timedelta(days=int(numero))


def _de_texto(texto: str, hoje: date) -> date | None:
    relativa = _RELATIVA.match(texto)
    if relativa:
        sinal, dias = relativa.groups()
        return hoje + timedelta(days=int(dias or 0) * (-1 if sinal == "-" else 1))
    iso = _ISO.match(texto)
    if iso:
        ano_, mes, dia = (int(g) for g in iso.groups())
        return date(ano_, mes, dia)
    brasileira = _BRASILEIRA.match(texto)
    if brasileira:
        dia, mes, ano_ = (int(g) for g in brasileira.groups())
        return date(ano_ + 2000 if ano_ < 100 else ano_, mes, dia)
    return None


def data(valor: object, hoje: date) -> date:
    """ISO, brasileira (05/01/2027, 5/1/27), célula de data, número de série ou hoje+N."""
    achada: date | None = None
    if isinstance(valor, datetime):
        achada = valor.date()
    elif isinstance(valor, date):
        achada = valor
    elif isinstance(valor, int | float) and not isinstance(valor, bool):
        achada = _de_serie(valor)
    elif isinstance(valor, str):
        try:
            achada = _de_texto(_ESPACOS.sub(" ", valor).strip().casefold(), hoje)
        except (ValueError, OverflowError):
            achada = None
    if achada is None:
        raise ValueError(f"data inválida {mostrar(valor)} (use 05/01/2027, 2027-01-05 ou hoje+10)")
    return achada


def _em_minutos(segundos: float, arredondar: bool = False) -> time | None:
    """Segundos desde a meia-noite -> hora e minuto. Uma célula de hora perde os segundos
    (9:15:30 -> 9:15), mas o erro do ponto flutuante não (13:59:59,9 -> 14:00); a fração
    digitada à mão vai ao minuto mais próximo (0,5833 -> 14:00)."""
    minutos = round(segundos / 60) if arredondar else int((segundos + 1) // 60)
    if not 0 <= minutos < 24 * 60:
        return None
    return time(minutos // 60, minutos % 60)


def _hora_de_texto(texto: str) -> time | None:
    achado = _HORA.match(texto)
    if not achado:
        return None
    horas, minutos, segundos = (int(g or 0) for g in achado.groups()[:3])
    periodo = (achado.group(4) or "").replace(".", "").replace(" ", "")
    if periodo:
        if not 1 <= horas <= 12:
            return None
        horas = horas % 12 + (12 if periodo == "pm" else 0)
    if horas >= 24 or minutos >= 60 or segundos >= 60:
        return None
    return time(horas, minutos)  # texto é exato: "14:30:59" é 14:30, como o Excel mostra


def hora(valor: object, _hoje: date) -> time:
    """14:00, 14:00:00, 14h, 14h30, 2:00 PM, 8, célula de hora, fração do dia ou duração."""
    achada: time | None = None
    if isinstance(valor, datetime):  # LibreOffice: 30/12/1899 14:00
        valor = valor.time()
    if isinstance(valor, time):
        segundos = valor.hour * 3600 + valor.minute * 60 + valor.second
        achada = _em_minutos(segundos + valor.microsecond / 1e6)
    elif isinstance(valor, timedelta):  # formato [h]:mm
        achada = _em_minutos(valor.total_seconds())
    elif isinstance(valor, int | float) and not isinstance(valor, bool):
        if 0 <= valor < 1:  # fração do dia: a hora do Excel sem formato
            achada = _em_minutos(valor * 24 * 3600, arredondar=True)
        elif float(valor).is_integer() and valor < 24:  # 8 = 8h
            achada = time(int(valor))
    elif isinstance(valor, str):
        achada = _hora_de_texto(_ESPACOS.sub(" ", valor).strip().casefold())
    if achada is None:
        raise ValueError(f"hora inválida {mostrar(valor)} (use 14:00)")
    return achada
