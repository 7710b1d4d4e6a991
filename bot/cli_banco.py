"""Qual banco um comando da linha de comando abre, e quando ele se recusa a abrir.

Por que: rodado de outra pasta, `inclusao convite` criava um SQLite novo e vazio ali e
mostrava um convite que nunca funcionaria. Agora o caminho padrão vem do projeto
(`bot.config.pasta_de_dados`) e, além disso, os comandos que leem ou gravam dados do
programa não criam banco: o arquivo tem de existir; o convite pede ainda um programa
cadastrado (um ciclo), porque um convite num banco sem programa não leva a nada.
"""

from __future__ import annotations

from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from armazenamento import importacao
from bot import app
from bot.config import Config
from bot.instancia import arquivo_sqlite
from mensagens.catalogo import texto


class BancoRecusado(Exception):
    """O comando não roda neste banco; a mensagem diz qual banco e o que fazer."""


def descrever(url: str) -> str:
    """O banco como o operador reconhece: o arquivo, ou a URL sem a senha."""
    arquivo = arquivo_sqlite(url)
    return str(arquivo) if arquivo else make_url(url).render_as_string(hide_password=True)


def conferir_que_existe(config: Config) -> None:
    """Um SQLite que ainda não existe não é criado por quem só lê ou convida."""
    arquivo = arquivo_sqlite(config.database_url)
    if arquivo is not None and not arquivo.is_file():
        raise BancoRecusado(texto("importacao.banco.inexistente", banco=str(arquivo)))


async def _conferir_programa(
    config: Config, sessoes: async_sessionmaker[AsyncSession], programa: bool
) -> None:
    banco = descrever(config.database_url)
    try:
        vazio = await importacao.banco_sem_programa(sessoes)
    except DBAPIError as erro:  # PostgreSQL ainda sem as tabelas: quem migra é `migrar`
        raise BancoRecusado(texto("importacao.banco.sem_tabelas", banco=banco)) from erro
    if programa and vazio:
        raise BancoRecusado(texto("importacao.banco.sem_programa", banco=banco))


async def abrir(
    config: Config, programa: bool
) -> tuple[AsyncEngine, async_sessionmaker[AsyncSession]]:
    """Abre um banco que já existe e tem as tabelas; com `programa`, só se tiver programa
    cadastrado."""
    conferir_que_existe(config)
    motor_banco, sessoes = await app.preparar_banco(config)
    try:
        await _conferir_programa(config, sessoes, programa)
    except BaseException:
        await motor_banco.dispose()
        raise
    return motor_banco, sessoes
