"""As respostas ao lembrete de aula: "Vou" e "Não vou poder" (R7, R16, R17).

"Não vou poder" grava uma falta justificada antecipada (origem "lembrete") na presença do
encontro: a frequência (R16) e a suspeita de evasão (R17, que conta faltas sem
justificativa) a enxergam. Os instrutores da turma com conversa ligada (papel instrutor)
recebem um aviso pela fila de envio, na mesma transação; se a pessoa muda de ideia
("Vou" depois), recebem outro. Só avisa quem de fato mudou a marca (um clique repetido
não grava nada, então não avisa); a chave do aviso leva a marca e o momento, porque o
SQLite reaproveita o id de uma marca apagada.

Os botões vêm de uma mensagem da fila ("cmd:aula_falta 12"): valem a qualquer hora,
também no meio de outra conversa (o motor responde e volta à pergunta em que a pessoa
estava).

Aqui ficam as decisões e os textos (aula desconhecida, de outra pessoa, cancelada, que já
aconteceu); as consultas e a gravação da falta ficam em `armazenamento/presencas.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from armazenamento import envios
from armazenamento.equipe import instrutores_da_turma
from armazenamento.presencas import (
    achar_encontro,
    codigo_da_turma,
    desfazer_falta_avisada,
    gravar_falta_avisada,
    matricula_do_chat,
    nome_da_matricula,
)
from armazenamento.tempo import FUSO
from fluxos.avisos_fila import conteudo_para_equipe
from fluxos.canais import entrega_depois
from fluxos.lembretes import COMANDO_FALTA, COMANDO_VOU
from fluxos.motor import Acao, Comando, Dizer
from fluxos.passos import Contexto
from fluxos.regras.ids import ler_id
from mensagens.catalogo import texto
from mensagens.formatos import dia_da_semana_e_data, hora_falada
from mensagens.tipos import Saida


@dataclass(frozen=True, slots=True)
class AulaDaPessoa:
    """O encontro do botão e a matrícula desta conversa na turma dele."""

    encontro_id: int
    turma_id: int
    inicio: datetime
    cancelado: bool
    matricula_id: int


async def _buscar(ctx: Contexto, argumento: str) -> AulaDaPessoa | str:
    """A aula e a matrícula desta conversa, ou a chave da mensagem que explica por que não."""
    encontro_id = ler_id(argumento)
    if encontro_id is None:
        return "lembretes.aula_desconhecida"
    encontro = await achar_encontro(ctx.conexao, encontro_id)
    if encontro is None:
        return "lembretes.aula_desconhecida"
    matricula_id = await matricula_do_chat(ctx.conexao, ctx.canal, ctx.chat_id, encontro.turma_id)
    if matricula_id is None:  # antes de dizer qualquer coisa da aula: ela não é desta pessoa
        return "lembretes.sem_matricula"
    return AulaDaPessoa(
        encontro_id, encontro.turma_id, encontro.inicio, encontro.cancelado, matricula_id
    )


def _impedimento(aula: AulaDaPessoa, agora: datetime) -> str | None:
    if aula.cancelado:
        return "lembretes.cancelada"
    if aula.inicio <= agora:
        return "lembretes.ja_aconteceu"
    return None


async def confirmar_ida(ctx: Contexto, argumento: str = "") -> Acao:
    """ "Vou": agradece. Quem tinha avisado falta pelo lembrete e mudou de ideia tem a
    falta justificada desfeita (a chamada, do instrutor, nunca é mexida aqui)."""
    aula = await _buscar(ctx, argumento)
    if isinstance(aula, str):
        return Dizer((texto(aula),))
    impedimento = _impedimento(aula, ctx.agora)
    if impedimento is not None:
        return Dizer((texto(impedimento),))
    desfeita = await desfazer_falta_avisada(ctx.conexao, aula.encontro_id, aula.matricula_id)
    if desfeita is not None:
        chave = f"falta_desfeita:{desfeita}:{ctx.agora.isoformat()}"
        await _avisar_instrutores(ctx, aula, "equipe.falta_desfeita", chave)
    hoje = aula.inicio.astimezone(FUSO).date() == ctx.hoje
    return Dizer((texto("lembretes.vou_hoje" if hoje else "lembretes.vou"),))


async def avisar_falta(ctx: Contexto, argumento: str = "") -> Acao:
    """ "Não vou poder": falta justificada antecipada (R16), uma só por encontro e matrícula
    (apertar duas vezes não duplica: unicidade no banco)."""
    aula = await _buscar(ctx, argumento)
    if isinstance(aula, str):
        return Dizer((texto(aula),))
    impedimento = _impedimento(aula, ctx.agora)
    if impedimento is not None:
        return Dizer((texto(impedimento),))
    marca = await gravar_falta_avisada(ctx.conexao, aula.encontro_id, aula.matricula_id, ctx.agora)
    if marca is not None:
        chave = f"falta:{marca}:{ctx.agora.isoformat()}"
        await _avisar_instrutores(ctx, aula, "equipe.falta_avisada", chave)
    return Dizer((texto("lembretes.falta"),))


async def _avisar_instrutores(
    ctx: Contexto, aula: AulaDaPessoa, chave_texto: str, chave: str
) -> None:
    """Um aviso pela fila a cada instrutor da turma (instrutor vê nome e presença, R24)."""
    # quem entrou pelo chat do site não recebe pela fila: vê as faltas avisadas em "Turmas"
    todos = await instrutores_da_turma(ctx.conexao, aula.turma_id)
    instrutores = [d for d in todos if entrega_depois(d.canal)]
    if not instrutores:
        return
    quando = (
        f"{dia_da_semana_e_data(aula.inicio.astimezone(FUSO).date())}, {hora_falada(aula.inicio)}"
    )
    aviso = Saida(
        texto(
            chave_texto,
            nome=await nome_da_matricula(ctx.conexao, aula.matricula_id),
            quando=quando,
            turma=await codigo_da_turma(ctx.conexao, aula.turma_id),
        )
    )
    conteudo = conteudo_para_equipe(aviso)
    for destino in instrutores:
        await envios.enfileirar(
            ctx.conexao,
            destino.canal,
            destino.chat_id,
            conteudo,
            f"{chave}:instrutor:{destino.membro_id}",
            ctx.agora,
        )


COMANDOS_DA_AULA: dict[str, Comando] = {
    COMANDO_VOU: confirmar_ida,
    COMANDO_FALTA: avisar_falta,
}
