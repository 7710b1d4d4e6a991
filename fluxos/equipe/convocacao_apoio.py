"""Peças comuns das telas de convocação da equipe (`convocacao.py`, `convocacao_situacao.py`).

Todo argumento de `cmd:` é lido de novo aqui e a turma é procurada com o escopo de quem
pergunta no próprio WHERE: id inventado, de outra OSC ou de turma apagada ouve
"Não encontrado." e nada muda.
"""

from __future__ import annotations

from datetime import datetime

from armazenamento.acesso import Papel
from armazenamento.convocacoes import (
    CANCELADA,
    CONFIRMADA,
    EXPIRADA,
    PENDENTE,
    RECUSADA,
    TurmaDaConvocacao,
)
from armazenamento.convocacoes_equipe import (
    PessoaDaTurma,
    turma_visivel,
)
from fluxos.convocacao.acoes import alcancavel
from fluxos.convocacao.textos import ate_o_dia
from fluxos.passos import Contexto
from fluxos.regras.ids import ler_ids
from fluxos.regras.telefone import formatar_telefone
from mensagens.catalogo import texto
from mensagens.formatos import rotulo_de_botao

PAPEIS = frozenset({Papel.OSC, Papel.GESTAO})
LIMITE_ROTULO = 20  # WhatsApp: título de botão

# grupos da tela "Ver situação", na ordem em que aparecem
MATRICULADOS, AGUARDANDO, RECUSARAM, EXPIRARAM, CANCELADOS = (
    "matriculados",
    "aguardando",
    "recusaram",
    "expiraram",
    "cancelados",
)
GRUPOS = (MATRICULADOS, AGUARDANDO, RECUSARAM, EXPIRARAM, CANCELADOS)


async def turma_pedida(ctx: Contexto, argumento: str) -> TurmaDaConvocacao | None:
    """A turma do 1º número do argumento, se está no escopo de quem pergunta."""
    ids = ler_ids(argumento, 1)
    return await turma_visivel(ctx.conexao, ctx.acesso, ids[0]) if ids else None


def rotulo(nome: str) -> str:
    """O nome de uma pessoa como rótulo de botão ("Maria Aparecida S.")."""
    return rotulo_de_botao(nome, LIMITE_ROTULO, pessoa=True)


def telefone(p: PessoaDaTurma) -> str:
    return formatar_telefone(p.telefone) if p.telefone else texto("equipe.convocacao.sem_telefone")


def grupo(p: PessoaDaTurma) -> str:
    """Em que grupo da situação a pessoa está (a matrícula manda sobre a convocação)."""
    if p.matricula == "ativa":
        return MATRICULADOS
    if p.matricula is not None or p.situacao in (CANCELADA, CONFIRMADA):
        return CANCELADOS
    return {PENDENTE: AGUARDANDO, RECUSADA: RECUSARAM, EXPIRADA: EXPIRARAM}.get(
        p.situacao or "", CANCELADOS
    )


def prazo_falado(prazo: datetime | None) -> str:
    return ate_o_dia(prazo) if prazo is not None else ""


def situacao_falada(p: PessoaDaTurma) -> str:
    g = grupo(p)
    if g == AGUARDANDO:
        return texto("equipe.convocacao.estado.aguardando", prazo=prazo_falado(p.prazo))
    if g == CANCELADOS and p.matricula is None and p.situacao == CANCELADA:
        return texto("equipe.convocacao.estado.lotada")
    return texto(f"equipe.convocacao.estado.{g}")


def sem_conversa(p: PessoaDaTurma) -> bool:
    return not alcancavel(p.canal, p.chat_id)


def como_recebe(p: PessoaDaTurma) -> str:
    """A chave que diz à OSC como a pessoa fica sabendo: pelo chat (a fila entrega), ou
    ligando, porque ela fez pelo site sem ligar a um canal que entrega, ou com a equipe."""
    if not sem_conversa(p):
        return "equipe.convocacao.com_conversa"
    return "alcance.osc.pelo_site" if p.chat_id else "equipe.convocacao.sem_conversa"


def linha_de_quem_liga(p: PessoaDaTurma) -> str:
    """A linha de quem aguarda resposta e a OSC precisa ligar (pelo site ou sem conversa)."""
    return "alcance.osc.linha_pelo_site" if p.chat_id else "equipe.convocacao.linha_ligar"
