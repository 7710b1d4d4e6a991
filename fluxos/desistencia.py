"""Desistência confirmada (R17 → R19): a única porta para uma matrícula virar desistente.

Quem confirma (o técnico da OSC ou do CRAS no alerta de evasão, ou a gestão) chama
`confirmar_desistencia`. Na transação da mensagem de quem confirmou: a matrícula vira
"desistente"; a pessoa entra na lista do Acessuas Trabalho com o CRAS, a turma, as horas
daquela hora e o motivo (R19); a pessoa fica sabendo, com cuidado, que a equipe do
Acessuas pode procurá-la; e a equipe do Acessuas recebe um aviso curto, sem nome (o
nome e o telefone ficam em /desistentes, com auditoria).
"""

from __future__ import annotations

import logging
from enum import StrEnum

from armazenamento import desistencias, envios
from armazenamento.destinos import equipe_acessuas
from armazenamento.frequencias import ler_da_matricula
from fluxos.avisos_fila import conteudo_para_equipe, conteudo_para_pessoa
from fluxos.canais import alcancavel, entrega_depois
from fluxos.passos import Contexto
from fluxos.regras.evasao import Motivo
from fluxos.regras.frequencia import Frequencia, calcular_frequencia
from fluxos.regras.frequencia_modulos import sequencias_da_matricula
from mensagens.botoes import da_fila
from mensagens.catalogo import texto
from mensagens.tipos import Botao, Saida

log = logging.getLogger(__name__)


class MotivoDesistencia(StrEnum):
    """R17/R19: por que a pessoa saiu, como código (nunca relato livre, ARQUITETURA §8).
    Os três primeiros são os motivos do alerta (`fluxos.regras.evasao.Motivo`); os outros,
    o que o técnico sabe depois de falar com a pessoa."""

    FALTAS_SEGUIDAS = Motivo.FALTAS_SEGUIDAS.value
    PROJECAO = Motivo.PROJECAO.value
    DISSE_QUE_SAI = Motivo.DISSE_QUE_SAI.value
    TRABALHO = "trabalho"
    SAUDE = "saude"
    FAMILIA = "familia"
    MUDOU = "mudou"
    HORARIO = "horario"
    SEM_CONTATO = "sem_contato"
    OUTRO = "outro"


_CODIGOS = frozenset(m.value for m in MotivoDesistencia)
# o que o técnico pode escolher ao confirmar (os do alerta vêm do próprio alerta)
MOTIVOS_DO_TECNICO = tuple(m for m in MotivoDesistencia if m.value not in set(Motivo))


def eh_motivo(codigo: str) -> bool:
    """Um código da lista fechada (um botão forjado ou texto livre não é)."""
    return codigo in _CODIGOS


def rotulo_do_motivo(codigo: str) -> str:
    """ "Faltas seguidas", "Começou a trabalhar"... (até 20 letras: cabe num botão)."""
    return texto(f"acessuas.motivo.{codigo}" if eh_motivo(codigo) else "acessuas.motivo.outro")


async def frequencia_da_matricula(ctx: Contexto, matricula_id: int) -> Frequencia:
    """R16: horas presentes ÷ horas dos encontros realizados, nesta hora, pela mesma
    leitura das telas (`armazenamento.frequencias`, `fluxos.regras.frequencia_modulos`):
    só os encontros da pessoa, sem os suspensos, sem os que ainda não tiveram chamada."""
    lida = await ler_da_matricula(ctx.conexao, matricula_id)
    if lida is None or not lida.matriculas:
        return calcular_frequencia([])
    minha = lida.matriculas[0]
    fase = sequencias_da_matricula(lida.encontros, minha.marcas, minha.dia_da_matricula).fase
    return calcular_frequencia(fase)


async def confirmar_desistencia(ctx: Contexto, matricula_id: int, motivo: str) -> bool:
    """R17/R19: marca a matrícula como desistente e põe a pessoa na lista do Acessuas, na
    transação da mensagem de quem confirmou. `motivo`: um código de `MotivoDesistencia`.

    Só confirma quem pode (a OSC da turma, o CRAS do território da pessoa, a gestão).
    Devolve True se mudou agora; False se nada mudou: já não estava ativa (outro técnico
    confirmou antes, ou o mesmo tocou duas vezes), fora do escopo ou motivo desconhecido
    (um botão forjado). Confirmar duas vezes não avisa ninguém duas vezes."""
    membro = ctx.acesso.membro_id
    if membro is None or not eh_motivo(motivo):
        log.info(
            "desistencia recusada: motivo conhecido=%s equipe=%s", eh_motivo(motivo), bool(membro)
        )
        return False
    alvo = await desistencias.da_matricula(ctx.conexao, ctx.acesso, matricula_id)
    if alvo is None or not await desistencias.marcar_desistente(ctx.conexao, matricula_id):
        return False
    frequencia = await frequencia_da_matricula(ctx, matricula_id)
    registro = desistencias.Registro(
        matricula_id,
        alvo.turma_id,
        alvo.cras_id,
        frequencia.horas_presentes,
        frequencia.horas_realizadas,
        motivo,
        ctx.agora,
        membro,
    )
    await desistencias.registrar(ctx.conexao, registro)
    vez = int(ctx.agora.timestamp())  # reativada e desistente de novo: é outra confirmação
    await _avisar_a_pessoa(ctx, matricula_id, alvo, vez)
    await _avisar_o_acessuas(ctx, matricula_id, alvo, vez)
    log.info("desistencia confirmada: matricula=%d motivo=%s", matricula_id, motivo)
    return True


async def _avisar_a_pessoa(
    ctx: Contexto, matricula_id: int, alvo: desistencias.DaMatricula, vez: int
) -> None:
    """R19: com cuidado, que o Acessuas Trabalho pode procurá-la (só por canal que entrega
    depois; quem foi inscrito pela OSC sem conversa fica sabendo pelo Acessuas)."""
    if not alcancavel(alvo.canal, alvo.chat_id):
        return
    conteudo = conteudo_para_pessoa(Saida(texto("acessuas.pessoa.aviso", curso=alvo.curso)))
    chave = f"desistencia:{matricula_id}:{vez}:pessoa"
    await envios.enfileirar(ctx.conexao, alvo.canal, alvo.chat_id, conteudo, chave, ctx.agora)


async def _avisar_o_acessuas(
    ctx: Contexto, matricula_id: int, alvo: desistencias.DaMatricula, vez: int
) -> None:
    """R19: um aviso curto a cada vínculo do Acessuas: CRAS e curso, sem nome nem telefone
    (a notificação aparece na tela bloqueada); o botão abre a lista, auditada."""
    aviso = Saida(
        texto("acessuas.equipe.aviso", cras=alvo.cras, curso=alvo.curso),
        (Botao(texto("acessuas.botao.ver_lista"), da_fila("desistentes")),),
    )
    conteudo = conteudo_para_equipe(aviso)
    for destino in await equipe_acessuas(ctx.conexao):
        if not entrega_depois(destino.canal):
            continue
        chave = f"desistencia:{matricula_id}:{vez}:acessuas:{destino.membro_id}"
        await envios.enfileirar(
            ctx.conexao, destino.canal, destino.chat_id, conteudo, chave, ctx.agora
        )
