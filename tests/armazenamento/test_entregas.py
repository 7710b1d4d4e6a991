"""Situação de entrega de um envio da fila (issue 11, item 6): só avança, nunca volta,
venha na ordem que vier."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import permutations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from armazenamento import envios
from armazenamento.banco import transacao
from armazenamento.entregas import entregas_das_chaves, registrar_entrega
from armazenamento.modelos import Envio

T0 = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
WAMID = "wamid.HBgNNTUxNDk5MTIzNDU2NxUCABEYEjRGRkZGRkZGRkZGRkZGRkZGRk001A="
_E = Envio.__table__  # type: ignore[attr-defined]
# cada situação com a hora em que aconteceu (a ordem de chegada é outra coisa)
HORA = {"sent": T0, "delivered": T0 + timedelta(seconds=5), "read": T0 + timedelta(minutes=3)}
HORA["failed"] = T0 + timedelta(seconds=2)


async def enviado(banco: AsyncEngine, chave: str = "convocacao:1", wamid: str = WAMID) -> None:
    """Um envio da fila que saiu pelo WhatsApp com este wamid."""
    async with transacao(banco) as conexao:
        await envios.enfileirar(conexao, "whatsapp", "5514991234567", "{}", chave, T0)
    async with transacao(banco) as conexao:  # a posse gravada antes de enviar
        [linha] = await envios.reivindicar(conexao, "whatsapp", 10, T0, timedelta(minutes=2), "eu")
    async with transacao(banco) as conexao:
        await envios.marcar_enviada(conexao, linha.id, "eu", wamid, T0)


async def chegam(banco: AsyncEngine, situacoes: tuple[str, ...]) -> tuple[str, datetime, str]:
    for situacao in situacoes:
        erro = "131026" if situacao == "failed" else ""
        async with transacao(banco) as conexao:
            achou = await registrar_entrega(
                conexao, "whatsapp", WAMID, situacao, HORA[situacao], erro
            )
        assert achou
    async with banco.connect() as conexao:
        linha = (
            await conexao.execute(select(_E.c.entrega, _E.c.entrega_em, _E.c.entrega_erro))
        ).one()
    return linha.entrega, linha.entrega_em, linha.entrega_erro


TODAS = [p for n in (1, 2, 3) for p in permutations(("sent", "delivered", "read"), n)]


@pytest.mark.parametrize("situacoes", TODAS, ids="-".join)
async def test_leitura_nunca_volta_para_entregue_em_qualquer_ordem(
    motor_banco: AsyncEngine, situacoes: tuple[str, ...]
) -> None:
    await enviado(motor_banco)
    esperada = max(situacoes, key=["sent", "delivered", "read"].index)

    assert await chegam(motor_banco, situacoes) == (esperada, HORA[esperada], "")


@pytest.mark.parametrize(
    ("situacoes", "esperada", "erro"),
    [
        (("sent", "failed"), "failed", "131026"),
        (("failed", "sent"), "failed", "131026"),
        (("failed",), "failed", "131026"),
        # com dois aparelhos, um pode falhar e o outro receber: vale o que a pessoa viu
        (("delivered", "failed"), "delivered", ""),
        (("failed", "delivered"), "delivered", ""),
        (("failed", "read", "sent"), "read", ""),
        (("read", "failed"), "read", ""),
    ],
)
async def test_falha_so_passa_por_cima_de_enviada(
    motor_banco: AsyncEngine, situacoes: tuple[str, ...], esperada: str, erro: str
) -> None:
    await enviado(motor_banco)

    assert await chegam(motor_banco, situacoes) == (esperada, HORA[esperada], erro)


async def test_situacao_de_mensagem_que_nao_e_da_fila_nao_acha_nada(
    motor_banco: AsyncEngine,
) -> None:
    await enviado(motor_banco)
    async with transacao(motor_banco) as conexao:
        achou = await registrar_entrega(conexao, "whatsapp", "wamid.outra", "read", T0)
        do_telegram = await registrar_entrega(conexao, "telegram", WAMID, "read", T0)

    assert (achou, do_telegram) == (False, False)


async def test_situacao_desconhecida_e_erro_de_programacao(motor_banco: AsyncEngine) -> None:
    async with transacao(motor_banco) as conexao:
        with pytest.raises(ValueError, match="played"):
            await registrar_entrega(conexao, "whatsapp", WAMID, "played", T0)


async def test_entregas_pelas_chaves_dos_envios(motor_banco: AsyncEngine) -> None:
    await enviado(motor_banco, "convocacao:1", WAMID)
    await enviado(motor_banco, "convocacao:2", "wamid.dois")
    async with transacao(motor_banco) as conexao:
        await registrar_entrega(conexao, "whatsapp", WAMID, "read", T0)
        vistas = await entregas_das_chaves(conexao, ["convocacao:1", "convocacao:2", "x"])

    assert vistas == {"convocacao:1": ("whatsapp", "read")}
