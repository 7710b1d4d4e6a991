"""/suspender (R21): a OSC (as turmas dela) ou a gestão (uma turma, uma OSC ou todas)
suspende ou remarca aulas em lote, com motivo, resumo e confirmação antes de mudar nada.

Passos (o desenho em `suspensao.mmd`): quais turmas → quais dias → motivo → (um dia só:
suspender ou remarcar → o novo dia) → resumo com "Confirmar". Um período de vários dias
só se suspende: empurrar uma semana inteira bate nas aulas da semana seguinte (a mesma
turma, o mesmo horário), e remarcar aula por aula é uma aula (um dia) de cada vez.

A confirmação roda tudo numa transação só (`fluxos.suspensao.aplicar`): encontros, fila de
avisos e lembretes. Confirmar de novo (toque duplo, dois celulares) não faz nada duas
vezes: a operação tem uma chave única sorteada no resumo.
"""

from __future__ import annotations

import secrets
from datetime import date

from armazenamento.acesso import Papel
from armazenamento.suspensoes import TODAS, opcoes_do_papel
from fluxos.equipe.permissao import ComandoDaEquipe
from fluxos.motor import Acao, Dizer, Iniciar
from fluxos.passos import (
    Contexto,
    Fluxo,
    Opcao,
    Passo,
    Pergunta,
    Repetir,
    Resposta,
    Resultado,
    Seguir,
)
from fluxos.regras.escolha import NAO, SIM
from fluxos.regras.intervalo import (
    DiaEHora,
    Intervalo,
    interpretar_dia_e_hora,
    interpretar_intervalo,
)
from fluxos.regras.texto import normalizar
from fluxos.suspensao import aplicar
from fluxos.suspensao.aplicar import REMARCAR, SUSPENDER, Pedido
from mensagens.catalogo import texto
from mensagens.formatos import rotulo_de_botao

FLUXO = "suspender"
MOTIVOS = ("chuva", "energia", "saude", "greve", "outro")
BOTOES_DE_TURMA = 12  # mais turmas que isso: escreve-se o código
PAPEIS = frozenset({Papel.OSC, Papel.GESTAO})


# ----- quais turmas ---------------------------------------------------------------------


async def _opcoes_de_alvo(ctx: Contexto) -> tuple[list[Opcao], dict[str, str]]:
    """Os botões do alvo e, para quem digita, o código de cada turma do escopo → alvo."""
    vistas = await opcoes_do_papel(ctx.conexao, ctx.acesso, ctx.agora)
    opcoes: list[Opcao] = []
    if ctx.acesso.gestao:
        opcoes.append(Opcao(TODAS, texto("suspensao.botao.todas")))
    if not ctx.acesso.gestao and len(vistas.oscs) == 1:  # a OSC de uma instituição só
        opcoes.append(Opcao(f"osc:{vistas.oscs[0][0]}", texto("suspensao.botao.todas")))
    else:
        opcoes += [Opcao(f"osc:{i}", rotulo_de_botao(nome)) for i, nome in vistas.oscs]
    opcoes += [Opcao(f"turma:{i}", codigo) for i, codigo in vistas.turmas[:BOTOES_DE_TURMA]]
    codigos = {normalizar(codigo): f"turma:{i}" for i, codigo in vistas.turmas}
    return opcoes, codigos


async def perguntar_alvo(ctx: Contexto) -> Pergunta:
    opcoes, codigos = await _opcoes_de_alvo(ctx)
    chave = "suspensao.alvo.pergunta_codigo" if len(codigos) > BOTOES_DE_TURMA else ""
    corpo = texto("suspensao.alvo.pergunta") + (f"\n{texto(chave)}" if chave else "")
    return Pergunta(corpo, opcoes, numerar=True, fechada=False)


async def receber_alvo(ctx: Contexto, resposta: Resposta) -> Resultado:
    opcoes, codigos = await _opcoes_de_alvo(ctx)
    escolhido = resposta.opcao or codigos.get(normalizar(resposta.texto))
    if escolhido is None or not (escolhido in codigos.values() or escolhido in _valores(opcoes)):
        # um código de turma que não é do escopo (ou não existe): a mesma resposta (R24)
        return Repetir(texto("equipe.nao_encontrado"))
    ctx.dados["alvo"] = escolhido
    rotulo = next((o.rotulo for o in opcoes if o.valor == escolhido), resposta.texto.upper())
    ctx.dados["_alvo_nome"] = rotulo
    return Seguir()


def _valores(opcoes: list[Opcao]) -> set[str]:
    return {o.valor for o in opcoes}


# ----- quais dias -----------------------------------------------------------------------


async def perguntar_periodo(_ctx: Contexto) -> Pergunta:
    opcoes = [
        Opcao("hoje", texto("suspensao.periodo.botao_hoje")),
        Opcao("amanha", texto("suspensao.periodo.botao_amanha")),
    ]
    return Pergunta(texto("suspensao.periodo.pergunta"), opcoes, numerar=False, fechada=False)


async def receber_periodo(ctx: Contexto, resposta: Resposta) -> Resultado:
    lido = interpretar_intervalo(resposta.opcao or resposta.texto, ctx.hoje)
    if not isinstance(lido, Intervalo):
        return Repetir(texto(f"suspensao.periodo.{lido.value}"))
    ctx.dados["de"], ctx.dados["ate"] = lido.de.isoformat(), lido.ate.isoformat()
    if not await aplicar.encontros(ctx, _pedido(ctx)):
        # "Hoje" depois da chamada: a aula já aconteceu, não "não há encontros" (R21)
        feitas = await aplicar.ja_aconteceram(ctx, _pedido(ctx))
        return Repetir(texto(f"suspensao.periodo.{'com_chamada' if feitas else 'sem_encontros'}"))
    return Seguir()


# ----- motivo e ação --------------------------------------------------------------------


async def perguntar_motivo(_ctx: Contexto) -> Pergunta:
    opcoes = [Opcao(m, texto(f"suspensao.motivo.{m}")) for m in MOTIVOS]
    return Pergunta(texto("suspensao.motivo.pergunta"), opcoes, fechada=True)


async def receber_motivo(ctx: Contexto, resposta: Resposta) -> Resultado:
    if resposta.opcao not in MOTIVOS:
        return Repetir(texto("suspensao.motivo.escolha"))
    ctx.dados["motivo"] = resposta.opcao
    if ctx.dados["de"] != ctx.dados["ate"]:  # vários dias: só suspender (ver o topo)
        ctx.dados["acao"] = SUSPENDER
        return Seguir("resumo")
    return Seguir("acao")


async def perguntar_acao(ctx: Contexto) -> Pergunta:
    opcoes = [
        Opcao(SUSPENDER, texto("suspensao.acao.botao_suspender")),
        Opcao(REMARCAR, texto("suspensao.acao.botao_remarcar")),
    ]
    dia = aplicar.dia_falado(date.fromisoformat(ctx.dados["de"]))
    return Pergunta(texto("suspensao.acao.pergunta", dia=dia), opcoes, fechada=True)


async def receber_acao(ctx: Contexto, resposta: Resposta) -> Resultado:
    if resposta.opcao not in (SUSPENDER, REMARCAR):
        return Repetir(texto("suspensao.acao.escolha"))
    ctx.dados["acao"] = resposta.opcao
    ctx.dados.pop("nova", None)
    ctx.dados.pop("hora", None)
    return Seguir("resumo" if resposta.opcao == SUSPENDER else "nova")


async def perguntar_nova(_ctx: Contexto) -> Pergunta:
    return Pergunta(texto("suspensao.nova.pergunta"), [], fechada=False)


async def receber_nova(ctx: Contexto, resposta: Resposta) -> Resultado:
    lido = interpretar_dia_e_hora(resposta.texto, ctx.hoje)
    if not isinstance(lido, DiaEHora):
        return Repetir(texto(f"suspensao.nova.{lido.value}"))
    ctx.dados["nova"] = lido.dia.isoformat()
    ctx.dados["hora"] = lido.hora.strftime("%H:%M") if lido.hora else ""
    erro = await aplicar.conferir_remarcacao(ctx, _pedido(ctx))
    if erro:
        return Repetir(erro)
    return Seguir("resumo")


# ----- resumo e confirmação -------------------------------------------------------------


def _pedido(ctx: Contexto) -> Pedido:
    d = ctx.dados
    return Pedido(
        alvo=d.get("alvo", ""),
        de=date.fromisoformat(d["de"]),
        ate=date.fromisoformat(d["ate"]),
        motivo=d.get("motivo", ""),
        acao=d.get("acao", SUSPENDER),
        nova=date.fromisoformat(d["nova"]) if d.get("nova") else None,
        hora=d.get("hora", ""),
        chave=d.get("_chave", ""),
    )


async def perguntar_resumo(ctx: Contexto) -> Pergunta:
    ctx.dados.setdefault("_chave", secrets.token_hex(10))
    resumo = await aplicar.resumir(ctx, _pedido(ctx))
    ctx.dados["_ids"] = resumo.ids
    remarcar = ctx.dados.get("acao") == REMARCAR
    sim = "suspensao.resumo.botao_remarcar" if remarcar else "suspensao.resumo.botao_suspender"
    opcoes = [
        Opcao("confirmar", texto(sim), SIM),
        Opcao("desistir", texto("suspensao.resumo.botao_nao"), NAO),
    ]
    # aberta: só um sim claro confirma (sim, confirmo, o número, o rótulo); "suspender"
    # sozinho não casa com "Sim, suspender" numa ação em lote que não se desfaz (R21)
    return Pergunta(resumo.texto, opcoes, fechada=False)


def _menu(ctx: Contexto) -> tuple[Opcao, ...]:
    from fluxos.equipe.menus import opcoes_do_menu  # o menu lê o registro, que lê este

    return opcoes_do_menu(ctx.acesso)


async def receber_resumo(ctx: Contexto, resposta: Resposta) -> Resultado:
    if resposta.opcao == "desistir":
        return Dizer((texto("suspensao.desistiu"),), _menu(ctx))
    if resposta.opcao != "confirmar":
        return Repetir(texto("suspensao.resumo.escolha"))
    feito = await aplicar.confirmar(ctx, _pedido(ctx), ctx.dados.get("_ids") or [])
    if feito.repetir:
        return Repetir(feito.texto)
    return Dizer((feito.texto,), _menu(ctx))


SUSPENSAO = Fluxo(
    FLUXO,
    (
        Passo("alvo", perguntar_alvo, receber_alvo, campos=("alvo",)),
        Passo("periodo", perguntar_periodo, receber_periodo, campos=("de", "ate")),
        Passo("motivo", perguntar_motivo, receber_motivo, campos=("motivo",)),
        Passo("acao", perguntar_acao, receber_acao, ramo=True, campos=("acao",)),
        Passo("nova", perguntar_nova, receber_nova, ramo=True, campos=("nova", "hora")),
        Passo("resumo", perguntar_resumo, receber_resumo, ramo=True),
    ),
    da_equipe=True,
)


async def suspender(ctx: Contexto, _argumento: str = "") -> Acao:
    """ "/suspender" (ou "suspender aulas" escrito): sem turma com aula por vir, diz isso."""
    vistas = await opcoes_do_papel(ctx.conexao, ctx.acesso, ctx.agora)
    if not vistas.turmas:
        return Dizer((texto("suspensao.sem_turmas"),))
    return Iniciar(FLUXO)


COMANDOS = {FLUXO: ComandoDaEquipe(PAPEIS, suspender)}
