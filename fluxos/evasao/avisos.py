"""Quem fica sabendo de um alerta de evasão (R17, R20), sempre pela fila de envio e na
transação que abriu o alerta: os técnicos da OSC da turma e os do CRAS do território da
pessoa (`armazenamento.destinos.tecnicos_da_matricula`) e, com uma mensagem de cuidado,
a própria pessoa (se a conversa dela recebe aviso depois).

A chave de cada envio é por alerta e destino: rodar a verificação de novo, em outro
processo, não manda nada duas vezes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento import envios
from armazenamento.alertas_pessoa import (
    MatriculaDaConversa,
    PessoaDoAlerta,
    avisos_de_resposta,
    pessoa_da_matricula,
)
from armazenamento.destinos import tecnicos_da_matricula, tecnicos_da_osc
from armazenamento.tempo import FUSO
from fluxos.avisos_fila import CUIDADO, com_modelo, conteudo_do_aviso, conteudo_para_equipe
from fluxos.canais import alcancavel, entrega_depois
from fluxos.regras.evasao import Motivo
from mensagens.botoes import da_fila
from mensagens.catalogo import no_canal, texto
from mensagens.tipos import Botao, Saida

# os comandos dos botões (a equipe: `fluxos.equipe.alertas`; a pessoa: `fluxos.evasao.cidadao`)
ACOMPANHAR, CONFIRMAR, FALSO, ANOTAR = (
    "alerta_acompanhar",
    "alerta_confirmar",
    "alerta_falso",
    "alerta_anotar",
)
CONTINUAR, DESISTIR, SAIR = "evasao_continuar", "evasao_desistir", "evasao_sair"
PEDIR_AJUDA = "pedir_ajuda"  # "Preciso de ajuda": o atendimento da equipe (R20), outro módulo
# a mensagem de cuidado não chega de noite: a chamada das turmas da noite acaba tarde
SILENCIO_DESDE, SILENCIO_ATE = 21, 7  # horas de Bauru


def hora_de_cuidar(agora: datetime) -> datetime:
    """Quando a mensagem de cuidado pode sair (R17): já, de dia; das 21h às 7h de Bauru,
    às 7h da manhã seguinte (ninguém vulnerável recebe "sentimos sua falta" de madrugada)."""
    local = agora.astimezone(FUSO)
    if SILENCIO_ATE <= local.hour < SILENCIO_DESDE:
        return agora
    dia = local.date() + timedelta(days=1 if local.hour >= SILENCIO_DESDE else 0)
    return datetime.combine(dia, time(SILENCIO_ATE), tzinfo=FUSO)


def botoes_da_equipe(alerta_id: int, situacao: str = "aberto") -> tuple[Botao, ...]:
    """As ações do alerta: quem já acompanha não precisa de "Vou acompanhar"."""
    acoes = [(CONFIRMAR, "evasao.botao_confirmar"), (FALSO, "evasao.botao_falso")]
    if situacao == "aberto":
        acoes.insert(0, (ACOMPANHAR, "evasao.botao_acompanhar"))
    if situacao in ("aberto", "acompanhando"):
        acoes.append((ANOTAR, "evasao.botao_anotar"))
    else:
        acoes = [(ANOTAR, "evasao.botao_anotar")]
    return tuple(Botao(texto(chave), da_fila(nome, alerta_id)) for nome, chave in acoes)


def botoes_da_pessoa(alerta_id: int) -> tuple[Botao, ...]:
    return (
        Botao(texto("evasao.botao_continuar"), da_fila(CONTINUAR, alerta_id)),
        Botao(texto("evasao.botao_ajuda"), da_fila(PEDIR_AJUDA, alerta_id)),
        Botao(texto("evasao.botao_desistir"), da_fila(DESISTIR, alerta_id)),
    )


async def _para_a_equipe(
    conexao: AsyncConnection,
    matricula_id: int,
    montar: Callable[[], Saida],
    chave: str,
    agora: datetime,
) -> int:
    """`montar` roda no canal de cada técnico: o texto diz "/alertas" no Telegram e
    "escreva alertas" no WhatsApp (a variante `@canal` de quem LÊ)."""
    enviados = 0
    for destino in await tecnicos_da_matricula(conexao, matricula_id):
        if entrega_depois(destino.canal):  # o chat do site vê os alertas em /alertas
            with no_canal(destino.canal):
                conteudo = conteudo_para_equipe(montar())
            chave_destino = f"{chave}:equipe:{destino.membro_id}"
            enviados += await envios.enfileirar(
                conexao, destino.canal, destino.chat_id, conteudo, chave_destino, agora
            )
    return enviados


def _campos(pessoa: PessoaDoAlerta) -> dict[str, str]:
    return {"nome": pessoa.nome, "turma": pessoa.turma, "curso": pessoa.curso}


async def avisar_alerta(
    conexao: AsyncConnection, alerta_id: int, matricula_id: int, motivo: str, agora: datetime
) -> None:
    """R17: o alerta novo vai à equipe com as ações; a pessoa recebe a mensagem de cuidado
    (menos quando foi ela mesma que disse que sai)."""
    pessoa = await pessoa_da_matricula(conexao, matricula_id)

    def montar() -> Saida:
        campos = _campos(pessoa)
        aviso = texto("evasao.equipe.aviso", motivo=texto(f"evasao.motivo.{motivo}"), **campos)
        return Saida(aviso, botoes_da_equipe(alerta_id))

    await _para_a_equipe(conexao, matricula_id, montar, f"alerta:{alerta_id}", agora)
    if motivo == Motivo.DISSE_QUE_SAI or not alcancavel(pessoa.canal, pessoa.chat_id):
        return
    primeiro_nome = pessoa.nome.split()[0] if pessoa.nome.split() else pessoa.nome
    cuidado = texto(f"evasao.cuidado.{motivo}", nome=primeiro_nome, curso=pessoa.curso)
    saida = com_modelo(
        Saida(cuidado, botoes_da_pessoa(alerta_id)), CUIDADO, nome=primeiro_nome, curso=pessoa.curso
    )
    conteudo = conteudo_do_aviso(saida)
    chave, quando = f"alerta:{alerta_id}:pessoa", hora_de_cuidar(agora)
    await envios.enfileirar(conexao, pessoa.canal, pessoa.chat_id, conteudo, chave, quando)


async def avisar_resposta(
    conexao: AsyncConnection, alerta_id: int, matricula_id: int, resposta: str, agora: datetime
) -> None:
    """A resposta da pessoa à mensagem de cuidado chega à equipe, com as ações de novo.
    Chame só quando a resposta mudou: cada mudança de ideia tem a sua chave (R17)."""
    pessoa = await pessoa_da_matricula(conexao, matricula_id)
    aviso = texto(f"evasao.equipe.resposta.{resposta}", **_campos(pessoa))
    saida = Saida(aviso, botoes_da_equipe(alerta_id))
    vez = await avisos_de_resposta(conexao, alerta_id)
    chave = f"alerta:{alerta_id}:resposta:{vez}:{resposta}"
    await _para_a_equipe(conexao, matricula_id, lambda: saida, chave, agora)


async def avisar_volta(
    conexao: AsyncConnection, matricula: MatriculaDaConversa, agora: datetime
) -> None:
    """Quem saiu (desistência confirmada) e escreve "quero continuar": os técnicos da OSC
    da turma ficam sabendo, uma vez por desistência, e decidem se a pessoa volta (R17)."""
    pessoa = await pessoa_da_matricula(conexao, matricula.id)
    aviso = texto("evasao.equipe.quer_voltar", **_campos(pessoa))
    conteudo = conteudo_para_equipe(Saida(aviso))
    for destino in await tecnicos_da_osc(conexao, matricula.osc_id):
        if entrega_depois(destino.canal):
            chave = f"desistencia:{matricula.desistencia_id}:volta:equipe:{destino.membro_id}"
            await envios.enfileirar(conexao, destino.canal, destino.chat_id, conteudo, chave, agora)
