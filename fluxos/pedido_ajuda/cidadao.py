"""O lado do cidadão no pedido de ajuda (R20).

"Preciso de ajuda" (o botão do recado de quem anda faltando, `cmd:pedir_ajuda <alerta>`,
ou digitado em qualquer ponto: "falar com alguém", "atendente"...) pede uma mensagem e
abre o pedido para os técnicos da OSC da turma da pessoa ou, sem matrícula, para os do
CRAS do território dela. "ajuda" sozinho continua sendo a ajuda do bot. Uma frase que já
traz o pedido ("preciso de ajuda com a passagem") abre o pedido direto.

Um pedido aberto por pessoa: pedir de novo junta ao aberto. Depois que alguém da equipe
responde, as mensagens soltas da pessoa vão para essa pessoa da equipe até o pedido ser
encerrado (`texto_livre`, chamado por `fluxos.equipe.conversa_da_equipe`). Quem está no
meio de outra conversa (a pré-inscrição) continua nela: o motor cuida disso.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento import envios
from armazenamento import pedidos_ajuda as banco
from armazenamento.pedidos_ajuda import Pedido
from fluxos.acoes import Acao, Dizer, Iniciar
from fluxos.avisos_fila import conteudo_para_equipe
from fluxos.canais import alcancavel
from fluxos.passos import (
    Contexto,
    Fluxo,
    Opcao,
    Passo,
    Pergunta,
    Repetir,
    Resposta,
    Resultado,
)
from fluxos.pedido_ajuda.avisos import assinatura, avisar_equipe, destinos_do_pedido, onde
from fluxos.regras.ids import ler_id
from fluxos.regras.texto import normalizar
from mensagens.botoes import da_fila
from mensagens.catalogo import texto
from mensagens.tipos import Saida

FLUXO = "pedido_ajuda"
COMANDO = "pedir_ajuda"
ENCERRAR_PESSOA = "encerrar_atendimento"

# digitadas sozinhas: pedem a mensagem ("ajuda" e "/ajuda" sozinhos são a ajuda do bot)
FRASES = (
    "preciso de ajuda",
    "preciso de uma ajuda",
    "quero ajuda",
    "ajuda com o curso",
    "falar com alguem",
    "quero falar com alguem",
    "falar com uma pessoa",
    "quero falar com uma pessoa",
    "falar com a equipe",
    "falar com atendente",
    "quero falar com um atendente",
    "atendente",
)
# começos de frase que já trazem o pedido: "preciso de ajuda com a passagem"
COMECOS = (
    "preciso de ajuda",
    "preciso de uma ajuda",
    "quero ajuda",
    "ajuda com",
    "falar com alguem",
    "quero falar com alguem",
    "falar com uma pessoa",
    "quero falar com uma pessoa",
)
PALAVRAS = {
    **dict.fromkeys(FRASES, COMANDO),
    "encerrar atendimento": ENCERRAR_PESSOA,
    "encerrar o atendimento": ENCERRAR_PESSOA,
    "encerrar conversa": ENCERRAR_PESSOA,
}


def traz_pedido(limpo: str) -> bool:
    """Um começo de pedido seguido de mais palavras ("preciso de ajuda com a passagem")."""
    chave = normalizar(limpo)
    return any(chave.startswith(c + " ") for c in COMECOS)


def _sem_preinscricao() -> Dizer:
    """Sem pré-inscrição não há a quem mandar: diz como fazer ou ligar a feita na equipe."""
    return Dizer(
        (texto("pedido_ajuda.sem_preinscricao"),),
        (
            Opcao(da_fila("preinscricao"), texto("cidadao.menu.botao_preinscricao")),
            Opcao(da_fila("vincular"), texto("cidadao.menu.botao_vincular")),
        ),
    )


async def pedir_ajuda(ctx: Contexto, argumento: str = "") -> Acao:
    """R20: pede a mensagem (ou lembra com quem a pessoa já fala). O argumento do botão é
    o alerta de evasão: só contexto, nunca decide para quem o pedido vai."""
    escopo = await banco.escopo_do_chat(ctx.conexao, ctx.canal, ctx.chat_id)
    if escopo is None:
        return _sem_preinscricao()
    aberto = await banco.aberto_do_chat(ctx.conexao, ctx.canal, ctx.chat_id)
    if aberto is not None and aberto.tecnico_id is not None:
        quem = await assinatura(ctx.conexao, aberto.tecnico_id)
        return Dizer((texto("pedido_ajuda.ja_respondido", quem=quem),))
    partes = argumento.split()
    alerta = ler_id(partes[0]) if partes else None
    return Iniciar(FLUXO, dados={"_de": "alerta" if alerta else "comando", "_alerta": alerta})


async def registrar(
    ctx: Contexto, mensagem: str, de: str = "texto", alerta: int | None = None
) -> Dizer:
    """Abre o pedido (ou junta ao aberto), guarda a mensagem e avisa a equipe pela fila."""
    escopo = await banco.escopo_do_chat(ctx.conexao, ctx.canal, ctx.chat_id)
    if escopo is None:
        return _sem_preinscricao()
    c = ctx.conexao
    pedido, novo = await banco.abrir(c, ctx.canal, ctx.chat_id, escopo, de, alerta, ctx.agora)
    mensagem_id = await banco.anotar(c, pedido.id, None, mensagem, ctx.agora)
    nome = await banco.nome_da_pessoa(c, pedido.preinscricao_id)
    if novo:
        corpo = texto(
            "pedido_ajuda.equipe.novo",
            numero=pedido.id,
            nome=nome,
            onde=await onde(c, pedido),
            texto=mensagem,
        )
    else:
        corpo = texto("pedido_ajuda.equipe.mensagem", numero=pedido.id, nome=nome, texto=mensagem)
    destinos = await destinos_do_pedido(c, pedido)
    await avisar_equipe(c, destinos, pedido, corpo, f"ajuda:msg:{mensagem_id}", ctx.agora)
    # o botão acompanha cada confirmação: o do menu vale só até a mensagem seguinte (R20)
    fim = Opcao(da_fila(ENCERRAR_PESSOA), texto("pedido_ajuda.botao.encerrar_atendimento"))
    return Dizer((await _confirmacao(c, pedido, novo),), (fim,))


async def _confirmacao(conexao: AsyncConnection, pedido: Pedido, novo: bool) -> str:
    """Para quem a mensagem foi e como voltar ao menu."""
    if pedido.tecnico_id is not None:
        quem = await assinatura(conexao, pedido.tecnico_id)
        return texto("pedido_ajuda.repassado", quem=quem)
    if not novo:
        return texto("pedido_ajuda.juntado")
    if not alcancavel(pedido.canal, pedido.chat_id):
        return texto("pedido_ajuda.aberto.sem_aviso")
    if pedido.osc_id is not None:
        return texto(
            "pedido_ajuda.aberto.osc", lugar=await banco.nome_da_osc(conexao, pedido.osc_id)
        )
    _, cras = await banco.turma_e_cras(conexao, None, pedido.cras_id)
    return texto("pedido_ajuda.aberto.cras", lugar=cras)


async def texto_livre(ctx: Contexto, limpo: str) -> Acao | None:
    """Texto solto do cidadão: com pedido aberto, vai para a equipe; começando com
    "preciso de ajuda ..." abre o pedido; senão, None (o começo de sempre)."""
    aberto = await banco.aberto_do_chat(ctx.conexao, ctx.canal, ctx.chat_id)
    if aberto is not None or traz_pedido(limpo):
        return await registrar(ctx, limpo)
    return None


async def encerrar_atendimento(ctx: Contexto, _argumento: str = "") -> Acao:
    """ "encerrar atendimento": a pessoa encerra o pedido aberto; quem respondia sabe."""
    aberto = await banco.aberto_do_chat(ctx.conexao, ctx.canal, ctx.chat_id)
    if aberto is None or not await banco.encerrar(ctx.conexao, aberto.id, None, ctx.agora):
        return Dizer((texto("pedido_ajuda.nada_aberto"),))
    if aberto.tecnico_id is not None:
        destino = await banco.destino_do_membro(ctx.conexao, aberto.tecnico_id)
        if destino is not None:
            nome = await banco.nome_da_pessoa(ctx.conexao, aberto.preinscricao_id)
            corpo = texto("pedido_ajuda.equipe.pessoa_encerrou", numero=aberto.id, nome=nome)
            chave = f"ajuda:fim:{aberto.id}:membro:{destino.membro_id}"
            conteudo = conteudo_para_equipe(Saida(corpo))
            await envios.enfileirar(
                ctx.conexao, destino.canal, destino.chat_id, conteudo, chave, ctx.agora
            )
    return Dizer((texto("pedido_ajuda.encerrado_pela_pessoa"),))


async def _perguntar(_ctx: Contexto) -> Pergunta:
    return Pergunta(texto("pedido_ajuda.mensagem.pergunta"))


async def _receber(ctx: Contexto, resposta: Resposta) -> Resultado:
    if not resposta.texto.strip():
        return Repetir(texto("pedido_ajuda.mensagem.vazia"))
    if not any(c.isalnum() for c in resposta.texto):  # "😢😢": pede umas palavras
        return Repetir(texto("pedido_ajuda.mensagem.sem_palavras"))
    alerta = ctx.dados.get("_alerta")
    de = str(ctx.dados.get("_de", "comando"))
    acao = await registrar(ctx, resposta.texto, de, alerta if isinstance(alerta, int) else None)
    return Dizer(acao.textos, acao.opcoes)


# recado: "sim" e "bom dia" são o pedido; "preciso de ajuda" de novo, "menu" saem e fazem o
# que pedem (a pergunta volta, sem "você está no meio de uma conversa")
PEDIDO_AJUDA = Fluxo(FLUXO, (Passo("mensagem", _perguntar, _receber),), recado=True)
