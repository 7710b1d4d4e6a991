"""A equipe nos pedidos de ajuda (R20, R24): /atendimentos, "Responder" e "Encerrar".

OSC vê os pedidos das suas turmas; CRAS, os do seu território; gestão, todos. Pedido de
outro escopo ou id forjado: "Não encontrado." e nada muda. Cada pedido mostrado ou
aberto para responder deixa uma linha na auditoria (quem leu, o quê, o id do pedido).

"Responder" abre o recado à pessoa (`fluxos.equipe.resposta_ajuda`): a resposta vai pela
fila, assinada com o papel e a instituição; se a pessoa bloqueou o bot ou escreveu pelo
chat do site, a equipe é avisada já na tela do pedido e de novo ao responder.
"""

from __future__ import annotations

from datetime import datetime

from armazenamento import pedidos_ajuda as banco
from armazenamento.auditoria import registrar_leitura
from armazenamento.pedidos_ajuda import Pedido
from fluxos.equipe import resposta_ajuda
from fluxos.equipe.permissao import ComandoDaEquipe, nao_encontrado
from fluxos.equipe.resposta_ajuda import FLUXO_RESPOSTA, PAPEIS, fechar
from fluxos.motor import Acao, Dizer, Iniciar
from fluxos.passos import Contexto, Opcao
from fluxos.pedido_ajuda.avisos import ENCERRAR, RESPONDER, onde
from fluxos.regras.ids import ler_id
from mensagens.botoes import da_fila
from mensagens.catalogo import texto
from mensagens.formatos import FUSO, hora_falada

LISTA = "atendimentos"
NA_LISTA = 8  # pedidos por tela (dois botões cada)


def quando(momento: datetime) -> str:
    return f"{momento.astimezone(FUSO):%d/%m} {hora_falada(momento)}"


async def _situacao(ctx: Contexto, pedido: Pedido) -> str:
    if await banco.inalcancavel(ctx.conexao, pedido.canal, pedido.chat_id):
        chave = "bloqueou"
    elif pedido.respondido_em is not None:
        chave = "respondido"
    else:
        chave = "escalado" if pedido.escalado_em is not None else "sem_resposta"
    return texto(f"pedido_ajuda.equipe.situacao.{chave}")


async def listar(ctx: Contexto, _argumento: str = "") -> Acao:
    """/atendimentos: os pedidos abertos do escopo, os mais antigos primeiro."""
    pedidos = await banco.abertos_do_escopo(ctx.conexao, ctx.acesso, NA_LISTA + 1)
    if not pedidos:
        return Dizer((texto("pedido_ajuda.equipe.lista_vazia"),))
    linhas, opcoes = [texto("pedido_ajuda.equipe.lista", quantos=len(pedidos))], []
    if len(pedidos) > NA_LISTA:
        pedidos = pedidos[:NA_LISTA]
        linhas[0] = texto("pedido_ajuda.equipe.lista_mais", mostrados=NA_LISTA)
    for p in pedidos:
        await registrar_leitura(ctx.conexao, ctx.acesso.membro_id, "ajuda.lista", p.id, ctx.agora)
        linhas.append(
            texto(
                "pedido_ajuda.equipe.item",
                numero=p.id,
                nome=await banco.nome_da_pessoa(ctx.conexao, p.preinscricao_id),
                onde=await onde(ctx.conexao, p),
                quando=quando(p.criado_em),
                situacao=await _situacao(ctx, p),
            )
        )
        opcoes += [
            Opcao(da_fila(RESPONDER, p.id), texto("pedido_ajuda.botao.responder_n", numero=p.id)),
            Opcao(da_fila(ENCERRAR, p.id), texto("pedido_ajuda.botao.encerrar_n", numero=p.id)),
        ]
    return Dizer(("\n".join(linhas),), tuple(opcoes), numerar=False)


async def _pedido_pedido(ctx: Contexto, argumento: str) -> Pedido | None:
    """O pedido do botão, só se está no escopo de quem toca (R24)."""
    pedido_id = ler_id(argumento.split()[0]) if argumento.split() else None
    if pedido_id is None:
        return None
    return await banco.do_escopo(ctx.conexao, ctx.acesso, pedido_id)


async def responder(ctx: Contexto, argumento: str = "") -> Acao:
    """ "Responder": abre a conversa de um passo para escrever à pessoa."""
    pedido = await _pedido_pedido(ctx, argumento)
    if pedido is None:
        return nao_encontrado()
    if not pedido.aberto:
        return Dizer((texto("pedido_ajuda.equipe.ja_encerrado"),))
    await registrar_leitura(ctx.conexao, ctx.acesso.membro_id, "ajuda.ver", pedido.id, ctx.agora)
    return Iniciar(FLUXO_RESPOSTA, dados={"_pedido": pedido.id})


async def encerrar(ctx: Contexto, argumento: str = "") -> Acao:
    """ "Encerrar": fecha o pedido e avisa a pessoa (se ela recebe mensagens)."""
    pedido = await _pedido_pedido(ctx, argumento)
    if pedido is None:
        return nao_encontrado()
    return Dizer((await fechar(ctx, pedido),))


async def encerrar_digitado(ctx: Contexto, argumento: str = "") -> Acao:
    """ "encerrar atendimento" escrito pela equipe (R20): com um só pedido aberto que esta
    conversa respondeu, encerra; senão, a lista dos abertos para escolher."""
    feito = await resposta_ajuda.encerrar_digitado(ctx, argumento)
    if feito is not None:
        return Dizer(feito.textos, feito.opcoes)
    if not ctx.acesso.tem(*PAPEIS):  # o instrutor não atende pedidos: o "Não entendi" de sempre
        from fluxos.equipe.menus import desconhecido  # o menu lê o registro, que lê este

        return await desconhecido(ctx)
    return await listar(ctx)


COMANDOS = {
    LISTA: ComandoDaEquipe(PAPEIS, listar),
    RESPONDER: ComandoDaEquipe(PAPEIS, responder, no_menu=False),
    ENCERRAR: ComandoDaEquipe(PAPEIS, encerrar, no_menu=False),
}
