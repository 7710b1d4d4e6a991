"""Despachante da fila de envio de um canal: reivindica um lote, envia no ritmo, grava o fim.

Cada linha passa por: reivindicada (arrendada por este despachante, em transação própria)
→ enviada pelo remetente do canal, fora de qualquer transação → resultado gravado numa
transação curta. Se o processo morre no meio, o arrendamento vence e outro despachante
pega a linha: só as linhas em voo na hora da queda podem sair duas vezes.
"""

from __future__ import annotations

import logging
import os
import random
import secrets
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from armazenamento import envios
from armazenamento.banco import transacao
from armazenamento.tempo import agora
from bot.limite_envio import LimiteDeEnvio
from bot.remetente_telegram import (
    Enviada,
    Falhou,
    Inalcancavel,
    Incerta,
    Repetir,
    Resultado,
)
from mensagens.serializacao import saida_de_json
from mensagens.tipos import Saida

log = logging.getLogger(__name__)


class Remetente(Protocol):
    async def enviar(self, chat_id: str, saida: Saida) -> Resultado: ...


def recuo(tentativa: int) -> float:
    """Espera antes de tentar de novo depois de erro de rede ou 5xx: 2, 4, 8... até 5 min."""
    base = min(300.0, 2.0 ** max(tentativa, 1))
    return base * random.uniform(0.8, 1.2)


def nome_do_processo() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


@dataclass
class Despachante:
    banco: AsyncEngine
    canal: str
    remetente: Remetente
    limite: LimiteDeEnvio
    dono: str = field(default_factory=nome_do_processo)
    lote: int = 50
    prazo: timedelta = timedelta(minutes=2)
    max_tentativas: int = 8
    relogio: Callable[[], datetime] = agora

    async def rodar_uma_vez(self) -> int:
        """Um lote: quantas linhas foram tratadas (0 = fila vazia por agora)."""
        itens = await envios.reivindicar(
            self.banco, self.canal, self.lote, self.relogio(), self.prazo, self.dono
        )
        for item in itens:
            try:
                saida = saida_de_json(item.conteudo)
            except ValueError:
                resultado: Resultado = Falhou("conteúdo ilegível na fila")
            else:
                await self.limite.esperar()
                resultado = await self.remetente.enviar(item.chat_id, saida)
            await self._registrar(item, resultado)
        return len(itens)

    async def esvaziar(self) -> int:
        """Roda lotes até não haver nada vencido (para testes e para o `inclusao saida`)."""
        total = 0
        while feitos := await self.rodar_uma_vez():
            total += feitos
        return total

    async def _registrar(self, item: envios.Reivindicado, resultado: Resultado) -> None:
        momento = self.relogio()
        async with transacao(self.banco) as conexao:
            if isinstance(resultado, Enviada):
                await envios.marcar_enviada(
                    conexao, item.id, self.dono, resultado.id_provedor, momento
                )
            elif isinstance(resultado, Repetir):
                await self._repetir(conexao, item, resultado, momento)
            elif isinstance(resultado, Inalcancavel):
                await envios.marcar_falha(conexao, item.id, self.dono, resultado.motivo)
                await envios.marcar_inalcancavel(
                    conexao, self.canal, item.chat_id, resultado.motivo, momento
                )
            elif isinstance(resultado, Incerta):
                await envios.marcar_incerta(conexao, item.id, self.dono, resultado.motivo)
            else:
                await envios.marcar_falha(conexao, item.id, self.dono, resultado.motivo)
        if not isinstance(resultado, Enviada):
            log.info("envio %s (%s): %s", item.id, type(resultado).__name__, _motivo(resultado))

    async def _repetir(
        self,
        conexao: AsyncConnection,
        item: envios.Reivindicado,
        resultado: Repetir,
        momento: datetime,
    ) -> None:
        """429: espera exatamente o pedido e pausa o canal; rede/5xx: recuo crescente."""
        if resultado.depois_de > 0:
            self.limite.pausar(resultado.depois_de)
            quando = momento + timedelta(seconds=resultado.depois_de)
            await envios.reagendar(
                conexao, item.id, self.dono, quando, resultado.motivo, devolver_tentativa=True
            )
            return
        if item.tentativas >= self.max_tentativas:
            motivo = f"desistiu após {item.tentativas} tentativas: {resultado.motivo}"
            await envios.marcar_falha(conexao, item.id, self.dono, motivo)
            return
        quando = momento + timedelta(seconds=recuo(item.tentativas))
        await envios.reagendar(conexao, item.id, self.dono, quando, resultado.motivo)


def _motivo(resultado: Resultado) -> str:
    return getattr(resultado, "motivo", "")
