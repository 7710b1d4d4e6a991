"""O que vai pela fila num pedido de ajuda (R20): para quem e com que botões.

Os avisos à equipe levam "Responder" e "Encerrar" (botões de fila, `cmd:<nome> <id>`,
valem a qualquer hora); a resposta à pessoa vai assinada com o papel e a instituição de
quem respondeu (nunca o nome pessoal nem o rótulo interno do vínculo). Toda chave de
envio é única: a mesma mensagem nunca sai duas vezes.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento import envios
from armazenamento import pedidos_ajuda as banco
from armazenamento.destinos import tecnicos_da_osc, tecnicos_do_cras
from armazenamento.equipe import Destino
from armazenamento.pedidos_ajuda import Pedido
from fluxos.avisos_fila import conteudo_do_aviso, conteudo_para_equipe, para_pessoa
from fluxos.canais import alcancavel, entrega_depois
from mensagens.botoes import da_fila
from mensagens.catalogo import texto
from mensagens.tipos import Botao, Modelo, Saida

RESPONDER = "ajuda_responder"
ENCERRAR = "ajuda_encerrar"


def botoes_da_equipe(pedido_id: int) -> tuple[Botao, ...]:
    return (
        Botao(texto("pedido_ajuda.botao.responder"), da_fila(RESPONDER, pedido_id)),
        Botao(texto("pedido_ajuda.botao.encerrar"), da_fila(ENCERRAR, pedido_id)),
    )


async def assinatura(conexao: AsyncConnection, membro_id: int) -> str:
    """ "técnico(a) social da OSC X, a instituição do seu curso": papel e instituição."""
    papel, lugar = await banco.quem_e(conexao, membro_id)
    chave = papel if papel in ("osc", "cras") and lugar else "gestao"
    return texto(f"pedido_ajuda.quem.{chave}", lugar=lugar)


async def onde(conexao: AsyncConnection, pedido: Pedido) -> str:
    """A turma da pessoa, ou "sem matrícula, CRAS X"."""
    turma, cras = await banco.turma_e_cras(conexao, pedido.matricula_id, pedido.cras_id)
    if turma:
        return texto("pedido_ajuda.equipe.onde.turma", turma=turma)
    return texto("pedido_ajuda.equipe.onde.cras", lugar=cras)


async def sem_entrega(conexao: AsyncConnection, pedido: Pedido) -> str:
    """O aviso à equipe quando a resposta não chega à pessoa ("" quando chega)."""
    if not alcancavel(pedido.canal, pedido.chat_id):
        return texto("pedido_ajuda.equipe.sem_aviso")
    if await banco.inalcancavel(conexao, pedido.canal, pedido.chat_id):
        return texto("pedido_ajuda.equipe.bloqueou")
    return ""


def _unicos(destinos: list[Destino]) -> list[Destino]:
    vistos: set[tuple[str, str]] = set()
    unicos = []
    for d in destinos:
        if entrega_depois(d.canal) and (d.canal, d.chat_id) not in vistos:
            vistos.add((d.canal, d.chat_id))
            unicos.append(d)
    return unicos


async def destinos_do_pedido(conexao: AsyncConnection, pedido: Pedido) -> list[Destino]:
    """Quem respondeu por último (se ainda está na equipe); senão os técnicos da OSC da
    turma; sem OSC, sem ninguém que receba ou já escalado, também os do CRAS (R20)."""
    if pedido.tecnico_id is not None:
        quem = await banco.destino_do_membro(conexao, pedido.tecnico_id)
        if quem is not None and entrega_depois(quem.canal):
            return [quem]
    destinos = await tecnicos_da_osc(conexao, pedido.osc_id) if pedido.osc_id else []
    if not _unicos(destinos) or pedido.escalado_em is not None:
        destinos += await tecnicos_do_cras(conexao, pedido.cras_id)
    return _unicos(destinos)


async def avisar_equipe(
    conexao: AsyncConnection,
    destinos: list[Destino],
    pedido: Pedido,
    corpo: str,
    chave: str,
    agora: datetime,
) -> int:
    """O aviso (com "Responder"/"Encerrar") a cada destino; devolve quantos enfileirou."""
    nota = await sem_entrega(conexao, pedido)
    saida = Saida(f"{corpo}\n\n{nota}" if nota else corpo, botoes_da_equipe(pedido.id))
    conteudo = conteudo_para_equipe(saida)
    feitos = 0
    for d in _unicos(destinos):
        criado = await envios.enfileirar(
            conexao, d.canal, d.chat_id, conteudo, f"{chave}:membro:{d.membro_id}", agora
        )
        feitos += int(criado)
    return feitos


async def avisar_pessoa(
    conexao: AsyncConnection,
    pedido: Pedido,
    corpo: str,
    chave: str,
    agora: datetime,
    modelo: Modelo | None = None,
) -> bool:
    """Uma mensagem à pessoa pela fila; falso se ela não recebe (chat do site, bloqueou).
    `modelo`: o do aviso (a resposta da equipe); sem ele, o modelo geral de aviso."""
    if await sem_entrega(conexao, pedido):
        return False
    conteudo = conteudo_do_aviso(
        para_pessoa(Saida(corpo)) if modelo is None else Saida(corpo, modelo=modelo)
    )
    await envios.enfileirar(conexao, pedido.canal, pedido.chat_id, conteudo, chave, agora)
    return True
