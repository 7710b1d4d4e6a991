"""O que acontece numa convocação (R5, R7): convocar, responder, repor a vaga, cancelar a
matrícula. Usado pelo cidadão (botões), pela equipe da OSC e pela tarefa agendada.

Cada função roda na transação de quem chama. Quem mexe nas vagas trava a turma antes
(`travar_turma`; `responder` trava sozinha). As mensagens saem pela fila de envio, na
mesma transação, com chave única por mensagem: "convocacao:{id}" (a chamada),
"convocacao:{id}:lembrete", "convocacao:{id}:expirada",
"convocacao:lista_acabou:{turma}:membro:{m}" (uma vez por turma e técnico; com gente
esperando a turma de outro turno, R10: "convocacao:lista_outro_turno:…") e
"matricula:{id}:cancelada:{quando}".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento import envios
from armazenamento.cancelamentos import cancelar_matricula
from armazenamento.convocacoes import (
    CANCELADA,
    CONFIRMADA,
    RECUSADA,
    ConvocacaoAchada,
    TurmaDaConvocacao,
    achar_convocacao,
    conversa_de,
    criar_convocacoes,
    destinatarios,
    matricula_ativa,
    matricular,
    mudar_convocacao,
    mudar_preinscricoes,
    ocupacao,
    primeiro_encontro,
    travar_turma,
)
from armazenamento.destinos import tecnicos_da_osc
from fluxos.ajustes import Ajustes
from fluxos.avisos_fila import conteudo_do_aviso, conteudo_para_equipe
from fluxos.canais import alcancavel, entrega_depois
from fluxos.convocacao import textos
from fluxos.convocacao.lista import na_lista, proximos
from fluxos.convocacao.regras import (
    Decisao,
    decidir,
    fim_do_prazo,
    reposicoes,
    vagas_para_convocar,
)
from mensagens.tipos import Saida


async def enviar(
    conexao: AsyncConnection, canal: str, chat_id: str, saida: Saida, chave: str, agora: datetime
) -> None:
    await envios.enfileirar(conexao, canal, chat_id, conteudo_do_aviso(saida), chave, agora)


@dataclass(frozen=True, slots=True)
class Convocadas:
    """Quem foi chamado agora, quantos sem conversa (a OSC liga), quantos faltaram na
    lista e se a turma está sem encontro por vir (aí ninguém é chamado). `no_whatsapp`:
    as conversas do WhatsApp chamadas, na ordem da fila (o limite diário pode segurá-las)."""

    ids: tuple[int, ...] = ()
    sem_chat: int = 0
    faltaram: int = 0
    sem_data: bool = False
    no_whatsapp: tuple[str, ...] = ()


async def convocar(
    conexao: AsyncConnection,
    turma: TurmaDaConvocacao,
    quantos: int,
    agora: datetime,
    ajustes: Ajustes,
    membro_id: int | None,
    so: int | None = None,
) -> Convocadas:
    """R5: chama os próximos `quantos` da lista (ou só a pré-inscrição `so`), com prazo de
    `ajustes.prazo_convocacao`; a mensagem vai pela fila a quem tem conversa."""
    if quantos <= 0:
        return Convocadas()
    encontro = await primeiro_encontro(conexao, turma.id, agora)
    if encontro is None:
        return Convocadas(sem_data=True)
    lista = await proximos(conexao, turma, quantos, so)
    prazo = fim_do_prazo(agora, ajustes.prazo_convocacao)
    ids = await criar_convocacoes(
        conexao, turma.id, [c.preinscricao_id for c in lista], prazo, agora, membro_id
    )
    sem_chat = 0
    no_whatsapp: list[str] = []
    for d in await destinatarios(conexao, ids):
        if not alcancavel(d.canal, d.chat_id):
            sem_chat += 1
            continue
        saida = textos.convocacao(turma, encontro, d.convocacao_id, d.nome, d.prazo, d.turno)
        await enviar(conexao, d.canal, d.chat_id, saida, f"convocacao:{d.convocacao_id}", agora)
        if d.canal == "whatsapp":
            no_whatsapp.append(d.chat_id)
    return Convocadas(tuple(ids), sem_chat, quantos - len(ids), no_whatsapp=tuple(no_whatsapp))


async def repor(
    conexao: AsyncConnection,
    turma: TurmaDaConvocacao,
    liberadas: int,
    agora: datetime,
    ajustes: Ajustes,
) -> Convocadas:
    """R5: vagas liberadas (recusa, prazo, matrícula cancelada) vão para os próximos da
    lista, uma por vaga, sem passar das vagas descobertas. Se a lista acaba, a equipe da
    OSC recebe um aviso (uma vez por turma)."""
    agora_ocupada = await ocupacao(conexao, turma)
    quantos = reposicoes(
        liberadas, turma.capacidade, agora_ocupada.matriculados, agora_ocupada.pendentes
    )
    if quantos == 0:
        return Convocadas()
    feitas = await convocar(conexao, turma, quantos, agora, ajustes, None)
    if feitas.faltaram and not feitas.sem_data:
        _, esperam = await na_lista(conexao, turma)
        await avisar_lista_acabou(conexao, turma, agora, esperam)
    return feitas


async def avisar_lista_acabou(
    conexao: AsyncConnection, turma: TurmaDaConvocacao, agora: datetime, esperam: int = 0
) -> int:
    """ "A lista acabou, faltam N vagas" a cada técnico(a) da OSC da turma (uma vez por
    turma: a chave do envio não se repete). Devolve quantos avisos novos. Se ainda há
    quem espere a turma do turno que escolheu (R10), o aviso diz isso (com outra chave:
    o "acabou de vez" ainda pode vir depois)."""
    depois = await ocupacao(conexao, turma)
    faltam = vagas_para_convocar(turma.capacidade, depois.matriculados, depois.pendentes)
    if faltam == 0:
        return 0
    aviso = textos.aviso_lista_acabou(turma, faltam)
    motivo = "lista_acabou"
    if esperam:
        aviso = textos.aviso_outro_turno(turma, faltam, esperam)
        motivo = "lista_outro_turno"
    novos = 0
    for tecnico in await tecnicos_da_osc(conexao, turma.osc_id):
        if not entrega_depois(tecnico.canal):  # o chat do site não recebe nada depois
            continue
        chave = f"convocacao:{motivo}:{turma.id}:membro:{tecnico.membro_id}"
        conteudo = conteudo_para_equipe(aviso)
        novos += await envios.enfileirar(
            conexao, tecnico.canal, tecnico.chat_id, conteudo, chave, agora
        )
    return novos


@dataclass(frozen=True, slots=True)
class Respondida:
    """A decisão tomada, a turma (para o texto), o encontro e quem foi chamado no lugar."""

    decisao: Decisao
    turma: TurmaDaConvocacao
    encontro: tuple[datetime, bool] | None
    reposicao: Convocadas


async def responder(
    conexao: AsyncConnection,
    achada: ConvocacaoAchada,
    quer: bool,
    agora: datetime,
    ajustes: Ajustes,
) -> Respondida | None:
    """R5/R7: "Confirmo" ou "Não posso" (do cidadão ou anotado pela OSC por telefone).

    Trava a turma e relê a convocação: duas confirmações ao mesmo tempo passam uma de cada
    vez e a segunda já conta a matrícula da primeira (a turma nunca passa da capacidade).
    None: a turma não existe mais.
    """
    turma = await travar_turma(conexao, achada.turma_id)
    atual = await achar_convocacao(conexao, achada.id) if turma is not None else None
    if turma is None or atual is None:
        return None
    encontro = await primeiro_encontro(conexao, turma.id, agora)
    ocupada = await ocupacao(conexao, turma)
    ativa = atual.situacao == CONFIRMADA and await matricula_ativa(
        conexao, turma.id, atual.preinscricao_id
    )
    decisao = decidir(
        atual.situacao,
        atual.prazo,
        agora,
        quer,
        tem_vaga=ocupada.matriculados < turma.capacidade,
        tem_data=encontro is not None,
        matricula_ativa=ativa,
    )
    reposicao = Convocadas()
    if decisao is Decisao.CONFIRMAR and await mudar_convocacao(
        conexao, atual.id, CONFIRMADA, agora
    ):
        await matricular(conexao, turma.id, atual.preinscricao_id, agora)
    elif decisao is Decisao.RECUSAR and await mudar_convocacao(conexao, atual.id, RECUSADA, agora):
        await mudar_preinscricoes(conexao, [atual.preinscricao_id], "aprovada", ("convocada",))
        reposicao = await repor(conexao, turma, 1, agora, ajustes)
    elif decisao is Decisao.LOTADA and await mudar_convocacao(conexao, atual.id, CANCELADA, agora):
        # a turma lotou antes da resposta: a chamada é encerrada (a pessoa segue na lista do
        # curso e pode ser chamada para outra turma)
        await mudar_preinscricoes(conexao, [atual.preinscricao_id], "aprovada", ("convocada",))
    return Respondida(decisao, turma, encontro, reposicao)


async def cancelar(
    conexao: AsyncConnection,
    turma: TurmaDaConvocacao,
    preinscricao_id: int,
    agora: datetime,
    ajustes: Ajustes,
    motivo: str = "outro",
) -> Convocadas | None:
    """A OSC cancela uma matrícula (turma já travada), com o motivo (código): a vaga fica
    livre e a próxima pessoa da lista é chamada; a pessoa recebe um aviso onde o canal dela
    entrega. None: a matrícula já não estava ativa (botão repetido: nada muda, ninguém é
    avisado de novo)."""
    matricula = await cancelar_matricula(conexao, turma.id, preinscricao_id, motivo, agora)
    if matricula is None:
        return None
    canal, chat_id = await conversa_de(conexao, preinscricao_id)
    if alcancavel(canal, chat_id):
        # uma por cancelamento: a mesma matrícula reativada e cancelada de novo avisa de novo
        chave = f"matricula:{matricula}:cancelada:{agora.isoformat()}"
        await enviar(conexao, canal, chat_id, textos.matricula_cancelada(turma), chave, agora)
    return await repor(conexao, turma, 1, agora, ajustes)
