"""Os textos da assistida (R3): cada pergunta tem a versão que fala com a equipe, com os
mesmos campos, e o cidadão continua lendo exatamente os textos dele."""

from __future__ import annotations

import string
from types import SimpleNamespace

import pytest

from fluxos.preinscricao import PREINSCRICAO
from fluxos.preinscricao.apoio import FLUXO, FLUXO_ASSISTIDO, t
from mensagens.catalogo import carregar, texto

CATALOGO = carregar()
CIDADAO = SimpleNamespace(assistida=False)  # o modo vem do `Contexto` (`ctx.assistida`)
EQUIPE = SimpleNamespace(assistida=True)
DA_EQUIPE = sorted(k for k in CATALOGO if k.startswith(f"{FLUXO_ASSISTIDO}."))
# perguntas que não falam da pessoa (a escolha, a correção): ficam iguais
NEUTRAS = {"bairro_sugestao", "corrigir", "aviso_completo"}


def _campos(modelo: str) -> set[str]:
    return {nome for _, nome, _, _ in string.Formatter().parse(modelo) if nome}


@pytest.mark.parametrize("passo", [p.nome for p in PREINSCRICAO.passos if p.nome not in NEUTRAS])
def test_r3_cada_pergunta_tem_a_versao_da_equipe(passo: str) -> None:
    assert f"{FLUXO_ASSISTIDO}.{passo}.pergunta" in CATALOGO


@pytest.mark.parametrize("chave", DA_EQUIPE)
def test_r3_versao_da_equipe_usa_so_campos_do_original(chave: str) -> None:
    """A mesma chamada preenche as duas versões: campo a mais sairia cru para a equipe."""
    original = f"{FLUXO}.{chave.removeprefix(f'{FLUXO_ASSISTIDO}.')}"
    if original in CATALOGO:
        assert _campos(CATALOGO[chave]) <= _campos(CATALOGO[original])


@pytest.mark.parametrize("chave", ["nome.pergunta", "cpf.ajuda", "telefone.pergunta", "pronto"])
def test_r3_cidadao_le_o_texto_dele_e_a_equipe_o_seu(chave: str) -> None:
    campos = {"protocolo": "2027-000001"} if chave == "pronto" else {}
    assert t(CIDADAO, chave, **campos) == texto(f"{FLUXO}.{chave}", **campos)
    esperado = f"{FLUXO_ASSISTIDO}.{chave}"
    if esperado not in CATALOGO:
        esperado = f"{FLUXO}.{chave}"
    assert t(EQUIPE, chave, **campos) == texto(esperado, **campos)
