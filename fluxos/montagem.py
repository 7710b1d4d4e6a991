"""Monta o motor com os fluxos e comandos do cidadão e da equipe (canais e testes).

Um mesmo comando ("menu", "ajuda", um texto solto) responde conforme quem escreve: o
cidadão vê o menu dele; a equipe, o do seu papel. Os comandos da equipe passam todos por
`so_para` (negado por padrão).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from armazenamento import vinculos_canal
from armazenamento.tempo import agora
from fluxos import alcance, cidadao, codigo_avisos, frequencia, trocar_canal, vinculo
from fluxos.acoes import Iniciar, com_aviso
from fluxos.ajustes import Ajustes
from fluxos.chamada import CHAMADA
from fluxos.convocacao import COMANDOS_DA_CONVOCACAO
from fluxos.equipe import conversa_da_equipe as da_equipe_ou_nao
from fluxos.equipe import menus
from fluxos.equipe.alerta_nota import NOTA
from fluxos.equipe.atendimentos import encerrar_digitado
from fluxos.equipe.busca import BUSCA
from fluxos.equipe.convites import CONVITE, entrar
from fluxos.equipe.permissao import so_para
from fluxos.equipe.registro import COMANDOS_DA_EQUIPE
from fluxos.equipe.resposta_ajuda import RESPOSTA
from fluxos.evasao import COMANDOS_DA_EVASAO, PALAVRAS_DA_EVASAO
from fluxos.forma_codigo import COMANDO as CODIGO_AVISOS
from fluxos.motor import Acao, Comando, Motor
from fluxos.navegacao import COMANDO_NO_RECADO
from fluxos.origem import Forma, separar_carga
from fluxos.passos import Contexto
from fluxos.pedido_ajuda import cidadao as ajuda
from fluxos.pendencias import pendencia_da_fila
from fluxos.preinscricao import PREINSCRICAO, PREINSCRICAO_ASSISTIDA
from fluxos.retencao import PRAZO_CONVERSA
from fluxos.suspensao import SUSPENSAO
from mensagens.catalogo import texto

PALAVRAS = {**cidadao.PALAVRAS, **vinculo.PALAVRAS, **ajuda.PALAVRAS, "entrar": "entrar"}
PALAVRAS |= trocar_canal.PALAVRAS  # "whatsapp", "telegram": levar os avisos para lá
PALAVRAS |= PALAVRAS_DA_EVASAO  # "desisto", "quero continuar": com ou sem alerta (R17)

# As cargas do /start que não são um /start simples, além do convite da equipe (que
# `fluxos.origem` já reconhece): o link de avisos (`pi-…`) e o QR code do código de
# vínculo (`vc-…`). Uma forma nova de link ou
# código no /start entra aqui, senão ela chega como /start simples (`fluxos.origem`).
FORMAS_DO_START: tuple[Forma, ...] = (vinculos_canal.eh_token_de_canal, vinculo.eh_link_de_codigo)


def _carga_do_start(ctx: Contexto, argumento: str) -> str:
    return separar_carga(ctx, argumento, FORMAS_DO_START)


def por_papel(do_cidadao: Comando, da_equipe: Comando) -> Comando:
    async def escolher(ctx: Contexto, argumento: str = "") -> Acao:
        comando = da_equipe if ctx.acesso.equipe else do_cidadao
        return await comando(ctx, argumento)

    return escolher


async def _iniciar(ctx: Contexto, argumento: str = "") -> Acao:
    """/start: com argumento é o link de avisos de uma pré-inscrição (`fluxos.alcance`) ou
    o de um convite da equipe (outra carga já chega vazia: `FORMAS_DO_START`); sem, o
    começo de cada um."""
    link = await alcance.ligar_se_for_link(ctx, argumento)
    if link is not None:
        return link
    if vinculo.eh_link_de_codigo(argumento):  # o QR code do código de vínculo (R3)
        return await vinculo.vincular(ctx, argumento)
    if argumento.strip():
        return await entrar(ctx, argumento)
    comando = menus.iniciar if ctx.acesso.equipe else cidadao.iniciar
    return await comando(ctx, "")


def _no_recado(todos: dict[str, Comando]) -> Comando:
    """ "convocar" escrito enquanto a equipe responde um pedido de ajuda (R20): sai do
    recado (o motor) e faz o comando, avisando que a palavra não foi para a pessoa."""

    async def comando(ctx: Contexto, nome: str = "") -> Acao:
        acao = await todos.get(nome, todos["desconhecido"])(ctx, "")
        aviso = texto(
            "pedido_ajuda.equipe.comando_no_recado", comando=texto(f"equipe.botao.{nome}")
        )
        return replace(acao, nota=aviso) if isinstance(acao, Iniciar) else com_aviso(aviso, acao)

    return comando


def comandos() -> dict[str, Comando]:
    guardar = da_equipe_ou_nao.guardar_revogado
    da_equipe = {nome: guardar(so_para(nome, c)) for nome, c in COMANDOS_DA_EQUIPE.items()}
    todos: dict[str, Comando] = {
        **cidadao.COMANDOS,
        **vinculo.COMANDOS,
        **COMANDOS_DA_CONVOCACAO,  # "Confirmo" / "Não posso" da convocação (R5)
        # "Quero continuar" / "Vou desistir" do alerta (R17); da equipe, "desisto" digitado
        # não é sobre uma turma dela
        **{n: por_papel(c, menus.desconhecido) for n, c in COMANDOS_DA_EVASAO.items()},
        **da_equipe,
        "start": _iniciar,
        # a mensagem com o código de avisos, no WhatsApp (o /start de quem não tem /start)
        CODIGO_AVISOS: codigo_avisos.ligar_pelo_codigo,
        trocar_canal.COMANDO: por_papel(trocar_canal.levar_avisos, menus.desconhecido),
        "entrar": entrar,
        "texto": por_papel(da_equipe_ou_nao.texto_do_cidadao, menus.desconhecido),
        "status": da_equipe_ou_nao.situacao,
        # "frequência" digitado pela equipe leva às turmas (onde está a frequência de cada um)
        "frequencia": por_papel(frequencia.ver_frequencia, da_equipe["turmas"]),
        "sem_acesso": da_equipe_ou_nao.sem_acesso,  # revogado no meio de um fluxo da equipe
        "situacao": da_equipe_ou_nao.situacao,
        "menu": por_papel(cidadao.menu, menus.mostrar_menu),
        "ajuda": por_papel(cidadao.ajuda, menus.ajuda),
        "desconhecido": por_papel(cidadao.desconhecido, menus.desconhecido),
        # "preciso de ajuda" (R20): da equipe, é a ajuda do papel
        ajuda.COMANDO: por_papel(ajuda.pedir_ajuda, menus.ajuda),
        # "encerrar atendimento": a pessoa encerra o dela; a equipe, o que respondeu (R20)
        ajuda.ENCERRAR_PESSOA: por_papel(ajuda.encerrar_atendimento, encerrar_digitado),
    }
    return todos | {COMANDO_NO_RECADO: _no_recado(todos)}


def criar_motor_de_conversa(
    banco: AsyncEngine,
    relogio: Callable[[], datetime] = agora,
    ajustes: Ajustes | None = None,
    validade: timedelta = PRAZO_CONVERSA,
) -> Motor:
    """`validade`: quanto tempo uma conversa parada guarda as respostas (a mesma
    `INCLUSAO_RETENCAO_CONVERSA_DIAS` da tarefa diária de retenção)."""
    fluxos = {PREINSCRICAO.nome: PREINSCRICAO, CONVITE.nome: CONVITE}
    fluxos |= {PREINSCRICAO_ASSISTIDA.nome: PREINSCRICAO_ASSISTIDA, vinculo.FLUXO: vinculo.VINCULO}
    fluxos[vinculo.FLUXO_LINK] = vinculo.VINCULO_LINK
    fluxos[BUSCA.nome] = BUSCA  # /buscar da equipe
    fluxos[SUSPENSAO.nome] = SUSPENSAO  # /suspender da equipe (R21)
    fluxos[CHAMADA.nome] = CHAMADA  # /chamada do instrutor (R16)
    fluxos |= {ajuda.PEDIDO_AJUDA.nome: ajuda.PEDIDO_AJUDA, RESPOSTA.nome: RESPOSTA}  # R20
    fluxos[NOTA.nome] = NOTA  # a nota de acompanhamento de um alerta (R20)
    return Motor(
        banco,
        fluxos,
        comandos(),
        relogio=relogio,
        validade=validade,
        palavras=PALAVRAS,
        ajustes=ajustes,
        pendencias=pendencia_da_fila,  # "confirmo", "não vou poder" digitados (R5, R16)
        palavras_da_equipe=menus.palavras_do_menu(),  # "buscar" digitado, sem tela pendente
        carga_do_start=_carga_do_start,  # o cartaz com etiqueta é um /start simples
    )
