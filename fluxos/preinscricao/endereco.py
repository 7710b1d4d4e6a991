"""Passos do bairro: casa o que a pessoa escreveu com os bairros do território dos CRAS."""

from __future__ import annotations

from armazenamento import programa
from armazenamento.modelos import Bairro, Cras
from fluxos.passos import Contexto, Opcao, Pergunta, Resposta, Resultado, Seguir
from fluxos.preinscricao.apoio import opcao, pergunta, repetir, t
from fluxos.regras.bairros import casar_bairro

SUGESTOES = 3


async def perguntar_bairro(ctx: Contexto) -> Pergunta:
    return pergunta("bairro", opcao("nao_sei", "preinscricao.bairro.botao_nao_sei"))


async def receber_bairro(ctx: Contexto, resposta: Resposta) -> Resultado:
    """Tolera erro de digitação e falta de acento; na dúvida, mostra sugestões."""
    if resposta.opcao == "nao_sei":
        return Seguir("cras")
    bairros = await programa.listar_bairros(ctx.sessao)
    casamento = casar_bairro(resposta.texto, [(b.id or 0, b.nome) for b in bairros], SUGESTOES)
    if casamento.exato is not None:
        return await _anotar_bairro(ctx, casamento.exato)
    if not casamento.sugestoes:
        return repetir("bairro.nao_achei")
    ctx.dados["_sugestoes"] = casamento.sugestoes
    return Seguir("bairro_sugestao")


async def _anotar_bairro(ctx: Contexto, bairro_id: int) -> Resultado:
    bairro = await ctx.sessao.get(Bairro, bairro_id)
    cras = await ctx.sessao.get(Cras, bairro.cras_id) if bairro else None
    if bairro is None or cras is None:
        return repetir("bairro.nao_achei")
    ctx.dados.pop("_sugestoes", None)
    ctx.dados["bairro_id"], ctx.dados["cras_id"] = bairro.id, cras.id
    return Seguir(
        nota=t("bairro.anotado", bairro=bairro.nome, cras=cras.nome.removeprefix("CRAS "))
    )


async def perguntar_sugestao(ctx: Contexto) -> Pergunta:
    opcoes = []
    for bairro_id in ctx.dados.get("_sugestoes", []):
        bairro = await ctx.sessao.get(Bairro, bairro_id)
        if bairro:
            opcoes.append(Opcao(str(bairro.id), bairro.nome))
    opcoes.append(opcao("nenhum", "preinscricao.bairro_sugestao.botao_nenhum"))
    return pergunta("bairro_sugestao", *opcoes)


async def receber_sugestao(ctx: Contexto, resposta: Resposta) -> Resultado:
    if resposta.opcao == "nenhum":
        return Seguir("bairro")
    if resposta.opcao and resposta.opcao.isdigit():
        return await _anotar_bairro(ctx, int(resposta.opcao))
    # escreveu outro nome: tenta de novo como se fosse a pergunta do bairro
    return await receber_bairro(ctx, resposta)


async def perguntar_cras(ctx: Contexto) -> Pergunta:
    todos = await programa.listar_cras(ctx.sessao)
    return pergunta("cras", *(Opcao(str(c.id), c.nome.removeprefix("CRAS ")) for c in todos))


async def receber_cras(ctx: Contexto, resposta: Resposta) -> Resultado:
    if not (resposta.opcao and resposta.opcao.isdigit()):
        return repetir("cras.escolha")
    ctx.dados.pop("_sugestoes", None)
    ctx.dados["bairro_id"], ctx.dados["cras_id"] = None, int(resposta.opcao)
    return Seguir()
