"""Benchmark da chamada no celular (issue 10): quantas ações do instrutor e quantos bytes
chegam ao celular dele, pela Application do PTB de verdade e a Bot API falsa dos testes.

- `acoes`: uma turma de 15 com 2 faltas: /chamada, dois toques, Concluir (meta ≤ 4);
- `acoes_todos`: todos presentes (meta ≤ 3): /chamada e Concluir (a lista já abre com
  todos presentes; toca-se em quem faltou);
- `bytes`: a soma dos corpos JSON (UTF-8) de cada sendMessage e editMessageText que o bot
  faz para a conversa do instrutor na chamada de 2 faltas (meta ≤ 4.000): é o que o
  celular recebe, sem o envelope do Telegram.

Não é teste cronometrado: `python bench/chamada_acoes.py` imprime uma linha JSON.
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

RAIZ = Path(__file__).resolve().parent.parent
if str(RAIZ) not in sys.path:  # rodando como `python bench/chamada_acoes.py`
    sys.path.insert(0, str(RAIZ))

import sqlalchemy as sa  # noqa: E402
from telegram.ext import Application  # noqa: E402

from armazenamento.banco import criar_motor, fabrica_de_sessoes, transacao  # noqa: E402
from armazenamento.equipe import Escopo, criar_convite  # noqa: E402
from armazenamento.migracao import migrar  # noqa: E402
from armazenamento.modelos import Presenca, Turma  # noqa: E402
from armazenamento.tempo import FUSO, agora  # noqa: E402
from bot.telegram import criar_aplicacao, parar  # noqa: E402
from fluxos.montagem import criar_motor_de_conversa  # noqa: E402
from tests.bot.pessoa_telegram import PessoaTelegram  # noqa: E402
from tests.dados import semear_programa  # noqa: E402
from tests.falsos.bot_api import FakeBotApi  # noqa: E402
from tests.fluxos.chamada.dados_chamada import (  # noqa: E402
    NOMES_15,
    matricular_nomes,
    novo_encontro,
)

TOKEN = "123456:BENCH"
DO_CELULAR = ("sendMessage", "editMessageText")


def _bytes(api: FakeBotApi, chat: int, desde: int) -> int:
    """Os corpos JSON das mensagens (e edições) que o bot mandou a esse chat."""
    total = 0
    for chamada in api.chamadas[desde:]:
        if chamada.metodo in DO_CELULAR and str(chamada.parametros["chat_id"]) == str(chat):
            corpo = json.dumps(chamada.parametros, ensure_ascii=False, separators=(",", ":"))
            total += len(corpo.encode())
    return total


async def _instrutor(
    app: Application, api: FakeBotApi, banco: Any, codigo: str, chat: int
) -> tuple[PessoaTelegram, int]:
    """Uma turma de 15 com aula hoje às 8h e o instrutor dela ligado pelo convite."""
    async with transacao(banco) as c:
        turma = (await c.execute(sa.select(Turma.id).where(Turma.codigo == codigo))).scalar_one()  # type: ignore[call-overload]
        convite = await criar_convite(
            c, Escopo("instrutor", turma_id=turma), agora(), timedelta(hours=1)
        )
    await matricular_nomes(banco, turma, NOMES_15, agora())
    hoje = agora().astimezone(FUSO).date()
    encontro = await novo_encontro(banco, turma, datetime.combine(hoje, time(0, 1), FUSO))
    pessoa = PessoaTelegram(app, api, chat)
    await pessoa.comando(f"/start {convite.token}")
    return pessoa, encontro


async def _faltas(banco: Any, encontro: int) -> int:
    async with transacao(banco) as c:
        consulta = sa.select(sa.func.count()).where(
            Presenca.encontro_id == encontro,
            Presenca.situacao != "presente",  # type: ignore[arg-type]
        )
        return int((await c.execute(consulta)).scalar_one())


async def _medir(pasta: Path) -> dict[str, Any]:
    banco = criar_motor(f"sqlite+aiosqlite:///{pasta / 'bench.db'}")
    await migrar(banco)
    await semear_programa(fabrica_de_sessoes(banco), agora().date())
    api = FakeBotApi()
    app = criar_aplicacao(TOKEN, criar_motor_de_conversa(banco), request=api)
    await app.initialize()
    try:
        instrutor, encontro = await _instrutor(app, api, banco, "T0", 8_000_001)
        desde = len(api.chamadas)
        acoes = 0
        for passo in ("/chamada", "3 ✅ Bruno C.", "7 ✅ Fábio N.", "Concluir"):
            await (instrutor.comando(passo) if passo.startswith("/") else instrutor.toca(passo))
            acoes += 1
        bytes_ = _bytes(api, instrutor.chat, desde)
        assert await _faltas(banco, encontro) == 2, "a chamada de 2 faltas não foi salva"
        todos, outro = await _instrutor(app, api, banco, "T1", 8_000_002)
        acoes_todos = 0
        for passo in ("/chamada", "Concluir"):
            await (todos.comando(passo) if passo.startswith("/") else todos.toca(passo))
            acoes_todos += 1
        assert todos.ultima.texto.endswith("todos presentes."), todos.ultima.texto
        assert await _faltas(banco, outro) == 0
    finally:
        await parar(app)
        await banco.dispose()
    return {"acoes": acoes, "acoes_todos": acoes_todos, "bytes": bytes_}


def medir() -> dict[str, Any]:
    """As medidas da chamada: {"acoes", "acoes_todos", "bytes"}."""
    with tempfile.TemporaryDirectory() as pasta:
        return asyncio.run(_medir(Path(pasta)))


if __name__ == "__main__":
    print(json.dumps({"bench": "chamada_acoes", **medir()}))
