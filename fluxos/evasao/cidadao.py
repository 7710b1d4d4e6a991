"""As respostas da pessoa à mensagem de cuidado (R17): "Quero continuar" e "Vou desistir".

"Preciso de ajuda" é outro comando (`pedir_ajuda`, o atendimento da equipe, R20). Os
botões vêm da fila ("cmd:evasao_continuar 12") e valem a qualquer hora; digitar "quero
continuar" ou "desisto" vale como tocar, com ou sem alerta aberto (`PALAVRAS`). Só o
alerta de uma matrícula desta conversa responde: um botão encaminhado não acha nada.

"Vou desistir" pergunta antes, com carinho; confirmado, o alerta passa a ter o motivo
"disse que sai" (abrindo um, se nenhum está aberto) e a equipe é avisada. A desistência
em si continua sendo confirmada pela equipe (`fluxos.desistencia`). Sem alerta, o botão
leva a matrícula ("m12") em vez do alerta. Quem já saiu e quer continuar: a OSC da turma
fica sabendo e decide.
"""

from __future__ import annotations

from armazenamento.alertas import abrir
from armazenamento.alertas_pessoa import (
    AlertaDaPessoa,
    MatriculaDaConversa,
    aberto_da_matricula,
    alerta_aberto,
    alerta_da_conversa,
    matriculas_da_conversa,
    responder,
)
from armazenamento.modelos_alertas import EM_ABERTO
from armazenamento.tempo import FUSO
from fluxos.acoes import Acao, Comando, Dizer
from fluxos.evasao.avisos import (
    CONTINUAR,
    DESISTIR,
    PEDIR_AJUDA,
    SAIR,
    avisar_alerta,
    avisar_resposta,
    avisar_volta,
)
from fluxos.passos import Contexto, Opcao
from fluxos.regras.escolha import NAO, SIM
from fluxos.regras.evasao import Motivo
from fluxos.regras.ids import ler_id
from mensagens.botoes import da_fila
from mensagens.catalogo import apelidos, texto

MATRICULA = "m"  # o argumento do botão sem alerta: "m12" (a matrícula 12 desta conversa)


async def _do_botao(ctx: Contexto, argumento: str) -> AlertaDaPessoa | Dizer:
    alerta_id = ler_id(argumento)
    alerta = None
    if alerta_id is not None:
        alerta = await alerta_da_conversa(ctx.conexao, ctx.canal, ctx.chat_id, alerta_id)
    if alerta is None:
        return Dizer((texto("evasao.nao_achado"),))
    if not alerta.matricula_ativa:
        return Dizer((texto("evasao.ja_saiu"),))
    return alerta


async def _da_conversa(ctx: Contexto) -> MatriculaDaConversa | None:
    """A matrícula de quem digitou: a ativa mais nova; sem ativa, a última encerrada por
    desistência; None: a pessoa não está matriculada."""
    todas = await matriculas_da_conversa(ctx.conexao, ctx.canal, ctx.chat_id)
    ativa = next((m for m in todas if m.situacao == "ativa"), None)
    return ativa or next((m for m in todas if m.desistencia_id is not None), None)


async def _escrito(ctx: Contexto, argumento: str) -> str | MatriculaDaConversa | Dizer:
    """O que vale para o texto digitado: o alerta aberto ("12"), a matrícula, ou o aviso
    de que a pessoa não está numa turma."""
    if argumento:
        return argumento
    aberto = await alerta_aberto(ctx.conexao, ctx.canal, ctx.chat_id, ctx.agora)
    if aberto is not None:
        return str(aberto[0])
    matricula = await _da_conversa(ctx)
    return matricula or Dizer((texto("evasao.sem_matricula"),))


async def _da_matricula(ctx: Contexto, argumento: str) -> MatriculaDaConversa | None:
    """A matrícula do botão "m12", só se é desta conversa."""
    matricula_id = ler_id(argumento.removeprefix(MATRICULA))
    todas = await matriculas_da_conversa(ctx.conexao, ctx.canal, ctx.chat_id)
    return next((m for m in todas if m.id == matricula_id), None)


async def _quer_voltar(ctx: Contexto, matricula: MatriculaDaConversa | None) -> Acao:
    """R17: quem já saiu e quer continuar; a OSC da turma decide (avisada uma vez)."""
    if matricula is None:
        return Dizer((texto("evasao.nao_achado"),))
    if matricula.situacao == "ativa":
        return Dizer((texto("evasao.continuar"),))
    if matricula.desistencia_id is None:
        return Dizer((texto("evasao.ja_saiu"),))
    await avisar_volta(ctx.conexao, matricula, ctx.agora)
    return Dizer((texto("evasao.volta.pessoa", osc=matricula.osc),))


async def quero_continuar(ctx: Contexto, argumento: str = "") -> Acao:
    """Agradece; se o alerta ainda está aberto, a equipe fica sabendo (uma vez por
    mudança de ideia). Sem alerta: uma resposta curta; depois da desistência, a OSC sabe."""
    escrito = await _escrito(ctx, argumento)
    if not isinstance(escrito, str):
        return escrito if isinstance(escrito, Dizer) else await _quer_voltar(ctx, escrito)
    if escrito.startswith(MATRICULA):
        return await _quer_voltar(ctx, await _da_matricula(ctx, escrito))
    alerta_id = ler_id(escrito)
    alerta = None
    if alerta_id is not None:
        alerta = await alerta_da_conversa(ctx.conexao, ctx.canal, ctx.chat_id, alerta_id)
    if alerta is None:
        return Dizer((texto("evasao.nao_achado"),))
    if not alerta.matricula_ativa:  # o botão da mensagem antiga, depois da desistência
        return await _quer_voltar(ctx, await _da_matricula(ctx, str(alerta.matricula_id)))
    if await responder(ctx.conexao, alerta.id, "continuar", ctx.agora):
        await avisar_resposta(ctx.conexao, alerta.id, alerta.matricula_id, "continuar", ctx.agora)
    return Dizer((texto("evasao.continuar"),))


def _opcao(valor: str, chave: str, papel: str = "") -> Opcao:
    return Opcao(valor, texto(chave), papel, apelidos(chave))


def _pergunta(alvo: str) -> Dizer:
    """ "Você tem certeza?", com a ajuda da equipe como caminho (R20; o pedido de ajuda
    leva o alerta como contexto, nunca a matrícula)."""
    ajuda = "" if alvo.startswith(MATRICULA) else alvo
    opcoes = (
        _opcao(da_fila(SAIR, alvo), "evasao.botao_sair", SIM),
        _opcao(da_fila(CONTINUAR, alvo), "evasao.botao_continuar", NAO),
        _opcao(da_fila(PEDIR_AJUDA, *filter(None, [ajuda])), "evasao.botao_ajuda"),
    )
    return Dizer((texto("evasao.desistir.pergunta"),), opcoes, numerar=True)


def _ja_encerrada(matricula: MatriculaDaConversa) -> Dizer:
    if matricula.encerrada_em is None:
        return Dizer((texto("evasao.ja_saiu"),))
    data = matricula.encerrada_em.astimezone(FUSO).strftime("%d/%m/%Y")
    return Dizer((encerrada(matricula.turma, matricula.curso, data, matricula.osc),))


def encerrada(turma: str, curso: str, data: str, osc: str) -> str:
    """R19: quem já saiu ouve, com cuidado, que a matrícula acabou e com quem falar."""
    return texto("evasao.encerrada", turma=turma, curso=curso, data=data, osc=osc)


async def vou_desistir(ctx: Contexto, argumento: str = "") -> Acao:
    """Pergunta antes, sem culpa, e lembra que há ajuda (com ou sem alerta aberto)."""
    escrito = await _escrito(ctx, argumento)
    if isinstance(escrito, Dizer):
        return escrito
    if isinstance(escrito, MatriculaDaConversa):
        if escrito.situacao != "ativa":
            return _ja_encerrada(escrito)
        return _pergunta(f"{MATRICULA}{escrito.id}")
    alerta = await _do_botao(ctx, escrito)
    return alerta if isinstance(alerta, Dizer) else _pergunta(str(alerta.id))


async def _disse_que_sai(ctx: Contexto, matricula_id: int, aberto: int | None) -> None:
    """R17 "disse que sai": no alerta aberto (ou num novo) e a equipe avisada."""
    motivo = Motivo.DISSE_QUE_SAI
    aberto = aberto or await aberto_da_matricula(ctx.conexao, matricula_id)
    if aberto is not None:
        if await responder(ctx.conexao, aberto, "desistir", ctx.agora, motivo=motivo):
            await avisar_resposta(ctx.conexao, aberto, matricula_id, "desistir", ctx.agora)
        return
    novo = await abrir(ctx.conexao, matricula_id, motivo, ctx.agora, "desistir")
    if novo is not None:
        await avisar_alerta(ctx.conexao, novo, matricula_id, motivo, ctx.agora)


async def sair(ctx: Contexto, argumento: str = "") -> Acao:
    """ "Sim, vou sair": o alerta "disse que sai" (R17) e a equipe avisada."""
    if argumento.startswith(MATRICULA):
        matricula = await _da_matricula(ctx, argumento)
        if matricula is None:
            return Dizer((texto("evasao.nao_achado"),))
        if matricula.situacao != "ativa":
            return Dizer((texto("evasao.ja_saiu"),))
        await _disse_que_sai(ctx, matricula.id, None)
        return Dizer((texto("evasao.desistir.anotado"),))
    alerta = await _do_botao(ctx, argumento)
    if isinstance(alerta, Dizer):
        return alerta
    aberto = alerta.id if alerta.situacao in EM_ABERTO else None
    await _disse_que_sai(ctx, alerta.matricula_id, aberto)
    return Dizer((texto("evasao.desistir.anotado"),))


COMANDOS_DA_EVASAO: dict[str, Comando] = {
    CONTINUAR: quero_continuar,
    DESISTIR: vou_desistir,
    SAIR: sair,
}

# o que as pessoas digitam (normalizado), com ou sem a mensagem de cuidado aberta
PALAVRAS = {
    **dict.fromkeys(
        (
            "desisto",
            "vou desistir",
            "vou desistir do curso",
            "quero desistir",
            "quero desistir do curso",
            "quero sair do curso",
            "vou sair do curso",
        ),
        DESISTIR,
    ),
    **dict.fromkeys(
        ("quero continuar", "quero continuar no curso", "vou continuar no curso"), CONTINUAR
    ),
}
