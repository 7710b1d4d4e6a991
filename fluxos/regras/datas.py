"""Datas digitadas do jeito que as pessoas escrevem ("3/2/08", "3 de fevereiro de 2008")."""

from __future__ import annotations

import re
from datetime import date

from fluxos.regras.texto import LIMITE_TEXTO, limpar, normalizar

IDADE_MAXIMA_ANOS = 120  # data mais antiga que isso é erro de digitação

_MESES = (
    "janeiro",
    "fevereiro",
    "março",
    "abril",
    "maio",
    "junho",
    "julho",
    "agosto",
    "setembro",
    "outubro",
    "novembro",
    "dezembro",
)
# nome sem acento e abreviação de 3 letras ("marco", "mar", "fev") -> número do mês
_MES_POR_NOME: dict[str, int] = {}
for _numero, _nome in enumerate(_MESES, start=1):
    _MES_POR_NOME[normalizar(_nome)] = _numero
    _MES_POR_NOME[normalizar(_nome)[:3]] = _numero

_NUMERICA = re.compile(
    r"([0-9]{1,2}) ?[/.\- ] ?([0-9]{1,2}) ?[/.\- ] ?([0-9]{4}|[0-9]{2})", re.ASCII
)
_SO_DIGITOS = re.compile(r"[0-9]{8}|[0-9]{6}", re.ASCII)
# depois de normalizar(): "1º" vira "1o", pontuação vira espaço
_POR_EXTENSO = re.compile(r"([0-9]{1,2})o? (?:de )?([a-z]+) (?:de )?([0-9]{4}|[0-9]{2})", re.ASCII)


def nome_do_mes(mes: int) -> str:
    """Nome do mês em minúsculas, para confirmar a data como as pessoas falam."""
    if not 1 <= mes <= 12:
        raise ValueError(f"mês fora de 1..12: {mes}")
    return _MESES[mes - 1]


def _ano_completo(ano: str, hoje: date) -> int:
    """Ano de 2 dígitos: deste século se não passar do ano de hoje, senão do século passado."""
    if len(ano) == 4:
        return int(ano)
    seculo_atual = 2000 + int(ano)
    return seculo_atual if seculo_atual <= hoje.year else 1900 + int(ano)


def _separar(limpo: str) -> tuple[str, int, str] | None:
    """Dia, mês e ano (texto) em qualquer dos formatos aceitos."""
    if casou := _NUMERICA.fullmatch(limpo):
        return casou[1], int(casou[2]), casou[3]
    if _SO_DIGITOS.fullmatch(limpo):
        return limpo[:2], int(limpo[2:4]), limpo[4:]
    if casou := _POR_EXTENSO.fullmatch(normalizar(limpo)):
        mes = _MES_POR_NOME.get(casou[2])
        return None if mes is None else (casou[1], mes, casou[3])
    return None


def _limite_antigo(hoje: date) -> date:
    """Mesmo dia, 120 anos antes (29/02 vira 28/02 se aquele ano não for bissexto)."""
    try:
        return hoje.replace(year=hoje.year - IDADE_MAXIMA_ANOS)
    except ValueError:
        return hoje.replace(year=hoje.year - IDADE_MAXIMA_ANOS, day=28)


def interpretar_data(texto: str, hoje: date) -> date | None:
    """Data até hoje em formato brasileiro; None se impossível, futura ou antiga demais."""
    if len(texto) > LIMITE_TEXTO:
        return None
    limpo = limpar(texto)
    # normalizar() trocaria "１２" e "²" por dígitos ASCII: só aceitamos 0-9 de verdade
    if any(c.isnumeric() and c not in "0123456789" for c in limpo):
        return None
    partes = _separar(limpo)
    if partes is None:
        return None
    dia, mes, ano = partes
    try:
        data = date(_ano_completo(ano, hoje), mes, int(dia))
    except ValueError:
        return None
    if data > hoje or data < _limite_antigo(hoje):
        return None
    return data
