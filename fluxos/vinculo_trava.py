"""A trava por registro alvo (R3): datas de nascimento erradas para uma pré-inscrição,
dadas com um código de vínculo que vale, de qualquer chat ou sessão, contam juntas. (Quem
repete o CPF na pré-inscrição ouve a mesma resposta com qualquer data: nada a adivinhar,
nada a contar; contar daria a quem sabe um CPF um jeito de travar a pessoa de verdade.)

Ao chegar no limite, o vínculo daquela pré-inscrição trava para qualquer chat e a equipe
que cuida dela (o CRAS do território, quem registrou, a OSC) recebe UM aviso pela fila,
com o número da pré-inscrição e nada mais; cada aviso fica na auditoria. Os registros
(logs) dizem só o número interno, nunca CPF, nome ou data.
"""

from __future__ import annotations

import logging

from armazenamento import codigos_vinculo as codigos
from armazenamento import envios, preinscricoes
from armazenamento.auditoria import registrar_leitura
from fluxos.avisos_fila import conteudo_para_equipe
from fluxos.canais import entrega_depois
from fluxos.passos import Contexto
from fluxos.preinscricao.ciclo import protocolo_de
from mensagens.catalogo import no_canal, texto
from mensagens.formatos import quantos
from mensagens.tipos import Saida

log = logging.getLogger(__name__)

ACAO_TRAVA = "codigo_vinculo.trava"  # auditoria: a equipe foi avisada; alvo é a pré-inscrição


async def travado(ctx: Contexto, preinscricao_id: int) -> bool:
    janela = ctx.ajustes.janela_trava_vinculo
    return await codigos.travado(ctx.conexao, preinscricao_id, ctx.agora, janela)


AVISO_DATAS = "vinculo_codigo.equipe.travado"


async def anotar_erro(ctx: Contexto, preinscricao_id: int, aviso: str = AVISO_DATAS) -> bool:
    """Uma data errada (ou, no WhatsApp, um código velho dela mandado de outro número,
    `fluxos.codigo_avisos`) para esta pré-inscrição; devolve se ela travou agora. `aviso`:
    a chave do texto que a equipe recebe, que diz o que aconteceu."""
    janela = ctx.ajustes.janela_trava_vinculo
    travou = await codigos.anotar_erro(ctx.conexao, preinscricao_id, ctx.agora, janela)
    if travou:
        await _avisar_equipe(ctx, preinscricao_id, aviso)
    return travou


async def _avisar_equipe(ctx: Contexto, preinscricao_id: int, chave_aviso: str) -> None:
    pre = await preinscricoes.buscar(ctx.conexao, preinscricao_id)
    if pre is None:
        return
    horas = int(ctx.ajustes.janela_trava_vinculo.total_seconds() // 3600)
    numero = await protocolo_de(ctx, pre)
    avisados: set[tuple[str, str]] = set()
    for destino in await codigos.equipe_do_registro(ctx.conexao, preinscricao_id):
        conversa = (destino.canal, destino.chat_id)
        if not entrega_depois(destino.canal) or conversa in avisados:
            continue
        avisados.add(conversa)
        with no_canal(destino.canal):  # "/buscar" no Telegram, "escreva buscar" no WhatsApp
            tempo = quantos(horas, "hora")
            aviso = Saida(texto(chave_aviso, protocolo=numero, tempo=tempo))
            conteudo = conteudo_para_equipe(aviso)
        chave = f"vinculo:trava:{preinscricao_id}:{ctx.agora.isoformat()}:{destino.membro_id}"
        await envios.enfileirar(ctx.conexao, *conversa, conteudo, chave, ctx.agora)
        membro = destino.membro_id
        await registrar_leitura(ctx.conexao, membro, ACAO_TRAVA, preinscricao_id, ctx.agora)
    log.warning(
        "vinculo travado por tentativas: preinscricao=%d avisos=%d", preinscricao_id, len(avisados)
    )
