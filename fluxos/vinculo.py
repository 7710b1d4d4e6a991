"""Ligar o próprio chat à pré-inscrição feita pela equipe (R3), com CPF e nascimento.

Quem não tem internet faz a pré-inscrição na OSC ou no CRAS; ela fica sem conversa. Depois,
com um celular, a pessoa escreve "vincular" (ou toca em "Fiz com a equipe") e passa a
acompanhar pelo chat (no site, com a oferta de receber os avisos no Telegram).

Sigilo: CPF que não existe e nascimento que não confere dão a MESMA resposta (não se
descobre se um CPF tem pré-inscrição), e cada erro fica anotado; `LIMITE_TENTATIVAS` erros
na `JANELA_TENTATIVAS` (os mesmos dos convites) bloqueiam novas tentativas de quem escreve.
Uma pré-inscrição que já tem conversa nunca muda de dona por aqui: isso é com o CRAS.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date

from armazenamento import preinscricoes
from fluxos.alcance import oferta_de_avisos
from fluxos.canais import entrega_depois
from fluxos.convocacao.cidadao import convocacoes_em_aberto
from fluxos.historia import ESPERANDO
from fluxos.motor import Acao, Comando, Dizer, Iniciar, quem_escreve
from fluxos.passos import (
    Contexto,
    Encerrar,
    Fluxo,
    Opcao,
    Passo,
    Pergunta,
    Repetir,
    Resposta,
    Resultado,
    Seguir,
    com_atalho,
)
from fluxos.preinscricao.ciclo import cadastro, etapa_e_situacao
from fluxos.regras.cpf import validar_cpf
from fluxos.regras.datas import interpretar_data
from fluxos.regras.escolha import NAO
from fluxos.regras.periodo import ComPeriodo
from fluxos.situacao import situacao_do_chat
from mensagens.catalogo import texto

log = logging.getLogger(__name__)

FLUXO = "vinculo"
COMANDO = "vincular"


def ciclo_atual(ciclos: Sequence[ComPeriodo], hoje: date) -> ComPeriodo | None:
    """R3: o ciclo cuja pré-inscrição já começou, o mais recente (o de agora ou o último)."""
    comecados = [c for c in ciclos if c.preinscricao_inicio <= hoje]
    return max(comecados, key=lambda c: c.preinscricao_inicio, default=None)


async def _id_do_ciclo_atual(ctx: Contexto) -> int | None:
    ciclo = ciclo_atual((await cadastro(ctx)).ciclos, ctx.hoje)
    return getattr(ciclo, "id", None)


def _botao_ajuda() -> tuple[Opcao, ...]:
    return (Opcao("cmd:ajuda", texto("cidadao.menu.botao_ajuda")),)


async def _bloqueado(ctx: Contexto) -> bool:
    return await preinscricoes.vinculo_bloqueado(
        ctx.conexao, ctx.canal, quem_escreve(ctx.entrada), ctx.agora
    )


async def vincular(ctx: Contexto, _argumento: str = "") -> Acao:
    """ "Fiz com a equipe": quem já tem pré-inscrição neste chat vê a situação; os demais
    informam CPF e nascimento (se não estiverem bloqueados por tentativas erradas)."""
    if ctx.acesso.equipe:  # o chat da equipe não pode ficar dono da pré-inscrição de alguém
        return Dizer((texto("preinscricao_assistida.vincular_na_equipe"),))
    ja_tem = await preinscricoes.buscar_do_chat(ctx.conexao, ctx.canal, ctx.chat_id)
    if ja_tem is not None and ja_tem.ciclo_id == await _id_do_ciclo_atual(ctx):
        mostrada = await situacao_do_chat(ctx)  # a mesma situação do comando, com o link
        if mostrada is not None:
            corpo, abertas = mostrada
            return Dizer((corpo,), _botao_ajuda(), arquivos=abertas)
    if await _bloqueado(ctx):
        return Dizer((texto("vinculo.bloqueado"),))
    return Iniciar(FLUXO)


async def _perguntar_cpf(ctx: Contexto) -> Pergunta:
    return com_atalho(
        texto("vinculo.cpf.pergunta"), Opcao("sem_cpf", texto("vinculo.cpf.botao_sem_cpf"), NAO)
    )


async def _receber_cpf(ctx: Contexto, resposta: Resposta) -> Resultado:
    if resposta.opcao == "sem_cpf":
        return Encerrar((texto("vinculo.cpf.sem_cpf"),))
    cpf = validar_cpf(resposta.texto)
    if cpf is None:
        return Repetir(texto("vinculo.cpf.erro"))
    ctx.dados["cpf"] = cpf
    return Seguir()


async def _perguntar_nascimento(ctx: Contexto) -> Pergunta:
    return Pergunta(texto("vinculo.nascimento.pergunta"))


async def _receber_nascimento(ctx: Contexto, resposta: Resposta) -> Resultado:
    nascimento = interpretar_data(resposta.texto, ctx.hoje)
    if nascimento is None:
        return Repetir(texto("vinculo.nascimento.erro"))
    return await _ligar(ctx, str(ctx.dados.get("cpf", "")), nascimento)


async def _ligar(ctx: Contexto, cpf: str, nascimento: date) -> Encerrar:
    """R3: CPF e nascimento conferem e a pré-inscrição está sem conversa: liga a esta."""
    if await _bloqueado(ctx):
        return Encerrar((texto("vinculo.bloqueado"),))
    ciclo_id = await _id_do_ciclo_atual(ctx)
    achada = ciclo_id and await preinscricoes.buscar_com_conversa(ctx.conexao, ciclo_id, cpf)
    if not achada or achada.pre.nascimento != nascimento:
        await preinscricoes.anotar_tentativa_de_vinculo(
            ctx.conexao, ctx.canal, quem_escreve(ctx.entrada), ctx.agora
        )
        log.info("vinculo recusado: dados nao conferem (canal=%s)", ctx.canal)
        tentar = Opcao(f"cmd:{COMANDO}", texto("vinculo.botao_tentar"))
        return Encerrar((texto("vinculo.nao_achei"),), (tentar,))
    deste_chat = (achada.canal, achada.chat_id) == (ctx.canal, ctx.chat_id)
    ligou = deste_chat or await preinscricoes.ligar_a_conversa(
        ctx.conexao, achada.pre.id, ctx.canal, ctx.chat_id
    )
    if not ligou:
        log.info("vinculo recusado: ja tem conversa (preinscricao=%d)", achada.pre.id)
        return Encerrar((texto("vinculo.outra_conversa"),))
    log.info("vinculo feito: preinscricao=%d canal=%s", achada.pre.id, ctx.canal)
    etapa, situacao = await etapa_e_situacao(ctx, achada.pre)
    convocacao = await convocacoes_em_aberto(ctx, achada.pre.id)
    pronto = texto(
        "vinculo.pronto" if entrega_depois(ctx.canal) else "alcance.vinculo.pronto_sem_aviso"
    )
    # só onde o canal não entrega depois; "vai ligar quando for a sua vez" só se ainda espera
    oferta = await oferta_de_avisos(ctx, achada.pre.id, senao=etapa in ESPERANDO)
    textos = tuple(filter(None, (pronto, situacao, oferta)))
    return Encerrar(textos, _botao_ajuda(), arquivos=convocacao)


VINCULO = Fluxo(
    FLUXO,
    (
        Passo("cpf", _perguntar_cpf, _receber_cpf),
        Passo("nascimento", _perguntar_nascimento, _receber_nascimento),
    ),
)

PALAVRAS = {"vincular": COMANDO, "fiz com a equipe": COMANDO}
COMANDOS: dict[str, Comando] = {COMANDO: vincular}
