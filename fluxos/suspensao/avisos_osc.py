"""O aviso às técnicas da OSC (R21, R20): quando outra pessoa (a gestão, outra técnica)
suspende ou remarca aulas das turmas da OSC, as técnicas ficam sabendo pela fila, com
quantas pessoas não recebem aviso pelo chat (para a OSC ligar). Quem fez a operação não
recebe: já viu o resumo.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from armazenamento import envios
from armazenamento.destinos import tecnicos_da_osc
from armazenamento.suspensoes import EncontroAfetado, matriculados, oscs_das_turmas
from fluxos.avisos_fila import conteudo_para_equipe
from fluxos.canais import alcancavel, entrega_depois
from fluxos.passos import Contexto
from fluxos.suspensao.avisos import linha, linha_do_motivo
from mensagens.catalogo import texto
from mensagens.tipos import Saida


async def _sem_chat_por_osc(ctx: Contexto, oscs: dict[int, int]) -> dict[int, int]:
    """Quantas pessoas de cada OSC não recebem aviso pelo chat (matrícula ativa)."""
    contagem: dict[int, set[int]] = defaultdict(set)
    for m in await matriculados(ctx.conexao, sorted(oscs)):
        if not alcancavel(m.canal, m.chat_id):
            contagem[oscs[m.turma_id]].add(m.preinscricao_id)
    return {osc: len(pessoas) for osc, pessoas in contagem.items()}


def _corpo(linhas: list[str], motivo: str, sem_chat: int, remarcadas: bool) -> str:
    chave = "suspensao.aviso.osc_remarcada" if remarcadas else "suspensao.aviso.osc_suspensa"
    partes = [texto(chave, linhas="\n".join(linhas), motivo=linha_do_motivo(motivo)).rstrip()]
    if sem_chat:
        n = texto(f"comum.quantos.pessoa_do_lote.{'um' if sem_chat == 1 else 'varios'}", n=sem_chat)
        partes.append(texto("suspensao.aviso.osc_ligar", pessoas=n))
    return "\n".join(partes)


async def avisar_as_oscs(
    ctx: Contexto,
    operacao: int,
    motivo: str,
    achados: list[EncontroAfetado],
    novos: dict[int, datetime],
) -> int:
    """Uma mensagem por técnica de cada OSC afetada; devolve quantas foram para a fila."""
    oscs = await oscs_das_turmas(ctx.conexao, [e.turma_id for e in achados])
    sem_chat = await _sem_chat_por_osc(ctx, oscs)
    por_osc: dict[int, list[EncontroAfetado]] = defaultdict(list)
    for e in achados:
        por_osc[oscs[e.turma_id]].append(e)
    enviadas = 0
    for osc_id, encontros in sorted(por_osc.items()):
        linhas = [linha(e, novos.get(e.id), e.codigo) for e in encontros]
        conteudo = conteudo_para_equipe(
            Saida(_corpo(linhas, motivo, sem_chat.get(osc_id, 0), bool(novos)))
        )
        for d in await tecnicos_da_osc(ctx.conexao, osc_id):
            if not entrega_depois(d.canal) or (d.canal, d.chat_id) == (ctx.canal, ctx.chat_id):
                continue
            chave = f"suspensao:{operacao}:osc:{d.membro_id}"
            enviadas += await envios.enfileirar(
                ctx.conexao, d.canal, d.chat_id, conteudo, chave, ctx.agora
            )
    return enviadas
