"""Ligar o próprio chat à pré-inscrição (R3) com o código de vínculo que a equipe entregou.

Quem não tem internet faz a pré-inscrição na OSC ou no CRAS; a equipe entrega um código
de uso único (escrito, impresso ou como QR code, `fluxos.equipe.codigo_vinculo`). Com um
celular, a pessoa escreve "vincular" e o código (ou aponta a câmera para o QR code, que
abre `/start vc-<código>`) e confirma a data de nascimento.

Por que assim: CPF e nascimento não são segredo (um roteiro achou a data em 143
tentativas trocando de sessão). Sem código, nada se liga: a pessoa ouve para pedir o
código à instituição. Datas erradas contam para a PRÓPRIA pré-inscrição
(`fluxos.vinculo_trava`), venha de onde vier; códigos errados contam para quem escreve (os
limites dos convites). Uma pré-inscrição que já tem conversa só muda de celular com um
código novo da equipe, e o celular antigo é avisado.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date

from armazenamento import codigos_vinculo as codigos
from armazenamento import envios, preinscricoes
from armazenamento.equipe import Falha
from fluxos.alcance import oferta_de_avisos
from fluxos.avisos_fila import conteudo_para_pessoa
from fluxos.canais import alcancavel, entrega_depois
from fluxos.convocacao.cidadao import convocacoes_em_aberto
from fluxos.historia import ESPERANDO
from fluxos.motor import Acao, Comando, Dizer, Iniciar, quem_escreve
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
    com_atalho,
)
from fluxos.preinscricao.ciclo import cadastro, etapa_e_situacao, protocolo_de
from fluxos.regras.cpf import validar_cpf
from fluxos.regras.datas import interpretar_data
from fluxos.regras.escolha import NAO
from fluxos.regras.periodo import ComPeriodo
from fluxos.situacao import situacao_do_chat
from fluxos.vinculo_trava import anotar_erro, travado
from mensagens.botoes import da_fila
from mensagens.catalogo import texto
from mensagens.tipos import Saida, Tipo

log = logging.getLogger(__name__)

FLUXO = "vinculo"
FLUXO_LINK = "vinculo_link"  # o código veio no link (QR code): falta só o nascimento
COMANDO = "vincular"
_CODIGO = "_codigo"  # o hash do código conferido (o código mesmo não fica guardado)


def ciclo_atual(ciclos: Sequence[ComPeriodo], hoje: date) -> ComPeriodo | None:
    """R3: o ciclo cuja pré-inscrição já começou, o mais recente (o de agora ou o último)."""
    comecados = [c for c in ciclos if c.preinscricao_inicio <= hoje]
    return max(comecados, key=lambda c: c.preinscricao_inicio, default=None)


async def _id_do_ciclo_atual(ctx: Contexto) -> int | None:
    ciclo = ciclo_atual((await cadastro(ctx)).ciclos, ctx.hoje)
    return getattr(ciclo, "id", None)


def _botao_ajuda() -> tuple[Opcao, ...]:
    return (Opcao(da_fila("ajuda"), texto("cidadao.menu.botao_ajuda")),)


def eh_link_de_codigo(argumento: str) -> bool:
    """O /start traz o código de vínculo do QR code ("vc-ABCDE23456")?"""
    limpo = argumento.strip()
    return limpo.lower().startswith(codigos.PREFIXO_LINK) and codigos.ler_codigo(limpo) is not None


async def vincular(ctx: Contexto, argumento: str = "") -> Acao:
    """ "Fiz com a equipe" / "vincular": quem já tem pré-inscrição neste chat vê a
    situação; os demais informam o código. Com o código junto (o link do QR code, ou
    "/vincular CÓDIGO"), confere e pergunta só o nascimento."""
    if ctx.acesso.equipe:  # o chat da equipe não pode ficar dono da pré-inscrição de alguém
        return Dizer((texto("preinscricao_assistida.vincular_na_equipe"),))
    codigo = codigos.ler_codigo(argumento)
    if codigo is not None:
        conferido = await _conferir(ctx, codigo)
        if isinstance(conferido, str):
            return Dizer((texto(conferido),))
        # o código conferido segue com o fluxo ("vincular CÓDIGO" digitado não é comando)
        return Iniciar(FLUXO_LINK, dados={_CODIGO: ctx.dados[_CODIGO]})
    ja_tem = await preinscricoes.buscar_do_chat(ctx.conexao, ctx.canal, ctx.chat_id)
    if ja_tem is not None and ja_tem.ciclo_id == await _id_do_ciclo_atual(ctx):
        mostrada = await situacao_do_chat(ctx)  # a mesma situação do comando, com o link
        if mostrada is not None:
            corpo, abertas = mostrada
            return Dizer((corpo,), _botao_ajuda(), arquivos=abertas)
    return Iniciar(FLUXO)


async def _conferir(ctx: Contexto, codigo: str) -> int | str:
    """A pré-inscrição de um código que vale, ou a chave do texto que diz por que não."""
    usuario = quem_escreve(ctx.entrada)
    if await preinscricoes.vinculo_bloqueado(ctx.conexao, ctx.canal, usuario, ctx.agora):
        return "vinculo.bloqueado"
    hash_codigo = codigos.resumo_do_codigo(codigo)
    achado = await codigos.consultar(ctx.conexao, hash_codigo, ctx.agora)
    if isinstance(achado, Falha):
        await preinscricoes.anotar_tentativa_de_vinculo(ctx.conexao, ctx.canal, usuario, ctx.agora)
        log.info("codigo de vinculo recusado: %s (canal=%s)", achado.value, ctx.canal)
        return f"vinculo_codigo.codigo.{achado.value}"
    if await travado(ctx, achado):
        return "vinculo_codigo.travado"
    ctx.dados[_CODIGO] = hash_codigo
    return achado


async def _perguntar_codigo(ctx: Contexto) -> Pergunta:
    sem = Opcao("sem_codigo", texto("vinculo_codigo.codigo.botao_sem_codigo"), NAO)
    return com_atalho(texto("vinculo_codigo.codigo.pergunta"), sem)


async def _receber_codigo(ctx: Contexto, resposta: Resposta) -> Resultado:
    if resposta.opcao == "sem_codigo":
        return Dizer((texto("vinculo_codigo.codigo.sem_codigo"),), _botao_ajuda())
    codigo = codigos.ler_codigo(resposta.texto)
    if codigo is None:  # quem já sabia o jeito antigo escreve o CPF: agora é o código
        chave = "cpf_nao_precisa" if validar_cpf(resposta.texto) else "formato"
        return Repetir(texto(f"vinculo_codigo.codigo.{chave}"))
    conferido = await _conferir(ctx, codigo)
    if conferido == "vinculo_codigo.codigo.invalido":
        return Repetir(texto(conferido))
    if isinstance(conferido, str):
        return Dizer((texto(conferido),), _botao_ajuda())
    return Seguir()


async def _perguntar_nascimento(ctx: Contexto) -> Pergunta:
    entrada = ctx.entrada
    if _CODIGO not in ctx.dados and entrada.tipo is Tipo.COMANDO:  # veio pelo link
        codigo = codigos.ler_codigo(entrada.texto)
        if codigo is not None:
            ctx.dados[_CODIGO] = codigos.resumo_do_codigo(codigo)
    return Pergunta(texto("vinculo_codigo.nascimento.pergunta"))


async def _receber_nascimento(ctx: Contexto, resposta: Resposta) -> Resultado:
    nascimento = interpretar_data(resposta.texto, ctx.hoje)
    if nascimento is None:
        return Repetir(texto("vinculo.nascimento.erro"))
    return await _ligar(ctx, str(ctx.dados.get(_CODIGO, "")), nascimento)


async def _ligar(ctx: Contexto, hash_codigo: str, nascimento: date) -> Resultado:
    """R3: código que vale, pré-inscrição sem trava e nascimento que confere: liga."""
    achado = await codigos.consultar(ctx.conexao, hash_codigo, ctx.agora)
    if isinstance(achado, Falha):
        return Dizer((texto(f"vinculo_codigo.codigo.{achado.value}"),), _botao_ajuda())
    if await travado(ctx, achado):
        return Dizer((texto("vinculo_codigo.travado"),), _botao_ajuda())
    pre = await preinscricoes.buscar(ctx.conexao, achado)
    if pre is None or pre.nascimento != nascimento:
        log.info("vinculo recusado: nascimento nao confere (preinscricao=%d)", achado)
        if await anotar_erro(ctx, achado):
            return Dizer((texto("vinculo_codigo.travado"),), _botao_ajuda())
        return Repetir(texto("vinculo_codigo.nascimento.nao_confere"))
    if await codigos.usar(ctx.conexao, hash_codigo, ctx.agora) is None:  # outro usou antes
        return Dizer((texto("vinculo_codigo.codigo.usado"),), _botao_ajuda())
    antes = await codigos.trocar_conversa(ctx.conexao, pre.id, ctx.canal, ctx.chat_id)
    if antes != (ctx.canal, ctx.chat_id) and alcancavel(*antes):
        await _avisar_celular_antigo(ctx, pre, antes)
    log.info("vinculo feito com codigo: preinscricao=%d canal=%s", pre.id, ctx.canal)
    return await _pronto(ctx, pre)


async def _avisar_celular_antigo(
    ctx: Contexto, pre: preinscricoes.Situacao, antes: tuple[str, str]
) -> None:
    aviso = texto("vinculo_codigo.celular_antigo", protocolo=await protocolo_de(ctx, pre))
    chave = f"vinculo:troca:{pre.id}:{ctx.agora.isoformat()}"
    conteudo = conteudo_para_pessoa(Saida(aviso))
    await envios.enfileirar(ctx.conexao, *antes, conteudo, chave, ctx.agora)


async def _pronto(ctx: Contexto, pre: preinscricoes.Situacao) -> Dizer:
    etapa, situacao = await etapa_e_situacao(ctx, pre)
    convocacao = await convocacoes_em_aberto(ctx, pre.id)
    pronto = texto(
        "vinculo.pronto" if entrega_depois(ctx.canal) else "alcance.vinculo.pronto_sem_aviso"
    )
    # só onde o canal não entrega depois; "vai ligar quando for a sua vez" só se ainda espera
    oferta = await oferta_de_avisos(ctx, pre.id, senao=etapa in ESPERANDO)
    textos = tuple(filter(None, (pronto, situacao, oferta)))
    return Dizer(textos, _botao_ajuda(), arquivos=convocacao)


_NASCIMENTO = Passo("nascimento", _perguntar_nascimento, _receber_nascimento)
VINCULO = Fluxo(FLUXO, (Passo("codigo", _perguntar_codigo, _receber_codigo), _NASCIMENTO))
VINCULO_LINK = Fluxo(FLUXO_LINK, (_NASCIMENTO,))

PALAVRAS = {"vincular": COMANDO, "fiz com a equipe": COMANDO}
COMANDOS: dict[str, Comando] = {COMANDO: vincular}
