"""Passo do turno (R10): só os turnos em que os cursos escolhidos têm turma neste ciclo.

A regra (união dos turnos dos dois cursos, lista de espera sem turma) está em
`fluxos/regras/turnos.py`; aqui fica a conversa. Vale igual na pré-inscrição assistida.
"""

from __future__ import annotations

from typing import Any

from fluxos.passos import Contexto, Pergunta, Repetir, Resposta, Resultado, Seguir
from fluxos.preinscricao.apoio import fechada, opcao, t
from fluxos.preinscricao.ciclo import cadastro, ciclo_aberto
from fluxos.regras.turnos import OfertaDeTurnos, oferta_de_turnos
from mensagens.catalogo import texto

_QUANDO = {
    "manha": "preinscricao.turno.quando.manha",
    "tarde": "preinscricao.turno.quando.tarde",
    "noite": "preinscricao.turno.quando.noite",
}


async def oferta(ctx: Contexto) -> tuple[OfertaDeTurnos, dict[int, str]]:
    """Os turnos para os cursos já escolhidos e o nome de cada curso."""
    atual = await cadastro(ctx)
    ciclo = await ciclo_aberto(ctx)
    ciclo_id = (ciclo.id or 0) if ciclo else 0
    cursos = [ctx.dados.get("curso1_id"), ctx.dados.get("curso2_id")]
    turnos = {c: atual.turnos_do_curso(ciclo_id, c) for c in cursos if c is not None}
    nomes = {c: atual.cursos[c].nome for c in turnos if c in atual.cursos}
    return oferta_de_turnos(turnos, cursos), nomes


def _juntar(partes: list[str]) -> str:
    """ "de manhã", "de manhã e à tarde", "de manhã, à tarde e à noite"."""
    if len(partes) <= 1:
        return "".join(partes)
    return texto("preinscricao.turno.lista", inicio=", ".join(partes[:-1]), fim=partes[-1])


def explicacao(ctx: Contexto, o: OfertaDeTurnos, nomes: dict[int, str]) -> list[str]:
    """O que cada curso tem, e o que acontece quando um curso não tem o turno."""
    if not o.explicar:
        return []
    linhas = []
    for curso, turnos in o.por_curso:
        nome = nomes.get(curso, "")
        if not turnos:
            linhas.append(texto("preinscricao.turno.curso_sem", curso=nome))
            continue
        falados = _juntar([texto(_QUANDO[x]) for x in turnos])
        linhas.append(texto("preinscricao.turno.curso_tem", curso=nome, turnos=falados))
    if o.sem_turma:
        linhas.append(t(ctx, "turno.espera"))
    elif o.cursos_diferentes:
        linhas.append(t(ctx, "turno.so_num_curso"))
    return linhas


async def perguntar_turno(ctx: Contexto) -> Pergunta:
    o, nomes = await oferta(ctx)
    pergunta = t(ctx, "turno.pergunta")
    corpo = "\n".join([*explicacao(ctx, o, nomes), pergunta])
    return fechada(Pergunta(corpo, [opcao(ctx, v, f"turno.{v}") for v in o.turnos]))


async def receber_turno(ctx: Contexto, resposta: Resposta) -> Resultado:
    o, _ = await oferta(ctx)
    if resposta.opcao not in o.turnos:
        falados = _juntar([texto(f"turno.{x}").lower() for x in o.turnos])
        return Repetir(t(ctx, "turno.escolha_entre", turnos=falados))
    ctx.dados["turno"] = resposta.opcao
    return Seguir()


async def turno_ainda_serve(ctx: Contexto) -> bool:
    """Depois de trocar de curso (correção no resumo): o turno já escolhido ainda está
    entre os oferecidos? Se não, a pessoa escolhe de novo."""
    dados: dict[str, Any] = ctx.dados
    if "turno" not in dados:
        return True
    o, _ = await oferta(ctx)
    return dados["turno"] in o.turnos
