"""Catálogo de textos (gettext, lido com babel). pt_BR é a língua de origem.

Cada arquivo `.po` em `locale/<lingua>/LC_MESSAGES/` guarda uma parte do catálogo (um por
fluxo ou canal, para que ninguém edite o mesmo arquivo à toa). O `msgid` é uma chave
estável (ex.: `preinscricao.nome.pergunta`) e o `msgstr` é o texto que a pessoa lê, com
campos `{assim}` preenchidos por `texto()`.

Um texto pode ter uma variante por canal, na chave `chave@canal` (ex.: no terminal não se
toca em botões: `preinscricao.aviso.escolha@terminal` diz "escreva o número"). O motor diz
em que canal está (`no_canal`); fora dele (a fila, a linha de comando) vale a chave comum.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

PASTA_LOCALE = Path(__file__).parent / "locale"
LINGUA_PADRAO = "pt_BR"
_CANAL: ContextVar[str] = ContextVar("canal", default="")


class ChaveDesconhecida(KeyError):
    """Uma chave pedida pelo código não existe no catálogo."""


@cache
def carregar(lingua: str = LINGUA_PADRAO) -> dict[str, str]:
    """Lê todos os `.po` da língua e devolve chave → texto. Chave repetida é erro."""
    textos: dict[str, str] = {}
    pasta = PASTA_LOCALE / lingua / "LC_MESSAGES"
    for arquivo in sorted(pasta.glob("*.po")):
        with arquivo.open("rb") as f:
            catalogo = read_po(f, locale=lingua)
        for msg in catalogo:
            if not msg.id:
                continue
            chave = str(msg.id)
            if chave in textos:
                raise ValueError(f"chave repetida no catálogo: {chave} ({arquivo.name})")
            textos[chave] = str(msg.string)
    return textos


def texto(chave: str, /, **campos: object) -> str:
    """O texto da chave, com os campos preenchidos."""
    return texto_em(LINGUA_PADRAO, chave, **campos)


def texto_em(lingua: str, chave: str, /, **campos: object) -> str:
    """O texto numa língua dada (pronto para uma segunda língua além do pt_BR)."""
    textos = carregar(lingua)
    try:
        modelo = textos.get(f"{chave}@{_CANAL.get()}") or textos[chave]
    except KeyError:
        raise ChaveDesconhecida(chave) from None
    return modelo.format(**campos) if campos else modelo


def apelidos(chave: str) -> tuple[str, ...]:
    """Outros jeitos de dizer a opção de rótulo `chave`, que digitados também a escolhem
    ("segundo grau completo" de "Médio completo"): a chave `apelidos.CHAVE`, um por linha."""
    if not existe(f"apelidos.{chave}"):
        return ()
    return tuple(a.strip() for a in texto(f"apelidos.{chave}").splitlines() if a.strip())


def existe(chave: str, lingua: str = LINGUA_PADRAO) -> bool:
    return chave in carregar(lingua)


@contextmanager
def no_canal(canal: str) -> Iterator[None]:
    """Os textos pedidos dentro do bloco usam as variantes deste canal, se houver."""
    marca = _CANAL.set(canal)
    try:
        yield
    finally:
        _CANAL.reset(marca)
