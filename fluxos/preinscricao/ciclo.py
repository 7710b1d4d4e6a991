"""O ciclo em que a pré-inscrição acontece e a situação de uma pré-inscrição feita."""

from __future__ import annotations

from armazenamento.cadastro import Cadastro, obter_cadastro
from armazenamento.modelos import Ciclo
from armazenamento.preinscricoes import Situacao as Feita
from armazenamento.tempo import FUSO
from fluxos.historia import Etapa, historia
from fluxos.passos import Contexto
from fluxos.regras.periodo import Periodo, Situacao, situacao_do_periodo
from mensagens.catalogo import texto
from mensagens.formatos import data_por_extenso, protocolo


async def cadastro(ctx: Contexto) -> Cadastro:
    return await obter_cadastro(ctx.conexao)


async def periodo(ctx: Contexto) -> Periodo:
    return situacao_do_periodo((await cadastro(ctx)).ciclos, ctx.hoje)


async def ciclo_aberto(ctx: Contexto) -> Ciclo | None:
    """O ciclo com pré-inscrição aberta hoje (R3), ou None."""
    p = await periodo(ctx)
    return p.ciclo if p.situacao is Situacao.ABERTO else None  # type: ignore[return-value]


async def protocolo_de(ctx: Contexto, pre: Feita) -> str:
    """O número que a pessoa guarda ("2027-000123"): ano do ciclo e id."""
    anos = {c.id: c.ano for c in (await cadastro(ctx)).ciclos}
    return protocolo(anos.get(pre.ciclo_id, pre.criada_em.year), pre.id)


async def situacao_da_preinscricao(ctx: Contexto, pre: Feita) -> str:
    """ "Pré-inscrição 2027-000123, feita em 5 de janeiro de 2027. Cursos: ... Situação: ..."."""
    return (await etapa_e_situacao(ctx, pre))[1]


async def situacao_resumida(ctx: Contexto, pre: Feita) -> str:
    """Para quem mostrou só CPF e data de nascimento (que não são segredo): o número, a data
    e os cursos, sem a etapa nem turma, local ou motivo; o resto fica na conversa ligada à
    pré-inscrição ou no CRAS."""
    atual = await cadastro(ctx)
    cursos = [atual.cursos.get(pre.curso1_id), atual.cursos.get(pre.curso2_id or 0)]
    return texto(
        "cidadao.status.detalhe",
        protocolo=await protocolo_de(ctx, pre),
        data=data_por_extenso(pre.criada_em.astimezone(FUSO).date()),
        cursos=" e ".join(c.nome for c in cursos if c),
        situacao=texto("situacao.so_na_conversa"),
    )


async def etapa_e_situacao(ctx: Contexto, pre: Feita) -> tuple[Etapa, str]:
    """A etapa (`fluxos.historia`) e o texto da situação: número, data, cursos e UMA
    história, a da etapa mais recente."""
    atual = await cadastro(ctx)
    cursos = [atual.cursos.get(pre.curso1_id), atual.cursos.get(pre.curso2_id or 0)]
    agora_e, frase = await historia(ctx, pre)
    detalhe = texto(
        "cidadao.status.detalhe",
        protocolo=await protocolo_de(ctx, pre),
        data=data_por_extenso(pre.criada_em.astimezone(FUSO).date()),
        cursos=" e ".join(c.nome for c in cursos if c),
        situacao=frase,
    )
    return agora_e, detalhe
