"""Fila de envio (outbox) no SQLite e no PostgreSQL: chave única, reivindicação sem
duplicar entre despachantes, arrendamento vencido, marcas só do dono e inalcançáveis.

O tempo é sempre um `agora` explícito: nada de esperar o relógio.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from uuid import uuid4

import pytest
from sqlalchemy import insert, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from armazenamento import envios
from armazenamento.banco import criar_motor, transacao
from armazenamento.migracao import migrar
from armazenamento.modelos import Envio, Inalcancavel
from armazenamento.tempo import FUSO

_E = Envio.__table__  # type: ignore[attr-defined]
_I = Inalcancavel.__table__  # type: ignore[attr-defined]

URL_POSTGRES = os.environ.get(
    "TESTE_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
T0 = datetime(2027, 3, 1, 21, 0, 0, 123456, tzinfo=UTC)
PRAZO = timedelta(seconds=60)
TG = "telegram"


@asynccontextmanager
async def _postgres_novo() -> AsyncIterator[AsyncEngine]:
    """Um banco com nome único por teste, migrado do zero e apagado no fim."""
    admin = create_async_engine(
        URL_POSTGRES, isolation_level="AUTOCOMMIT", poolclass=NullPool, connect_args={"timeout": 5}
    )
    nome = f"teste_envios_{uuid4().hex[:16]}"
    try:
        async with admin.connect() as conexao:
            await conexao.exec_driver_sql(f'CREATE DATABASE "{nome}"')
    except (OSError, SQLAlchemyError) as erro:
        await admin.dispose()
        pytest.skip(f"PostgreSQL inacessível em {URL_POSTGRES} ({type(erro).__name__}): {erro}")
    url = make_url(URL_POSTGRES).set(database=nome).render_as_string(hide_password=False)
    motor = criar_motor(url, pool_size=10, max_overflow=0)
    try:
        await migrar(motor)
        yield motor
    finally:
        await motor.dispose()
        async with admin.connect() as conexao:
            await conexao.exec_driver_sql(f'DROP DATABASE IF EXISTS "{nome}" WITH (FORCE)')
        await admin.dispose()


@pytest.fixture
async def postgres() -> AsyncIterator[AsyncEngine]:
    async with _postgres_novo() as motor:
        yield motor


@pytest.fixture(params=["sqlite", "postgresql"])
async def banco(request: pytest.FixtureRequest, motor_banco: AsyncEngine) -> AsyncIterator[Any]:
    if request.param == "sqlite":
        yield motor_banco
        return
    async with _postgres_novo() as motor:
        yield motor


async def _enfileirar(motor: AsyncEngine, *linhas: tuple[str, str, datetime]) -> list[int]:
    """(chat_id, chave, devido_em) no canal Telegram; devolve os ids na ordem dada."""
    async with transacao(motor) as conexao:
        for chat_id, chave, devido in linhas:
            assert await envios.enfileirar(conexao, TG, chat_id, '{"texto":"oi"}', chave, devido)
        consulta = select(_E.c.chave, _E.c.id)
        ids: dict[str, int] = dict((await conexao.execute(consulta)).all())
    return [ids[chave] for _, chave, _ in linhas]


async def _linha(motor: AsyncEngine, id: int) -> Any:
    async with motor.connect() as conexao:
        return (await conexao.execute(select(_E).where(_E.c.id == id))).one()


async def _reivindicar(
    motor: AsyncEngine, agora: datetime, limite: int = 10, dono: str = "d1"
) -> list[envios.Reivindicado]:
    async with transacao(motor) as conexao:  # a posse gravada antes de enviar
        return await envios.reivindicar(conexao, TG, limite, agora, PRAZO, dono)


async def test_mesma_chave_grava_uma_linha_so(banco: AsyncEngine) -> None:
    async with transacao(banco) as conexao:
        assert await envios.enfileirar(conexao, TG, "1", "primeiro", "aviso:1", T0)
        assert not await envios.enfileirar(conexao, TG, "1", "segundo", "aviso:1", T0)
    async with transacao(banco) as conexao:  # outra transação também não duplica
        assert not await envios.enfileirar(conexao, TG, "1", "terceiro", "aviso:1", T0)
        linhas = (await conexao.execute(select(_E.c.conteudo, _E.c.estado))).all()
    assert [tuple(linha) for linha in linhas] == [("primeiro", "pendente")]


async def test_reivindica_so_as_devidas_em_ordem_e_respeita_limite(banco: AsyncEngine) -> None:
    s = timedelta(seconds=1)
    ids = await _enfileirar(
        banco,
        ("a", "a", T0 - 3 * s),
        ("b", "b", T0 - s),
        ("c", "c", T0 - 2 * s),
        ("futura", "futura", T0 + s),
        ("bloqueou", "bloqueou", T0 - 9 * s),
        ("empate", "empate", T0 - s),  # mesmo vencimento de "b": desempata pelo id
        ("agora", "agora", T0),
    )
    a, b, c, _futura, _bloqueou, empate, no_limite = ids
    async with transacao(banco) as conexao:
        await conexao.execute(insert(_I).values(canal=TG, chat_id="bloqueou", desde=T0, motivo=""))
        await envios.enfileirar(conexao, "whatsapp", "a", "{}", "outro-canal", T0 - 9 * s)

    primeiros = await _reivindicar(banco, T0, limite=2)
    assert [r.id for r in primeiros] == [a, c]
    assert primeiros[0] == envios.Reivindicado(a, TG, "a", '{"texto":"oi"}', "a", 1)
    resto = await _reivindicar(banco, T0, limite=10)
    assert [r.id for r in resto] == [b, empate, no_limite]
    assert await _reivindicar(banco, T0) == []
    assert await _reivindicar(banco, T0 + 9 * s, limite=0) == []
    linha = await _linha(banco, a)
    assert (linha.estado, linha.arrendada_por, linha.arrendada_ate) == (
        "enviando",
        "d1",
        T0 + PRAZO,
    )


async def test_arrendamento_vencido_volta_para_a_fila(banco: AsyncEngine) -> None:
    [id_] = await _enfileirar(banco, ("1", "k", T0))
    assert [r.tentativas for r in await _reivindicar(banco, T0, dono="caiu")] == [1]
    assert await _reivindicar(banco, T0 + PRAZO / 2, dono="d2") == []
    assert await _reivindicar(banco, T0 + PRAZO, dono="d2") == []  # vence depois do prazo
    [de_novo] = await _reivindicar(banco, T0 + PRAZO + timedelta(microseconds=1), dono="d2")
    assert (de_novo.id, de_novo.tentativas) == (id_, 2)
    assert (await _linha(banco, id_)).arrendada_por == "d2"


async def test_despachantes_concorrentes_nunca_pegam_a_mesma_linha(banco: AsyncEngine) -> None:
    """PostgreSQL: conexões de verdade ao mesmo tempo, SKIP LOCKED. SQLite: também prova
    que a reivindicação não cede a vez entre o UPDATE e o commit (se cedesse, o próximo
    despachante travaria o laço esperando a trava de escrita até o `busy_timeout`)."""
    total, despachantes, lote = 300, 8, 50
    async with transacao(banco) as conexao:
        for i in range(total):
            devido = T0 - timedelta(seconds=i % 7)
            await envios.enfileirar(conexao, TG, f"chat{i}", "{}", f"k{i}", devido)

    resultados = await asyncio.gather(
        *(_reivindicar(banco, T0, limite=lote, dono=f"d{n}") for n in range(despachantes))
    )

    pegos = [r.id for lista in resultados for r in lista]
    assert len(pegos) == len(set(pegos)), "uma linha foi para dois despachantes"
    assert len(pegos) == total
    async with banco.connect() as conexao:
        donos: dict[int, str] = dict(
            (await conexao.execute(select(_E.c.id, _E.c.arrendada_por))).all()
        )
    for n, lista in enumerate(resultados):
        assert len(lista) <= lote
        assert all(donos[r.id] == f"d{n}" for r in lista)
        assert all(r.tentativas == 1 for r in lista)


async def test_skip_locked_pula_linhas_travadas_sem_esperar(postgres: AsyncEngine) -> None:
    """Outro despachante no meio da reivindicação (linhas travadas, sem commit): este não
    espera por elas, pega as seguintes."""
    ids = await _enfileirar(postgres, *((f"c{i}", f"k{i}", T0) for i in range(8)))
    async with postgres.connect() as outro:
        await outro.begin()
        travar = select(_E.c.id).where(_E.c.id.in_(ids[:3])).with_for_update()
        await outro.execute(travar)
        pegos = await asyncio.wait_for(_reivindicar(postgres, T0, limite=4), timeout=10)
        assert [r.id for r in pegos] == ids[3:7]
        await outro.rollback()
    assert [r.id for r in await _reivindicar(postgres, T0)] == [*ids[:3], ids[7]]


async def test_marcas_so_valem_para_o_dono_atual(banco: AsyncEngine) -> None:
    [id_] = await _enfileirar(banco, ("1", "k", T0))
    await _reivindicar(banco, T0, dono="antigo")
    depois = T0 + PRAZO + timedelta(seconds=1)
    await _reivindicar(banco, depois, dono="novo")
    async with transacao(banco) as conexao:
        assert not await envios.marcar_enviada(conexao, id_, "antigo", "99", depois)
        assert not await envios.marcar_falha(conexao, id_, "antigo", "http 400")
        assert not await envios.reagendar(conexao, id_, "antigo", depois, "http 502")
        assert not await envios.marcar_incerta(conexao, id_, "antigo", "timeout")
        assert await envios.marcar_enviada(conexao, id_, "novo", "4242", depois)
        assert not await envios.marcar_falha(conexao, id_, "novo", "já enviada")
    linha = await _linha(banco, id_)
    assert (linha.estado, linha.id_provedor, linha.enviado_em) == ("enviada", "4242", depois)
    assert linha.arrendada_ate is None


async def test_reagendar_falha_e_incerta(banco: AsyncEngine) -> None:
    reag, falha, incerta = await _enfileirar(banco, ("1", "r", T0), ("2", "f", T0), ("3", "i", T0))
    await _reivindicar(banco, T0)
    quando = T0 + timedelta(seconds=30)
    async with transacao(banco) as conexao:
        assert await envios.reagendar(
            conexao, reag, "d1", quando, "http 429", devolver_tentativa=True
        )
        assert await envios.marcar_falha(conexao, falha, "d1", "x" * 1000)
        assert await envios.marcar_incerta(conexao, incerta, "d1", "timeout de leitura")

    linha = await _linha(banco, reag)
    assert (linha.estado, linha.proxima_em, linha.tentativas) == ("pendente", quando, 0)
    assert (linha.arrendada_ate, linha.arrendada_por, linha.ultimo_erro) == (None, "", "http 429")
    assert len((await _linha(banco, falha)).ultimo_erro) == envios.MAX_ERRO
    assert (await _linha(banco, incerta)).estado == "incerta"
    # falhou e incerta nunca voltam; a reagendada só no seu horário
    assert await _reivindicar(banco, quando - timedelta(microseconds=1)) == []
    assert [r.id for r in await _reivindicar(banco, quando + PRAZO * 10)] == [reag]


async def test_inalcancavel_falha_so_as_pendentes_dessa_pessoa(banco: AsyncEngine) -> None:
    ids = await _enfileirar(
        banco, ("bloqueou", "em-voo", T0), ("bloqueou", "p1", T0 + PRAZO), ("outro", "o1", T0)
    )
    em_voo, pendente, do_outro = ids
    await _reivindicar(banco, T0, limite=1)
    async with transacao(banco) as conexao:
        await envios.enfileirar(conexao, TG, "bloqueou", "{}", "p2", T0 + PRAZO)
        await envios.enfileirar(conexao, "whatsapp", "bloqueou", "{}", "wa", T0)
        assert await envios.marcar_inalcancavel(conexao, TG, "bloqueou", "http 403", T0) == 2
        assert await envios.marcar_inalcancavel(conexao, TG, "bloqueou", "de novo", T0) == 0
        assert await envios.marcar_falha(conexao, em_voo, "d1", "http 403")
        inalcancaveis = (await conexao.execute(select(_I.c.canal, _I.c.motivo))).all()
        por_chave: dict[str, str] = dict(
            (await conexao.execute(select(_E.c.chave, _E.c.estado))).all()
        )
    assert [tuple(linha) for linha in inalcancaveis] == [(TG, "http 403")]
    assert por_chave == {
        "em-voo": "falhou",
        "p1": "falhou",
        "p2": "falhou",
        "o1": "pendente",
        "wa": "pendente",
    }
    assert (await _linha(banco, pendente)).ultimo_erro == "inalcançável"
    async with transacao(banco) as conexao:  # um envio novo para quem bloqueou fica parado
        await envios.enfileirar(conexao, TG, "bloqueou", "{}", "depois", T0)
    assert [r.id for r in await _reivindicar(banco, T0 + PRAZO * 2)] == [do_outro]


async def test_contagens_por_estado_e_canal(banco: AsyncEngine) -> None:
    ids = await _enfileirar(banco, ("1", "a", T0), ("2", "b", T0), ("3", "c", T0 + PRAZO))
    async with transacao(banco) as conexao:
        await envios.enfileirar(conexao, "whatsapp", "1", "{}", "wa", T0)
        assert await envios.contagens(conexao) == {"pendente": 4}
    await _reivindicar(banco, T0)
    async with transacao(banco) as conexao:
        await envios.marcar_enviada(conexao, ids[0], "d1", "1", T0)
        assert await envios.contagens(conexao, TG) == {"enviada": 1, "enviando": 1, "pendente": 1}
        assert await envios.contagens(conexao, "whatsapp") == {"pendente": 1}
        assert await envios.contagens(conexao, "web") == {}


@pytest.mark.parametrize(
    "gravado",
    [
        T0,
        datetime(2027, 3, 1, 18, 0, 0, 123456, tzinfo=FUSO),  # 21h em UTC
        datetime(2027, 12, 31, 23, 59, 59, 999999, tzinfo=timezone(timedelta(hours=5))),
        datetime(2027, 1, 1, 0, 0, 0, tzinfo=UTC),  # sem microssegundos
    ],
    ids=["utc", "sao-paulo", "mais-5h-limite-do-ano", "meia-noite"],
)
async def test_datas_voltam_em_utc_com_fuso(banco: AsyncEngine, gravado: datetime) -> None:
    """Grava com qualquer fuso, lê o mesmo instante em UTC; e a comparação com a data
    ligada (`proxima_em <= agora`) é exata até o microssegundo."""
    [id_] = await _enfileirar(banco, ("1", "k", gravado))
    lido = (await _linha(banco, id_)).proxima_em
    assert lido == gravado
    assert lido.utcoffset() == timedelta(0)
    assert await _reivindicar(banco, gravado - timedelta(microseconds=1)) == []
    assert [r.id for r in await _reivindicar(banco, gravado)] == [id_]
