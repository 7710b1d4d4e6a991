"""Entrar na equipe pelo convite: o link (/start com o token) ou o código curto digitado.

Dá certo: a conversa passa a ter o papel, com o menu dele (e o "/" do Telegram trocado).
Não dá: uma mensagem que diz o que fazer, e nada muda além da anotação da tentativa
(`armazenamento.equipe` limita as tentativas erradas).
"""

from __future__ import annotations

import logging

from armazenamento.equipe import Falha, acesso_de, nome_do_escopo, resgatar
from fluxos.canais import entrega_depois
from fluxos.equipe.menus import menu, sem_aviso
from fluxos.motor import Acao, Dizer, Iniciar, quem_escreve
from fluxos.passos import (
    Contexto,
    Fluxo,
    Passo,
    Pergunta,
    Repetir,
    Resposta,
    Resultado,
)
from mensagens.catalogo import texto

log = logging.getLogger(__name__)

FLUXO = "convite"


async def _usar(ctx: Contexto, segredo: str) -> Dizer | Falha:
    entrada = ctx.entrada
    resultado = await resgatar(
        ctx.conexao, entrada.canal, quem_escreve(entrada), entrada.chat_id, segredo, ctx.agora
    )
    if isinstance(resultado, Falha):
        log.info("convite recusado: %s (canal=%s)", resultado.value, entrada.canal)
        return resultado
    log.info("convite usado: papel=%s membro=%d", resultado.papel, resultado.id)
    escopo = await nome_do_escopo(ctx.conexao, resultado)
    ctx.acesso = await acesso_de(ctx.conexao, entrada.canal, quem_escreve(entrada))
    boas_vindas = texto(
        "equipe.convite.bem_vindo", papel=texto(f"equipe.papel.{resultado.papel}", escopo=escopo)
    )
    if not entrega_depois(entrada.canal):  # não diz "chegam por aqui": diz onde olhar
        boas_vindas += "\n\n" + sem_aviso(resultado.papel)
    menu_novo = menu(ctx, mudar_o_menu=True)
    assert isinstance(menu_novo, Dizer)
    return Dizer((boas_vindas, *menu_novo.textos), menu_novo.opcoes, menu_novo.comandos)


async def entrar(ctx: Contexto, argumento: str = "") -> Acao:
    """/entrar CÓDIGO ou /start TOKEN; sem nada, pergunta o código."""
    if not argumento.strip():
        return Iniciar(FLUXO)
    resultado = await _usar(ctx, argumento)
    if isinstance(resultado, Falha):
        return Dizer((texto(f"equipe.convite.{resultado.value}"),))
    return resultado


async def _perguntar_codigo(ctx: Contexto) -> Pergunta:
    return Pergunta(texto("equipe.convite.pedir_codigo"))


async def _receber_codigo(ctx: Contexto, resposta: Resposta) -> Resultado:
    resultado = await _usar(ctx, resposta.texto)
    if resultado is Falha.BLOQUEADO:
        return Dizer((texto("equipe.convite.bloqueado"),))
    if isinstance(resultado, Falha):
        return Repetir(texto(f"equipe.convite.{resultado.value}"))
    return Dizer(resultado.textos, resultado.opcoes, resultado.comandos)


CONVITE = Fluxo(FLUXO, (Passo("codigo", _perguntar_codigo, _receber_codigo),))
