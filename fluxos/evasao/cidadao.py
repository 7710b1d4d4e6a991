"""As respostas da pessoa à mensagem de cuidado (R17): "Quero continuar" e "Vou desistir".

"Preciso de ajuda" é outro comando (`pedir_ajuda`, o atendimento da equipe, R20). Os
botões vêm da fila ("cmd:evasao_continuar 12") e valem a qualquer hora; digitar "quero
continuar" ou "desisto" vale como tocar (`fluxos.pendencias`). Só o alerta de uma
matrícula desta conversa responde: um botão encaminhado não acha nada.

"Vou desistir" pergunta antes, com carinho; confirmado, o alerta passa a ter o motivo
"disse que sai" (abrindo um, se nenhum está aberto) e a equipe é avisada. A desistência
em si continua sendo confirmada pela equipe (`fluxos.desistencia`).
"""

from __future__ import annotations

from armazenamento.alertas import abrir
from armazenamento.alertas_pessoa import (
    AlertaDaPessoa,
    aberto_da_matricula,
    alerta_da_conversa,
    responder,
)
from armazenamento.modelos_alertas import EM_ABERTO
from fluxos.acoes import Acao, Comando, Dizer
from fluxos.evasao.avisos import (
    CONTINUAR,
    DESISTIR,
    PEDIR_AJUDA,
    SAIR,
    avisar_alerta,
    avisar_resposta,
)
from fluxos.passos import Contexto, Opcao
from fluxos.regras.escolha import NAO, SIM
from fluxos.regras.evasao import Motivo
from fluxos.regras.ids import ler_id
from mensagens.catalogo import apelidos, texto


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


async def quero_continuar(ctx: Contexto, argumento: str = "") -> Acao:
    """Agradece; se o alerta ainda está aberto, a equipe fica sabendo (uma vez)."""
    alerta = await _do_botao(ctx, argumento)
    if isinstance(alerta, Dizer):
        return alerta
    if await responder(ctx.conexao, alerta.id, "continuar", ctx.agora):
        await avisar_resposta(ctx.conexao, alerta.id, alerta.matricula_id, "continuar", ctx.agora)
    return Dizer((texto("evasao.continuar"),))


def _opcao(valor: str, chave: str, papel: str = "") -> Opcao:
    return Opcao(valor, texto(chave), papel, apelidos(chave))


async def vou_desistir(ctx: Contexto, argumento: str = "") -> Acao:
    """Pergunta antes, sem culpa, e lembra que há ajuda."""
    alerta = await _do_botao(ctx, argumento)
    if isinstance(alerta, Dizer):
        return alerta
    opcoes = (
        _opcao(f"cmd:{SAIR} {alerta.id}", "evasao.botao_sair", SIM),
        _opcao(f"cmd:{CONTINUAR} {alerta.id}", "evasao.botao_continuar", NAO),
        _opcao(f"cmd:{PEDIR_AJUDA} {alerta.id}", "evasao.botao_ajuda"),
    )
    return Dizer((texto("evasao.desistir.pergunta"),), opcoes, numerar=True)


async def sair(ctx: Contexto, argumento: str = "") -> Acao:
    """R17 "disse que sai": no alerta aberto (ou num novo) e a equipe avisada."""
    alerta = await _do_botao(ctx, argumento)
    if isinstance(alerta, Dizer):
        return alerta
    aberto = alerta.id if alerta.situacao in EM_ABERTO else None
    aberto = aberto or await aberto_da_matricula(ctx.conexao, alerta.matricula_id)
    motivo = Motivo.DISSE_QUE_SAI
    if aberto is not None:
        if await responder(ctx.conexao, aberto, "desistir", ctx.agora, motivo=motivo):
            await avisar_resposta(ctx.conexao, aberto, alerta.matricula_id, "desistir", ctx.agora)
    else:
        novo = await abrir(ctx.conexao, alerta.matricula_id, motivo, ctx.agora, "desistir")
        if novo is not None:
            await avisar_alerta(ctx.conexao, novo, alerta.matricula_id, motivo, ctx.agora)
    return Dizer((texto("evasao.desistir.anotado"),))


COMANDOS_DA_EVASAO: dict[str, Comando] = {
    CONTINUAR: quero_continuar,
    DESISTIR: vou_desistir,
    SAIR: sair,
}
