"""A equipe nos pedidos de ajuda (R20, R24): /atendimentos, "Responder" e "Encerrar".

OSC vê os pedidos das suas turmas; CRAS, os do seu território; gestão, todos. Pedido de
outro escopo ou id forjado: "Não encontrado." e nada muda. Cada pedido mostrado ou
aberto para responder deixa uma linha na auditoria (quem leu, o quê, o id do pedido).

"Responder" é uma conversa de um passo (`da_equipe`): a resposta vai à pessoa pela fila,
assinada com o papel e a instituição; se a pessoa bloqueou o bot ou escreveu pelo chat do
site, a equipe é avisada já na tela do pedido e de novo ao responder.
"""

from __future__ import annotations

from datetime import datetime

from armazenamento import pedidos_ajuda as banco
from armazenamento.acesso import Acesso, Papel
from armazenamento.auditoria import registrar_leitura
from armazenamento.pedidos_ajuda import Pedido
from fluxos.equipe.permissao import ComandoDaEquipe, nao_encontrado
from fluxos.motor import Acao, Dizer, Iniciar
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
)
from fluxos.pedido_ajuda.avisos import (
    ENCERRAR,
    RESPONDER,
    assinatura,
    avisar_pessoa,
    onde,
    sem_entrega,
)
from fluxos.regras.ids import ler_id
from mensagens.catalogo import texto
from mensagens.formatos import FUSO, hora_falada

FLUXO_RESPOSTA = "responder_ajuda"
LISTA = "atendimentos"
NA_LISTA = 8  # pedidos por tela (dois botões cada)
PAPEIS = frozenset({Papel.OSC, Papel.CRAS, Papel.GESTAO})


def _quando(momento: datetime) -> str:
    return f"{momento.astimezone(FUSO):%d/%m} {hora_falada(momento)}"


def vinculo_do_pedido(acesso: Acesso, pedido: Pedido) -> int | None:
    """O vínculo que assina: o da OSC do pedido, senão o do CRAS, senão o primeiro."""
    for v in acesso.vinculos:
        if v.papel == Papel.OSC and v.osc_id == pedido.osc_id:
            return v.id
    for v in acesso.vinculos:
        if v.papel == Papel.CRAS and v.cras_id == pedido.cras_id:
            return v.id
    return acesso.membro_id


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
                quando=_quando(p.criado_em),
                situacao=await _situacao(ctx, p),
            )
        )
        opcoes += [
            Opcao(f"cmd:{RESPONDER} {p.id}", texto("pedido_ajuda.botao.responder_n", numero=p.id)),
            Opcao(f"cmd:{ENCERRAR} {p.id}", texto("pedido_ajuda.botao.encerrar_n", numero=p.id)),
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
    membro = vinculo_do_pedido(ctx.acesso, pedido)
    if not await banco.encerrar(ctx.conexao, pedido.id, membro, ctx.agora):
        return Dizer((texto("pedido_ajuda.equipe.ja_encerrado"),))
    await registrar_leitura(ctx.conexao, membro, "ajuda.encerrar", pedido.id, ctx.agora)
    quem = await assinatura(ctx.conexao, membro) if membro else ""
    corpo = texto("pedido_ajuda.encerrado_pela_equipe", quem=quem)
    avisada = await avisar_pessoa(ctx.conexao, pedido, corpo, f"ajuda:fim:{pedido.id}", ctx.agora)
    chave = "encerrado" if avisada else "encerrado_sem_aviso"
    return Dizer((texto(f"pedido_ajuda.equipe.{chave}", numero=pedido.id),))


async def _conversa(ctx: Contexto, pedido: Pedido) -> str:
    linhas = []
    for membro_id, escrito, em in await banco.mensagens(ctx.conexao, pedido.id):
        chave = "linha_pessoa" if membro_id is None else "linha_equipe"
        linhas.append(texto(f"pedido_ajuda.equipe.{chave}", quando=_quando(em), texto=escrito))
    return "\n".join(linhas)


async def _perguntar(ctx: Contexto) -> Pergunta:
    pedido = await banco.do_escopo(ctx.conexao, ctx.acesso, int(ctx.dados.get("_pedido", 0)))
    if pedido is None:  # perdeu o escopo no meio: o receber diz "Não encontrado."
        return Pergunta(texto("responder_ajuda.texto.ajuda"))
    corpo = texto(
        "pedido_ajuda.equipe.escrever",
        numero=pedido.id,
        nome=await banco.nome_da_pessoa(ctx.conexao, pedido.preinscricao_id),
        conversa=await _conversa(ctx, pedido),
    )
    nota = await sem_entrega(ctx.conexao, pedido)
    return Pergunta(f"{nota}\n\n{corpo}" if nota else corpo)


async def _receber(ctx: Contexto, resposta: Resposta) -> Resultado:
    pedido = await banco.do_escopo(ctx.conexao, ctx.acesso, int(ctx.dados.get("_pedido", 0)))
    if pedido is None:
        return Encerrar(nao_encontrado().textos)
    if not pedido.aberto:
        return Encerrar((texto("pedido_ajuda.equipe.ja_encerrado"),))
    if not resposta.texto.strip():
        return Repetir(texto("responder_ajuda.texto.ajuda"))
    membro = vinculo_do_pedido(ctx.acesso, pedido)
    assert membro is not None  # só a equipe chega aqui (fluxo `da_equipe`)
    mensagem_id = await banco.anotar(ctx.conexao, pedido.id, membro, resposta.texto, ctx.agora)
    await banco.marcar_resposta(ctx.conexao, pedido.id, membro, ctx.agora)
    quem = await assinatura(ctx.conexao, membro)
    corpo = texto("pedido_ajuda.resposta", quem=quem, texto=resposta.texto)
    chave = f"ajuda:resposta:{mensagem_id}"
    entregue = await avisar_pessoa(ctx.conexao, pedido, corpo, chave, ctx.agora)
    nome = await banco.nome_da_pessoa(ctx.conexao, pedido.preinscricao_id)
    aviso = "enviada" if entregue else "guardada_sem_entrega"
    fim = Opcao(f"cmd:{ENCERRAR} {pedido.id}", texto("pedido_ajuda.botao.encerrar"))
    return Encerrar((texto(f"pedido_ajuda.equipe.{aviso}", nome=nome),), (fim,))


RESPOSTA = Fluxo(FLUXO_RESPOSTA, (Passo("texto", _perguntar, _receber),), da_equipe=True)

COMANDOS = {
    LISTA: ComandoDaEquipe(PAPEIS, listar),
    RESPONDER: ComandoDaEquipe(PAPEIS, responder, no_menu=False),
    ENCERRAR: ComandoDaEquipe(PAPEIS, encerrar, no_menu=False),
}
