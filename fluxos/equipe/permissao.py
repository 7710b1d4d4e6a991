"""Negado por padrão (ARQUITETURA.md §7): todo comando da equipe passa por `so_para`.

Quem não tem o papel recebe uma resposta educada e o registro ganha uma linha sem dado
pessoal (o comando e os papéis que a pessoa tem, nunca quem é).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from armazenamento import busca as consulta
from armazenamento.acesso import Papel
from fluxos.motor import Acao, Comando, Dizer
from fluxos.passos import Contexto
from fluxos.regras.ids import ler_id
from mensagens.catalogo import texto

log = logging.getLogger(__name__)

TODOS = frozenset(Papel)


@dataclass(frozen=True, slots=True)
class ComandoDaEquipe:
    """Um comando da equipe: quem pode usar e o que faz. `no_menu`: aparece no "/" e no
    menu de botões (os que só servem a botões, como "convocar 12", não aparecem)."""

    papeis: frozenset[str]
    funcao: Callable[[Contexto, str], Awaitable[Acao]]
    no_menu: bool = True


def nao_encontrado() -> Dizer:
    """Fora do escopo ou não existe: a mesma resposta (não confirma que existe, R24)."""
    return Dizer((texto("equipe.nao_encontrado"),))


async def ficha_pedida(ctx: Contexto, argumento: str) -> consulta.Ficha | None:
    """A pessoa do argumento ("PRÉ" de um botão), só se está no escopo de quem pede (R24)."""
    preinscricao_id = ler_id(argumento)
    if preinscricao_id is None:
        return None
    return await consulta.ficha(ctx.conexao, ctx.acesso, preinscricao_id)


def negar(ctx: Contexto, nome: str) -> Acao:
    papeis = ",".join(sorted(ctx.acesso.papeis)) or "cidadao"
    log.info("acesso negado: comando=%s papeis=%s canal=%s", nome, papeis, ctx.canal)
    chave = "equipe.negado.equipe" if ctx.acesso.equipe else "equipe.negado.cidadao"
    return Dizer((texto(chave),))


def so_para(nome: str, comando: ComandoDaEquipe) -> Comando:
    """O comando, guardado: só roda para quem tem um dos papéis."""

    async def guardado(ctx: Contexto, argumento: str = "") -> Acao:
        if not ctx.acesso.tem(*comando.papeis):
            return negar(ctx, nome)
        return await comando.funcao(ctx, argumento)

    guardado.__name__ = f"so_para_{nome}"
    guardado.__doc__ = comando.funcao.__doc__
    return guardado
