"""Achado 7 do issue 11: um modelo mal configurado (132001 nome que não existe, 132015
pausado…) não falha em silêncio. A linha espera na fila (nada se perde: sai quando o
modelo é consertado), o registro leva um WARNING com o código e o modelo (nunca a
pessoa), e `inclusao saida` mostra as falhas por código, com o que conferir.
Banco real → despachante real → fila do WhatsApp → Graph API falsa."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from armazenamento.falhas_envio import falhas_por_codigo
from bot.cli_falhas import linhas_de_falhas
from bot.config_modelos import ConfigFila
from tests.bot.test_whatsapp_fila import (  # noqa: F401  (fixtures)
    ANA,
    BETO,
    INICIO,
    Fabrica,
    Tempo,
    convocacao,
    enfileirar,
    fazer,
    graph,
    linha,
    tempo,
)
from tests.falsos.graph_api import GraphApiFalsa

# (código da Meta, a linha fica, a linha de `inclusao saida`)
CASOS = [
    (132001, "pendente", "- whatsapp, esperando: 132001 (modelo inexistente (nome ou idioma))"),
    (132015, "pendente", "- whatsapp, esperando: 132015 (modelo pausado)"),
    (132016, "pendente", "- whatsapp, esperando: 132016 (modelo desativado)"),
    (132005, "falhou", "- whatsapp, falhou: 132005 (texto do modelo longo demais)"),
    (131009, "falhou", "- whatsapp, falhou: 131009"),
]


@pytest.mark.parametrize(("codigo", "estado", "na_saida"), CASOS)
async def test_modelo_recusado_fica_visivel_no_registro_e_no_saida(
    fazer: Fabrica,
    graph: GraphApiFalsa,
    motor_banco: AsyncEngine,
    tempo: Tempo,
    caplog: pytest.LogCaptureFixture,
    codigo: int,
    estado: str,
    na_saida: str,
) -> None:
    await enfileirar(motor_banco, ANA, convocacao("Ana"), "conv:ana", INICIO)
    await enfileirar(motor_banco, BETO, convocacao("Beto"), "conv:beto", INICIO)
    graph.falhar(codigo, vezes=2)  # as duas, fora da janela, vão de modelo
    despachante = fazer()

    with caplog.at_level(logging.WARNING):
        await despachante.esvaziar()

    ana = await linha(motor_banco, "conv:ana")
    assert ana.estado == estado and ana.ultimo_erro.startswith(f"whatsapp:{codigo} ")
    avisos = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any(str(codigo) in a for a in avisos), avisos
    for proibido in (ANA, BETO, "Ana", "Beto", "Confeitaria"):  # nada da pessoa
        assert proibido not in caplog.text
    async with motor_banco.connect() as conexao:
        linhas = linhas_de_falhas(await falhas_por_codigo(conexao), ConfigFila())
    assert f"{na_saida}, modelo convocacao_curso: 2" in linhas, linhas

    if estado == "pendente":  # recusado: um WARNING só (não um por pessoa), e o alerta
        assert len([a for a in avisos if "convocacao_curso" in a]) == 1, avisos
        assert linhas[0].startswith(
            f"Atenção: o WhatsApp recusou o modelo convocacao_curso (erro {codigo}"
        )
        assert "WHATSAPP_MODELO_CONVOCACAO" in linhas[0]
        assert ana.tentativas == 0 and ana.proxima_em == INICIO + timedelta(hours=1)
        tempo.andar(hours=1)  # consertaram o modelo na Meta: na hora seguinte, saem
        await despachante.esvaziar()
        assert graph.enviadas(ANA) and graph.enviadas(BETO)
        assert (await linha(motor_banco, "conv:ana")).estado == "enviada"
