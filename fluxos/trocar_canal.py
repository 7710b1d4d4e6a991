"""Levar os avisos para outro aplicativo, de onde a pessoa está (uma pessoa, um registro).

Quem fez a pré-inscrição direto no Telegram (ou no WhatsApp) não passa pelo chat do site:
escrevendo "whatsapp", "telegram" ou "trocar de aplicativo" na conversa que recebe os
avisos, recebe o link de uso único dos OUTROS canais configurados
(`fluxos.links_avisos`). Ao usar o link, os avisos passam a chegar só lá e esta conversa
ouve que eles mudaram de lugar (`fluxos.alcance.resgatar`). Só quem é o destino dos
avisos (ou a sessão do site que fez a pré-inscrição) pede o link: ninguém leva os avisos
de outra pessoa sem ter a conversa dela.
"""

from __future__ import annotations

from armazenamento import preinscricoes
from fluxos.acoes import Acao, Dizer
from fluxos.alcance import oferta_de_avisos
from fluxos.canais import entrega_depois
from fluxos.links_avisos import linhas_de_links
from fluxos.passos import Contexto, Opcao
from fluxos.preinscricao.ciclo import protocolo_de
from mensagens.botoes import da_fila
from mensagens.catalogo import texto

COMANDO = "trocar_canal"
PALAVRAS = dict.fromkeys(
    (
        "whatsapp",
        "zap",
        "receber no whatsapp",
        "avisos no whatsapp",
        "quero receber no whatsapp",
        "telegram",
        "receber no telegram",
        "avisos no telegram",
        "quero receber no telegram",
        "trocar de aplicativo",
        "mudar de aplicativo",
        "outro aplicativo",
    ),
    COMANDO,
)


async def levar_avisos(ctx: Contexto, _argumento: str = "") -> Acao:
    """O link dos outros canais para a pré-inscrição desta conversa (a mais recente)."""
    pre = await preinscricoes.buscar_do_chat(ctx.conexao, ctx.canal, ctx.chat_id)
    if pre is None:
        fazer = Opcao(da_fila("preinscricao"), texto("cidadao.menu.botao_preinscricao"))
        com_a_equipe = Opcao(da_fila("vincular"), texto("cidadao.menu.botao_vincular"))
        return Dizer((texto("vinculo_whatsapp.levar.sem_inscricao"),), (fazer, com_a_equipe))
    if not entrega_depois(ctx.canal):  # o chat do site: a mesma oferta da situação
        oferta = await oferta_de_avisos(ctx, pre.id, senao=False)
        return Dizer((oferta or texto("vinculo_whatsapp.levar.sem_link"),))
    links = await linhas_de_links(ctx, pre.id, exceto=ctx.canal)
    if not links:
        return Dizer((texto("vinculo_whatsapp.levar.sem_link"),))
    numero = await protocolo_de(ctx, pre)
    return Dizer((texto("vinculo_whatsapp.levar", protocolo=numero, links="\n".join(links)),))
