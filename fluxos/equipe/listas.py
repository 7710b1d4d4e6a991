"""/listas (R4): a OSC pega de novo a planilha das listas que os CRAS lhe enviaram no
ciclo (quem entrou no chat depois do envio, ou perdeu o arquivo). Só as pessoas
encaminhadas a ela (escopo no WHERE); a gestão escolhe a OSC antes.

As planilhas vão na própria resposta, uma mensagem com anexo por lista (o Telegram manda
o arquivo; o chat do site oferece o download; o terminal grava numa pasta).
"""

from __future__ import annotations

from armazenamento.acesso import Papel
from armazenamento.planilhas import (
    ACAO_PLANILHA,
    linhas_da_planilha,
    listas_da_osc,
    osc_visivel,
    oscs_visiveis,
)
from fluxos.equipe.permissao import ComandoDaEquipe, nao_encontrado
from fluxos.equipe.planilha_osc import anexo_da_planilha
from fluxos.equipe.priorizacao_comum import (
    auditar,
    ciclo_atual,
    escolher,
    pessoas,
)
from fluxos.motor import Acao, Dizer
from fluxos.passos import Contexto
from fluxos.regras.ids import ler_ids as numeros
from mensagens.catalogo import texto
from mensagens.tipos import Saida


async def ver_listas(ctx: Contexto, argumento: str = "") -> Acao:
    """ "/listas" (a OSC de quem escreve; a gestão escolhe) ou "/listas 2"."""
    pedido = numeros(argumento, 1)
    if pedido is None:
        visiveis = await oscs_visiveis(ctx.conexao, ctx.acesso)
        if len(visiveis) != 1:
            if not visiveis:
                return nao_encontrado()
            itens = [(o.id, o.nome) for o in visiveis]
            return escolher(texto("priorizacao.listas.escolher_osc"), itens, "listas")
        pedido = [visiveis[0].id]
    osc = await osc_visivel(ctx.conexao, ctx.acesso, pedido[0])
    if osc is None:
        return nao_encontrado()
    ciclo = await ciclo_atual(ctx)
    if ciclo is None:
        return Dizer((texto("priorizacao.sem_ciclo"),))
    recebidas = await listas_da_osc(ctx.conexao, ctx.acesso, osc.id, ciclo.id or 0)
    if not recebidas:
        return Dizer((texto("priorizacao.listas.nenhuma", osc=osc.nome, ano=ciclo.ano),))
    linhas = [
        texto("priorizacao.listas.linha", cras=r.cras, pessoas=pessoas(r.pessoas))
        for r in recebidas
    ]
    titulo = texto("priorizacao.listas.titulo", osc=osc.nome, ano=ciclo.ano)
    arquivos = []
    for r in recebidas:
        planilha = await linhas_da_planilha(ctx.conexao, ctx.acesso, r.priorizacao_id, osc.id)
        anexo = anexo_da_planilha(r.ano, r.cras, osc.nome, planilha, ctx.agora)
        legenda = texto("priorizacao.listas.legenda", cras=r.cras, pessoas=pessoas(r.pessoas))
        arquivos.append(Saida(legenda, anexo=anexo))
        await auditar(ctx, ACAO_PLANILHA, r.priorizacao_id)
    return Dizer(("\n".join([titulo, *linhas]),), arquivos=tuple(arquivos))


COMANDOS = {
    "listas": ComandoDaEquipe(frozenset({Papel.OSC, Papel.GESTAO}), ver_listas),
}
