"""Passos de escolha: situações prioritárias (R2), cursos, turno (R10) e escolaridade."""

from __future__ import annotations

from fluxos.passos import Contexto, Opcao, Pergunta, Resposta, Resultado, Seguir
from fluxos.preinscricao.apoio import NAO, em_duvida, fechada, opcao, pergunta, repetir
from fluxos.preinscricao.ciclo import cadastro, ciclo_aberto
from fluxos.preinscricao.turno import turno_ainda_serve
from fluxos.regras.numeros import interpretar_lista_numeros
from fluxos.regras.turnos import TURNOS as TURNOS  # os turnos do programa (R10)

# R2: guardadas só como códigos, na ordem do padrão normativo (I a XI).
CODIGOS_PRIORIDADE = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI")
ESCOLARIDADES = (
    "nao_estudou",
    "fundamental_incompleto",
    "fundamental_completo",
    "medio_incompleto",
    "medio_completo",
    "superior_incompleto",
    "superior_completo",
)


async def perguntar_prioridade(ctx: Contexto) -> Pergunta:
    p = pergunta(
        ctx,
        "prioridade",
        opcao(ctx, "nenhuma", "preinscricao.prioridade.botao_nenhuma", NAO),
        opcao(ctx, "pular", "preinscricao.prioridade.botao_pular"),
    )
    p.numerar = False  # aqui os números são as situações da lista, não os botões
    return p


async def receber_prioridade(ctx: Contexto, resposta: Resposta) -> Resultado:
    """R2: lista opcional e sigilosa; "pular" fica diferente de "nenhuma"."""
    if resposta.opcao in ("nenhuma", "pular"):
        ctx.dados["prioridades"] = [] if resposta.opcao == "nenhuma" else None
        return Seguir()
    numeros = interpretar_lista_numeros(resposta.texto, len(CODIGOS_PRIORIDADE))
    if not numeros:
        return repetir(ctx, "prioridade.erro")
    ctx.dados["prioridades"] = [CODIGOS_PRIORIDADE[n - 1] for n in numeros]
    return Seguir()


async def _opcoes_de_curso(ctx: Contexto, exceto: int | None = None) -> list[Opcao]:
    ciclo = await ciclo_aberto(ctx)
    cursos = (await cadastro(ctx)).cursos_do_ciclo(ciclo.id or 0) if ciclo else ()
    return [Opcao(str(c.id), c.nome) for c in cursos if c.id != exceto]


async def perguntar_curso1(ctx: Contexto) -> Pergunta:
    return fechada(pergunta(ctx, "curso1", *await _opcoes_de_curso(ctx)))


async def receber_curso1(ctx: Contexto, resposta: Resposta) -> Resultado:
    if duvida := em_duvida(ctx, resposta, await _opcoes_de_curso(ctx)):
        return duvida
    if not (resposta.opcao and resposta.opcao.isdigit()):
        return repetir(ctx, "curso1.escolha")
    ctx.dados["curso1_id"] = int(resposta.opcao)
    ctx.dados["curso2_id"] = None
    return Seguir("curso2")


async def perguntar_curso2(ctx: Contexto) -> Pergunta:
    outros = await _opcoes_de_curso(ctx, exceto=ctx.dados.get("curso1_id"))
    so_esse = opcao(ctx, "nenhum", "preinscricao.curso2.botao_so_esse", NAO)
    return fechada(pergunta(ctx, "curso2", *outros, so_esse))


async def receber_curso2(ctx: Contexto, resposta: Resposta) -> Resultado:
    outros = await _opcoes_de_curso(ctx, exceto=ctx.dados.get("curso1_id"))
    if duvida := em_duvida(ctx, resposta, outros):
        return duvida
    if resposta.opcao != "nenhum":
        if not (resposta.opcao and resposta.opcao.isdigit()):
            return repetir(ctx, "curso1.escolha")
        ctx.dados["curso2_id"] = int(resposta.opcao)
    # R10: trocou de curso na correção e o turno já escolhido não tem turma: escolhe de novo
    return Seguir() if await turno_ainda_serve(ctx) else Seguir("turno")


async def perguntar_escolaridade(ctx: Contexto) -> Pergunta:
    opcoes = (opcao(ctx, v, f"escolaridade.{v}") for v in ESCOLARIDADES)
    return fechada(pergunta(ctx, "escolaridade", *opcoes))


async def receber_escolaridade(ctx: Contexto, resposta: Resposta) -> Resultado:
    if resposta.opcao not in ESCOLARIDADES:
        return repetir(ctx, "escolaridade.escolha")
    ctx.dados["escolaridade"] = resposta.opcao
    return Seguir()
