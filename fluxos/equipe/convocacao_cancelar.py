"""A OSC cancela uma matrícula (R5): escolhe o motivo (código de uma lista fechada),
confirma, e só então a matrícula é cancelada; a vaga vai para a próxima pessoa da lista e
a pessoa é avisada pela fila, se o canal dela entrega (`fluxos.convocacao.acoes.cancelar`).

Os botões levam só ids e o código: "conv_cancelar TURMA PESSOA" pergunta o motivo;
"… MOTIVO" pede a confirmação; "… MOTIVO sim" cancela. Tudo é conferido de novo (escopo
no WHERE, turma travada, UPDATE condicional): botão repetido ou antigo não cancela duas
vezes nem avisa duas vezes.
"""

from __future__ import annotations

from armazenamento.convocacoes import travar_turma
from armazenamento.convocacoes_equipe import PessoaDaTurma
from fluxos.convocacao.acoes import cancelar
from fluxos.convocacao.motivos import MOTIVOS, eh_motivo
from fluxos.equipe.convocacao_apoio import MATRICULADOS, PAPEIS, grupo, sem_conversa, telefone
from fluxos.equipe.convocacao_situacao import (
    _pessoa_pedida,
    _reposicao,
    tela_pessoa,
    tela_situacao,
)
from fluxos.equipe.permissao import ComandoDaEquipe, nao_encontrado
from fluxos.motor import Acao, Dizer
from fluxos.passos import Contexto, Opcao
from fluxos.regras.escolha import NAO, SIM
from mensagens.botoes import da_fila
from mensagens.catalogo import texto


def _perguntar_motivo(alvo: tuple[int, int], nome: str, codigo: str) -> Dizer:
    opcoes = tuple(
        Opcao(da_fila("conv_cancelar", *alvo, m), texto(f"alcance.motivo.{m}")) for m in MOTIVOS
    )
    voltar = Opcao(
        da_fila("conv_pessoa", *alvo), texto("equipe.convocacao.botao_nao"), apelidos=("voltar",)
    )
    return Dizer((texto("alcance.cancelar.motivo", nome=nome, codigo=codigo),), (*opcoes, voltar))


def _confirmar(alvo: tuple[int, int], motivo: str, p: PessoaDaTurma, codigo: str) -> Dizer:
    """A pergunta diz o que a pessoa fica sabendo: aviso pela fila onde o canal entrega;
    senão, a OSC avisa por telefone (com o número)."""
    rotulo = texto(f"alcance.motivo.{motivo}")
    if sem_conversa(p):
        pergunta = texto(
            "situacao.cancelar.confirmar_ligar",
            nome=p.nome,
            codigo=codigo,
            motivo=rotulo,
            telefone=telefone(p),
        )
    else:
        pergunta = texto("alcance.cancelar.confirmar", nome=p.nome, codigo=codigo, motivo=rotulo)
    opcoes = (
        Opcao(
            da_fila("conv_cancelar", *alvo, motivo, "sim"),
            texto("equipe.convocacao.botao_sim_cancelar"),
            SIM,
        ),
        Opcao(
            da_fila("conv_pessoa", *alvo), texto("equipe.convocacao.botao_nao"), NAO, ("voltar",)
        ),
    )
    return Dizer((pergunta,), opcoes)


async def cancelar_matricula(ctx: Contexto, argumento: str = "") -> Acao:
    """ "conv_cancelar TURMA PESSOA [MOTIVO [sim]]"."""
    achada = await _pessoa_pedida(ctx, argumento)
    extras = argumento.split()[2:]
    motivo = extras[0] if extras else ""
    if achada is None or (motivo and not eh_motivo(motivo)) or extras[1:] not in ([], ["sim"]):
        return nao_encontrado()
    turma, p = achada
    if grupo(p) != MATRICULADOS:
        return await tela_pessoa(ctx, turma, p, texto("equipe.convocacao.nao_ativa"))
    alvo = (turma.id, p.preinscricao_id)
    if not motivo:
        return _perguntar_motivo(alvo, p.nome, turma.codigo)
    if extras[1:] != ["sim"]:
        return _confirmar(alvo, motivo, p, turma.codigo)
    travada = await travar_turma(ctx.conexao, turma.id)
    feitas = None
    if travada is not None:
        feitas = await cancelar(
            ctx.conexao, travada, p.preinscricao_id, ctx.agora, ctx.ajustes, motivo
        )
    if travada is None or feitas is None:
        return await tela_situacao(ctx, turma, texto("equipe.convocacao.nao_ativa"))
    if sem_conversa(p):
        nota = texto("situacao.cancelar.feito_ligar", nome=p.nome, telefone=telefone(p))
    else:
        nota = texto("equipe.convocacao.cancelada", nome=p.nome)
    return await tela_situacao(ctx, travada, nota, _reposicao(feitas))


COMANDOS = {
    "conv_cancelar": ComandoDaEquipe(PAPEIS, cancelar_matricula, no_menu=False),
}
