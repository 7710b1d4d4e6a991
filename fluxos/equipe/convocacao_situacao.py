"""A situação da convocação de uma turma, por pessoa (R5, R24).

"Ver situação": nomes por grupo (matriculados, aguardando, recusaram, sem resposta no
prazo, cancelados). A OSC vê nome e telefone das pessoas encaminhadas a ela; quem não tem
conversa no chat (pré-inscrição assistida) aparece com o telefone, para a OSC ligar e
anotar a resposta ("Confirmou (telefone)" / "Recusou (telefone)"). Uma matrícula pode ser
cancelada (com motivo e confirmação, `convocacao_cancelar`): a vaga vai para a próxima
pessoa da lista.

Toda tela que mostra nomes ou telefones grava uma linha na auditoria. Cada botão leva só
ids e é conferido de novo (escopo no WHERE; a mudança, com a turma travada e condicional).
"""

from __future__ import annotations

from armazenamento.auditoria import registrar_leitura
from armazenamento.convocacoes import (
    PENDENTE,
    TurmaDaConvocacao,
    achar_convocacao,
)
from armazenamento.convocacoes_equipe import (
    SEGURADA,
    PessoaDaTurma,
    pessoas_da_turma,
)
from fluxos.convocacao.acoes import Convocadas, responder
from fluxos.convocacao.regras import Decisao
from fluxos.equipe import convocacao_turno
from fluxos.equipe.convocacao_apoio import (
    AGUARDANDO,
    GRUPOS,
    MATRICULADOS,
    PAPEIS,
    como_recebe,
    grupo,
    linha_de_quem_liga,
    prazo_falado,
    rotulo,
    sem_conversa,
    situacao_falada,
    telefone,
    turma_pedida,
)
from fluxos.equipe.permissao import ComandoDaEquipe, nao_encontrado
from fluxos.motor import Acao, Dizer
from fluxos.passos import Contexto, Opcao
from fluxos.regras.ids import ler_ids
from mensagens.botoes import da_fila
from mensagens.catalogo import texto
from mensagens.formatos import quantos

# R5: se a convocação chegou e foi lida no WhatsApp (o canal informa; o Telegram, não)
_ENTREGA = {
    "delivered": "equipe.convocacao.entrega_recebida",
    "read": "equipe.convocacao.entrega_lida",
    "failed": "equipe.convocacao.entrega_falhou",
    SEGURADA: "whatsapp_limite.situacao.segurada",  # ainda não saiu: o limite diário
}


def _linha(p: PessoaDaTurma) -> str:
    """O nome com o turno e a opção (R10) e, para quem aguarda, como falar com a pessoa e
    se a convocação chegou (lida, entregue, ou não chegou: aí a OSC liga)."""
    nome = convocacao_turno.linha(p.nome, p)
    if grupo(p) == AGUARDANDO and sem_conversa(p):
        return texto(linha_de_quem_liga(p), nome=nome, telefone=telefone(p))
    if grupo(p) == AGUARDANDO:
        linha = texto("equipe.convocacao.linha_aguardando", nome=nome)
        chave = _ENTREGA.get(p.entrega)
        return texto(chave, linha=linha, telefone=telefone(p)) if chave else linha
    return nome


def _linhas_do_grupo(g: str, do_grupo: list[PessoaDaTurma]) -> list[str]:
    """Quem aguarda resposta vem junto sob o dia do prazo, dito uma vez só (não em cada
    linha): "Responder até quarta-feira, 13 de janeiro:"."""
    if g != AGUARDANDO:
        return [f"- {_linha(p)}" for p in do_grupo]
    por_dia: dict[str, list[str]] = {}
    for p in sorted(do_grupo, key=lambda p: (p.prazo is None, p.prazo)):
        por_dia.setdefault(prazo_falado(p.prazo), []).append(f"- {_linha(p)}")
    linhas: list[str] = []
    for dia, pessoas in por_dia.items():
        linhas += [texto("equipe.convocacao.responder_ate", prazo=dia)] if dia else []
        linhas += pessoas
    return linhas


async def tela_situacao(ctx: Contexto, turma: TurmaDaConvocacao, *notas: str) -> Dizer:
    pessoas = await pessoas_da_turma(ctx.conexao, ctx.acesso, turma.id)
    voltar = Opcao(da_fila("convocar", turma.id), texto("equipe.convocacao.botao_voltar"))
    titulo = texto("equipe.convocacao.situacao_titulo", codigo=turma.codigo, curso=turma.curso)
    if not pessoas:
        corpo = f"{titulo}\n{texto('equipe.convocacao.ninguem')}"
        return Dizer((*(n for n in notas if n), corpo), (voltar,))
    await registrar_leitura(
        ctx.conexao, ctx.acesso.membro_id, "convocar.situacao", turma.id, ctx.agora
    )
    blocos = [titulo]
    for g in GRUPOS:
        do_grupo = [p for p in pessoas if grupo(p) == g]
        if do_grupo:
            cabeca = texto(
                "equipe.convocacao.cabeca_grupo",
                titulo=texto(f"equipe.convocacao.grupo.{g}"),
                quantos=len(do_grupo),
            )
            blocos.append("\n".join([cabeca, *_linhas_do_grupo(g, do_grupo)]))
    acionaveis = [p for p in pessoas if grupo(p) in (MATRICULADOS, AGUARDANDO)]
    if acionaveis:
        blocos.append(texto("equipe.convocacao.escolha_pessoa"))
    opcoes = tuple(
        Opcao(da_fila("conv_pessoa", turma.id, p.preinscricao_id), rotulo(p.nome))
        for p in acionaveis
    )
    return Dizer((*(n for n in notas if n), "\n\n".join(blocos)), (*opcoes, voltar))


async def ver_situacao(ctx: Contexto, argumento: str = "") -> Acao:
    """ "conv_situacao TURMA": os nomes por grupo."""
    turma = await turma_pedida(ctx, argumento)
    return nao_encontrado() if turma is None else await tela_situacao(ctx, turma)


async def _pessoa_pedida(
    ctx: Contexto, argumento: str
) -> tuple[TurmaDaConvocacao, PessoaDaTurma] | None:
    """A turma (no escopo) e a pessoa convocada ou matriculada nela, dos 2 números."""
    ids = ler_ids(argumento, 2)
    turma = await turma_pedida(ctx, argumento) if ids else None
    if turma is None or ids is None:
        return None
    achadas = await pessoas_da_turma(ctx.conexao, ctx.acesso, turma.id, so=ids[1])
    return (turma, achadas[0]) if achadas else None


async def tela_pessoa(
    ctx: Contexto, turma: TurmaDaConvocacao, p: PessoaDaTurma, *notas: str
) -> Dizer:
    await registrar_leitura(
        ctx.conexao, ctx.acesso.membro_id, "convocar.pessoa", p.preinscricao_id, ctx.agora
    )
    conversa = como_recebe(p)
    corpo = texto(
        "equipe.convocacao.pessoa",
        nome=p.nome,
        codigo=turma.codigo,
        situacao=situacao_falada(p),
        telefone=telefone(p),
        conversa=texto(conversa),
    )
    alvo = (turma.id, p.preinscricao_id)
    opcoes: list[Opcao] = []
    if grupo(p) == MATRICULADOS:
        opcoes.append(
            Opcao(da_fila("conv_cancelar", *alvo), texto("equipe.convocacao.botao_cancelar"))
        )
    if grupo(p) == AGUARDANDO:
        opcoes += [
            Opcao(da_fila("conv_tel", *alvo, "sim"), texto("equipe.convocacao.botao_tel_sim")),
            Opcao(da_fila("conv_tel", *alvo, "nao"), texto("equipe.convocacao.botao_tel_nao")),
        ]
    opcoes.append(
        Opcao(da_fila("conv_situacao", turma.id), texto("equipe.convocacao.botao_voltar"))
    )
    return Dizer((*(n for n in notas if n), corpo), tuple(opcoes))


async def ver_pessoa(ctx: Contexto, argumento: str = "") -> Acao:
    """ "conv_pessoa TURMA PESSOA": nome, situação, telefone e o que dá para fazer."""
    achada = await _pessoa_pedida(ctx, argumento)
    return nao_encontrado() if achada is None else await tela_pessoa(ctx, *achada)


def _reposicao(feitas: Convocadas) -> str:
    if feitas.ids:
        return texto("equipe.convocacao.reposta", pessoas=quantos(len(feitas.ids), "pessoa"))
    return ""


_PELO_TELEFONE = {
    Decisao.CONFIRMAR: "equipe.convocacao.tel_confirmou",
    Decisao.RECUSAR: "equipe.convocacao.tel_recusou",
    Decisao.LOTADA: "equipe.convocacao.tel_lotada",
    Decisao.PRAZO_ACABOU: "equipe.convocacao.tel_prazo",
    Decisao.SEM_DATA: "equipe.convocacao.tel_sem_data",
}


async def pelo_telefone(ctx: Contexto, argumento: str = "") -> Acao:
    """ "conv_tel TURMA PESSOA sim|nao": a OSC anota a resposta dada por telefone (a mesma
    regra do botão do cidadão: prazo, capacidade, próxima pessoa da lista)."""
    achada = await _pessoa_pedida(ctx, argumento)
    resposta = argumento.split()[2:3]
    if achada is None or resposta not in (["sim"], ["nao"]):
        return nao_encontrado()
    turma, p = achada
    convocacao = await achar_convocacao(ctx.conexao, p.convocacao_id) if p.convocacao_id else None
    if convocacao is None or convocacao.situacao != PENDENTE:
        return await tela_situacao(ctx, turma, texto("equipe.convocacao.ja_respondida"))
    feita = await responder(ctx.conexao, convocacao, resposta == ["sim"], ctx.agora, ctx.ajustes)
    if feita is None:
        return nao_encontrado()
    chave = _PELO_TELEFONE.get(feita.decisao, "equipe.convocacao.ja_respondida")
    nota = texto(chave, nome=p.nome)
    return await tela_situacao(ctx, feita.turma, nota, _reposicao(feita.reposicao))


COMANDOS = {
    "conv_situacao": ComandoDaEquipe(PAPEIS, ver_situacao, no_menu=False),
    "conv_pessoa": ComandoDaEquipe(PAPEIS, ver_pessoa, no_menu=False),
    "conv_tel": ComandoDaEquipe(PAPEIS, pelo_telefone, no_menu=False),
}
