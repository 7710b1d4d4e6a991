"""Canal de terminal (`inclusao conversar`): os mesmos fluxos, num console, para demonstração."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable

from fluxos.motor import Motor
from mensagens.catalogo import texto
from mensagens.tipos import Entrada, Saida, Tipo

Ler = Callable[[], Awaitable[str | None]]
Escrever = Callable[[str], None]


def desenhar(saida: Saida) -> str:
    """Texto e opções numeradas: digitar o número ou o nome da opção escolhe."""
    linhas = [saida.texto]
    linhas += [f"  {i}) {b.rotulo}" for i, b in enumerate(saida.botoes, start=1)]
    return "\n".join(linhas)


def interpretar_linha(linha: str, chat_id: str) -> Entrada:
    """ "/comando argumento" vira comando; o resto é texto (o motor casa números e rótulos)."""
    if linha.startswith("/") and len(linha) > 1:
        nome, _, argumento = linha[1:].partition(" ")
        return Entrada("terminal", chat_id, Tipo.COMANDO, comando=nome.lower(), texto=argumento)
    return Entrada("terminal", chat_id, Tipo.TEXTO, texto=linha)


async def conversar(motor: Motor, ler: Ler, escrever: Escrever, chat_id: str = "console") -> None:
    """Conversa até o fim da entrada (Ctrl+D)."""
    escrever(texto("terminal.boas_vindas"))
    entrada: Entrada | None = Entrada("terminal", chat_id, Tipo.COMANDO, comando="start")
    while entrada is not None:
        for saida in await motor.processar(entrada):
            escrever(desenhar(saida) + "\n")
        linha = await ler()
        entrada = None if linha is None else interpretar_linha(linha.rstrip("\n"), chat_id)


async def ler_do_console() -> str | None:
    linha = await asyncio.to_thread(sys.stdin.readline)
    return linha or None
