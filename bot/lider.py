"""Liderança do despacho de um canal: um só processo envia, para o limite global valer.

O limite de envios do Telegram é do bot inteiro, não de cada processo. Com N processos
no mesmo PostgreSQL, cada canal tem um líder, eleito por uma trava consultiva de sessão
(`pg_try_advisory_lock(hashtext('despacho:' || canal))`) presa numa conexão só dela
enquanto o processo vive. Os outros ficam de reserva e tentam de novo a cada chamada
(o agendador chama a cada poucos segundos). Se o líder morre, a conexão cai, o servidor
solta a trava e um reserva assume na tentativa seguinte.

No SQLite (um processo por desenho) todo despachante é líder.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Protocol

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

log = logging.getLogger(__name__)

PRAZO_CONSULTA = 5.0  # segundos: conexão que não responde nisso é dada como perdida
_PEGAR = text("SELECT pg_try_advisory_lock(hashtext(:chave))")
_SOLTAR = text("SELECT pg_advisory_unlock(hashtext(:chave))")


class Lideranca(Protocol):
    async def sou_lider(self) -> bool: ...

    async def largar(self) -> None: ...


class SempreLider:
    """SQLite: um processo só, sempre líder."""

    async def sou_lider(self) -> bool:
        return True

    async def largar(self) -> None:
        return None


class LiderancaPg:
    """Líder do despacho de `canal` enquanto a conexão dedicada segurar a trava.

    `sou_lider` é barato quando já é líder: só confere a conexão (um `SELECT 1`) se a
    última conferência tem mais de `conferir_a_cada` segundos. Se a conexão caiu, a trava
    caiu com ela: deixa de ser líder na hora e tenta de novo na próxima chamada.
    """

    def __init__(
        self,
        banco: AsyncEngine,
        canal: str,
        conferir_a_cada: float = 1.0,
        relogio: Callable[[], float] = time.monotonic,
    ) -> None:
        self.banco = banco
        self.chave = f"despacho:{canal}"
        self.conferir_a_cada = conferir_a_cada
        self._relogio = relogio
        self._conexao: AsyncConnection | None = None
        self._lider = False
        self._conferido_em = 0.0

    @property
    def e_lider(self) -> bool:
        """O último estado conhecido, sem ir ao banco."""
        return self._lider

    async def sou_lider(self) -> bool:
        try:
            async with asyncio.timeout(PRAZO_CONSULTA):
                if self._lider:
                    return await self._conferir()
                return await self._tentar()
        except Exception as erro:  # conexão caída, servidor fora, tempo esgotado
            await self._perder(f"{type(erro).__name__}")
            return False

    async def largar(self) -> None:
        """Solta a trava (fim gracioso): um reserva assume sem esperar a conexão cair."""
        conexao, self._conexao = self._conexao, None
        era_lider, self._lider = self._lider, False
        if conexao is None:
            return
        try:
            if era_lider:
                await conexao.execute(_SOLTAR, {"chave": self.chave})
            await conexao.close()
        except Exception:  # já caída: o servidor soltou a trava sozinho
            await _descartar(conexao)

    async def _conferir(self) -> bool:
        agora = self._relogio()
        if agora - self._conferido_em < self.conferir_a_cada:
            return True
        assert self._conexao is not None
        await self._conexao.execute(text("SELECT 1"))
        self._conferido_em = agora
        return True

    async def _tentar(self) -> bool:
        if self._conexao is None:
            self._conexao = await self.banco.connect()
            # autocommit: a trava é da sessão, não de uma transação que ficaria aberta
            await self._conexao.execution_options(isolation_level="AUTOCOMMIT")
        pegou = (await self._conexao.execute(_PEGAR, {"chave": self.chave})).scalar_one()
        if pegou:
            self._lider, self._conferido_em = True, self._relogio()
            log.info("despacho %s: este processo é o líder", self.chave)
        return bool(pegou)

    async def _perder(self, motivo: str) -> None:
        if self._lider:
            log.warning("despacho %s: liderança perdida (%s)", self.chave, motivo)
        self._lider = False
        conexao, self._conexao = self._conexao, None
        if conexao is not None:
            await _descartar(conexao)


async def _descartar(conexao: AsyncConnection) -> None:
    """Tira a conexão do pool sem reaproveitar (pode estar quebrada)."""
    try:
        await conexao.invalidate()
        await conexao.close()
    except Exception:
        log.debug("conexão da liderança já estava fechada")


def criar_lideranca(banco: AsyncEngine, canal: str, conferir_a_cada: float = 1.0) -> Lideranca:
    """PostgreSQL: eleição por trava consultiva; SQLite: sempre líder."""
    if banco.dialect.name == "postgresql":
        return LiderancaPg(banco, canal, conferir_a_cada)
    return SempreLider()
