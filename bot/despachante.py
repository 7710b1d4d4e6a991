"""Despachante da fila de envio de um canal: reivindica um lote, envia no ritmo, grava o fim.

Cada linha passa por: reivindicada (arrendada por este despachante, em transação própria)
→ enviada pelo remetente do canal, fora de qualquer transação → resultado gravado numa
transação curta. Se o processo morre no meio, o arrendamento vence e outro despachante
pega a linha: só as linhas em voo na hora da queda podem sair duas vezes.

Se é o BANCO que cai (o processo segue vivo), nada se perde nem sai duas vezes: os
resultados de envio ficam guardados em memória (`resultados_pendentes`) e são gravados
assim que o banco volta, antes de qualquer linha nova ser reivindicada; uma linha cujo
resultado este processo já conhece nunca é enviada de novo por ele, mesmo que o
arrendamento tenha vencido e ele a reivindique outra vez. Limites (README): um processo
que MORRE com resultados em memória não pode gravá-los, e essas linhas saem de novo
quando o arrendamento vencer; com vários processos, o arrendamento (`prazo`) precisa ser
maior que a queda mais longa, senão outro líder pode reenviar o que este enviou.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Protocol, runtime_checkable

from sqlalchemy.ext.asyncio import AsyncEngine

from armazenamento import envios
from armazenamento.banco import transacao
from armazenamento.disponibilidade import Disponibilidade, disponibilidade
from armazenamento.tempo import agora
from bot.despacho_resultados import Alvo, Feito, gravar_resultados, registrar_nao_enviadas
from bot.lider import Lideranca
from bot.limite_envio import LimiteDeEnvio
from bot.resultado_envio import (
    Falhou,
    Repetir,
    Resultado,
)
from mensagens.serializacao import saida_de_json
from mensagens.tipos import Saida

log = logging.getLogger(__name__)


class Remetente(Protocol):
    async def enviar(self, chat_id: str, saida: Saida) -> Resultado: ...


@runtime_checkable
class RemetenteDeLinha(Protocol):
    """Remetente que precisa da linha da fila (o id, as tentativas): o do WhatsApp reserva
    o modelo na própria linha antes de enviar (limite diário, custo)."""

    async def enviar_linha(self, item: envios.Reivindicado, saida: Saida) -> Resultado: ...


def pausa_o_canal(resultado: Repetir) -> bool:
    """Uma espera dada pelo provedor (429, vazão) para o canal inteiro; a do par (WhatsApp
    131056, `so_esta_pessoa`) só adia esta linha."""
    return resultado.depois_de > 0 and not resultado.so_esta_pessoa


def nome_do_processo() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


@dataclass
class Despachante:
    """`paralelos` > 1: envios do lote em paralelo (mesmo chat em ordem, um por vez),
    cada um esperando sua vez no `limite`. `lideranca`: só o líder do canal envia (vários
    processos no PostgreSQL); sem ela, este despachante sempre envia. `parar`: quando
    ligado, nenhum lote novo é reivindicado (o que está saindo termina e é gravado)."""

    banco: AsyncEngine
    canal: str
    remetente: Remetente
    limite: LimiteDeEnvio | None
    dono: str = field(default_factory=nome_do_processo)
    lote: int = 50
    prazo: timedelta = timedelta(minutes=2)
    max_tentativas: int = 8
    relogio: Callable[[], datetime] = agora
    paralelos: int = 1
    lideranca: Lideranca | None = None
    parar: asyncio.Event | None = None
    # resultados de envios feitos e ainda não gravados (o banco estava fora), por linha
    _sabidos: dict[int, Feito] = field(default_factory=dict, init=False, repr=False)
    _gravacao: asyncio.Lock = field(default_factory=asyncio.Lock, init=False, repr=False)
    _reteve: bool = field(default=False, init=False, repr=False)

    @property
    def resultados_pendentes(self) -> int:
        """Quantos resultados de envio esperam o banco voltar para serem gravados."""
        return len(self._sabidos)

    @property
    def _banco(self) -> Disponibilidade:
        return disponibilidade(self.banco)

    async def gravar_pendentes(self) -> bool:
        """Grava os resultados guardados em memória; falso se o banco ainda está fora."""
        async with self._gravacao:
            if not self._sabidos:
                return True
            feitos = list(self._sabidos.values())
            try:
                await self._gravar(feitos)
            except Exception as erro:
                if not self._banco.registrar(erro):
                    raise
                self._reteve = True
                return False
            for feito in feitos:
                if self._sabidos.get(feito.item.id) is feito:
                    del self._sabidos[feito.item.id]
            if self._reteve:
                self._reteve = False
                log.warning(
                    "despacho %s: %d resultados guardados na queda do banco foram gravados",
                    self.canal,
                    len(feitos),
                )
            return True

    async def encerrar(self) -> None:
        """Fim do processo: uma última tentativa de gravar o que está em memória. Se o
        banco ainda está fora, essas linhas podem sair de novo depois (o registro diz
        quantas): quem morre não tem como lembrar."""
        if self._sabidos and not await self.gravar_pendentes():
            log.error(
                "despacho %s: %d resultados não gravados; essas linhas podem sair de novo",
                self.canal,
                len(self._sabidos),
            )

    async def rodar_uma_vez(self) -> int:
        """Um lote: quantas linhas foram tratadas (0 = fila vazia por agora, ou não é líder).

        Os resultados do lote são gravados juntos, numa transação só: uma transação por
        linha limitava a vazão. O preço: se o processo morre no meio do lote, as linhas
        já enviadas dele voltam quando o arrendamento vence e saem de novo (duplicatas
        limitadas ao tamanho do lote).
        """
        itens = await self._reivindicar()
        if not itens:
            return 0
        await self._registrar(await self._enviar_lote(itens))
        return len(itens)

    async def esvaziar(self) -> int:
        """Lotes até não haver nada vencido (a tarefa do agendador, a cada 2 s), em esteira.

        Enquanto um lote sai, o anterior é gravado e o próximo já foi reivindicado: sem
        isso, cada lote parava o canal pelo tempo de reivindicar e gravar (no ritmo de
        200/s, ~12% a mais no tempo total). Cada linha continua sendo enviada e gravada uma
        vez; o mesmo chat continua em ordem, porque os lotes saem um depois do outro. Numa
        queda, ficam arrendadas (e podem sair de novo) até dois lotes em vez de um.
        """
        total = 0
        gravando: asyncio.Task[None] | None = None
        proximo = asyncio.ensure_future(self._reivindicar())
        try:
            while True:
                itens = await proximo
                if not itens and gravando is not None:  # o lote gravado pode ter vencidas
                    await gravando
                    gravando = None
                    itens = await self._reivindicar()
                if not itens:
                    break
                proximo = asyncio.ensure_future(self._reivindicar())
                feitos = await self._enviar_lote(itens)
                if gravando is not None:
                    await gravando
                gravando = asyncio.ensure_future(self._registrar(feitos))
                total += len(itens)
        finally:
            if not proximo.done():  # cancelado: a reivindicação em curso termina ou falha
                proximo.cancel()
            if gravando is not None:
                await asyncio.shield(gravando)
        return total

    async def _reivindicar(self) -> list[envios.Reivindicado]:
        """O próximo lote, se este processo é o líder do canal (ou não há liderança).

        Antes, os resultados guardados numa queda: sem gravá-los, nada novo sai."""
        if self.parar is not None and self.parar.is_set():
            return []
        if self._reteve and not await self.gravar_pendentes():
            return []
        if self._banco.fora:
            return []
        if self.lideranca is not None and not await self.lideranca.sou_lider():
            return []
        try:
            # a posse gravada (commit) antes de enviar: senão outro despachante pega a linha
            async with transacao(self.banco) as conexao:
                return await envios.reivindicar(
                    conexao, self.canal, self.lote, self.relogio(), self.prazo, self.dono
                )
        except Exception as erro:
            if not self._banco.registrar(erro):
                raise
            return []

    async def _enviar_lote(self, itens: list[envios.Reivindicado]) -> list[Feito]:
        """Envia o lote; cancelado no meio, grava o que já saiu (o resto volta com o prazo)."""
        feitos: list[Feito] = []
        try:
            if self.paralelos <= 1:
                for item in itens:
                    feitos.append(await self._enviar(item))
            else:
                await self._enviar_em_paralelo(itens, feitos)
        except BaseException:
            if feitos:
                await asyncio.shield(self._registrar(feitos))
            raise
        return feitos

    async def _enviar(self, item: envios.Reivindicado) -> Feito:
        """Envia uma linha no ritmo; um 429 pausa o canal já (antes do próximo envio).

        Linha cujo resultado este processo já tem (enviada antes de uma queda do banco e
        reivindicada de novo porque o arrendamento venceu): não sai de novo."""
        sabido = self._sabidos.get(item.id)
        if sabido is not None:
            return replace(sabido, item=item)
        try:
            saida = saida_de_json(item.conteudo)
        except ValueError:
            resultado: Resultado = Falhou("conteúdo ilegível na fila")
        else:
            if self.limite is not None:
                await self.limite.esperar()
            if isinstance(self.remetente, RemetenteDeLinha):
                resultado = await self.remetente.enviar_linha(item, saida)
            else:
                resultado = await self.remetente.enviar(item.chat_id, saida)
        if self.limite is not None and isinstance(resultado, Repetir) and pausa_o_canal(resultado):
            self.limite.pausar(resultado.depois_de)
        return Feito(item, resultado, self.relogio())

    async def _enviar_em_paralelo(
        self, itens: list[envios.Reivindicado], feitos: list[Feito]
    ) -> None:
        vagas = asyncio.Semaphore(self.paralelos)
        por_chat: dict[str, list[envios.Reivindicado]] = {}
        for item in itens:
            por_chat.setdefault(item.chat_id, []).append(item)

        async def enviar_do_chat(fila: list[envios.Reivindicado]) -> None:
            for item in fila:  # o mesmo chat recebe na ordem da fila
                async with vagas:
                    feitos.append(await self._enviar(item))

        async with asyncio.TaskGroup() as grupo:
            for fila in por_chat.values():
                grupo.create_task(enviar_do_chat(fila))

    async def _registrar(self, feitos: list[Feito]) -> None:
        """Guarda os resultados em memória e tenta gravá-los (com os de antes, se houver);
        com o banco fora, ficam guardados até `gravar_pendentes` conseguir."""
        for feito in feitos:
            self._sabidos[feito.item.id] = feito
        await self.gravar_pendentes()

    async def _gravar(self, feitos: list[Feito]) -> None:
        alvo = Alvo(self.canal, self.dono, self.max_tentativas)
        async with transacao(self.banco) as conexao:
            await gravar_resultados(conexao, alvo, feitos)
        registrar_nao_enviadas(feitos)
