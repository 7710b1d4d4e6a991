"""Monta o motor com os fluxos e comandos do cidadão (usado pelos canais e testes)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from armazenamento.tempo import agora
from fluxos.cidadao import COMANDOS, PALAVRAS
from fluxos.motor import Motor
from fluxos.preinscricao import PREINSCRICAO


def criar_motor_de_conversa(banco: AsyncEngine, relogio: Callable[[], datetime] = agora) -> Motor:
    return Motor(
        banco, {PREINSCRICAO.nome: PREINSCRICAO}, COMANDOS, relogio=relogio, palavras=PALAVRAS
    )
