"""Textos por canal (`chave@canal`): no terminal não há botão para tocar, então todo texto
de conversa que manda "tocar" tem a variante do terminal; e cada variante tem os mesmos
campos da chave comum (senão um `{campo}` apareceria cru num canal só)."""

from __future__ import annotations

import re
import string

import pytest

from mensagens.catalogo import carregar, no_canal, texto

TEXTOS = carregar()
# só aparecem onde há botão ou link: a página do site, os links de avisos do site, o
# botão de mandar o telefone (só no Telegram)
SO_COM_BOTAO = ("web.", "alcance.", "preinscricao.telefone.pergunta_contato")
MANDA_TOCAR = sorted(
    k
    for k, v in TEXTOS.items()
    if "@" not in k and re.search(r"\btoque\b", v, re.I) and not k.startswith(SO_COM_BOTAO)
)
VARIANTES = sorted(k for k in TEXTOS if "@" in k)


def _campos(modelo: str) -> set[str]:
    return {nome for _, nome, _, _ in string.Formatter().parse(modelo) if nome}


@pytest.mark.parametrize("chave", MANDA_TOCAR)
def test_texto_que_manda_tocar_tem_variante_do_terminal(chave: str) -> None:
    escrito = TEXTOS.get(f"{chave}@terminal", "")
    assert escrito
    assert not re.search(r"\btoque\b", escrito, re.I)


@pytest.mark.parametrize("variante", VARIANTES)
def test_variante_tem_chave_comum_e_os_mesmos_campos(variante: str) -> None:
    chave, _, canal = variante.partition("@")
    assert canal in {"terminal", "telegram", "web", "whatsapp"}
    assert _campos(TEXTOS[variante]) == _campos(TEXTOS[chave])


def test_texto_usa_a_variante_so_dentro_do_canal() -> None:
    assert texto("preinscricao.curso2.pergunta").endswith('toque em "Só esse".')
    with no_canal("terminal"):
        assert texto("preinscricao.curso2.pergunta").endswith('escreva "Só esse".')
    with no_canal("telegram"):
        assert texto("preinscricao.curso2.pergunta").endswith('toque em "Só esse".')
