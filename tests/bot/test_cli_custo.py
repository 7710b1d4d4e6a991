"""`inclusao saida`: além das situações, o custo do WhatsApp por mês (de Bauru): modelos
enviados por categoria e entregues, e mensagens livres (dentro da janela), por canal."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from armazenamento.banco import transacao
from armazenamento.modelos import Envio
from bot import cli
from bot.config import Config
from bot.config_modelos import ler_config_fila


async def _enviada(
    banco: AsyncEngine,
    chave: str,
    canal: str,
    quando: datetime,
    modelo: str = "",
    entrega: str = "",
    estado: str = "enviada",
) -> None:
    async with transacao(banco) as conexao:
        await conexao.execute(
            sa.insert(Envio).values(
                canal=canal,
                chat_id="5514990000001",
                conteudo="{}",
                chave=chave,
                estado=estado,
                tentativas=1,
                proxima_em=quando,
                criado_em=quando,
                enviado_em=quando if estado == "enviada" else None,
                modelo=modelo,
                entrega=entrega,
            )
        )


async def _semear(banco: AsyncEngine) -> None:
    fev = datetime(2027, 2, 10, 15, 0, tzinfo=UTC)
    # 1º de março, 1h UTC: ainda 28 de fevereiro em Bauru (22h)
    virada = datetime(2027, 3, 1, 1, 0, tzinfo=UTC)
    mar = datetime(2027, 3, 15, 15, 0, tzinfo=UTC)
    linhas: list[dict[str, Any]] = [
        {"chave": "f1", "canal": "whatsapp", "quando": fev, "modelo": "convocacao"},
        {
            "chave": "f2",
            "canal": "whatsapp",
            "quando": fev,
            "modelo": "convocacao",
            "entrega": "read",
        },
        {
            "chave": "f3",
            "canal": "whatsapp",
            "quando": virada,
            "modelo": "lembrete_aula",
            "entrega": "delivered",
        },
        {"chave": "f4", "canal": "whatsapp", "quando": fev},
        {"chave": "f5", "canal": "telegram", "quando": fev},
        {"chave": "m1", "canal": "whatsapp", "quando": mar, "modelo": "cuidado"},
        {"chave": "m2", "canal": "whatsapp", "quando": mar},
        {"chave": "m3", "canal": "whatsapp", "quando": mar},
        {
            "chave": "m4",
            "canal": "whatsapp",
            "quando": mar,
            "modelo": "convocacao",
            "estado": "falhou",
        },
    ]
    for linha in linhas:
        await _enviada(banco, **linha)


async def test_saida_relata_modelos_e_livres_por_mes_e_canal(
    motor_banco: AsyncEngine, url_banco: str, capsys: pytest.CaptureFixture[str]
) -> None:
    await _semear(motor_banco)

    assert await cli._saida(Config(database_url=url_banco)) == 0

    linhas = capsys.readouterr().out.splitlines()
    assert "enviada: 8" in linhas and "falhou: 1" in linhas
    custo = linhas[linhas.index("Custo do WhatsApp e envios por mês (hora de Bauru):") + 1 : -1]
    assert linhas[-1] == "Nenhum envio parado nem com falha."  # m4 falhou sem código
    assert custo == [
        "2027-02 telegram: 1 mensagem livre",
        "2027-02 whatsapp: 3 modelos (utility: 3), 2 entregues; 1 mensagem livre dentro da janela",
        # o modelo que falhou não conta: a Meta só cobra o que sai
        "2027-03 whatsapp: 1 modelo (utility: 1), 0 entregues; 2 mensagens livres dentro da janela",
    ]


async def test_categoria_vem_da_configuracao_do_modelo(
    motor_banco: AsyncEngine, url_banco: str, capsys: pytest.CaptureFixture[str]
) -> None:
    await _semear(motor_banco)
    config = Config(
        database_url=url_banco,
        whatsapp_fila=ler_config_fila(
            {"WHATSAPP_MODELO_CUIDADO": "recado_cuidado:pt_BR:nome,curso:marketing"}
        ),
    )

    await cli._saida(config)

    assert (
        "2027-03 whatsapp: 1 modelo (marketing: 1), 0 entregues; "
        "2 mensagens livres dentro da janela"
    ) in capsys.readouterr().out.splitlines()


async def test_sem_envios_diz_que_nada_saiu(
    motor_banco: AsyncEngine, url_banco: str, capsys: pytest.CaptureFixture[str]
) -> None:
    await cli._saida(Config(database_url=url_banco))

    assert capsys.readouterr().out.splitlines()[-2:] == [
        "Nenhuma mensagem enviada ainda.",
        "Nenhum envio parado nem com falha.",
    ]
