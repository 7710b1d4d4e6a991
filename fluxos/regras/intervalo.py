"""Dias digitados pela equipe para suspender ou remarcar aulas (R21): "10/03", "de 10/03 a
14/03", "amanhã", "segunda a sexta", "17/03 às 14h".

Funções puras. Sem ano, vale o ano que deixa a data mais perto de hoje (em dezembro,
"10/01" é janeiro que vem). Um dia da semana é o próximo (hoje conta). O que não dá para
entender devolve um `Erro` que diz o porquê, para a mensagem certa.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, time, timedelta
from enum import StrEnum

from fluxos.regras.datas import nome_do_mes
from fluxos.regras.texto import LIMITE_TEXTO, limpar

MAIOR_PERIODO = 62  # dias: mais que dois meses de uma vez é quase sempre erro de digitação


class Erro(StrEnum):
    NAO_ENTENDI = "nao_entendi"
    PASSADO = "passado"
    FIM_ANTES = "fim_antes"
    LONGO = "longo"


@dataclass(frozen=True, slots=True)
class Intervalo:
    """Do dia `de` ao dia `ate`, os dois inclusive."""

    de: date
    ate: date

    @property
    def um_dia(self) -> bool:
        return self.de == self.ate


_SEMANA = ("segunda", "terca", "quarta", "quinta", "sexta", "sabado", "domingo")
_MESES = {
    unicodedata.normalize("NFKD", nome_do_mes(m)).encode("ascii", "ignore").decode(): m
    for m in range(1, 13)
}
_MESES |= {nome[:3]: m for nome, m in list(_MESES.items())}
_NUMERICA = re.compile(r"([0-9]{1,2})(?:/([0-9]{1,2})(?:/([0-9]{4}|[0-9]{2}))?)?", re.ASCII)
_EXTENSO = re.compile(r"([0-9]{1,2}) (?:de )?([a-z]+)(?: (?:de )?([0-9]{4}))?", re.ASCII)
_SEPARADOR = re.compile(r" (?:a|ate|e) | ?- ?", re.ASCII)
_HORA = re.compile(r"(?:^| )(?:as |a )?([0-9]{1,2})(?: ?(?:h|:) ?([0-9]{2})?| ?horas?)$", re.ASCII)


def _simplificar(texto: str) -> str:
    """Minúsculas sem acento, só letras, dígitos 0-9 e "/", ":" e "-" ("terça-feira" vira
    "terca feira"); o resto vira espaço."""
    sem_acento = unicodedata.normalize("NFKD", texto.lower())
    t = "".join(c for c in sem_acento if not unicodedata.combining(c))
    t = re.sub(r"[^a-z0-9/:\- ]", " ", t, flags=re.ASCII).replace("-feira", " feira")
    return " ".join(t.split())


def _perto_de_hoje(dia: int, mes: int, hoje: date) -> date | None:
    """Sem ano: o ano (passado, este ou o próximo) que deixa a data mais perto de hoje."""
    candidatas = []
    for ano in (hoje.year - 1, hoje.year, hoje.year + 1):
        try:
            candidatas.append(date(ano, mes, dia))
        except ValueError:
            continue
    return min(candidatas, key=lambda d: abs(d - hoje)) if candidatas else None


def _montar(dia: str, mes: int | None, ano: str | None, hoje: date) -> date | None:
    if mes is None:
        return None
    if ano is None:
        return _perto_de_hoje(int(dia), mes, hoje)
    try:
        return date(int(ano) + (2000 if len(ano) == 2 else 0), mes, int(dia))
    except ValueError:
        return None


def _dia_da_semana(palavra: str, hoje: date) -> date | None:
    for posicao, nome in enumerate(_SEMANA):
        if palavra in (nome, f"{nome} feira", f"{nome}feira"):
            return hoje + timedelta(days=(posicao - hoje.weekday()) % 7)
    return None


def ler_dia(texto: str, hoje: date, mes_padrao: int | None = None) -> date | None:
    """Um dia: "10/03", "10/03/2027", "10 de março", "hoje", "amanhã", "terça".
    `mes_padrao`: o mês de "10" sozinho (o começo de "10 a 14/03")."""
    t = _simplificar(texto).removeprefix("dia ").strip()
    # "ontem" se lê para dizer "esse dia já passou", não "não entendi"
    palavras = {"anteontem": -2, "ontem": -1, "hoje": 0, "amanha": 1, "depois de amanha": 2}
    if t in palavras:
        return hoje + timedelta(days=palavras[t])
    if (semana := _dia_da_semana(t, hoje)) is not None:
        return semana
    if casou := _NUMERICA.fullmatch(t):
        mes = int(casou[2]) if casou[2] else mes_padrao
        return _montar(casou[1], mes, casou[3], hoje)
    if casou := _EXTENSO.fullmatch(t):
        return _montar(casou[1], _MESES.get(casou[2]), casou[3], hoje)
    return None


def _partes(texto: str) -> list[str]:
    t = _simplificar(texto)
    t = re.sub(r"^(?:de|do dia|dia|da|entre) ", "", t)
    t = t.replace(" ate o dia ", " a ").replace(" ao dia ", " a ").replace(" a dia ", " a ")
    return [p.strip() for p in _SEPARADOR.split(t, maxsplit=1)]


def interpretar_intervalo(texto: str, hoje: date) -> Intervalo | Erro:
    """R21: o período digitado. Não aceita passado (hoje vale), fim antes do começo nem mais
    de `MAIOR_PERIODO` dias."""
    if len(texto) > LIMITE_TEXTO or not limpar(texto):
        return Erro.NAO_ENTENDI
    partes = _partes(limpar(texto))
    if len(partes) == 1:
        de = ate = ler_dia(partes[0], hoje)
    else:
        ate = ler_dia(partes[1], hoje)
        mes = ate.month if ate is not None else None
        de = ler_dia(partes[0], hoje, mes_padrao=mes)
    if de is None or ate is None:
        return Erro.NAO_ENTENDI
    if ate < de and len(partes) > 1 and _eh_semana(partes[1]):
        ate += timedelta(days=7)  # "sexta a segunda": a segunda depois da sexta
    if ate < de:
        return Erro.FIM_ANTES
    if de < hoje:
        return Erro.PASSADO
    if (ate - de).days >= MAIOR_PERIODO:
        return Erro.LONGO
    return Intervalo(de, ate)


def _eh_semana(palavra: str) -> bool:
    return _dia_da_semana(_simplificar(palavra), date(2000, 1, 3)) is not None


@dataclass(frozen=True, slots=True)
class DiaEHora:
    """O novo dia de uma aula remarcada; `hora` None: a mesma hora de antes."""

    dia: date
    hora: time | None = None


def interpretar_dia_e_hora(texto: str, hoje: date) -> DiaEHora | Erro:
    """R21: "17/03", "17/03 às 14h", "sexta 8h30", "amanhã às 19:00". Hoje vale; passado não."""
    if len(texto) > LIMITE_TEXTO or not limpar(texto):
        return Erro.NAO_ENTENDI
    t = _simplificar(limpar(texto))
    hora = None
    casou = _HORA.search(t)
    if casou:
        horas, minutos = int(casou[1]), int(casou[2] or 0)
        if horas > 23 or minutos > 59:
            return Erro.NAO_ENTENDI
        hora = time(horas, minutos)
        t = t[: casou.start()].strip()
    dia = ler_dia(t, hoje)
    if dia is None:
        return Erro.NAO_ENTENDI
    if dia < hoje:
        return Erro.PASSADO
    return DiaEHora(dia, hora)
