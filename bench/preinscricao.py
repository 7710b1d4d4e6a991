"""Benchmark da pré-inscrição pelo Telegram (issue da fundação).

1.000 cidadãos, intercalados (o passo k de todos antes do passo k+1), cada um fazendo a
pré-inscrição inteira pela `Application` verdadeira do PTB (`process_update`) sobre uma
Bot API falsa que responde na hora, com o banco SQLite em arquivo e cada update gravado
como em produção. Na mesma rodada, um bot de eco puro do PTB dá o piso do framework.
Imprime uma linha JSON.
"""

from __future__ import annotations

import asyncio
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RAIZ = Path(__file__).resolve().parent.parent
if str(RAIZ) not in sys.path:
    sys.path.insert(0, str(RAIZ))

from sqlalchemy import func, select  # noqa: E402
from telegram import Update  # noqa: E402
from telegram.ext import Application  # noqa: E402

from armazenamento import importacao  # noqa: E402
from armazenamento.banco import criar_motor, fabrica_de_sessoes  # noqa: E402
from armazenamento.migracao import migrar  # noqa: E402
from armazenamento.modelos import PreInscricao  # noqa: E402
from armazenamento.tempo import FUSO, agora  # noqa: E402
from bench.eco import FakeBotApiRapida, criar_aplicacao_eco, gerar_updates, medir_updates  # noqa: E402
from bot.telegram import criar_aplicacao  # noqa: E402
from fluxos.montagem import criar_motor_de_conversa  # noqa: E402
from tests.falsos import updates_telegram  # noqa: E402

USUARIOS = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
PRIMEIRO_CHAT = 500_000


class BotApiDoBench(FakeBotApiRapida):
    """Guarda só a última mensagem de cada chat (para achar os botões) e conta o texto."""

    def __init__(self) -> None:
        super().__init__()
        self.ultima: dict[int, dict[str, Any]] = {}
        self.mensagens = 0
        self.bytes_texto = 0

    def _mensagem(self, p: dict[str, Any], message_id: int | None = None) -> dict[str, Any]:
        mensagem = super()._mensagem(p, message_id)
        if message_id is None:  # sendMessage (não a edição do teclado)
            self.mensagens += 1
            teclado = mensagem.get("reply_markup", {}).get("inline_keyboard", [])
            rotulos = [b["text"] for linha in teclado for b in linha]
            self.bytes_texto += len(p.get("text", "").encode()) + sum(
                len(r.encode()) for r in rotulos
            )
            self.ultima[mensagem["chat"]["id"]] = mensagem
        return mensagem


def cpf_valido(base: int) -> str:
    """CPF com dígitos verificadores certos a partir de 9 dígitos."""
    digitos = [int(c) for c in f"{base:09d}"]
    for tamanho in (9, 10):
        soma = sum(d * (tamanho + 1 - i) for i, d in enumerate(digitos[:tamanho]))
        digitos.append((soma * 10 % 11) % 10)
    return "".join(map(str, digitos))


def roteiro(i: int) -> list[tuple[str, str]]:
    """O que o cidadão i faz, passo a passo ("*" = o primeiro botão que aparecer)."""
    return [
        ("comando", "/start"),
        ("botao", "Entendi, continuar"),
        ("texto", f"Pessoa Teste {chr(65 + i % 26)}lves"),
        ("botao", "Não uso"),
        ("texto", f"{1 + i % 28:02d}/{1 + i % 12:02d}/{1970 + i % 35}"),
        ("texto", cpf_valido(100_000_000 + i * 7919)),
        ("contato", f"55149{91000000 + i:08d}"),
        ("texto", ["jardim europa", "Vila Falcao", "jardim nova esperanca", "centro"][i % 4]),
        ("botao", "Pular"),
        ("botao", "*"),
        ("botao", "Só esse"),
        ("botao", "*"),  # o 1º turno em que o curso tem turma (R10)
        ("botao", "Médio completo"),
        ("botao", "Confirmar"),
    ]


def montar_update(api: BotApiDoBench, chat: int, acao: str, valor: str, uid: int) -> dict[str, Any]:
    if acao == "comando":
        return updates_telegram.comando(chat, valor, update_id=uid)
    if acao == "contato":
        return updates_telegram.contato(chat, valor, update_id=uid)
    if acao == "texto":
        return updates_telegram.mensagem_texto(chat, valor, update_id=uid)
    ultima = api.ultima[chat]
    teclado = ultima["reply_markup"]["inline_keyboard"]
    botoes = [b for linha in teclado for b in linha if valor in ("*", b["text"])]
    if not botoes:
        raise RuntimeError(f"sem botão {valor!r} para o chat {chat}: {ultima.get('text')!r}")
    return updates_telegram.botao(
        chat,
        botoes[0]["callback_data"],
        ultima["message_id"],
        update_id=uid,
        teclado=ultima["reply_markup"],
    )


async def medir(pasta: Path) -> tuple[list[float], list[float], BotApiDoBench, int]:
    """Cada rodada de um passo dos cidadãos é seguida pela mesma quantidade de updates do
    eco: os dois veem a máquina no mesmo estado, e a razão não depende de oscilações."""
    motor_banco = criar_motor(f"sqlite+aiosqlite:///{pasta / 'bench.db'}")
    await migrar(motor_banco)
    sessoes = fabrica_de_sessoes(motor_banco)
    await importacao.importar(importacao.CAMINHO_DEMO, sessoes, agora().astimezone(FUSO).date())
    api = BotApiDoBench()
    aplicacao = criar_aplicacao("123456:BENCH", criar_motor_de_conversa(motor_banco), request=api)
    await aplicacao.initialize()
    eco_app: Application = criar_aplicacao_eco(FakeBotApiRapida())
    await eco_app.initialize()
    eco_updates = gerar_updates(USUARIOS, chats=USUARIOS)
    latencias: list[float] = []
    eco: list[float] = []
    uid = 0
    roteiros = [roteiro(i) for i in range(USUARIOS)]
    for passo in range(len(roteiros[0])):
        for i, passos in enumerate(roteiros):
            uid += 1
            dados = montar_update(api, PRIMEIRO_CHAT + i, *passos[passo], uid)
            inicio = time.perf_counter()
            await aplicacao.process_update(Update.de_json(dados, aplicacao.bot))
            latencias.append(time.perf_counter() - inicio)
        eco += await medir_updates(eco_app, eco_updates)
    await aplicacao.shutdown()
    await eco_app.shutdown()
    async with sessoes() as sessao:
        feitas = await sessao.scalar(select(func.count()).select_from(PreInscricao)) or 0
    await motor_banco.dispose()
    return latencias, eco, api, feitas


def percentil(valores: list[float], p: float) -> float:
    ordenados = sorted(valores)
    return ordenados[min(len(ordenados) - 1, int(p * len(ordenados)))]


async def principal() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as pasta:
        latencias, eco, api, feitas = await medir(Path(pasta))
    media, media_eco = statistics.mean(latencias), statistics.mean(eco)
    if feitas != USUARIOS:
        raise SystemExit(f"só {feitas} de {USUARIOS} pré-inscrições foram gravadas")
    return {
        "bench": "preinscricao",
        "usuarios": USUARIOS,
        "updates": len(latencias),
        "updates_por_s": round(len(latencias) / sum(latencias), 1),
        "p50_ms": round(percentil(latencias, 0.50) * 1000, 2),
        "p95_ms": round(percentil(latencias, 0.95) * 1000, 2),
        "eco_updates_por_s": round(len(eco) / sum(eco), 1),
        "razao_eco": round(media / media_eco, 2),
        "pico_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "bytes_por_preinscricao": round(api.bytes_texto / feitas),
        "mensagens_por_preinscricao": round(api.mensagens / feitas, 2),
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(principal())))
