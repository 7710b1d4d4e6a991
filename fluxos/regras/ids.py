"""Ids que chegam em botões (`DaFila("turma", 12)`, de `mensagens.botoes`): um botão velho, forjado
ou encaminhado pode trazer qualquer coisa, então tudo é conferido antes de ir ao banco."""

from __future__ import annotations

MAIOR_ID = 2**31 - 1  # INTEGER do banco: um número maior não é id (e estouraria a consulta)


def ler_id(parte: str) -> int | None:
    """ "12" → 12; vazio, negativo, texto ou grande demais → None."""
    valor = parte.strip()
    if not valor.isascii() or not valor.isdigit():
        return None
    numero = int(valor)
    return numero if 0 < numero <= MAIOR_ID else None


def ler_ids(argumento: str, quantos: int) -> list[int] | None:
    """Os `quantos` primeiros números do argumento ("12 3" → [12, 3]); None se falta
    algum ou se algum deles não é id."""
    partes = argumento.split()[:quantos]
    if len(partes) < quantos:
        return None
    numeros = [ler_id(p) for p in partes]
    return None if None in numeros else [n for n in numeros if n is not None]
