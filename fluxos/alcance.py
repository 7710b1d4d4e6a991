"""Quem se inscreveu por um canal que não entrega depois (o chat do site) continua
alcançável (R3: o site é o canal principal da pré-inscrição).

- No fim da pré-inscrição e na `situação`, UMA mensagem oferece um link de um toque por
  canal que entrega e está configurado (Telegram, WhatsApp: `fluxos.links_avisos`) e diz
  com honestidade o que acontece se a pessoa não tocar: a instituição liga para o
  telefone dela (ou ela procura o CRAS).
- O /start com esse token (Telegram) ou a mensagem com o código (WhatsApp,
  `fluxos.codigo_avisos`) liga a conversa à pré-inscrição (`armazenamento.vinculos_canal`):
  as convocações e os lembretes passam a chegar nela, e só nela (uma pessoa, um registro,
  um destino: o canal que ela ligou por último; o anterior recebe um aviso da troca).
"""

from __future__ import annotations

import logging

from armazenamento import envios, preinscricoes, vinculos_canal
from armazenamento.equipe import Falha
from fluxos.avisos_fila import conteudo_do_aviso, para_pessoa
from fluxos.canais import alcancavel, entrega_depois
from fluxos.convocacao.cidadao import convocacoes_em_aberto
from fluxos.links_avisos import linhas_de_links
from fluxos.motor import Acao, Dizer
from fluxos.passos import Contexto, Opcao
from fluxos.preinscricao.ciclo import protocolo_de
from fluxos.regras.telefone import mascarar_telefone
from fluxos.vinculo_trava import travado
from mensagens.botoes import da_fila
from mensagens.catalogo import texto
from mensagens.formatos import protocolo
from mensagens.tipos import Saida

log = logging.getLogger(__name__)


def fim_da_preinscricao(canal: str, ano: int, numero: int) -> str:
    """ "Pronto!…": onde o canal não entrega depois, sem prometer "chama você por aqui"."""
    chave = "preinscricao.pronto" if entrega_depois(canal) else "alcance.pronto_sem_aviso"
    return texto(chave, protocolo=protocolo(ano, numero))


# (ofereceu link?, tem telefone?) → o que acontece se a pessoa não receber os avisos
_SENAO = {
    (True, True): "alcance.senao.ligar",
    (True, False): "alcance.senao.procurar",
    (False, True): "alcance.sem_link.ligar",
    (False, False): "alcance.sem_link.procurar",
}


async def _senao(ctx: Contexto, preinscricao_id: int, com_link: bool) -> str:
    """O que acontece sem um canal que entrega: a instituição liga (telefone mascarado,
    R24) ou, sem telefone, a pessoa procura o CRAS ou a instituição."""
    telefone = await preinscricoes.telefone_de(ctx.conexao, preinscricao_id)
    chave = _SENAO[(com_link, bool(telefone))]
    return texto(chave, telefone=mascarar_telefone(telefone)) if telefone else texto(chave)


async def oferta_de_avisos(ctx: Contexto, preinscricao_id: int, senao: bool = True) -> str:
    """A mensagem com o(s) link(s) e o que acontece sem eles; "" se esta conversa já
    recebe os avisos (ela mesma entrega depois). `senao=False`: sem o "a instituição vai
    ligar quando for a sua vez" (a pessoa já foi chamada: a situação conta o resto).
    Se os avisos já vão para um canal, diz qual e oferece os OUTROS canais: quem está no
    Telegram pode passar para o WhatsApp (e o contrário) sem nova pré-inscrição."""
    if entrega_depois(ctx.canal) or not ctx.chat_id:
        return ""
    canal, _ = await vinculos_canal.destino_de(ctx.conexao, preinscricao_id)
    if entrega_depois(canal):
        ja = texto("alcance.ja_ligada", canal=texto(f"alcance.nome_canal.{canal}"))
        outros = await linhas_de_links(ctx, preinscricao_id, exceto=canal)
        return texto("vinculo_whatsapp.trocar", ja=ja, links="\n".join(outros)) if outros else ja
    links = await linhas_de_links(ctx, preinscricao_id)
    if not senao:
        return texto("situacao.oferta", links="\n".join(links)) if links else ""
    sem_eles = await _senao(ctx, preinscricao_id, com_link=bool(links))
    if not links:
        return sem_eles
    return texto("alcance.oferta", links="\n".join(links), senao=sem_eles)


async def resgatar(ctx: Contexto, token: str) -> int | str:
    """Liga esta conversa à pré-inscrição do link/código: a pré-inscrição, ou a chave do
    texto que diz por que não. Pré-inscrição travada por tentativas (`fluxos.vinculo_trava`,
    por registro alvo): nenhum link liga. A conversa que recebia os avisos é avisada pela
    fila (se não foi a pessoa, ela procura o CRAS)."""
    alvo = await vinculos_canal.preinscricao_do_link(ctx.conexao, ctx.canal, token)
    if alvo is not None and await travado(ctx, alvo):
        return "vinculo_whatsapp.travado"  # o mesmo texto no Telegram e no WhatsApp
    antes = await vinculos_canal.destino_de(ctx.conexao, alvo) if alvo else ("", "")
    resultado = await vinculos_canal.resgatar_link(
        ctx.conexao, ctx.canal, ctx.chat_id, token, ctx.agora
    )
    if isinstance(resultado, Falha):
        log.info("link de avisos recusado: %s (canal=%s)", resultado.value, ctx.canal)
        return resultado.value
    log.info("link de avisos usado: preinscricao=%d canal=%s", resultado.preinscricao_id, ctx.canal)
    if antes != (ctx.canal, ctx.chat_id) and alcancavel(*antes):
        await _avisar_conversa_antiga(ctx, resultado.preinscricao_id, antes)
    return resultado.preinscricao_id


async def _avisar_conversa_antiga(
    ctx: Contexto, preinscricao_id: int, antes: tuple[str, str]
) -> None:
    pre = await preinscricoes.buscar(ctx.conexao, preinscricao_id)
    assert pre is not None  # acabou de ser ligada, na mesma transação
    aviso = texto(
        "vinculo_whatsapp.conversa_antiga",
        protocolo=await protocolo_de(ctx, pre),
        canal=texto(f"alcance.nome_canal.{ctx.canal}"),
    )
    chave = f"avisos:troca:{preinscricao_id}:{ctx.agora.isoformat()}"
    await envios.enfileirar(
        ctx.conexao, *antes, conteudo_do_aviso(para_pessoa(Saida(aviso))), chave, ctx.agora
    )


async def pronto(ctx: Contexto, preinscricao_id: int) -> Dizer:
    """ "Pronto! Os avisos … chegam aqui.", com as convocações em aberto (e seus botões)."""
    pre = await preinscricoes.buscar(ctx.conexao, preinscricao_id)
    assert pre is not None  # acabou de ser ligada, na mesma transação
    feito = texto("alcance.resgate.pronto", protocolo=await protocolo_de(ctx, pre))
    ajuda = Opcao(da_fila("ajuda"), texto("cidadao.menu.botao_ajuda"))
    return Dizer((feito,), (ajuda,), arquivos=await convocacoes_em_aberto(ctx, pre.id))


async def ligar_pelo_link(ctx: Contexto, token: str) -> Acao:
    """/start com o token do link: esta conversa passa a receber os avisos da pré-inscrição.
    Token usado, vencido ou forjado: diz o que fazer e nada muda."""
    if ctx.acesso.equipe:  # o chat da equipe não fica dono da pré-inscrição de alguém
        return Dizer((texto("alcance.resgate.na_equipe"),))
    resultado = await resgatar(ctx, token)
    if isinstance(resultado, int):
        return await pronto(ctx, resultado)
    ja_aqui = await ja_ligada_aqui(ctx, token) if resultado == Falha.USADO else None
    if ja_aqui is not None:
        return Dizer((ja_aqui,))
    chave = resultado if "." in resultado else f"alcance.resgate.{resultado}"
    return Dizer((texto(chave),))


async def ja_ligada_aqui(ctx: Contexto, token: str) -> str | None:
    """Um link que não vale mais (usado, ou vencido porque outro da mesma pré-inscrição foi
    usado) de uma pré-inscrição que JÁ manda os avisos para esta conversa: está tudo certo."""
    preinscricao_id = await vinculos_canal.preinscricao_do_link(ctx.conexao, ctx.canal, token)
    if preinscricao_id is None:
        return None
    if await vinculos_canal.destino_de(ctx.conexao, preinscricao_id) != (ctx.canal, ctx.chat_id):
        return None
    pre = await preinscricoes.buscar(ctx.conexao, preinscricao_id)
    if pre is None:
        return None
    return texto("situacao.resgate.ja_aqui", protocolo=await protocolo_de(ctx, pre))


async def ligar_se_for_link(ctx: Contexto, argumento: str) -> Acao | None:
    """O /start traz um link de avisos? (O convite da equipe também chega por /start.)"""
    if not vinculos_canal.eh_token_de_canal(argumento):
        return None
    return await ligar_pelo_link(ctx, argumento.strip())
