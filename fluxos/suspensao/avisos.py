"""Os avisos de uma suspensão ou remarcação (R21), todos pela fila e na mesma transação.

Cada pessoa com matrícula ativa numa turma afetada recebe UMA mensagem por operação, com
todas as suas aulas afetadas (chave "suspensao:{operação}:pessoa:{pré-inscrição}"); cada
conversa de instrutor, uma também ("…:equipe:{vínculo}"). Só recebe quem está num canal
que entrega depois (`fluxos.canais`); quem não está entra na conta "a OSC avisa por
telefone" do resumo.

A aula remarcada para amanhã, quando a rodada de lembretes da véspera já passou, ganha o
lembrete agora, com a chave de sempre (a rodada não o repete).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from armazenamento import envios
from armazenamento.equipe import instrutores_da_turma
from armazenamento.lembretes import Aula
from armazenamento.suspensoes import EncontroAfetado, Matriculado, matriculados
from armazenamento.tempo import FUSO
from fluxos.avisos_fila import conteudo_do_aviso, conteudo_para_equipe, conteudo_para_pessoa
from fluxos.canais import alcancavel, entrega_depois
from fluxos.lembretes import HORA_PADRAO, montar_lembrete
from fluxos.passos import Contexto
from mensagens.catalogo import texto
from mensagens.formatos import dia_da_semana_e_data, hora_falada
from mensagens.tipos import Saida

Mudancas = list[tuple[EncontroAfetado, datetime]]


def quando(momento: datetime) -> str:
    """ "terça-feira, 10 de março, às 14h" (hora de Bauru)."""
    dia = dia_da_semana_e_data(momento.astimezone(FUSO).date())
    return texto("suspensao.quando", dia=dia, hora=hora_falada(momento))


@dataclass(frozen=True, slots=True)
class Alcance:
    pessoas: int  # recebem o aviso pela fila
    instrutores: int
    sem_aviso: int  # matriculadas sem canal que entrega depois: a OSC liga


@dataclass
class _Conversa:
    """Uma conversa de instrutor: o vínculo que assina a chave e as turmas dela."""

    membro_id: int
    turmas: set[int]


async def _instrutores(ctx: Contexto, turma_ids: set[int]) -> dict[tuple[str, str], _Conversa]:
    """Cada conversa de instrutor (que entrega depois) das turmas afetadas."""
    conversas: dict[tuple[str, str], _Conversa] = {}
    for turma_id in sorted(turma_ids):
        for d in await instrutores_da_turma(ctx.conexao, turma_id):
            if not entrega_depois(d.canal):
                continue
            conversa = conversas.setdefault((d.canal, d.chat_id), _Conversa(d.membro_id, set()))
            conversa.membro_id = min(conversa.membro_id, d.membro_id)
            conversa.turmas.add(turma_id)
    return conversas


def _por_pessoa(pessoas: list[Matriculado]) -> dict[int, list[Matriculado]]:
    agrupadas: dict[int, list[Matriculado]] = defaultdict(list)
    for p in pessoas:
        agrupadas[p.preinscricao_id].append(p)
    return agrupadas


async def contar(ctx: Contexto, achados: list[EncontroAfetado]) -> Alcance:
    turma_ids = {e.turma_id for e in achados}
    pessoas = _por_pessoa(await matriculados(ctx.conexao, sorted(turma_ids)))
    chegam = sum(1 for m in pessoas.values() if alcancavel(m[0].canal, m[0].chat_id))
    instrutores = await _instrutores(ctx, turma_ids)
    return Alcance(chegam, len(instrutores), len(pessoas) - chegam)


def linha(e: EncontroAfetado, novo: datetime | None, nome: str) -> str:
    if novo is None:
        return texto("suspensao.aviso.linha", nome=nome, quando=quando(e.inicio))
    return texto(
        "suspensao.aviso.linha_remarcada", nome=nome, antes=quando(e.inicio), depois=quando(novo)
    )


def linha_do_motivo(motivo: str) -> str:
    """ "Motivo: Chuva ou enchente.\n" (com a quebra depois); "Outro motivo" não diz nada a
    quem lê o aviso, então some a linha (R21). Quem monta tira a quebra do fim."""
    if motivo == "outro" or not motivo:
        return ""
    return texto("suspensao.aviso.motivo", motivo=texto(f"suspensao.motivo.{motivo}")) + "\n"


def _mensagem(chave: str, linhas: list[str], motivo: str, equipe: bool = False) -> str:
    corpo = texto(chave, linhas="\n".join(linhas), motivo=linha_do_motivo(motivo))
    saida = Saida(corpo.rstrip())
    return conteudo_para_equipe(saida) if equipe else conteudo_para_pessoa(saida)


async def avisar(
    ctx: Contexto,
    operacao: int,
    motivo: str,
    achados: list[EncontroAfetado],
    movidas: Mudancas,
) -> Alcance:
    """Enfileira os avisos das pessoas e dos instrutores; devolve quantos receberão."""
    novos = {e.id: novo for e, novo in movidas}
    para_pessoa, para_instrutor = (
        ("suspensao.aviso.pessoa_remarcada", "suspensao.aviso.instrutor_remarcada")
        if movidas
        else ("suspensao.aviso.pessoa_suspensa", "suspensao.aviso.instrutor_suspensa")
    )
    por_turma: dict[int, list[EncontroAfetado]] = defaultdict(list)
    for e in achados:
        por_turma[e.turma_id].append(e)
    pessoas = _por_pessoa(await matriculados(ctx.conexao, sorted(por_turma)))
    chegam = 0
    for preinscricao_id, matriculas in pessoas.items():
        canal, chat_id = matriculas[0].canal, matriculas[0].chat_id
        if not alcancavel(canal, chat_id):
            continue
        linhas = [
            linha(e, novos.get(e.id), e.curso) for m in matriculas for e in por_turma[m.turma_id]
        ]
        conteudo = _mensagem(para_pessoa, linhas, motivo)
        chave = f"suspensao:{operacao}:pessoa:{preinscricao_id}"
        await envios.enfileirar(ctx.conexao, canal, chat_id, conteudo, chave, ctx.agora)
        chegam += 1
    instrutores = await _instrutores(ctx, set(por_turma))
    for (canal, chat_id), conversa in instrutores.items():
        linhas = [
            linha(e, novos.get(e.id), e.codigo)
            for turma_id in sorted(conversa.turmas)
            for e in por_turma[turma_id]
        ]
        conteudo = _mensagem(para_instrutor, linhas, motivo, equipe=True)
        chave = f"suspensao:{operacao}:equipe:{conversa.membro_id}"
        await envios.enfileirar(ctx.conexao, canal, chat_id, conteudo, chave, ctx.agora)
    return Alcance(chegam, len(instrutores), len(pessoas) - chegam)


async def lembrar_nova_data(ctx: Contexto, movidas: Mudancas) -> int:
    """A aula movida para amanhã depois da rodada da véspera (`HORA_PADRAO`) ganha o
    lembrete agora; para depois, a rodada de sempre cuida (a chave dela ficou livre)."""
    local = ctx.agora.astimezone(FUSO)
    amanha = local.date() + timedelta(days=1)
    criados = 0
    for e, novo in movidas:
        if novo.astimezone(FUSO).date() != amanha or local.hour < HORA_PADRAO:
            continue
        aula = Aula(e.id, e.turma_id, novo, e.curso, e.local)
        conteudo = conteudo_do_aviso(montar_lembrete(aula))
        for m in await matriculados(ctx.conexao, [e.turma_id]):
            if alcancavel(m.canal, m.chat_id):
                chave = f"lembrete:{e.id}:{m.matricula_id}"
                criados += await envios.enfileirar(
                    ctx.conexao, m.canal, m.chat_id, conteudo, chave, ctx.agora
                )
    return criados
