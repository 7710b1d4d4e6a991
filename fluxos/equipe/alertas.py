"""/alertas (R17, R20, R24): os alertas de evasão em aberto do escopo de quem pede, a tela
de cada um e as ações "Vou acompanhar", "Confirmar desistência", "Falso alarme" e
"Anotar".

Os mesmos comandos servem aos botões do aviso que chega pela fila. O escopo está na
consulta: técnico(a) de outra OSC ou de outro CRAS que toca num botão forjado ou
encaminhado ouve "Não encontrado." e nada muda. Decidir é um único UPDATE condicional:
dois técnicos ao mesmo tempo, vale a primeira decisão e o segundo ouve o que já foi
decidido. Toda tela com dados da pessoa (e as notas) vai para a auditoria.
"""

from __future__ import annotations

from armazenamento.acesso import Papel
from armazenamento.alertas import (
    AlertaVisto,
    alerta_visto,
    alertas_abertos,
    decidir,
    decisao,
    notas,
)
from armazenamento.auditoria import registrar_leitura
from armazenamento.modelos_alertas import EM_ABERTO
from armazenamento.tempo import FUSO
from fluxos.desistencia import (
    MOTIVOS_DO_TECNICO,
    confirmar_desistencia,
    eh_motivo,
    rotulo_do_motivo,
)
from fluxos.equipe.alerta_nota import FLUXO_NOTA
from fluxos.equipe.permissao import ComandoDaEquipe, nao_encontrado
from fluxos.equipe.turmas import pagina_pedida
from fluxos.evasao.avisos import ACOMPANHAR, ANOTAR, CONFIRMAR, FALSO, botoes_da_equipe
from fluxos.evasao.sequencias import sequencia_da_matricula
from fluxos.motor import Acao, Dizer, Iniciar
from fluxos.passos import Contexto, Opcao
from fluxos.regras.escolha import NAO
from fluxos.regras.frequencia import calcular_frequencia, projetar
from fluxos.regras.frequencia_modulos import percentual_inteiro
from fluxos.regras.ids import ler_id
from mensagens.botoes import da_fila
from mensagens.catalogo import texto
from mensagens.formatos import quantos, rotulo_de_botao

POR_PAGINA = 5
VER = frozenset({Papel.OSC, Papel.CRAS, Papel.GESTAO})
AGIR = frozenset({Papel.OSC, Papel.CRAS})  # quem acompanha a pessoa (R17, R20)


def _linha(ordem: int, a: AlertaVisto) -> str:
    return texto(
        "evasao.equipe.linha",
        ordem=ordem,
        nome=a.nome,
        turma=a.turma,
        curso=a.curso,
        motivo=texto(f"evasao.motivo.{a.motivo}"),
        situacao=texto(f"evasao.situacao.{a.situacao}"),
    )


async def ver_alertas(ctx: Contexto, argumento: str = "") -> Acao:
    """Os alertas em aberto do escopo, dos mais novos aos mais antigos, em páginas."""
    pagina = pagina_pedida(argumento)
    inicio = (pagina - 1) * POR_PAGINA
    total, lista = await alertas_abertos(ctx.conexao, ctx.acesso, POR_PAGINA, inicio)
    if not lista:
        return Dizer((texto("evasao.equipe.nenhum" if total == 0 else "evasao.equipe.fim"),))
    await registrar_leitura(ctx.conexao, ctx.acesso.membro_id, "alertas.lista", pagina, ctx.agora)
    titulo = texto("evasao.equipe.titulo", de=inicio + 1, ate=inicio + len(lista), total=total)
    corpo = "\n\n".join([titulo, *(_linha(inicio + i, a) for i, a in enumerate(lista, 1))])
    opcoes = tuple(
        Opcao(da_fila("alerta", a.id), rotulo_de_botao(a.nome, pessoa=True)) for a in lista
    )
    if inicio + len(lista) < total:
        opcoes += (Opcao(da_fila("alertas", pagina + 1), texto("equipe.botao.mais")),)
    return Dizer((corpo,), opcoes)


async def _pedido(ctx: Contexto, argumento: str) -> AlertaVisto | None:
    alerta_id = ler_id(argumento.split()[0] if argumento.split() else "")
    if alerta_id is None:
        return None
    return await alerta_visto(ctx.conexao, ctx.acesso, alerta_id)


def _caminhos(alerta: AlertaVisto, situacao: str, pode_agir: bool) -> tuple[Opcao, ...]:
    acoes = botoes_da_equipe(alerta.id, situacao) if pode_agir else ()
    opcoes = tuple(Opcao(b.valor, b.rotulo) for b in acoes)
    return (*opcoes, Opcao(da_fila("alertas"), texto("evasao.botao_alertas")))


async def _frequencia(ctx: Contexto, alerta: AlertaVisto) -> str:
    """R16: a frequência de agora e o que ainda é possível, para a conversa com a pessoa."""
    sequencia = await sequencia_da_matricula(ctx.conexao, alerta.turma_id, alerta.matricula_id)
    if sequencia is None:
        return texto("evasao.equipe.sem_frequencia")
    atual = percentual_inteiro(calcular_frequencia(sequencia.encontros))  # como a pessoa lê
    projecao = projetar(sequencia.encontros)
    if atual is None:
        percentual = texto("evasao.equipe.sem_percentual")
    else:
        percentual = texto("evasao.equipe.percentual", p=atual)
    if projecao.faltas_possiveis is None:
        return texto("evasao.equipe.frequencia_impossivel", percentual=percentual)
    return texto(
        "evasao.equipe.frequencia",
        percentual=percentual,
        faltas=quantos(projecao.faltas_possiveis, "falta"),
    )


async def ver_alerta(ctx: Contexto, argumento: str = "") -> Acao:
    """A tela do alerta: a pessoa, a turma, o motivo, a resposta dela e as notas (R20)."""
    alerta = await _pedido(ctx, argumento)
    if alerta is None:
        return nao_encontrado()
    await registrar_leitura(ctx.conexao, ctx.acesso.membro_id, "alerta.ver", alerta.id, ctx.agora)
    partes = [
        texto(
            "evasao.equipe.tela",
            nome=alerta.nome,
            turma=alerta.turma,
            curso=alerta.curso,
            motivo=texto(f"evasao.motivo.{alerta.motivo}"),
            situacao=texto(f"evasao.situacao.{alerta.situacao}"),
            desde=alerta.aberto_em.astimezone(FUSO).strftime("%d/%m"),
        )
    ]
    partes.append(await _frequencia(ctx, alerta))
    if alerta.resposta:
        partes.append(texto(f"evasao.equipe.respondeu.{alerta.resposta}"))
    anotadas = await notas(ctx.conexao, alerta.id)
    if anotadas:
        linhas = (f"{em.astimezone(FUSO).strftime('%d/%m %Hh%M')}: {t}" for em, t in anotadas)
        partes.append("\n".join([texto("evasao.equipe.notas"), *linhas]))
    pode_agir = ctx.acesso.tem(*AGIR)
    return Dizer(("\n\n".join(partes),), _caminhos(alerta, alerta.situacao, pode_agir))


async def _ja_decidido(ctx: Contexto, alerta: AlertaVisto) -> Dizer:
    """O que já foi decidido e por quem: "por você" só se foi quem tocou (outro toque,
    outro aparelho); senão, "por outra pessoa da equipe"."""
    agora_esta, quem = await decisao(ctx.conexao, alerta.id)
    chave = "ja_decidido_por_voce" if quem == ctx.acesso.membro_id else "ja_decidido"
    aviso = texto(f"evasao.equipe.{chave}", situacao=texto(f"evasao.situacao.{agora_esta}"))
    return Dizer((aviso,), _caminhos(alerta, agora_esta, True))


async def _decidir(
    ctx: Contexto, argumento: str, de: tuple[str, ...], para: str, motivo: str = ""
) -> Acao:
    alerta = await _pedido(ctx, argumento)
    if alerta is None:
        return nao_encontrado()
    feito = await decidir(ctx.conexao, alerta.id, de, para, ctx.acesso.membro_id, ctx.agora)
    if not feito:  # outra pessoa (ou outro toque) decidiu antes
        return await _ja_decidido(ctx, alerta)
    if para == "confirmado":
        await confirmar_desistencia(ctx, alerta.matricula_id, motivo or alerta.motivo)
    corpo = texto(f"evasao.equipe.feito.{para}", nome=alerta.nome)
    return Dizer((corpo,), _caminhos(alerta, para, True))


async def acompanhar(ctx: Contexto, argumento: str = "") -> Acao:
    """ "Vou acompanhar": o alerta fica em acompanhamento e não se repete (R20)."""
    return await _decidir(ctx, argumento, ("aberto",), "acompanhando")


def _motivos(alerta: AlertaVisto) -> tuple[Opcao, ...]:
    """O motivo do alerta primeiro, depois o que o técnico sabe da conversa (R19)."""
    codigos = (alerta.motivo, *(m.value for m in MOTIVOS_DO_TECNICO))
    return tuple(Opcao(da_fila(CONFIRMAR, alerta.id, c), rotulo_do_motivo(c)) for c in codigos)


async def confirmar(ctx: Contexto, argumento: str = "") -> Acao:
    """ "Confirmar desistência": pergunta antes, com o motivo (não tem volta pelo chat);
    com o motivo escolhido, a matrícula vira desistente pela porta única (R19)."""
    partes = argumento.split()
    motivo = partes[1] if len(partes) > 1 else ""
    if motivo and eh_motivo(motivo):
        return await _decidir(ctx, argumento, EM_ABERTO, "confirmado", motivo)
    alerta = await _pedido(ctx, argumento)
    if alerta is None:
        return nao_encontrado()
    if alerta.situacao not in EM_ABERTO:
        return await _ja_decidido(ctx, alerta)
    # "não" digitado volta; um número solto não confirma nada (sem volta pelo chat)
    voltar = Opcao(da_fila("alerta", alerta.id), texto("evasao.confirmar.nao"), NAO)
    pergunta = texto("evasao.confirmar.pergunta", nome=alerta.nome)
    return Dizer((pergunta,), (*_motivos(alerta), voltar), numerar=False)


async def falso_alarme(ctx: Contexto, argumento: str = "") -> Acao:
    """ "Falso alarme": fecha; só uma falta nova depois disso reabre (R17)."""
    return await _decidir(ctx, argumento, EM_ABERTO, "falso_alarme")


async def anotar(ctx: Contexto, argumento: str = "") -> Acao:
    """ "Anotar": uma nota de acompanhamento, digitada na mensagem seguinte (R20)."""
    if await _pedido(ctx, argumento) is None:
        return nao_encontrado()
    return Iniciar(FLUXO_NOTA)


COMANDOS = {
    "alertas": ComandoDaEquipe(VER, ver_alertas),
    "alerta": ComandoDaEquipe(VER, ver_alerta, no_menu=False),
    ACOMPANHAR: ComandoDaEquipe(AGIR, acompanhar, no_menu=False),
    CONFIRMAR: ComandoDaEquipe(AGIR, confirmar, no_menu=False),
    FALSO: ComandoDaEquipe(AGIR, falso_alarme, no_menu=False),
    ANOTAR: ComandoDaEquipe(AGIR, anotar, no_menu=False),
}
