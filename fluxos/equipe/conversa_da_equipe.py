"""Quem é (ou foi) da equipe escrevendo coisas do cidadão, e o contrário.

- Acesso revogado: um comando da equipe (tocado, com "/" ou digitado, como "turmas") diz
  com clareza que a conversa não tem mais o acesso e mostra o menu do cidadão. Não diz
  nada sobre o papel que a pessoa tinha (R24).
- Equipe sem pré-inscrição nesta conversa que pede a "situação": a conversa é da equipe;
  vem o menu do papel, não o convite para se pré-inscrever.
"""

from __future__ import annotations

from armazenamento import preinscricoes
from armazenamento.equipe import foi_da_equipe
from fluxos import cidadao
from fluxos.acoes import com_aviso
from fluxos.equipe.menus import menu, palavras_do_menu
from fluxos.motor import Acao, Comando, quem_escreve
from fluxos.passos import Contexto
from fluxos.pedido_ajuda import cidadao as pedido_ajuda
from fluxos.regras.texto import normalizar
from mensagens.catalogo import texto


async def _revogado(ctx: Contexto) -> bool:
    if ctx.acesso.equipe:
        return False
    return await foi_da_equipe(ctx.conexao, ctx.canal, quem_escreve(ctx.entrada))


async def sem_acesso(ctx: Contexto, argumento: str = "") -> Acao:
    """O aviso de que a conversa não tem mais acesso da equipe, e o menu do cidadão (para
    quem nunca foi da equipe, só o menu: não há o que avisar)."""
    if not await _revogado(ctx):
        return await cidadao.menu(ctx)
    return com_aviso(texto("navegacao.revogado"), await cidadao.menu(ctx))


def guardar_revogado(comando: Comando) -> Comando:
    """O comando da equipe; para quem teve o acesso revogado, o aviso e o menu do cidadão."""

    async def guardado(ctx: Contexto, argumento: str = "") -> Acao:
        if await _revogado(ctx):
            return await sem_acesso(ctx)
        return await comando(ctx, argumento)

    guardado.__doc__ = comando.__doc__
    return guardado


async def texto_do_cidadao(ctx: Contexto, argumento: str = "") -> Acao:
    """Um texto solto do cidadão: o começo de sempre; "turmas" de quem foi da equipe, o
    aviso; com pedido de ajuda aberto (ou "preciso de ajuda com..."), vai à equipe (R20)."""
    if normalizar(argumento) in palavras_do_menu() and await _revogado(ctx):
        return await sem_acesso(ctx)
    para_a_equipe = await pedido_ajuda.texto_livre(ctx, argumento)
    if para_a_equipe is not None:
        return para_a_equipe
    return await cidadao.iniciar(ctx, argumento)


async def situacao(ctx: Contexto, argumento: str = "") -> Acao:
    """ "situação" da equipe sem pré-inscrição nesta conversa: o menu do papel."""
    if ctx.acesso.equipe:
        feita = await preinscricoes.buscar_do_chat(ctx.conexao, ctx.canal, ctx.chat_id)
        if feita is None:
            return com_aviso(texto("navegacao.situacao.equipe"), menu(ctx))
    return await cidadao.situacao(ctx, argumento)
