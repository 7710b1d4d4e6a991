"""Aprovar e enviar a lista do CRAS (R4): confirmação com quantas pessoas vão a cada OSC,
depois o envio, uma vez só por ciclo e CRAS.

No envio, na mesma transação: os encaminhamentos (pessoa, curso, OSC, posição), e para
cada OSC com alguém na lista, um aviso com a planilha para cada técnico ativo da OSC, pela
fila de envio (chave única por lista, OSC e técnico: nada sai duas vezes). OSC sem
ninguém no chat ainda: a lista fica guardada e ela pega a planilha em /listas.
"""

from __future__ import annotations

from armazenamento import envios
from armazenamento import priorizacao as lista
from armazenamento.acesso import Papel
from armazenamento.destinos import tecnicos_da_osc
from armazenamento.planilhas import equipe_da_osc, linhas_da_planilha
from fluxos.aberturas import CANAIS_COM_AVISO
from fluxos.avisos_fila import conteudo_para_equipe
from fluxos.equipe.permissao import ComandoDaEquipe, nao_encontrado
from fluxos.equipe.planilha_osc import anexo_da_planilha
from fluxos.equipe.priorizacao_comum import (
    Alvo,
    achar_alvo,
    alvo_do_botao,
    auditar,
    ja_enviada,
    pessoas,
)
from fluxos.motor import Acao, Dizer
from fluxos.passos import Contexto, Opcao
from fluxos.regras.escolha import NAO, SIM
from fluxos.regras.prioridade import pode_enviar
from mensagens.botoes import da_fila
from mensagens.catalogo import texto
from mensagens.formatos import data_por_extenso
from mensagens.tipos import Saida


def _linha_da_osc(parte: lista.ParteDaOsc) -> str:
    cursos = ", ".join(f"{curso} {n}" for curso, n in parte.por_curso)
    return texto(
        "priorizacao.envio.osc", osc=parte.osc, pessoas=pessoas(parte.pessoas), cursos=cursos
    )


async def _na_lista(ctx: Contexto, alvo: Alvo) -> tuple[int, int]:
    """(quantas pessoas vão, quantas ficaram de lado)."""
    conta = await lista.contar(ctx.conexao, ctx.acesso, alvo.ciclo_id, alvo.cras.id)
    return conta.total - conta.de_lado, conta.de_lado


def _ainda_aberta(alvo: Alvo) -> Dizer:
    fim = alvo.ciclo.preinscricao_fim
    return Dizer((texto("priorizacao.envio.ainda_aberta", fim=data_por_extenso(fim)),))


async def _impedimento(ctx: Contexto, alvo: Alvo) -> Dizer | None:
    if alvo.enviada:
        return ja_enviada(alvo)
    if not pode_enviar(alvo.ciclo, ctx.hoje):
        return _ainda_aberta(alvo)
    return None


async def _confirmacao(ctx: Contexto, alvo: Alvo, nota: str = "") -> Acao:
    vao, de_lado = await _na_lista(ctx, alvo)
    if not vao:
        return Dizer((texto("priorizacao.envio.vazia", cras=alvo.cras.nome),))
    partes = await lista.partes_previstas(ctx.conexao, ctx.acesso, alvo.ciclo_id, alvo.cras.id)
    corpo = [nota] if nota else []
    corpo.append(
        texto(
            "priorizacao.envio.confirmar",
            cras=alvo.cras.nome,
            ano=alvo.ciclo.ano,
            pessoas=pessoas(vao),
        )
    )
    corpo.extend(_linha_da_osc(p) for p in partes)
    if de_lado:
        corpo.append(texto("priorizacao.envio.ficam_de_lado", n=de_lado))
    corpo.append(texto("priorizacao.envio.sem_volta"))
    opcoes = (
        Opcao(
            da_fila("priorizar_enviar", alvo.cras.id, alvo.ciclo_id, vao),
            texto("priorizacao.botao.enviar"),
            SIM,
        ),
        Opcao(da_fila("priorizar_lista", alvo.cras.id, 1), texto("priorizacao.botao.voltar"), NAO),
    )
    return Dizer(("\n".join(corpo),), opcoes)


async def aprovar(ctx: Contexto, argumento: str = "") -> Acao:
    """ "priorizar_aprovar CRAS": mostra para quem vai a lista e pede a confirmação."""
    achado = await alvo_do_botao(ctx, argumento, 1)
    if isinstance(achado, Dizer):
        return achado
    alvo, _ = achado
    return await _impedimento(ctx, alvo) or await _confirmacao(ctx, alvo)


async def enviar(ctx: Contexto, argumento: str = "") -> Acao:
    """ "priorizar_enviar CRAS CICLO QUANTAS": envia, se a lista ainda é a confirmada."""
    achado = await alvo_do_botao(ctx, argumento, 3)
    if isinstance(achado, Dizer):
        return achado
    alvo, pedido = achado
    if alvo.ciclo_id != pedido[1]:
        return nao_encontrado()
    impedimento = await _impedimento(ctx, alvo)
    if impedimento is not None:
        return impedimento
    vao, _ = await _na_lista(ctx, alvo)
    if vao != pedido[2]:  # alguém mexeu na lista depois da confirmação: confirma de novo
        return await _confirmacao(ctx, alvo, texto("priorizacao.envio.mudou"))
    pesos = ctx.ajustes.pesos_prioridade
    priorizacao_id = await lista.aprovar(
        ctx.conexao, ctx.acesso, alvo.ciclo_id, alvo.cras.id, pesos, ctx.agora
    )
    if priorizacao_id is None:  # outra aprovação passou na frente
        novo = await achar_alvo(ctx, alvo.cras.id)
        return ja_enviada(novo) if isinstance(novo, Alvo) else novo
    await auditar(ctx, lista.ACAO_ENVIO, priorizacao_id)
    corpo = [texto("priorizacao.envio.feito", cras=alvo.cras.nome, pessoas=pessoas(vao))]
    for parte in await lista.partes_enviadas(ctx.conexao, priorizacao_id):
        avisados = await _avisar_osc(ctx, alvo, priorizacao_id, parte)
        chave = await _como_a_osc_fica_sabendo(ctx, parte.osc_id, avisados)
        corpo.append(texto(chave, osc=parte.osc, pessoas=pessoas(parte.pessoas)))
    return Dizer(("\n".join(corpo),))


async def _como_a_osc_fica_sabendo(ctx: Contexto, osc_id: int, avisados: int) -> str:
    """Quem da equipe entrou pelo chat do site é equipe como qualquer outro: a OSC tem
    alguém, só que esse alguém não recebe aviso pela fila e vê a lista em "Listas dos CRAS"."""
    if avisados:
        return "priorizacao.envio.osc_avisada"
    if await tecnicos_da_osc(ctx.conexao, osc_id):
        return "alcance.envio.osc_so_no_site"
    return "priorizacao.envio.osc_sem_ninguem"


def aviso_da_osc(alvo: Alvo, parte: lista.ParteDaOsc) -> str:
    """O aviso que a OSC recebe (vai como legenda da planilha: curto)."""
    cursos = "\n".join(
        texto("priorizacao.aviso.curso", curso=curso, n=n) for curso, n in parte.por_curso
    )
    return texto(
        "priorizacao.aviso.texto",
        cras=alvo.cras.nome,
        osc=parte.osc,
        ano=alvo.ciclo.ano,
        pessoas=pessoas(parte.pessoas),
        cursos=cursos,
    )


async def _avisar_osc(
    ctx: Contexto, alvo: Alvo, priorizacao_id: int, parte: lista.ParteDaOsc
) -> int:
    """Põe na fila o aviso com a planilha para cada técnico ativo da OSC; quantos."""
    equipe = await equipe_da_osc(ctx.conexao, parte.osc_id, CANAIS_COM_AVISO)
    if not equipe:
        return 0
    linhas = await linhas_da_planilha(ctx.conexao, ctx.acesso, priorizacao_id, parte.osc_id)
    anexo = anexo_da_planilha(alvo.ciclo.ano, alvo.cras.nome, parte.osc, linhas, ctx.agora)
    conteudo = conteudo_para_equipe(Saida(aviso_da_osc(alvo, parte), anexo=anexo))
    for destino in equipe:
        chave = f"priorizacao:{priorizacao_id}:osc:{parte.osc_id}:membro:{destino.membro_id}"
        await envios.enfileirar(
            ctx.conexao, destino.canal, destino.chat_id, conteudo, chave, ctx.agora
        )
    return len(equipe)


_CRAS_E_GESTAO = frozenset({Papel.CRAS, Papel.GESTAO})

COMANDOS = {
    "priorizar_aprovar": ComandoDaEquipe(_CRAS_E_GESTAO, aprovar, no_menu=False),
    "priorizar_enviar": ComandoDaEquipe(_CRAS_E_GESTAO, enviar, no_menu=False),
}
