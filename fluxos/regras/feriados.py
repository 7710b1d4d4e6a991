"""Feriados em Bauru: dia de feriado não tem aula, e a véspera não tem lembrete.

Fontes:
- nacionais e do estado de São Paulo (9 de julho): pacote `holidays` (`BR`, `subdiv="SP"`),
  categoria "public". O 20 de novembro é nacional desde 2024 (Lei 14.759/2023) e o pacote
  já o traz.
- municipais de Bauru (o pacote não tem municípios de SP fora da capital): 1º de agosto,
  aniversário da cidade, e Corpus Christi (60 dias depois da Páscoa), "ponto facultativo
  no País e feriado municipal" em Bauru (Jornal da Cidade, calendário de 2022).
- Carnaval, Quarta-feira de Cinzas, Dia do Servidor e vésperas de Natal e Ano-Novo são
  ponto facultativo: a instituição do curso decide. Por padrão NÃO são feriado (a aula
  segue e o lembrete vai); se a aula não acontecer, ponha o dia na lista extra
  (`INCLUSAO_FERIADOS`, ex.: "2027-02-08,2027-02-09") ou cancele o encontro.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import holidays
from dateutil.easter import easter

ANIVERSARIO_DE_BAURU = (8, 1)  # (mês, dia)
DIAS_DEPOIS_DA_PASCOA_CORPUS_CHRISTI = 60


class ListaDeFeriadosRuim(ValueError):
    """A lista extra de feriados tem um dia que não é data; a mensagem diz qual."""


@cache
def _oficiais(ano: int) -> frozenset[date]:
    """Nacionais + estaduais (SP) do pacote, mais os municipais de Bauru."""
    dias = set(holidays.country_holidays("BR", subdiv="SP", years=ano).keys())
    dias.add(date(ano, *ANIVERSARIO_DE_BAURU))
    dias.add(easter(ano) + timedelta(days=DIAS_DEPOIS_DA_PASCOA_CORPUS_CHRISTI))
    return frozenset(dias)


def eh_feriado(dia: date, extras: frozenset[date] = frozenset()) -> bool:
    """Feriado nacional, de São Paulo ou de Bauru, ou um dia da lista extra configurada."""
    return dia in extras or dia in _oficiais(dia.year)


def ler_feriados_extras(texto: str) -> frozenset[date]:
    """ "2027-03-01, 2027-03-02" → as datas. Vazio → nenhuma. Data ruim: erro que diz qual."""
    dias = set()
    for parte in texto.replace(";", ",").split(","):
        valor = parte.strip()
        if not valor:
            continue
        try:
            dias.add(date.fromisoformat(valor))
        except ValueError:
            raise ListaDeFeriadosRuim(
                f"INCLUSAO_FERIADOS: {valor!r} não é uma data AAAA-MM-DD "
                "(exemplo: 2027-03-01,2027-03-02)"
            ) from None
    return frozenset(dias)
