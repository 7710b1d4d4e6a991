"""Uma instância só por arquivo SQLite (o padrão embutido), com uma trava do sistema.

Por que: duas `inclusao iniciar` no mesmo arquivo subiam em silêncio e os dois
despachantes se achavam líderes (no SQLite todo despachante é líder, `bot.lider`): o
limite de envios do Telegram dobrava. Agora a partida prende uma trava exclusiva
(`filelock`, `flock` do sistema) num arquivo ao lado do banco (`inclusao.db.lock`); uma
segunda partida no mesmo arquivo sai na hora, com a mensagem dizendo o que fazer. A trava
é do processo: se ele morre (até com `kill -9`), o sistema a solta e a próxima sobe.

Só a partida (`iniciar`) prende a trava. Os comandos rápidos (`convite`, `equipe`,
`importar`, `saida`, `conversar`, `migrar`) rodam com a instância no ar, como sempre: não
despacham nada, e o SQLite já serializa as gravações (com o tempo de espera do banco).
No PostgreSQL não há trava de arquivo: vários processos são o desenho, e o despacho tem
um líder por canal (`bot.lider`, trava consultiva).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout
from sqlalchemy.engine import make_url

from mensagens.catalogo import texto


class InstanciaEmUso(Exception):
    """Outro processo já serve este arquivo SQLite; a mensagem diz qual e o que fazer."""


def arquivo_sqlite(url: str) -> Path | None:
    """O arquivo do SQLite (caminho absoluto), ou None se o banco não é um arquivo."""
    endereco = make_url(url)
    banco = endereco.database or ""
    if endereco.get_backend_name() != "sqlite" or banco in ("", ":memory:"):
        return None
    return Path(banco).resolve()


def caminho_da_trava(arquivo: Path) -> Path:
    return arquivo.with_name(arquivo.name + ".lock")


@contextmanager
def instancia_unica(url: str) -> Iterator[None]:
    """Segura a trava do arquivo SQLite enquanto o bloco roda; PostgreSQL: não faz nada."""
    arquivo = arquivo_sqlite(url)
    if arquivo is None:
        yield
        return
    arquivo.parent.mkdir(parents=True, exist_ok=True)
    trava = FileLock(caminho_da_trava(arquivo), blocking=False, thread_local=False)
    try:
        trava.acquire()
    except Timeout:
        raise InstanciaEmUso(_mensagem(arquivo)) from None
    try:
        # quem der com a trava presa vê qual processo a segura (o `flock` é do descritor)
        caminho_da_trava(arquivo).write_text(f"{os.getpid()}\n", encoding="ascii")
        yield
    finally:
        trava.release()


def _mensagem(arquivo: Path) -> str:
    try:
        pid = caminho_da_trava(arquivo).read_text(encoding="ascii").strip()
    except OSError:
        pid = ""
    chave = "instancia.em_uso" if pid.isdigit() else "instancia.em_uso_sem_pid"
    return texto(chave, banco=str(arquivo), pid=pid)
