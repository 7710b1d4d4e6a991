"""O código de vínculo que a equipe entrega à pessoa (R3): escrito e como QR code.

Toda pré-inscrição assistida termina com um código; na situação da pessoa em /buscar, o
botão "Novo código" gera outro (o anterior deixa de valer e a trava de tentativas zera:
a equipe falou com a pessoa). É também o caminho para trocar o celular de quem já tem
conversa ligada: só a equipe gera o código, e usá-lo avisa o celular antigo.

O código aparece uma vez, só para quem gerou; o banco guarda o hash. O QR code leva o
link `t.me/<bot>?start=vc-<código>` (só com TELEGRAM_BOT_USERNAME configurado).
"""

from __future__ import annotations

import logging

from armazenamento import codigos_vinculo as codigos
from armazenamento.acesso import Papel
from armazenamento.auditoria import registrar_leitura
from armazenamento.tempo import FUSO
from fluxos.equipe.permissao import ComandoDaEquipe, ficha_pedida, nao_encontrado
from fluxos.motor import Acao, Dizer
from fluxos.passos import Contexto, Opcao
from mensagens.botoes import da_fila
from mensagens.catalogo import texto
from mensagens.formatos import data_por_extenso, protocolo
from mensagens.qr import qr_png
from mensagens.tipos import Saida

log = logging.getLogger(__name__)

COMANDO = "codigo_vinculo"
ACAO_CODIGO = "codigo_vinculo.novo"  # auditoria: alvo é a pré-inscrição
PAPEIS = frozenset({Papel.CRAS, Papel.OSC, Papel.GESTAO})


def botao_novo_codigo(preinscricao_id: int) -> Opcao:
    return Opcao(da_fila(COMANDO, preinscricao_id), texto("vinculo_codigo.equipe.botao_novo"))


async def nota_da_trava(ctx: Contexto, preinscricao_id: int) -> str:
    """Na situação da pessoa: o vínculo dela está travado por datas erradas? (Quem da
    equipe não recebe avisos pela fila vê aqui.)"""
    janela = ctx.ajustes.janela_trava_vinculo
    if not await codigos.travado(ctx.conexao, preinscricao_id, ctx.agora, janela):
        return ""
    return texto("vinculo_codigo.equipe.ficha_travada")


async def entregar_codigo(
    ctx: Contexto, preinscricao_id: int, numero: str
) -> tuple[str, tuple[Saida, ...]]:
    """Gera o código (vence o anterior) e devolve o texto para a equipe e o QR code."""
    membro = ctx.acesso.membro_id
    novo = await codigos.gerar(
        ctx.conexao, preinscricao_id, membro, ctx.agora, ctx.ajustes.validade_codigo_vinculo
    )
    await registrar_leitura(ctx.conexao, membro, ACAO_CODIGO, preinscricao_id, ctx.agora)
    log.info("codigo de vinculo gerado: preinscricao=%d membro=%s", preinscricao_id, membro)
    escrito = codigos.formatar(novo.codigo)
    corpo = texto(
        "vinculo_codigo.equipe.codigo",
        protocolo=numero,
        codigo=escrito,
        validade=data_por_extenso(novo.expira_em.astimezone(FUSO).date()),
    )
    modelo = ctx.ajustes.links_de_canal.get("telegram")
    if not modelo:
        return corpo, ()
    link = modelo.format(token=codigos.PREFIXO_LINK + novo.codigo)
    legenda = texto("vinculo_codigo.equipe.qr_legenda", protocolo=numero, codigo=escrito)
    imagem = qr_png(link, f"codigo-{numero}.png")
    corpo = f"{corpo}\n\n{texto('vinculo_codigo.equipe.qr_a_seguir')}"
    return corpo, (Saida(legenda, anexo=imagem),)


async def novo_codigo(ctx: Contexto, argumento: str = "") -> Acao:
    """ "codigo_vinculo PRÉ" (o botão na situação da pessoa): só dentro do escopo (R24)."""
    ficha = await ficha_pedida(ctx, argumento)
    if ficha is None:
        return nao_encontrado()
    corpo, arquivos = await entregar_codigo(ctx, ficha.id, protocolo(ficha.ano, ficha.id))
    voltar = Opcao(da_fila("buscar_ver", ficha.id), texto("vinculo_codigo.equipe.botao_pessoa"))
    return Dizer((corpo,), (voltar,), arquivos=arquivos)


COMANDOS = {COMANDO: ComandoDaEquipe(PAPEIS, novo_codigo, no_menu=False)}
