"""Canal de terminal (`inclusao conversar`): os mesmos fluxos, num console, para demonstração."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from fluxos.motor import Motor
from mensagens.botoes import eh_da_fila
from mensagens.catalogo import texto
from mensagens.tipos import Anexo, Entrada, Saida, Tipo

PASTA_ANEXOS = Path("anexos")  # na pasta onde o comando roda

Ler = Callable[[], Awaitable[str | None]]
Escrever = Callable[[str], None]


def desenhar(saida: Saida) -> str:
    """Texto e opções numeradas: digitar o número ou o nome da opção escolhe. Quando a
    própria pergunta pede números (`Saida.numerar` falso, ex.: as situações prioritárias
    de R2), as opções vão sem número: "1" é a situação I, nunca a 1ª opção. Os botões de
    uma mensagem da fila (a convocação, o lembrete: `DaFila`, sem a versão da conversa)
    também vão sem número: valem escritos ("confirmo"), e um número ali colidiria com o
    das opções da mensagem de cima."""
    linhas = [saida.texto]
    da_fila = any(eh_da_fila(b.valor) for b in saida.botoes)
    if saida.numerar and not da_fila:
        linhas += [f"  {i}) {b.rotulo}" for i, b in enumerate(saida.botoes, start=1)]
    else:
        linhas += [f"  - {b.rotulo}" for b in saida.botoes]
    return "\n".join(linhas)


def interpretar_linha(linha: str, chat_id: str) -> Entrada:
    """ "/comando argumento" vira comando; o resto é texto (o motor casa números e rótulos)."""
    if linha.startswith("/") and len(linha) > 1:
        nome, _, argumento = linha[1:].partition(" ")
        return Entrada("terminal", chat_id, Tipo.COMANDO, comando=nome.lower(), texto=argumento)
    return Entrada("terminal", chat_id, Tipo.TEXTO, texto=linha)


def salvar_anexo(anexo: Anexo, pasta: Path = PASTA_ANEXOS) -> Path:
    """Grava o arquivo em `pasta` sem sobrescrever nada (planilha.xlsx, planilha-2.xlsx...).

    Do nome só vale a última parte: um nome como "../x" não sai da pasta.
    """
    pasta.mkdir(parents=True, exist_ok=True)
    limpo = "".join(c for c in anexo.nome if c.isprintable()).replace("\\", "/")
    nome = Path(limpo).name.strip()
    nome = "anexo" if nome in ("", ".", "..") else nome
    base, sufixo = Path(nome).stem, Path(nome).suffix
    caminho, n = pasta / nome, 1
    while True:
        try:
            with caminho.open("xb") as arquivo:  # "x": falha se já existe (sem corrida)
                arquivo.write(anexo.dados)
            return caminho
        except FileExistsError:
            n += 1
            caminho = pasta / f"{base}-{n}{sufixo}"


def mostrar(saida: Saida, escrever: Escrever, pasta_anexos: Path = PASTA_ANEXOS) -> None:
    """Escreve a mensagem; um anexo vai para um arquivo, e a pessoa fica sabendo onde."""
    escrever(desenhar(saida) + "\n")
    if saida.anexo is not None:
        caminho = salvar_anexo(saida.anexo, pasta_anexos)
        escrever(texto("terminal.anexo", caminho=str(caminho)) + "\n")


async def conversar(
    motor: Motor,
    ler: Ler,
    escrever: Escrever,
    chat_id: str = "console",
    pasta_anexos: Path = PASTA_ANEXOS,
) -> None:
    """Conversa até o fim da entrada (Ctrl+D). Anexos vão para `pasta_anexos`."""
    escrever(texto("terminal.boas_vindas"))
    # como a página do chat: reabrir repete a pergunta pendente (uma tela da equipe também)
    entrada: Entrada | None = Entrada("terminal", chat_id, Tipo.COMANDO, comando="retomar")
    while entrada is not None:
        for saida in await motor.processar(entrada):
            mostrar(saida, escrever, pasta_anexos)
        linha = await ler()
        entrada = None if linha is None else interpretar_linha(linha.rstrip("\n"), chat_id)


async def ler_do_console() -> str | None:
    linha = await asyncio.to_thread(sys.stdin.readline)
    return linha or None
