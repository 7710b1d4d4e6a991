"""As linhas da oferta "receber os avisos" (R3): um link de uso único por canal configurado.

- Telegram: `t.me/<bot>?start=pi-<token>` (192 bits; um toque e pronto);
- WhatsApp: não há /start. O link `https://wa.me/<número>?text=<texto>` abre a conversa
  com o texto pronto ("Quero receber os avisos. Código: ABCD-EFGH-2345"); a pessoa só
  toca em enviar. O código também vai escrito, para quem abre o chat do site num
  computador e manda a mensagem do celular (`fluxos.codigo_avisos` reconhece as duas
  formas). O texto vai url-encoded: acento e espaço não quebram o link.

Os dois são linhas de `armazenamento.vinculos_canal` (só o hash, validade, uso único).
"""

from __future__ import annotations

import re
from urllib.parse import quote

from armazenamento import vinculos_canal
from fluxos.forma_codigo import WHATSAPP
from fluxos.passos import Contexto
from fluxos.regras.telefone import formatar_telefone
from mensagens.catalogo import texto

_NUMERO = re.compile(r"wa\.me/(\d+)")


def formatar_codigo(codigo: str) -> str:
    """ "ABCD-EFGH-2345": três grupos, mais fácil de ler e digitar."""
    return "-".join(codigo[i : i + 4] for i in range(0, len(codigo), 4))


def numero_para_ler(modelo: str) -> str:
    """O número do WhatsApp do modelo do link, como a pessoa lê: "(14) 99999-0000" (de
    outro país, "+1415…")."""
    achado = _NUMERO.search(modelo)
    digitos = achado.group(1) if achado else ""
    if digitos.startswith("55") and len(digitos) in (12, 13):  # do Brasil: como se fala aqui
        return formatar_telefone(digitos[2:])
    return f"+{digitos}"


async def _linha_do_whatsapp(ctx: Contexto, preinscricao_id: int, modelo: str) -> str:
    codigo = vinculos_canal.gerar_codigo()
    token = vinculos_canal.token_do_codigo(codigo)
    origem = (ctx.canal, ctx.chat_id)
    await vinculos_canal.criar_link(
        ctx.conexao, preinscricao_id, WHATSAPP, origem, ctx.agora, token=token
    )
    escrito = formatar_codigo(codigo)
    mensagem = texto("vinculo_whatsapp.mensagem_pronta", codigo=escrito)
    link = modelo.format(token=quote(mensagem, safe=""))
    digitar = texto("vinculo_whatsapp.digitar", codigo=escrito, numero=numero_para_ler(modelo))
    return texto("alcance.link.whatsapp", link=link) + "\n" + digitar


async def linhas_de_links(ctx: Contexto, preinscricao_id: int, exceto: str = "") -> list[str]:
    """Uma linha por canal configurado (menos `exceto`, o que já recebe os avisos)."""
    linhas = []
    for destino, modelo in sorted(ctx.ajustes.links_de_canal.items()):
        if destino == exceto:
            continue
        if destino == WHATSAPP:
            linhas.append(await _linha_do_whatsapp(ctx, preinscricao_id, modelo))
            continue
        token = await vinculos_canal.criar_link(
            ctx.conexao, preinscricao_id, destino, (ctx.canal, ctx.chat_id), ctx.agora
        )
        linhas.append(texto(f"alcance.link.{destino}", link=modelo.format(token=token)))
    return linhas
