"""Passos do bairro: casa o que a pessoa escreveu com os bairros do território dos CRAS."""

from __future__ import annotations

from fluxos.passos import Contexto, Opcao, Pergunta, Resposta, Resultado, Seguir
from fluxos.preinscricao.apoio import (
    NAO,
    SIM,
    dado,
    em_duvida,
    fechada,
    opcao,
    pergunta,
    repetir,
    t,
)
from fluxos.preinscricao.ciclo import cadastro
from fluxos.regras.bairros import casar_bairro

SUGESTOES = 3


async def perguntar_bairro(ctx: Contexto) -> Pergunta:
    return dado(ctx, "bairro", opcao(ctx, "nao_sei", "preinscricao.bairro.botao_nao_sei"))


async def receber_bairro(ctx: Contexto, resposta: Resposta) -> Resultado:
    """Tolera erro de digitação e falta de acento; na dúvida, mostra sugestões."""
    if resposta.opcao == "nao_sei":
        return Seguir("cras")
    bairros = (await cadastro(ctx)).bairros.values()
    casamento = casar_bairro(resposta.texto, [(b.id or 0, b.nome) for b in bairros], SUGESTOES)
    if casamento.exato is not None:
        return await _anotar_bairro(ctx, casamento.exato)
    if not casamento.sugestoes:
        return repetir(ctx, "bairro.nao_achei")
    ctx.dados["_sugestoes"] = casamento.sugestoes
    return Seguir("bairro_sugestao")


async def _anotar_bairro(ctx: Contexto, bairro_id: int) -> Resultado:
    atual = await cadastro(ctx)
    bairro = atual.bairros.get(bairro_id)
    cras = atual.cras.get(bairro.cras_id) if bairro else None
    if bairro is None or cras is None:
        return repetir(ctx, "bairro.nao_achei")
    ctx.dados.pop("_sugestoes", None)
    ctx.dados["bairro_id"], ctx.dados["cras_id"] = bairro.id, cras.id
    return Seguir(
        nota=t(ctx, "bairro.anotado", bairro=bairro.nome, cras=cras.nome.removeprefix("CRAS "))
    )


async def perguntar_sugestao(ctx: Contexto) -> Pergunta:
    bairros = (await cadastro(ctx)).bairros
    sugeridos = (bairros.get(i) for i in ctx.dados.get("_sugestoes", []))
    opcoes = [Opcao(str(b.id), b.nome) for b in sugeridos if b]
    if len(opcoes) == 1:  # "Você quis dizer Jardim Europa?": "sim" escolhe o único sugerido
        opcoes = [Opcao(opcoes[0].valor, opcoes[0].rotulo, SIM)]
    opcoes.append(opcao(ctx, "nenhum", "preinscricao.bairro_sugestao.botao_nenhum", NAO))
    return pergunta(ctx, "bairro_sugestao", *opcoes)


async def receber_sugestao(ctx: Contexto, resposta: Resposta) -> Resultado:
    if resposta.opcao == "nenhum":
        return Seguir("bairro")
    if resposta.opcao and resposta.opcao.isdigit():
        return await _anotar_bairro(ctx, int(resposta.opcao))
    # escreveu outro nome: tenta de novo como se fosse a pergunta do bairro
    return await receber_bairro(ctx, resposta)


async def _opcoes_de_cras(ctx: Contexto) -> list[Opcao]:
    todos = (await cadastro(ctx)).cras.values()
    return [Opcao(str(c.id), c.nome.removeprefix("CRAS ")) for c in todos]


async def perguntar_cras(ctx: Contexto) -> Pergunta:
    return fechada(pergunta(ctx, "cras", *await _opcoes_de_cras(ctx)))


async def receber_cras(ctx: Contexto, resposta: Resposta) -> Resultado:
    """Escolhido da lista (tocado ou digitado), o CRAS vai confirmado na resposta: "9"
    digitado entre "9 de Julho" e a 9ª opção é dúvida, e a pessoa escolhe pelo nome."""
    if duvida := em_duvida(ctx, resposta, await _opcoes_de_cras(ctx)):
        return duvida
    if not (resposta.opcao and resposta.opcao.isdigit()):
        return repetir(ctx, "cras.escolha")
    cras = (await cadastro(ctx)).cras.get(int(resposta.opcao))
    if cras is None:
        return repetir(ctx, "cras.escolha")
    ctx.dados.pop("_sugestoes", None)
    ctx.dados["bairro_id"], ctx.dados["cras_id"] = None, cras.id
    return Seguir(nota=t(ctx, "cras.anotado", cras=cras.nome.removeprefix("CRAS ")))
