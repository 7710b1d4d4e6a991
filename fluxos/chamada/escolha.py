"""De qual aula é a chamada (R7, R16, R21): as aulas que dá para chamar e a escolha de uma.

Dá para chamar a aula que já começou (ou começa em até `ABRE_ANTES`), não suspensa e
dentro da janela de correção (`Ajustes.janela_chamada`). A escolha aceita o botão, o
número, o rótulo e o dia escrito: "hoje", "ontem", "anteontem", "10/1", "sexta".
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from armazenamento.auditoria import registrar_leitura
from armazenamento.chamadas import EncontroDaChamada, encontro_no_escopo, encontros_entre
from armazenamento.tempo import FUSO
from fluxos.chamada import lista
from fluxos.equipe.permissao import nao_encontrado
from fluxos.passos import Contexto, Opcao, Pergunta, Repetir, Resposta, Resultado, Seguir
from fluxos.regras.ids import ler_id
from fluxos.regras.intervalo import ler_dia
from fluxos.regras.texto import normalizar
from mensagens.catalogo import texto
from mensagens.formatos import dia_da_semana_e_data, hora_falada, quantos, rotulo_de_botao

ENCONTRO, TURMA, ESCOLHAS = "_encontro", "_turma", "_escolhas"
MAIS_ENCONTROS = 6  # a escolha de encontros cabe numa tela
ACAO_AUDITORIA = "turma.chamada"
# A chamada abre meia hora antes do início: o instrutor costuma chamar na entrada, com a
# turma chegando, e o horário cadastrado às vezes é o "oficial". Mais cedo que isso seria
# marcar falta numa aula que ainda nem começou (uma aula das 14h ao meio-dia, achado 13).
ABRE_ANTES = timedelta(minutes=30)
_PASSADOS = {"hoje": 0, "ontem": 1, "anteontem": 2, "antes de ontem": 2}
_SEMANA = ("segunda", "terca", "quarta", "quinta", "sexta", "sabado", "domingo")


def comecou(encontro: EncontroDaChamada, agora: datetime) -> bool:
    return encontro.inicio - ABRE_ANTES <= agora


def impedimento(encontro: EncontroDaChamada, agora: datetime, janela: timedelta) -> str | None:
    """Por que a chamada deste encontro não pode ser feita agora (a chave do texto): aula
    suspensa (R21), que ainda não começou ou passada da janela de correção."""
    if encontro.cancelado:
        return "chamada.suspenso"
    if not comecou(encontro, agora):
        return "chamada.futuro"
    dia = encontro.inicio.astimezone(FUSO).date()
    if (agora.astimezone(FUSO).date() - dia).days > janela.days:
        return "chamada.fora_da_janela"
    return None


def quando(encontro: EncontroDaChamada) -> str:
    local = encontro.inicio.astimezone(FUSO)
    return f"{dia_da_semana_e_data(local.date())}, {hora_falada(local)}"


def sobre(encontro: EncontroDaChamada, chave: str, ctx: Contexto) -> str:
    dias = quantos(ctx.ajustes.janela_chamada.days, "chamada_dia")
    return texto(chave, turma=encontro.turma, quando=quando(encontro), dias=dias)


async def da_janela(ctx: Contexto, turma_id: int | None) -> list[EncontroDaChamada]:
    """Os encontros de hoje e os passados dentro da janela, do mais novo ao mais velho
    (os suspensos e os de mais tarde hoje também: quem chama explica)."""
    hoje = ctx.agora.astimezone(FUSO).date()
    inicio = datetime.combine(hoje - ctx.ajustes.janela_chamada, time(), FUSO)
    fim = datetime.combine(hoje + timedelta(days=1), time(), FUSO)
    return await encontros_entre(ctx.conexao, ctx.acesso, inicio, fim, turma_id)


def abertos(encontros: list[EncontroDaChamada], agora: datetime) -> list[EncontroDaChamada]:
    """Os que dá para chamar agora: já começaram e não foram suspensos."""
    return [e for e in encontros if not e.cancelado and comecou(e, agora)]


def ler_dia_da_chamada(digitado: str, hoje: date) -> date | None:
    """O dia escrito na escolha da aula: "hoje", "ontem", "10/1", "sexta" (a última sexta:
    a chamada é de aula que já foi). None: não é um dia."""
    forma = re.sub(r"^(?:a |o |de |do |da |dia |na |no )+", "", normalizar(digitado))
    forma = forma.removesuffix(" feira")
    if forma in _PASSADOS:
        return hoje - timedelta(days=_PASSADOS[forma])
    if forma in _SEMANA:
        return hoje - timedelta(days=(hoje.weekday() - _SEMANA.index(forma)) % 7)
    return ler_dia(digitado, hoje)


async def perguntar_encontro(ctx: Contexto) -> Pergunta:
    opcoes = []
    for encontro_id in ctx.dados.get(ESCOLHAS, []):
        encontro = await encontro_no_escopo(ctx.conexao, ctx.acesso, encontro_id)
        if encontro is None:
            continue
        local = encontro.inicio.astimezone(FUSO)
        marca = texto("chamada.encontro.feita") if encontro.feita else ""
        nome = texto(
            "chamada.encontro.rotulo",
            data=f"{local.day}/{local.month}",
            hora=hora_falada(local),
            turma=encontro.turma,
            feita=marca,
        )
        opcoes.append(Opcao(f"e{encontro.id}", rotulo_de_botao(nome, lista.ROTULO)))
    return Pergunta(texto("chamada.encontro.pergunta"), opcoes, fechada=True)


async def _pelo_dia(ctx: Contexto, digitado: str) -> int | str | None:
    """A aula do dia escrito, entre as oferecidas; ou a nota que explica (nenhuma ou mais
    de uma nesse dia); None: não é um dia."""
    dia = ler_dia_da_chamada(digitado, ctx.agora.astimezone(FUSO).date())
    if dia is None:
        return None
    achadas = []
    for encontro_id in ctx.dados.get(ESCOLHAS, []):
        encontro = await encontro_no_escopo(ctx.conexao, ctx.acesso, encontro_id)
        if encontro is not None and encontro.inicio.astimezone(FUSO).date() == dia:
            achadas.append(encontro_id)
    if len(achadas) == 1:
        return int(achadas[0])
    chave = "chamada.encontro.varias_no_dia" if achadas else "chamada.encontro.nenhuma_no_dia"
    return texto(chave, dia=f"{dia.day}/{dia.month}")


async def receber_encontro(ctx: Contexto, resposta: Resposta) -> Resultado:
    encontro_id: int | str | None = ler_id((resposta.opcao or "").removeprefix("e"))
    if encontro_id is None and resposta.opcao is None and resposta.texto:
        encontro_id = await _pelo_dia(ctx, resposta.texto)
    if isinstance(encontro_id, str):
        return Repetir(encontro_id)
    if encontro_id is None or encontro_id not in ctx.dados.get(ESCOLHAS, []):
        return Repetir(texto("chamada.encontro.escolha"))
    encontro = await encontro_no_escopo(ctx.conexao, ctx.acesso, encontro_id)
    if encontro is None:
        return Repetir(nao_encontrado().textos[0])
    problema = impedimento(encontro, ctx.agora, ctx.ajustes.janela_chamada)
    if problema is not None:
        return Repetir(sobre(encontro, problema, ctx))
    for chave in (ENCONTRO, lista.ORDEM, lista.MARCAS):
        ctx.dados.pop(chave, None)
    ctx.dados[ENCONTRO] = encontro_id
    await auditar(ctx, encontro_id)
    return Seguir("lista")


async def auditar(ctx: Contexto, encontro_id: int) -> None:
    """A lista mostra os nomes da turma: uma linha de auditoria ao abrir (não a cada toque)."""
    await registrar_leitura(
        ctx.conexao, ctx.acesso.membro_id, ACAO_AUDITORIA, encontro_id, ctx.agora
    )
