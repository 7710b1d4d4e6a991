"""O ciclo em que a pré-inscrição acontece e a situação de uma pré-inscrição feita."""

from __future__ import annotations

from armazenamento.cadastro import Cadastro, obter_cadastro
from armazenamento.modelos import Ciclo, PreInscricao
from fluxos.passos import Contexto
from fluxos.regras.periodo import Periodo, Situacao, situacao_do_periodo
from mensagens.catalogo import texto
from mensagens.formatos import data_por_extenso


async def cadastro(ctx: Contexto) -> Cadastro:
    return await obter_cadastro(ctx.sessao)


async def periodo(ctx: Contexto) -> Periodo:
    return situacao_do_periodo((await cadastro(ctx)).ciclos, ctx.hoje)


async def ciclo_aberto(ctx: Contexto) -> Ciclo | None:
    """O ciclo com pré-inscrição aberta hoje (R3), ou None."""
    p = await periodo(ctx)
    return p.ciclo if p.situacao is Situacao.ABERTO else None  # type: ignore[return-value]


async def situacao_da_preinscricao(ctx: Contexto, pre: PreInscricao) -> str:
    """ "Pré-inscrição 2027-000123, feita em 5 de janeiro de 2027. Curso: ... Situação: ..."."""
    todos = (await cadastro(ctx)).cursos
    cursos = [todos.get(pre.curso1_id), todos.get(pre.curso2_id or 0)]
    nomes = " e ".join(c.nome for c in cursos if c)
    return texto(
        "cidadao.status.detalhe",
        protocolo=pre.protocolo,
        data=data_por_extenso(pre.criada_em.date()),
        cursos=nomes,
        situacao=texto(f"situacao.{pre.situacao}"),
    )
