"""/preinscrever: a equipe da OSC ou do CRAS faz a pré-inscrição de quem não tem internet (R3).

O fluxo é o mesmo do cidadão (`fluxos.preinscricao.PREINSCRICAO_ASSISTIDA`), com as
mesmas regras de período: fora dele, diz quando abre (ou que terminou) e nada começa.
"""

from __future__ import annotations

from fluxos.equipe.permissao import ComandoDaEquipe
from fluxos.motor import Acao, Dizer, Iniciar
from fluxos.passos import Contexto
from fluxos.preinscricao.apoio import FLUXO_ASSISTIDO
from fluxos.preinscricao.assistida import COMANDO, PAPEIS
from fluxos.preinscricao.ciclo import periodo
from fluxos.regras.periodo import Situacao
from mensagens.catalogo import texto
from mensagens.formatos import data_por_extenso


async def preinscrever(ctx: Contexto, _argumento: str = "") -> Acao:
    """R3: dentro do período começa a pré-inscrição assistida; fora, diz quando abre."""
    p = await periodo(ctx)
    if p.situacao is Situacao.ABERTO:
        return Iniciar(FLUXO_ASSISTIDO)
    if p.situacao is Situacao.VAI_ABRIR and p.ciclo is not None:
        quando = texto(
            "cidadao.fechado.vai_abrir",
            inicio=data_por_extenso(p.ciclo.preinscricao_inicio),
            fim=data_por_extenso(p.ciclo.preinscricao_fim),
        )
    else:
        quando = texto("cidadao.fechado.encerrado")
    return Dizer((f"{quando} {texto('preinscricao_assistida.fora_do_periodo')}",))


COMANDOS = {COMANDO: ComandoDaEquipe(PAPEIS, preinscrever)}
