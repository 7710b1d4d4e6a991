"""A nota de acompanhamento (R20): uma conversa de um passo só, aberta pelo botão "Anotar"
de um alerta. O texto é da equipe sobre uma pessoa: fica só na tabela de notas (nunca no
registro nem no estado da conversa), com tamanho limitado, e quem o lê fica na auditoria.
"""

from __future__ import annotations

from armazenamento.alertas import alerta_visto, anotar
from fluxos.passos import (
    Contexto,
    Dizer,
    Fluxo,
    Opcao,
    Passo,
    Pergunta,
    Repetir,
    Resposta,
    Resultado,
)
from fluxos.regras.ids import ler_id
from mensagens.botoes import da_fila
from mensagens.catalogo import texto
from mensagens.tipos import Tipo

FLUXO_NOTA = "alerta_nota"


def _alerta_da_entrada(ctx: Contexto) -> int | None:
    """O alerta do botão ("cmd:alerta_anotar 12", ou "3.cmd:alerta_anotar 12" de uma tela)
    ou do comando digitado ("/alerta_anotar 12")."""
    entrada = ctx.entrada
    bruto = entrada.valor if entrada.tipo is Tipo.BOTAO else entrada.texto
    partes = bruto.split()
    return ler_id(partes[-1]) if partes else None


async def _perguntar(ctx: Contexto) -> Pergunta:
    if "_alerta" not in ctx.dados:
        ctx.dados["_alerta"] = _alerta_da_entrada(ctx)
    return Pergunta(texto("evasao.nota.pergunta"))


def _caminhos(alerta_id: int) -> tuple[Opcao, ...]:
    return (
        Opcao(da_fila("alerta", alerta_id), texto("evasao.botao_ver_alerta")),
        Opcao(da_fila("alertas"), texto("evasao.botao_alertas")),
    )


async def _receber(ctx: Contexto, resposta: Resposta) -> Resultado:
    nota = resposta.texto.strip()
    if not nota:
        return Repetir(texto("evasao.nota.vazia"))
    alerta_id = ctx.dados.get("_alerta")
    alerta = None
    if isinstance(alerta_id, int):  # o papel pode ter mudado desde o toque: confere de novo
        alerta = await alerta_visto(ctx.conexao, ctx.acesso, alerta_id)
    if alerta is None or ctx.acesso.membro_id is None:
        return Dizer((texto("equipe.nao_encontrado"),))
    await anotar(ctx.conexao, alerta.id, ctx.acesso.membro_id, nota, ctx.agora)
    return Dizer((texto("evasao.nota.gravada", nome=alerta.nome),), _caminhos(alerta.id))


NOTA = Fluxo(
    FLUXO_NOTA,
    (Passo("texto", _perguntar, _receber, campos=("_alerta",)),),
    da_equipe=True,
)
