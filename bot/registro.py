"""Registro (logs) sem dados pessoais: nenhuma biblioteca fala mais do que deve."""

from __future__ import annotations

import logging

from aiohttp.http_exceptions import HttpProcessingError

LOGGER_DO_SERVIDOR = "aiohttp.server"


class PedidoMalformado(logging.Filter):
    """Um pedido HTTP malformado no protocolo (NUL num cabeçalho, cabeçalho de mais de 8 KB)
    já recebe 400 do aiohttp, que ainda registra ~10 linhas de rastro em ERROR: qualquer um
    inunda o registro. Aqui vira uma linha curta em WARNING, só com o tipo do erro (a
    mensagem pode repetir o cabeçalho recebido). Outros erros passam como estão."""

    def filter(self, record: logging.LogRecord) -> bool:
        erro = record.exc_info[1] if record.exc_info else None
        if isinstance(erro, HttpProcessingError):
            record.msg, record.args = "pedido HTTP malformado recusado: %s", (type(erro).__name__,)
            record.exc_info, record.exc_text, record.stack_info = None, None, None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def silenciar_pedidos_malformados() -> None:
    """Instala o `PedidoMalformado` no logger do servidor do aiohttp (uma vez só)."""
    servidor = logging.getLogger(LOGGER_DO_SERVIDOR)
    if not any(isinstance(f, PedidoMalformado) for f in servidor.filters):
        servidor.addFilter(PedidoMalformado())


def configurar_registro(nivel: str = "INFO") -> None:
    logging.basicConfig(
        level=getattr(logging, nivel, logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # bibliotecas falantes: o httpx registra URLs com o token do bot
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # um "rodou" a cada 2 s
    silenciar_pedidos_malformados()
    # em DEBUG, o PTB, o aiosqlite e o SQLAlchemy registram textos e parâmetros (dados
    # pessoais): nunca abaixo de INFO, seja qual for INCLUSAO_LOG
    logging.getLogger("telegram").setLevel(max(logging.INFO, getattr(logging, nivel, 20)))
    for falante in ("aiosqlite", "sqlalchemy", "asyncpg"):  # em INFO já mostram parâmetros
        logging.getLogger(falante).setLevel(logging.WARNING)
