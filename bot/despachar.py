"""Um laço de despacho da fila de um canal, como processo próprio.

    python -m bot.despachar --canal telegram [--por-segundo R] [--ate-vazio]

Lê DATABASE_URL, TELEGRAM_TOKEN e TELEGRAM_BASE_URL do ambiente. No PostgreSQL disputa a
liderança do canal (`bot.lider`): só o líder envia; os outros esperam de reserva e
assumem quando ele cai. Roda até SIGTERM/SIGINT ou, com `--ate-vazio`, até o canal não
ter nada pendente nem em envio. Não imprime nada pessoal: só contagens.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Bot

from armazenamento.banco import criar_motor
from armazenamento.disponibilidade import disponibilidade
from armazenamento.modelos import Envio
from bot.config import prazos_do_banco, url_padrao
from bot.despachante import Despachante
from bot.instancia import InstanciaEmUso, instancia_unica
from bot.lider import Lideranca, criar_lideranca
from bot.limite_envio import FOLGA, LimiteDeEnvio
from bot.pedido_aiohttp import PedidoAiohttp
from bot.remetente_telegram import RemetenteTelegram
from bot.telegram import normalizar_base_url

log = logging.getLogger("bot.despachar")

_E = Envio.__table__  # type: ignore[attr-defined]


def ler_argumentos(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bot.despachar", description=__doc__)
    p.add_argument("--canal", default="telegram", choices=["telegram"])
    p.add_argument("--por-segundo", type=float, default=None, help="limite global do canal")
    p.add_argument("--lote", type=int, default=50, help="linhas reivindicadas por vez")
    p.add_argument("--paralelos", type=int, default=8, help="envios simultâneos no lote")
    p.add_argument("--prazo", type=float, default=120.0, help="arrendamento (segundos)")
    p.add_argument("--intervalo", type=float, default=0.5, help="olhada na fila vazia (s)")
    p.add_argument("--reserva", type=float, default=2.0, help="reserva tenta liderar a cada (s)")
    p.add_argument("--ate-vazio", action="store_true", help="sai quando não há mais nada")
    return p.parse_args(argv)


async def tem_trabalho(banco: AsyncEngine, canal: str) -> bool:
    """Ainda há linha pendente (mesmo futura) ou em envio (mesmo de quem caiu)."""
    consulta = (
        select(func.count())
        .select_from(_E)
        .where(_E.c.canal == canal, _E.c.estado.in_(("pendente", "enviando")))
    )
    async with banco.connect() as conexao:
        return bool((await conexao.execute(consulta)).scalar_one())


async def _tem_trabalho(despachante: Despachante) -> bool:
    """Como `tem_trabalho`, mas com o banco fora a resposta é "sim" (ainda não dá para saber)."""
    estado = disponibilidade(despachante.banco)
    try:
        estado.verificar()
        return await tem_trabalho(despachante.banco, despachante.canal)
    except Exception as erro:
        if not estado.registrar(erro):
            raise
        return True


async def laco(
    despachante: Despachante,
    lideranca: Lideranca,
    args: argparse.Namespace,
    parar: asyncio.Event,
) -> int:
    """Lotes enquanto for líder; de reserva, tenta de novo a cada `--reserva` segundos.

    Com o banco fora, espera: os resultados guardados são gravados quando ele volta (mesmo
    sem ser mais o líder), e `--ate-vazio` não sai com resultados por gravar."""
    total = 0
    while not parar.is_set():
        lider = await lideranca.sou_lider()
        feitos = await despachante.esvaziar() if lider else 0
        total += feitos
        if feitos:
            continue
        gravou = await despachante.gravar_pendentes()
        if args.ate_vazio and gravou and not await _tem_trabalho(despachante):
            break
        espera = args.intervalo if lider else args.reserva
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(parar.wait(), espera)
    return total


async def rodar(args: argparse.Namespace) -> int:
    url = os.environ.get("DATABASE_URL", "").strip() or url_padrao()
    token = os.environ.get("TELEGRAM_TOKEN", "").strip()
    if not token:
        print("TELEGRAM_TOKEN não definido", file=sys.stderr)
        return 2
    por_segundo = args.por_segundo or float(os.environ.get("TELEGRAM_ENVIOS_POR_SEGUNDO", "25"))
    banco = criar_motor(url, prazos_do_banco())
    base = os.environ.get("TELEGRAM_BASE_URL", "").strip()
    base_url, base_arquivos = normalizar_base_url(base) if base else (None, None)
    pedido = PedidoAiohttp(conexoes=max(args.paralelos, 1) + 2)
    lideranca = criar_lideranca(banco, args.canal)
    parar = asyncio.Event()
    laco_atual = asyncio.get_running_loop()
    for sinal in (signal.SIGINT, signal.SIGTERM):
        laco_atual.add_signal_handler(sinal, parar.set)
    opcoes = {"base_url": base_url, "base_file_url": base_arquivos} if base_url else {}
    try:
        async with Bot(token, request=pedido, **opcoes) as bot:  # type: ignore[arg-type]
            despachante = Despachante(
                banco,
                args.canal,
                RemetenteTelegram(bot),
                LimiteDeEnvio(por_segundo, folga=FOLGA),
                lote=args.lote,
                prazo=timedelta(seconds=args.prazo),
                paralelos=args.paralelos,
                lideranca=lideranca,
                parar=parar,
            )
            total = await laco(despachante, lideranca, args, parar)
            await despachante.encerrar()
    finally:
        await lideranca.largar()
        await disponibilidade(banco).fechar()
        await banco.dispose()
    log.info("despacho %s: %d linhas tratadas", args.canal, total)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """No SQLite, despacha só quem segura a trava do arquivo (`bot.instancia`): um
    despachante a mais ao lado de `inclusao iniciar` dobraria o limite de envios."""
    logging.basicConfig(
        level=os.environ.get("INCLUSAO_LOG", "WARNING").upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    url = os.environ.get("DATABASE_URL", "").strip() or url_padrao()
    try:
        with instancia_unica(url):
            return asyncio.run(rodar(ler_argumentos(argv)))
    except InstanciaEmUso as erro:
        print(str(erro), file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
