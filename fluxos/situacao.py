"""A `situação` do cidadão, de UMA função só (`situacao_do_chat`): vale para o comando, a
palavra e suas variações ("minha situação", "sitaucao"), o "oi" de quem já se inscreveu e
o botão. Mostra todas as pré-inscrições do ciclo ligadas à conversa (mãe e filho no mesmo
Telegram), cada uma com a sua história (`fluxos.historia`), as convocações em aberto com
os botões e, onde a conversa não entrega depois, o link de avisos (`fluxos.alcance`).
"""

from __future__ import annotations

from rapidfuzz import fuzz, process

from armazenamento import preinscricoes
from armazenamento.convocacoes import nome_de_chamada
from armazenamento.preinscricoes import Situacao as Feita
from fluxos.alcance import oferta_de_avisos
from fluxos.convocacao.cidadao import convocacoes_em_aberto
from fluxos.historia import ESPERANDO
from fluxos.passos import Contexto
from fluxos.preinscricao.ciclo import etapa_e_situacao
from fluxos.regras.texto import normalizar
from mensagens.catalogo import texto
from mensagens.tipos import Saida


async def bloco(ctx: Contexto, pre: Feita, com_nome: bool) -> str:
    """Uma pré-inscrição: número, data, cursos, a história e (no chat do site) o link."""
    etapa_atual, detalhe = await etapa_e_situacao(ctx, pre)
    partes = [detalhe]
    if com_nome:
        # o nome todo (o social, se deu): mãe e filha podem ter o mesmo primeiro nome
        partes.insert(0, texto("situacao.de_quem", nome=nome_de_chamada(pre.nome, pre.nome_social)))
    oferta = await oferta_de_avisos(ctx, pre.id, senao=etapa_atual in ESPERANDO)
    if oferta:
        partes.append("\n" + oferta)
    return "\n".join(partes)


async def situacao_do_chat(ctx: Contexto) -> tuple[str, tuple[Saida, ...]] | None:
    """O texto da situação de todas as pré-inscrições do ciclo ligadas a esta conversa e
    as convocações ainda em aberto (com os botões). None: nenhuma pré-inscrição."""
    todas = await preinscricoes.todas_do_chat(ctx.conexao, ctx.canal, ctx.chat_id)
    if not todas:
        return None
    blocos = [await bloco(ctx, pre, com_nome=len(todas) > 1) for pre in todas]
    abertas: tuple[Saida, ...] = ()
    for pre in todas:
        abertas += await convocacoes_em_aberto(ctx, pre.id)
    return "\n\n".join(blocos), abertas


# como as pessoas pedem a situação (normalizado); erros de digitação ("sitaucao") também
_PEDIDOS = (
    "situacao",
    "minha situacao",
    "status",
    "minha inscricao",
    "como esta minha inscricao",
    "como esta a minha inscricao",
    "como ta minha inscricao",
    "ver minha inscricao",
    "minha pre inscricao",
    "como esta minha pre inscricao",
)
_PALAVRAS_DE_PEDIDO = ("situacao", "status")
_NOTA = 80


def pede_situacao(digitado: str) -> bool:
    """O texto solto pede a situação? ("minha situacao", "sitaucao", "como está minha
    inscrição?"). Um nome ou um "oi" não."""
    forma = normalizar(digitado)
    if not forma:
        return False
    if process.extractOne(forma, _PEDIDOS, scorer=fuzz.ratio, score_cutoff=_NOTA):
        return True
    return any(
        process.extractOne(palavra, _PALAVRAS_DE_PEDIDO, scorer=fuzz.ratio, score_cutoff=_NOTA)
        for palavra in forma.split()
        if len(palavra) >= 5
    )
