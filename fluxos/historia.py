"""A história de uma pré-inscrição (a `situação` do cidadão): UMA só, coerente, contada a
partir da etapa mais recente (R5):

pré-inscrição recebida → aprovada pelo CRAS (esperando a chamada) → convocada (prazo e
botões) → matriculada (turma, dia e hora, local) → matrícula cancelada / recusou / prazo
venceu (o que fazer agora).

A redação depende de o canal dos avisos entregar depois (`fluxos.canais`): a tabela
`TEXTOS` (etapa × entrega?) dá a chave de cada caso. "A instituição vai ligar … quando for
a sua vez" só aparece enquanto a pessoa ainda espera ser chamada (`ESPERANDO`: o link de
avisos de `fluxos.alcance` diz isso). Quem junta as pré-inscrições da conversa e o link é
`fluxos.situacao`.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from armazenamento import vinculos_canal
from armazenamento.convocacoes import primeiro_encontro, turma_da_convocacao
from armazenamento.historia import Fatos, fatos
from armazenamento.preinscricoes import Situacao as Feita
from fluxos.canais import alcancavel
from fluxos.convocacao.textos import ate_o_dia, com_contato, detalhes
from fluxos.passos import Contexto
from mensagens.catalogo import texto


class Etapa(StrEnum):
    RECEBIDA = "recebida"
    RESERVA = "reserva"
    APROVADA = "aprovada"
    CONVOCADA = "convocada"
    MATRICULADA = "matriculada"
    CANCELADA = "cancelada"
    RECUSOU = "recusou"
    PRAZO_VENCEU = "prazo_venceu"
    DESISTIU = "desistiu"
    CONCLUIU = "concluiu"


# enquanto a pessoa espera ser chamada (só aí "a instituição vai ligar quando for a sua vez")
ESPERANDO = frozenset({Etapa.RECEBIDA, Etapa.RESERVA, Etapa.APROVADA})

# (etapa, o canal dos avisos entrega depois?) → o texto
TEXTOS: dict[tuple[Etapa, bool], str] = {
    (Etapa.RECEBIDA, True): "situacao.etapa.recebida",
    (Etapa.RECEBIDA, False): "situacao.etapa.recebida",
    (Etapa.RESERVA, True): "situacao.etapa.reserva",
    (Etapa.RESERVA, False): "situacao.etapa.reserva",
    (Etapa.APROVADA, True): "situacao.etapa.aprovada.com_aviso",
    (Etapa.APROVADA, False): "situacao.etapa.aprovada.sem_aviso",
    (Etapa.CONVOCADA, True): "situacao.etapa.convocada",
    (Etapa.CONVOCADA, False): "situacao.etapa.convocada",
    (Etapa.MATRICULADA, True): "situacao.etapa.matriculada.com_aviso",
    (Etapa.MATRICULADA, False): "situacao.etapa.matriculada.sem_aviso",
    (Etapa.CANCELADA, True): "situacao.etapa.cancelada",
    (Etapa.CANCELADA, False): "situacao.etapa.cancelada",
    (Etapa.RECUSOU, True): "situacao.etapa.recusou",
    (Etapa.RECUSOU, False): "situacao.etapa.recusou",
    (Etapa.PRAZO_VENCEU, True): "situacao.etapa.prazo_venceu",
    (Etapa.PRAZO_VENCEU, False): "situacao.etapa.prazo_venceu",
    (Etapa.DESISTIU, True): "situacao.etapa.desistiu",
    (Etapa.DESISTIU, False): "situacao.etapa.desistiu",
    (Etapa.CONCLUIU, True): "situacao.etapa.concluiu",
    (Etapa.CONCLUIU, False): "situacao.etapa.concluiu",
}
# o motivo do cancelamento dito à pessoa, com cuidado ("outro": não se diz nada)
MOTIVOS = {
    "pediu_sair": "situacao.motivo.pediu_sair",
    "nao_veio": "situacao.motivo.nao_veio",
    "mudou": "situacao.motivo.mudou",
    "erro": "situacao.motivo.erro",
}
# as etapas em que a pessoa deve falar com a instituição: vai o telefone dela
_COM_CONTATO = frozenset({Etapa.CANCELADA, Etapa.RECUSOU, Etapa.PRAZO_VENCEU, Etapa.DESISTIU})
_DA_MATRICULA = {"cancelada": Etapa.CANCELADA, "desistente": Etapa.DESISTIU}


def _quando_convocacao_mudou(f: Fatos) -> datetime | None:
    c = f.convocacao
    if c is None:
        return None
    if c.respondida_em is not None:
        return c.respondida_em
    return c.prazo if c.situacao in ("expirada", "pendente") else c.criada_em


def etapa(situacao_da_pre: str, f: Fatos, agora: datetime) -> Etapa:
    """A etapa mais recente: a matrícula ativa manda; depois a chamada em aberto; depois o
    que aconteceu por último (matrícula encerrada ou resposta/prazo da convocação)."""
    m, c = f.matricula, f.convocacao
    if m is not None and m.situacao == "ativa":
        return Etapa.MATRICULADA
    if c is not None and c.situacao == "pendente" and c.prazo > agora:
        return Etapa.CONVOCADA
    if m is not None:
        quando_m = m.cancelada_em or m.criada_em
        quando_c = _quando_convocacao_mudou(f)
        if c is None or c.situacao == "confirmada" or quando_c is None or quando_m >= quando_c:
            return (
                Etapa.CONCLUIU
                if m.situacao == "concluida"
                else _DA_MATRICULA.get(m.situacao, Etapa.CANCELADA)
            )
    if c is not None and c.situacao == "recusada":
        return Etapa.RECUSOU
    if c is not None and c.situacao in ("expirada", "pendente"):
        return Etapa.PRAZO_VENCEU
    if situacao_da_pre in (Etapa.RECEBIDA, Etapa.RESERVA):
        return Etapa(situacao_da_pre)
    return Etapa.APROVADA  # aprovada, ou a turma lotou antes da resposta (segue na lista)


async def _destino_entrega(ctx: Contexto, pre: Feita) -> tuple[bool, str]:
    """O canal dos avisos entrega depois? E onde ("por aqui" / "no Telegram")."""
    canal, chat_id = await vinculos_canal.destino_de(ctx.conexao, pre.id)
    if not alcancavel(canal, chat_id):
        return False, ""
    if (canal, chat_id) == (ctx.canal, ctx.chat_id):
        return True, texto("situacao.por_aqui")
    return True, texto(f"alcance.nome_canal.{canal}")


async def historia(ctx: Contexto, pre: Feita) -> tuple[Etapa, str]:
    """A etapa e a frase "Situação: …" desta pré-inscrição."""
    f = await fatos(ctx.conexao, pre.id)
    agora_e = etapa(pre.situacao, f, ctx.agora)
    entrega, onde = await _destino_entrega(ctx, pre)
    turma_id = (
        f.matricula.turma_id
        if agora_e in (Etapa.MATRICULADA, Etapa.CANCELADA, Etapa.DESISTIU, Etapa.CONCLUIU)
        and f.matricula is not None
        else (f.convocacao.turma_id if f.convocacao is not None else 0)
    )
    turma = await turma_da_convocacao(ctx.conexao, turma_id) if turma_id else None
    encontro = await primeiro_encontro(ctx.conexao, turma_id, ctx.agora) if turma else None
    motivo = MOTIVOS.get(f.matricula.motivo if f.matricula is not None else "", "")
    frase = texto(
        TEXTOS[(agora_e, entrega)],
        curso=turma.curso if turma else "",
        turma=turma.codigo if turma else "",
        prazo=ate_o_dia(f.convocacao.prazo) if f.convocacao is not None else "",
        onde=onde,
        detalhes="\n".join(detalhes(turma, encontro)) if turma and encontro else "",
        motivo=texto(motivo) if motivo and agora_e is Etapa.CANCELADA else "",
    )
    frase = "\n".join(linha for linha in frase.splitlines() if linha.strip())  # sem dado: sem linha
    return agora_e, com_contato(frase, turma) if agora_e in _COM_CONTATO else frase
