"""Datas e horas como as pessoas falam, em America/Sao_Paulo (babel, pt_BR)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date

from mensagens.catalogo import texto

FUSO = ZoneInfo("America/Sao_Paulo")


def data_por_extenso(dia: date) -> str:
    """ "3 de fevereiro de 2008"."""
    return format_date(dia, "d 'de' MMMM 'de' y", locale="pt_BR")


def dia_da_semana_e_data(dia: date) -> str:
    """ "terça-feira, 3 de fevereiro"."""
    return format_date(dia, "EEEE, d 'de' MMMM", locale="pt_BR")


def protocolo(ano: int, numero: int) -> str:
    """O número que a pessoa guarda: "2027-000123" (ano do ciclo e número sequencial)."""
    return f"{ano}-{numero:06d}"


def quantos(n: int, coisa: str) -> str:
    """ "1 pessoa", "3 pessoas": o singular e o plural vêm do catálogo
    (`comum.quantos.<coisa>.um` e `.varios`), sem "pessoa(s)" para quem lê."""
    return texto(f"comum.quantos.{coisa}.{'um' if n == 1 else 'varios'}", n=n)


def hora_falada(momento: datetime) -> str:
    """ "14h" ou "14h30", no horário de Bauru."""
    local = momento.astimezone(FUSO)
    return f"{local.hour}h" if local.minute == 0 else f"{local.hour}h{local.minute:02d}"


LIMITE_BOTAO = 20  # WhatsApp: título de botão de resposta
_LIGACOES = frozenset({"de", "da", "do", "das", "dos", "e", "di", "du"})


def _primeiras_palavras(palavras: list[str], espaco: int) -> str:
    """As primeiras palavras inteiras que cabem em `espaco`, sem "de"/"e" solto no fim."""
    escolhidas: list[str] = []
    for palavra in palavras:
        if len(" ".join([*escolhidas, palavra])) > espaco:
            break
        escolhidas.append(palavra)
    while escolhidas and escolhidas[-1].lower() in _LIGACOES:
        escolhidas.pop()
    return " ".join(escolhidas)


def rotulo_de_botao(nome: str, limite: int = LIMITE_BOTAO, *, pessoa: bool = False) -> str:
    """Nome que cabe num botão, cortado entre palavras e nunca no meio de uma: de pessoa,
    com a inicial do último sobrenome ("Maria Aparecida S."); de curso, turma ou
    instituição, com reticências ("Núcleo Habitacional…")."""
    palavras = nome.split()
    inteiro = " ".join(palavras)
    if len(inteiro) <= limite:
        return inteiro
    if pessoa and len(palavras) > 1:
        inicial = f"{palavras[-1][0].upper()}."
        comeco = _primeiras_palavras(palavras[:-1], limite - len(inicial) - 1)
        if comeco:
            return f"{comeco} {inicial}"
    comeco = _primeiras_palavras(palavras, limite - 1)
    # uma palavra só maior que o botão: aí não tem jeito, corta nela
    return f"{comeco or inteiro[: limite - 1].rstrip()}…"
