"""Situações de entrega do WhatsApp (o webhook `statuses`) aplicadas à fila de envio.

A Cloud API real quase sempre aceita o envio (200 com wamid) e avisa o erro DEPOIS, num
status `failed`. Esse aviso tem o mesmo efeito do erro na hora do envio (`bot.whatsapp.fila`):

| `failed` com o código | o que acontece                                                 |
|-----------------------|----------------------------------------------------------------|
| 131047 (fora da       | a MESMA linha volta à fila e sai como modelo, uma vez só (a que |
|   janela)             |   já saiu como modelo não volta)                                |
| 131026, 368           | pessoa inalcançável no canal + aviso à equipe                   |
|                       |   (`fluxos.inalcancavel.tratar_inalcancavel`, o mesmo caminho)  |
| outro                 | fica na linha (`entrega_erro`) e no registro (WARNING, código)  |

Nada duplica: cada (wamid, situação) entra uma vez na caixa de entrada, e só um `failed`
que AVANÇA a linha (não passa por cima de delivered/read nem de outro failed) age. Uma
situação cujo destinatário (`recipient_id`/`recipient_user_id`) não é o do envio é
ignorada, com uma linha no registro (sem o número).
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento import entregas, tempo
from bot.whatsapp.entrada import CANAL
from bot.whatsapp.lote import StatusRecebido, resumo_pessoa
from fluxos.inalcancavel import tratar_inalcancavel

log = logging.getLogger(__name__)

FORA_DA_JANELA = "131047"
INALCANCAVEL = ("131026", "368")


async def aplicar_status(
    conexao: AsyncConnection, status: StatusRecebido, agora: datetime | None = None
) -> bool:
    """Aplica ao envio da fila (se existe); devolve se o envio foi achado (falso: fica
    pendente para a recuperação). `agora`: quando a reação (reenvio, aviso) fica devida."""
    envio = await entregas.envio_do_provedor(conexao, CANAL, status.wamid)
    if envio is None:
        return False
    if status.destinatarios and resumo_pessoa(envio.chat_id) not in status.destinatarios:
        log.warning(
            "whatsapp: situação de entrega de outro destinatário ignorada (envio %s)", envio.id
        )
        return True
    await entregas.registrar_entrega(
        conexao, CANAL, status.wamid, status.situacao, status.quando, status.erro
    )
    if status.situacao == "failed" and entregas.avanca(envio.entrega, "failed"):
        await _falhou(conexao, envio, status, agora or tempo.agora())
    return True


async def _falhou(
    conexao: AsyncConnection,
    envio: entregas.EnvioDoProvedor,
    status: StatusRecebido,
    agora: datetime,
) -> None:
    codigos = [c for c in status.erro.split(",") if c]
    if FORA_DA_JANELA in codigos and await entregas.refazer_como_modelo(
        conexao, envio.id, FORA_DA_JANELA, agora
    ):
        log.info("whatsapp: envio %s volta à fila como modelo (131047)", envio.id)
        return
    inalcancavel = next((c for c in codigos if c in INALCANCAVEL), None)
    if inalcancavel is not None:
        motivo = f"whatsapp:{inalcancavel} (situação de entrega)"
        await tratar_inalcancavel(conexao, CANAL, envio.chat_id, envio.id, motivo, agora)
        log.info("whatsapp: envio %s: pessoa inalcançável (%s)", envio.id, inalcancavel)
        return
    log.warning("whatsapp: envio %s não foi entregue: código %s", envio.id, status.erro or "nenhum")
