"""Pequenas ajudas comuns aos passos da pré-inscrição.

Modo assistido (R3): a equipe da OSC ou do CRAS faz a pré-inscrição por quem não tem
internet, com os mesmos passos. O modo vem no `Contexto` (`ctx.assistida`, posto pelo
motor a partir de `Fluxo.assistida`), e cada ajuda daqui o recebe: nele, os textos
`preinscricao.X` dão lugar a `preinscricao_assistida.X` quando esta existe: as perguntas
falam com a equipe sobre a pessoa ("Qual é o nome completo da pessoa?"). O que não muda
(um erro de data, as opções de turno) continua o mesmo texto.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from fluxos.passos import Opcao, Pergunta, Repetir, Resposta, com_atalho
from fluxos.regras.escolha import NAO, SIM, numero_em_duvida
from mensagens.catalogo import apelidos, existe, texto

FLUXO = "preinscricao"
FLUXO_ASSISTIDO = "preinscricao_assistida"
VERSAO_AVISO = "2026-11"
ANOS_GUARDA = 5


class ComModo(Protocol):
    """O que as ajudas leem do passo: o modo (o `Contexto` o tem)."""

    @property
    def assistida(self) -> bool: ...


def _do_modo(ctx: ComModo, chave: str) -> str:
    """A chave do texto no modo atual: a da equipe, se houver, ou a do cidadão. Um texto
    de fora do fluxo (o rótulo `escolaridade.nao_estudou`, "Não estudei") também tem a
    sua: `preinscricao_assistida.escolaridade.nao_estudou` ("Não estudou")."""
    if not ctx.assistida:
        return chave
    if chave.startswith(f"{FLUXO}."):
        da_equipe = FLUXO_ASSISTIDO + chave.removeprefix(FLUXO)
    else:
        da_equipe = f"{FLUXO_ASSISTIDO}.{chave}"
    return da_equipe if existe(da_equipe) else chave


def t(ctx: ComModo, chave: str, **campos: object) -> str:
    """Texto do catálogo da pré-inscrição (chave sem o prefixo do fluxo)."""
    return texto(_do_modo(ctx, f"{FLUXO}.{chave}"), **campos)


__all__ = ["NAO", "SIM"]  # o papel de uma opção de sim/não (ver `opcao`)


def rotulo(ctx: ComModo, chave: str, **campos: object) -> str:
    """Texto de qualquer chave do catálogo na voz do modo atual (ver `_do_modo`)."""
    return texto(_do_modo(ctx, chave), **campos)


def opcao(ctx: ComModo, valor: str, chave: str, papel: str = "") -> Opcao:
    """`papel`: `SIM` ou `NAO` quando a opção é o "sim" ou o "não" da pergunta. Os
    apelidos (outros jeitos de dizer, que digitados também escolhem) vêm do catálogo, da
    chave `apelidos.CHAVE`, um por linha."""
    return Opcao(valor, texto(_do_modo(ctx, chave)), papel, apelidos(chave))


def pergunta(ctx: ComModo, passo: str, *opcoes: Opcao, **campos: object) -> Pergunta:
    return Pergunta(t(ctx, f"{passo}.pergunta", **campos), list(opcoes))


def dado(ctx: ComModo, passo: str, *atalhos: Opcao) -> Pergunta:
    """Pergunta de um dado digitado com botões-atalho (ver `fluxos.passos.com_atalho`)."""
    return com_atalho(t(ctx, f"{passo}.pergunta"), *atalhos)


def fechada(p: Pergunta) -> Pergunta:
    """A resposta é sempre uma das opções: um erro pequeno de digitação ainda escolhe."""
    p.fechada = True
    return p


def repetir(ctx: ComModo, chave: str) -> Repetir:
    return Repetir(t(ctx, chave))


def em_duvida(ctx: ComModo, resposta: Resposta, opcoes: Sequence[Opcao]) -> Repetir | None:
    """ "9" numa lista com "9 de Julho" e outra 9ª opção (`numero_em_duvida`): pergunta
    qual das duas, dizendo os nomes, em vez de escolher uma em silêncio."""
    duvida = numero_em_duvida(resposta.texto, opcoes) if resposta.opcao is None else ()
    if not duvida:
        return None
    numero = resposta.texto.strip(" .)")
    posicao = opcoes[int(numero) - 1] if int(numero) <= len(opcoes) else None
    nomes = [
        texto("escolhas.numero_em_duvida.posicao", rotulo=o.rotulo, numero=numero)
        if o == posicao
        else o.rotulo
        for o in duvida
    ]
    ou = texto("escolhas.numero_em_duvida.ou").join([", ".join(nomes[:-1]), nomes[-1]])
    return Repetir(texto("escolhas.numero_em_duvida", numero=numero, opcoes=ou))
