"""O ciclo em que a pré-inscrição acontece e a situação de uma pré-inscrição feita."""

from __future__ import annotations

from armazenamento import programa
from armazenamento.modelos import Ciclo, Curso, PreInscricao
from fluxos.passos import Contexto
from fluxos.regras.periodo import Periodo, Situacao, situacao_do_periodo
from mensagens.catalogo import texto
from mensagens.formatos import data_por_extenso


async def periodo(ctx: Contexto) -> Periodo:
    return situacao_do_periodo(await programa.listar_ciclos(ctx.sessao), ctx.hoje)


async def ciclo_aberto(ctx: Contexto) -> Ciclo | None:
    """O ciclo com pré-inscrição aberta hoje (R3), ou None."""
    p = await periodo(ctx)
    return p.ciclo if p.situacao is Situacao.ABERTO else None  # type: ignore[return-value]


async def situacao_da_preinscricao(ctx: Contexto, pre: PreInscricao) -> str:
    """ "Pré-inscrição 2027-000123, feita em 5 de janeiro de 2027. Curso: ... Situação: ..."."""
    cursos = [await ctx.sessao.get(Curso, pre.curso1_id)]
    if pre.curso2_id:
        cursos.append(await ctx.sessao.get(Curso, pre.curso2_id))
    nomes = " e ".join(c.nome for c in cursos if c)
    return texto(
        "cidadao.status.detalhe",
        protocolo=pre.protocolo,
        data=data_por_extenso(pre.criada_em.date()),
        cursos=nomes,
        situacao=texto(f"situacao.{pre.situacao}"),
    )
