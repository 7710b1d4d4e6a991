"""Bench da queda do banco (issue 9 §2): o PostgreSQL some por 20 s no meio de um despacho.

Um proxy TCP em loopback (tests/falsos/proxy_tcp.py) fica entre o app e o PostgreSQL. O
despachante é um processo de verdade (`python -m bot.despachar --ate-vazio`) e o chat web
roda aqui, os dois pelo proxy. Com ~1/3 das mensagens aceitas pela Bot API falsa, o proxy
corta a rede (partição: nada passa, nada é recusado) por QUEDA_S segundos e depois religa.

Mede: mensagens entregues, duplicadas e perdidas; o p95 das requisições do chat feitas
durante a queda (devem voltar 503 rápido); quantas linhas de log cada queda deixou.

Variáveis: QUEDA_LINHAS (200), QUEDA_S (20), QUEDA_R (envios/s, 10), INCLUSAO_TESTE_PG_URL,
e os prazos do banco de sempre (INCLUSAO_BANCO_PRAZO_*). Sem PostgreSQL, imprime a linha
com o motivo e sai 0. Imprime uma linha JSON no fim.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

RAIZ = Path(__file__).resolve().parent.parent
if str(RAIZ) not in sys.path:
    sys.path.insert(0, str(RAIZ))

from aiohttp import ClientSession, ClientTimeout, web  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from armazenamento.banco import criar_motor, fabrica_de_sessoes  # noqa: E402
from armazenamento.disponibilidade import disponibilidade  # noqa: E402
from armazenamento.migracao import migrar  # noqa: E402
from armazenamento.tempo import FUSO, agora  # noqa: E402
from bench.envio import PG_ADMIN, apagar_pg, banco_pg  # noqa: E402
from bot.config import prazos_do_banco  # noqa: E402
from bot.servidor import criar_app_http  # noqa: E402
from fluxos.montagem import criar_motor_de_conversa  # noqa: E402
from tests.bot.test_varios_processos import encher, estados  # noqa: E402
from tests.dados import semear_programa  # noqa: E402
from tests.falsos.proxy_tcp import PORTAS_PADRAO, ProxyTcp  # noqa: E402
from tests.falsos.servidor_bot_api import ServidorBotApi  # noqa: E402

TOKEN = "123456:BENCHQUEDA"
LINHAS = int(os.environ.get("QUEDA_LINHAS", "200"))
QUEDA_S = float(os.environ.get("QUEDA_S", "20"))
TAXA = float(os.environ.get("QUEDA_R", "10"))
PESSOAS = 20  # sessões do chat web que se revezam nos pedidos
PEDIDOS_POR_S = 20.0  # pedidos ao chat web por segundo, o bench inteiro


class Contador(logging.Handler):
    """Conta as linhas de log da disponibilidade (queda e volta)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.linhas: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.linhas.append(record.getMessage())


def p95(valores: list[float]) -> float | None:
    """O valor abaixo do qual ficam 95% (o mais próximo, sem interpolar)."""
    if not valores:
        return None
    ordenados = sorted(valores)
    return ordenados[min(len(ordenados) - 1, int(0.95 * len(ordenados)))]


Medidas = list[tuple[float, float, int]]


async def pedir(cliente: ClientSession, url: str, sessao: str | None, medidas: Medidas) -> str:
    """Um pedido de ajuda no chat web; guarda (início, ms, status) e devolve a sessão."""
    pedido = {"sessao": sessao, "tipo": "comando", "comando": "ajuda"}
    inicio = time.monotonic()
    try:
        async with cliente.post(f"{url}/api/conversa", json=pedido) as resposta:
            status = resposta.status
            if status == 200:
                sessao = (await resposta.json())["sessao"]
    except Exception:
        status = 0
    medidas.append((inicio, (time.monotonic() - inicio) * 1000, status))
    return sessao or ""


async def conversar(url: str, parar: asyncio.Event, medidas: Medidas) -> None:
    """Pessoas no chat web em "laço aberto": PEDIDOS_POR_S pedidos por segundo, cada um
    sem esperar os anteriores (quem chega não sabe que o banco caiu)."""
    async with ClientSession(timeout=ClientTimeout(total=120)) as cliente:
        sessoes = [await pedir(cliente, url, None, []) for _ in range(PESSOAS)]
        voando: set[asyncio.Task[str]] = set()
        vez = 0
        while not parar.is_set():
            tarefa = asyncio.ensure_future(pedir(cliente, url, sessoes[vez % PESSOAS], medidas))
            voando.add(tarefa)
            tarefa.add_done_callback(voando.discard)
            vez += 1
            await asyncio.sleep(1 / PEDIDOS_POR_S)
        await asyncio.gather(*voando)


async def subir_chat(url_proxy: str, porta_livre: list[int]) -> tuple[web.AppRunner, str]:
    motor = criar_motor(url_proxy, prazos_do_banco())
    app = criar_app_http(
        criar_motor_de_conversa(motor),
        motor,
        limite_por_minuto=1_000_000,
        sessoes_novas_por_minuto=1_000_000,
    )
    app.on_cleanup.append(lambda _app: motor.dispose())
    executor = web.AppRunner(app, access_log=None)
    await executor.setup()
    for porta in porta_livre:
        try:
            await web.TCPSite(executor, "127.0.0.1", porta).start()
        except OSError:
            continue
        return executor, f"http://127.0.0.1:{porta}"
    raise OSError("nenhuma porta livre para o chat web")


async def rodar(url: str) -> dict[str, Any]:
    direto = criar_motor(url)
    await migrar(direto)
    await encher(direto, LINHAS)
    await semear_programa(fabrica_de_sessoes(direto), agora().astimezone(FUSO).date())
    destino = make_url(url)
    contador = Contador()
    logging.getLogger("armazenamento.disponibilidade").addHandler(contador)
    portas = list(PORTAS_PADRAO)
    async with (
        ProxyTcp(destino.host or "127.0.0.1", destino.port or 5432, portas) as proxy,
        ServidorBotApi(TOKEN) as api,
    ):
        url_proxy = destino.set(host="127.0.0.1", port=proxy.porta)
        texto_url = url_proxy.render_as_string(hide_password=False)
        executor, url_chat = await subir_chat(texto_url, [p for p in portas if p != proxy.porta])
        parar = asyncio.Event()
        medidas: list[tuple[float, float, int]] = []
        pessoas = [asyncio.ensure_future(conversar(url_chat, parar, medidas))]
        ambiente = {
            **os.environ,
            "DATABASE_URL": texto_url,
            "TELEGRAM_TOKEN": TOKEN,
            "TELEGRAM_BASE_URL": api.url,
            "INCLUSAO_LOG": "WARNING",
        }
        argumentos = ["--ate-vazio", "--por-segundo", str(TAXA), "--prazo", "120"]
        despacho = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.despachar", *argumentos, cwd=RAIZ, env=ambiente
        )
        await api.esperar(lambda: api.total_aceitas >= LINHAS // 3, limite=120)
        proxy.cortar()
        corte = time.monotonic()
        aceitas_no_corte = api.total_aceitas
        await asyncio.sleep(QUEDA_S)  # bench: a queda dura o tempo dito, de verdade
        proxy.religar()
        volta = time.monotonic()
        codigo = await asyncio.wait_for(despacho.wait(), 600)
        parar.set()
        await asyncio.gather(*pessoas)
        await executor.cleanup()
    logging.getLogger("armazenamento.disponibilidade").removeHandler(contador)
    contagem = await estados(direto)
    await disponibilidade(direto).fechar()
    await direto.dispose()
    durante = [(ms, st) for inicio, ms, st in medidas if corte <= inicio < volta]
    por_status: dict[str, int] = {}
    for _ms, status in durante:
        por_status[str(status)] = por_status.get(str(status), 0) + 1
    valor_p95 = p95([ms for ms, _st in durante])
    tempos = sorted(ms for ms, _st in durante)
    entregues = api.enviadas_por_chat()
    return {
        "enviadas": len(entregues),
        "duplicadas": api.duplicadas(),
        "perdidas": LINHAS - len(entregues),
        "p95_ms_durante": round(valor_p95, 1) if valor_p95 is not None else None,
        "linhas": LINHAS,
        "queda_s": QUEDA_S,
        "aceitas_no_corte": aceitas_no_corte,
        "requisicoes_durante": len(durante),
        "p50_ms_durante": round(tempos[len(tempos) // 2], 1) if tempos else None,
        "max_ms_durante": round(tempos[-1], 1) if tempos else None,
        "status_durante": por_status,
        "enviada_no_banco": contagem.get("enviada", 0),
        "estados": contagem,
        "log_queda": sum("fora do ar" in linha for linha in contador.linhas),
        "log_volta": sum("de volta" in linha for linha in contador.linhas),
        "codigo_despachante": codigo,
    }


async def principal() -> dict[str, Any]:
    resultado: dict[str, Any] = {"bench": "queda_banco"}
    nome = f"inclusao_bench_queda_{os.getpid()}"
    url = await banco_pg(nome)
    if url is None:
        motivo = f"sem PostgreSQL em {make_url(PG_ADMIN).host}: nada a medir"
        return {**resultado, "enviadas": None, "duplicadas": None, "perdidas": None,
                "p95_ms_durante": None, "motivo": motivo}  # fmt: skip
    try:
        resultado.update(await rodar(url))
    finally:
        await apagar_pg(nome)
    return resultado


def main() -> int:
    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    print(json.dumps(asyncio.run(principal()), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
