"""O que a confirmação da suspensão faz (R21), numa transação só (a da mensagem).

Antes de mudar qualquer coisa, confere de novo: os encontros do período são os mesmos do
resumo (trava as linhas no PostgreSQL), a operação ainda não foi feita (chave única) e, na
remarcação, nenhuma turma já tem aula no novo horário (unicidade turma + início). Então:
encontros suspensos ou movidos, o registro de quem fez e por quê, os lembretes da data
velha fora da fila e os avisos para as pessoas e os instrutores (`fluxos.suspensao.avisos`).
Um erro no meio desfaz tudo: o motor só faz commit no fim.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from armazenamento import suspensoes as banco
from armazenamento.suspensoes import EncontroAfetado, NovaOperacao
from armazenamento.tempo import FUSO
from fluxos.passos import Contexto
from fluxos.suspensao import avisos
from fluxos.suspensao.avisos_osc import avisar_as_oscs
from mensagens.catalogo import texto
from mensagens.formatos import dia_da_semana_e_data

log = logging.getLogger(__name__)

SUSPENDER, REMARCAR = "suspender", "remarcar"

Mudancas = list[tuple[EncontroAfetado, datetime]]


@dataclass(frozen=True, slots=True)
class Pedido:
    """O que a pessoa da equipe escolheu (guardado na conversa)."""

    alvo: str
    de: date
    ate: date
    motivo: str
    acao: str
    nova: date | None = None
    hora: str = ""  # "14:00"; vazio: a mesma hora de antes
    chave: str = ""


def quantos(n: int, coisa: str) -> str:
    """ "1 encontro", "12 encontros" (o singular e o plural vêm do catálogo)."""
    return texto(f"comum.quantos.{coisa}_do_lote.{'um' if n == 1 else 'varios'}", n=n)


def dia_falado(dia: date) -> str:
    return dia_da_semana_e_data(dia)


def _janela(pedido: Pedido) -> tuple[datetime, datetime]:
    """Os dias do pedido (em Bauru) em UTC, fim exclusivo."""
    comeco = datetime.combine(pedido.de, time(), FUSO).astimezone(UTC)
    fim = datetime.combine(pedido.ate + timedelta(days=1), time(), FUSO).astimezone(UTC)
    return comeco, fim


async def encontros(ctx: Contexto, pedido: Pedido, travar: bool = False) -> list[EncontroAfetado]:
    return await banco.encontros_do_periodo(
        ctx.conexao, ctx.acesso, pedido.alvo, _janela(pedido), travar
    )


async def ja_aconteceram(ctx: Contexto, pedido: Pedido) -> bool:
    """Há aula do período com chamada feita (R21: aula realizada não se suspende)."""
    return await banco.tem_chamada_no_periodo(ctx.conexao, ctx.acesso, pedido.alvo, _janela(pedido))


def _novo_inicio(encontro: EncontroAfetado, pedido: Pedido) -> datetime:
    """O mesmo horário de antes (ou a hora digitada) no novo dia, em UTC."""
    assert pedido.nova is not None
    hora = encontro.inicio.astimezone(FUSO).time().replace(tzinfo=None)
    if pedido.hora:
        hora = time.fromisoformat(pedido.hora)
    return datetime.combine(pedido.nova, hora, FUSO).astimezone(UTC)


def mudancas(achados: list[EncontroAfetado], pedido: Pedido) -> Mudancas:
    return [(e, _novo_inicio(e, pedido)) for e in achados]


async def conferir_remarcacao(ctx: Contexto, pedido: Pedido) -> str:
    """A nota de erro da remarcação, ou "" se ela pode ser feita."""
    movidas = mudancas(await encontros(ctx, pedido), pedido)
    if any(novo <= ctx.agora for _, novo in movidas):
        return texto("suspensao.nova.passado")
    if all(novo == e.inicio for e, novo in movidas):
        return texto("suspensao.nova.mesma")
    batem = await banco.colisoes(ctx.conexao, movidas)
    if batem:
        novo = movidas[0][1]
        return texto(
            "suspensao.nova.colisao",
            turmas=", ".join(sorted(set(batem))),
            quando=avisos.quando(novo),
        )
    return ""


@dataclass(frozen=True, slots=True)
class Resumo:
    texto: str
    ids: list[int]


def _periodo_falado(pedido: Pedido) -> str:
    if pedido.de == pedido.ate:
        return dia_falado(pedido.de)
    return texto("suspensao.periodo.de_a", de=dia_falado(pedido.de), ate=dia_falado(pedido.ate))


async def resumir(ctx: Contexto, pedido: Pedido) -> Resumo:
    """ "12 encontros de 3 turmas (T0, T1, T2)… Avisos: 41 pessoas e 3 instrutores." """
    achados = await encontros(ctx, pedido)
    if not achados:
        return Resumo(texto("suspensao.resumo.vazio"), [])
    turmas = sorted({e.codigo for e in achados})
    alcance = await avisos.contar(ctx, achados)
    campos = {
        "encontros": quantos(len(achados), "encontro"),
        "turmas": quantos(len(turmas), "turma"),
        "codigos": ", ".join(turmas),
        "periodo": _periodo_falado(pedido),
        "motivo": texto(f"suspensao.motivo.{pedido.motivo}"),
    }
    if pedido.acao == REMARCAR and pedido.nova is not None:
        campos["nova"] = avisos.quando(_novo_inicio(achados[0], pedido))
        partes = [texto("suspensao.resumo.remarcar", **campos)]
    else:
        partes = [texto("suspensao.resumo.suspender", **campos)]
    partes.append(
        texto(
            "suspensao.resumo.avisos",
            pessoas=quantos(alcance.pessoas, "pessoa"),
            instrutores=quantos(alcance.instrutores, "instrutor"),
        )
    )
    if alcance.sem_aviso:
        partes.append(
            texto("suspensao.resumo.sem_aviso", pessoas=quantos(alcance.sem_aviso, "pessoa"))
        )
    partes.append(texto("suspensao.resumo.pergunta"))
    return Resumo("\n\n".join(partes), [e.id for e in achados])


@dataclass(frozen=True, slots=True)
class Feito:
    texto: str
    repetir: bool = False  # volta ao resumo (algo mudou desde que ele foi mostrado)


async def confirmar(ctx: Contexto, pedido: Pedido, ids: list[int]) -> Feito:
    """R21: suspende ou remarca, avisa e tira da fila os lembretes da data velha."""
    if await banco.ja_feita(ctx.conexao, pedido.chave):
        return Feito(texto("suspensao.ja_feito"))
    achados = await encontros(ctx, pedido, travar=True)
    if not achados:
        return Feito(texto("suspensao.resumo.vazio"))
    if sorted(ids) != sorted(e.id for e in achados):
        return Feito(texto("suspensao.mudou"), repetir=True)
    movidas: Mudancas = []
    if pedido.acao == REMARCAR:
        erro = await conferir_remarcacao(ctx, pedido)
        if erro:
            return Feito(f"{erro}\n{texto('suspensao.nova.voltar')}", repetir=True)
        movidas = mudancas(achados, pedido)
    nova = NovaOperacao(
        pedido.chave,
        pedido.acao,
        pedido.motivo,
        pedido.alvo,
        pedido.de,
        pedido.ate,
        ctx.acesso.membro_id,
    )
    operacao = await banco.registrar_operacao(ctx.conexao, nova, ctx.agora)
    if operacao is None:  # a outra confirmação ganhou
        return Feito(texto("suspensao.ja_feito"))
    return await _gravar(ctx, pedido, operacao, achados, movidas)


async def _gravar(
    ctx: Contexto,
    pedido: Pedido,
    operacao: int,
    achados: list[EncontroAfetado],
    movidas: Mudancas,
) -> Feito:
    ids = [e.id for e in achados]
    if movidas:
        await banco.remarcar(ctx.conexao, operacao, movidas)
    else:
        await banco.suspender(ctx.conexao, operacao, achados)
    await banco.tirar_lembretes(ctx.conexao, ids, operacao, mudou_a_data=bool(movidas))
    alcance = await avisos.avisar(ctx, operacao, pedido.motivo, achados, movidas)
    novos = {e.id: novo for e, novo in movidas}
    await avisar_as_oscs(ctx, operacao, pedido.motivo, achados, novos)
    if movidas:
        await avisos.lembrar_nova_data(ctx, movidas)
    # sem dado pessoal no registro: a operação, o que foi feito e quantos (R24)
    log.info(
        "suspensao %s: acao=%s motivo=%s encontros=%d avisos=%d",
        operacao,
        pedido.acao,
        pedido.motivo,
        len(achados),
        alcance.pessoas + alcance.instrutores,
    )
    chave = "suspensao.feito.remarcar" if movidas else "suspensao.feito.suspender"
    return Feito(
        texto(
            chave,
            encontros=quantos(len(achados), "encontro"),
            pessoas=quantos(alcance.pessoas, "pessoa"),
            instrutores=quantos(alcance.instrutores, "instrutor"),
        )
    )
