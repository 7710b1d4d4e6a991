"""A resposta da equipe a um pedido de ajuda (R20): "Responder" abre um recado que segue.

Depois da primeira resposta, o que a técnica escreve continua indo para a mesma pessoa
(o passo "mais") até ela tocar em "Pronto" (ou escrever "pronto"/"menu"), tocar em outra
coisa, ou encerrar o atendimento ("Encerrar atendimento", "encerrar"). Nenhuma segunda
mensagem se perde com um "Não entendi". Quando outra pessoa da equipe assume o pedido,
quem respondia antes é avisado uma vez pela fila; a pessoa atendida vê em cada resposta o
papel e a instituição de quem responde (nunca o nome pessoal nem o rótulo interno).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from armazenamento import envios
from armazenamento import pedidos_ajuda as banco
from armazenamento.acesso import Acesso, Papel
from armazenamento.auditoria import registrar_leitura
from armazenamento.pedidos_ajuda import Pedido
from fluxos.avisos_fila import RESPOSTA_AJUDA, conteudo_para_equipe
from fluxos.canais import entrega_depois
from fluxos.equipe.permissao import nao_encontrado
from fluxos.passos import (
    Contexto,
    Dizer,
    Fluxo,
    Opcao,
    Passo,
    Pergunta,
    Repetir,
    Resposta,
    Resultado,
    Seguir,
)
from fluxos.pedido_ajuda.avisos import (
    assinatura,
    avisar_pessoa,
    do_canal_da_pessoa,
    sem_entrega,
)
from fluxos.regras.texto import normalizar
from mensagens.catalogo import texto
from mensagens.tipos import Modelo, Saida

FLUXO_RESPOSTA = "responder_ajuda"
PRONTO, FECHAR = "pronto", "encerrar"
PALAVRAS_DE_FIM = (
    "encerrar",
    "encerrar atendimento",
    "encerrar o atendimento",
    "encerrar conversa",
)
PAPEIS = frozenset({Papel.OSC, Papel.CRAS, Papel.GESTAO})
# o recado acaba sozinho depois disto sem escrever: o texto de amanhã não vai para a pessoa
RECADO_VALE = timedelta(minutes=30)


def vinculo_do_pedido(acesso: Acesso, pedido: Pedido) -> int | None:
    """O vínculo que assina: o da OSC do pedido, senão o do CRAS, senão o primeiro."""
    for v in acesso.vinculos:
        if v.papel == Papel.OSC and v.osc_id == pedido.osc_id:
            return v.id
    for v in acesso.vinculos:
        if v.papel == Papel.CRAS and v.cras_id == pedido.cras_id:
            return v.id
    return acesso.membro_id


async def fechar(ctx: Contexto, pedido: Pedido) -> str:
    """Encerra o pedido e avisa a pessoa (se ela recebe mensagens); devolve a confirmação."""
    membro = vinculo_do_pedido(ctx.acesso, pedido)
    if not await banco.encerrar(ctx.conexao, pedido.id, membro, ctx.agora):
        return texto("pedido_ajuda.equipe.ja_encerrado")
    await registrar_leitura(ctx.conexao, membro, "ajuda.encerrar", pedido.id, ctx.agora)
    quem = await assinatura(ctx.conexao, membro) if membro else ""
    corpo = texto("pedido_ajuda.encerrado_pela_equipe", quem=quem)
    avisada = await avisar_pessoa(ctx.conexao, pedido, corpo, f"ajuda:fim:{pedido.id}", ctx.agora)
    chave = "encerrado" if avisada else "encerrado_sem_aviso"
    return do_canal_da_pessoa(f"pedido_ajuda.equipe.{chave}", pedido.canal, numero=pedido.id)


def _menu(ctx: Contexto) -> tuple[Opcao, ...]:
    from fluxos.equipe.menus import opcoes_do_menu  # o menu lê o registro, que lê este

    return opcoes_do_menu(ctx.acesso)


def _opcoes(com_pronto: bool) -> list[Opcao]:
    fim = Opcao(FECHAR, texto("pedido_ajuda.botao.encerrar_atendimento"), "", PALAVRAS_DE_FIM)
    if not com_pronto:
        return [fim]
    return [Opcao(PRONTO, texto("pedido_ajuda.botao.pronto"), "", ("pronto", "menu")), fim]


async def _pedido(ctx: Contexto) -> Pedido | None:
    return await banco.do_escopo(ctx.conexao, ctx.acesso, int(ctx.dados.get("_pedido", 0)))


async def _conversa(ctx: Contexto, pedido: Pedido) -> str:
    from fluxos.equipe.atendimentos import quando  # a lista e a conversa falam igual

    linhas = []
    for membro_id, escrito, em in await banco.mensagens(ctx.conexao, pedido.id):
        chave = "linha_pessoa" if membro_id is None else "linha_equipe"
        linhas.append(texto(f"pedido_ajuda.equipe.{chave}", quando=quando(em), texto=escrito))
    return "\n".join(linhas)


async def _perguntar(ctx: Contexto) -> Pergunta:
    pedido = await _pedido(ctx)
    if pedido is None:  # perdeu o escopo no meio: o receber diz "Não encontrado."
        return Pergunta(texto("responder_ajuda.texto.ajuda"))
    corpo = texto(
        "pedido_ajuda.equipe.escrever",
        numero=pedido.id,
        nome=await banco.nome_da_pessoa(ctx.conexao, pedido.preinscricao_id),
        conversa=await _conversa(ctx, pedido),
    )
    nota = await sem_entrega(ctx.conexao, pedido)
    corpo = f"{nota}\n\n{corpo}" if nota else corpo
    return Pergunta(corpo, _opcoes(False), numerar=False, fechada=False)


async def _perguntar_mais(ctx: Contexto) -> Pergunta:
    """R20: a confirmação que também diz que o recado segue aberto (sem "Enviada." quando
    o que veio não foi mandado, como um comando do menu)."""
    pedido = await _pedido(ctx)
    nome = await banco.nome_da_pessoa(ctx.conexao, pedido.preinscricao_id) if pedido else ""
    chave = "enviada" if ctx.dados.get("_entregue") else "guardada_sem_entrega"
    if ctx.dados.pop("_nada_enviado", False):
        chave = "recado_aberto"
    canal = pedido.canal if pedido else ""
    corpo = do_canal_da_pessoa(f"pedido_ajuda.equipe.{chave}", canal, nome=nome)
    return Pergunta(corpo, _opcoes(True), numerar=False)


async def _avisar_quem_respondia(ctx: Contexto, pedido: Pedido, membro: int) -> None:
    """R20: outra pessoa da equipe assumiu; quem respondia antes sabe, uma vez."""
    anterior = pedido.tecnico_id
    if anterior is None or anterior == membro:
        return
    destino = await banco.destino_do_membro(ctx.conexao, anterior)
    if destino is None or not entrega_depois(destino.canal):
        return
    if (destino.canal, destino.chat_id) == (ctx.canal, ctx.chat_id):
        return  # a mesma conversa, com outro vínculo: é a mesma pessoa
    papel, lugar = await banco.quem_e(ctx.conexao, membro)
    chave_papel = papel if papel in ("osc", "cras") and lugar else "gestao"
    corpo = texto(
        "pedido_ajuda.equipe.assumiu",
        numero=pedido.id,
        nome=await banco.nome_da_pessoa(ctx.conexao, pedido.preinscricao_id),
        quem=texto(f"pedido_ajuda.equipe.quem.{chave_papel}", lugar=lugar),
    )
    chave = f"ajuda:assumiu:{pedido.id}:{anterior}:{membro}:membro:{destino.membro_id}"
    conteudo = conteudo_para_equipe(Saida(corpo))
    await envios.enfileirar(ctx.conexao, destino.canal, destino.chat_id, conteudo, chave, ctx.agora)


async def _enviar(ctx: Contexto, pedido: Pedido, escrito: str) -> bool:
    """Guarda a resposta, marca quem responde e enfileira para a pessoa (se ela recebe)."""
    membro = vinculo_do_pedido(ctx.acesso, pedido)
    assert membro is not None  # só a equipe chega aqui (fluxo `da_equipe`)
    mensagem_id = await banco.anotar(ctx.conexao, pedido.id, membro, escrito, ctx.agora)
    await _avisar_quem_respondia(ctx, pedido, membro)
    await banco.marcar_resposta(ctx.conexao, pedido.id, membro, ctx.agora)
    quem = await assinatura(ctx.conexao, membro)
    corpo = texto("pedido_ajuda.resposta", quem=quem, texto=escrito)
    chave = f"ajuda:resposta:{mensagem_id}"
    # o modelo já diz "respondeu ao seu pedido" e "responda por aqui": leva só o recado
    recado = texto("pedido_ajuda.resposta.no_modelo", quem=quem, texto=escrito.strip())
    modelo = Modelo(RESPOSTA_AJUDA, (("resposta", recado),))
    return await avisar_pessoa(ctx.conexao, pedido, corpo, chave, ctx.agora, modelo)


def _parece_comando(escrito: str) -> bool:
    """ "turmas", "alertas" escritos no recado: um comando do menu, não um recado."""
    from fluxos.equipe.menus import palavras_do_menu  # o menu lê o registro, que lê este

    return normalizar(escrito) in palavras_do_menu()


async def _receber_recado(ctx: Contexto, resposta: Resposta, seguir: Resultado) -> Resultado:
    pedido = await _pedido(ctx)
    if pedido is None:
        return Dizer(nao_encontrado().textos)
    if not pedido.aberto:
        return Dizer((texto("pedido_ajuda.equipe.ja_encerrado"),), _menu(ctx))
    if resposta.opcao == FECHAR:  # R20: "encerrar atendimento" enquanto responde
        return Dizer((await fechar(ctx, pedido),), _menu(ctx))
    if resposta.opcao == PRONTO:
        return Dizer((texto("pedido_ajuda.equipe.pronto", numero=pedido.id),), _menu(ctx))
    if not resposta.texto.strip():
        return Repetir(texto("responder_ajuda.texto.ajuda"))
    if _parece_comando(resposta.texto):
        ctx.dados["_nada_enviado"] = True
        return Repetir(texto("pedido_ajuda.equipe.parece_comando"))
    ctx.dados["_entregue"] = await _enviar(ctx, pedido, resposta.texto)
    ctx.dados["_marco"] = await envios.ultimo_id(ctx.conexao)
    ctx.dados["_mensagem"] = await banco.ultima_da_equipe(ctx.conexao, pedido.id)
    ctx.dados["_quando"] = ctx.agora.isoformat()
    return seguir


async def _receber(ctx: Contexto, resposta: Resposta) -> Resultado:
    return await _receber_recado(ctx, resposta, Seguir("mais"))


async def _recado_parado(ctx: Contexto) -> str | None:
    """Por que o recado não vale mais para um texto novo (a chave do aviso), ou None:
    passou `RECADO_VALE` sem escrever, ou chegou a esta conversa outra coisa (outro
    pedido, um alerta) que não é a pessoa deste pedido respondendo. Assim um texto para
    outra pessoa nunca sai para esta."""
    quando = ctx.dados.get("_quando")
    if not quando or ctx.agora - datetime.fromisoformat(quando) > RECADO_VALE:
        return "recado_parado"
    chegaram = await envios.quantos_depois(
        ctx.conexao, ctx.canal, ctx.chat_id, int(ctx.dados.get("_marco", 0))
    )
    pedido_id = int(ctx.dados.get("_pedido", 0))
    dela = await banco.da_pessoa_depois(ctx.conexao, pedido_id, int(ctx.dados.get("_mensagem", 0)))
    return "recado_outra_coisa" if chegaram > dela else None


async def _receber_mais(ctx: Contexto, resposta: Resposta) -> Resultado:
    # mais uma mensagem: a mesma confirmação, sem empilhar o passo no "voltar"
    parado = None if resposta.opcao else await _recado_parado(ctx)
    if parado is not None:
        return Dizer(
            (texto(f"pedido_ajuda.equipe.{parado}", numero=ctx.dados.get("_pedido")),), _menu(ctx)
        )
    return await _receber_recado(ctx, resposta, Repetir(""))


async def encerrar_digitado(ctx: Contexto, _argumento: str = "") -> Dizer | None:
    """ "encerrar atendimento" da equipe fora da resposta: encerra o único pedido aberto
    que esta conversa respondeu; None se não há um só (quem chama mostra a lista)."""
    if not ctx.acesso.tem(*PAPEIS):
        return None
    meus = {v.id for v in ctx.acesso.vinculos} | {ctx.acesso.membro_id}
    abertos = await banco.abertos_do_escopo(ctx.conexao, ctx.acesso, 50)
    respondidos = [p for p in abertos if p.tecnico_id in meus]
    if len(respondidos) != 1:
        return None
    return Dizer((await fechar(ctx, respondidos[0]),), _menu(ctx))


RESPOSTA = Fluxo(
    FLUXO_RESPOSTA,
    (
        Passo("texto", _perguntar, _receber),
        Passo("mais", _perguntar_mais, _receber_mais, ramo=True),
    ),
    da_equipe=True,
    recado=True,
)
