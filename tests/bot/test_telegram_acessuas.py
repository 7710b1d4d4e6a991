"""R19 em cada canal de verdade (`nome_canal`): Telegram (Application do PTB, Bot API
falsa) e WhatsApp (webhook assinado, fila com janela de 24 h, Graph API falsa).

A técnica da OSC confirma a desistência (o botão vem com os alertas; aqui, o comando de
teste de `dados_desistencia`, no mesmo motor); o despachante da fila entrega à pessoa o
aviso com cuidado e à equipe do Acessuas o aviso curto; a equipe toca em "Ver
desistências" e vê a lista; na segunda às 8h, o resumo da semana chega com a planilha
(documento), aberta aqui com openpyxl, uma vez só.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from io import BytesIO
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from armazenamento.banco import transacao
from armazenamento.equipe import Escopo, criar_convite
from fluxos.montagem import criar_motor_de_conversa
from fluxos.regras.semana import HorarioSemanal
from fluxos.resumo_acessuas import enviar_resumo_acessuas
from tests.bot.palco_canais import abrir_canal, entregar, nome_canal  # noqa: F401  (fixture)
from tests.dados import semear_programa
from tests.fluxos.conftest import AGORA
from tests.fluxos.convocacao.conftest import Relogio
from tests.fluxos.equipe.dados_desistencia import (
    em_bauru,
    encontro,
    ids,
    instalar_confirmacao,
    marcar,
    matricular,
)

PESSOA, OSC, ACESSUAS = 7_300_001, 7_300_002, 7_300_003
Sessoes = async_sessionmaker[AsyncSession]


@pytest.fixture
async def canal(sessoes: Sessoes, nome_canal: str) -> AsyncIterator[Any]:
    await semear_programa(sessoes, AGORA.date())
    motor = criar_motor_de_conversa(sessoes.kw["bind"], relogio=lambda: AGORA)
    instalar_confirmacao(motor)
    async with abrir_canal(nome_canal, motor, lambda: AGORA) as pronto:
        yield pronto


async def _entrar(sessoes: Sessoes, pessoa: Any, escopo: Escopo) -> None:
    async with transacao(sessoes.kw["bind"]) as conexao:
        token = (await criar_convite(conexao, escopo, AGORA, timedelta(days=3))).token
    await pessoa.comando(f"/start {token}")


async def test_r19_confirmada_chega_ao_acessuas_e_ao_resumo(canal: Any, sessoes: Sessoes) -> None:
    """A pessoa da desistência conversou ontem pelo canal: recebe o aviso como mensagem
    livre (no WhatsApp, dentro da janela de 24 h)."""
    banco = sessoes.kw["bind"]
    i = await ids(banco)
    maria = await matricular(
        banco,
        i["T0"],
        i["CRAS Jardim Europa"],
        "Maria Souza",
        chat_id=canal.chat(PESSOA),
        canal=canal.nome,
    )
    pessoa = canal.pessoa(PESSOA)
    await pessoa.diz("oi")  # conversou ontem (o relógio da fila é o dia seguinte)
    for dia, marca in ((4, "presente"), (6, "falta"), (7, "falta"), (8, "falta")):
        await marcar(banco, await encontro(banco, i["T0"], em_bauru(dia)), maria, marca)
    tecnica, acessuas = canal.pessoa(OSC), canal.pessoa(ACESSUAS)
    await _entrar(sessoes, tecnica, Escopo("osc", osc_id=i["osc"]))
    await _entrar(sessoes, acessuas, Escopo("acessuas"))
    antes = len(acessuas.recebidas)

    await tecnica.comando(f"/confirmar_teste {maria} faltas_seguidas")
    await tecnica.comando(f"/confirmar_teste {maria} faltas_seguidas")  # de novo: nada
    relogio = Relogio(em_bauru(11, hora=9))
    despachante = canal.despachante(relogio)
    assert await entregar(despachante, relogio) == 2

    assert pessoa.ultima.texto.startswith("Anotamos que você saiu do curso de Confeitaria.")
    [aviso] = acessuas.desde(antes)
    assert "Maria" not in aviso.texto and aviso.rotulos == ["Ver desistências"]
    await acessuas.toca("Ver desistências", em=aviso)
    assert "Maria Souza" in acessuas.ultima.texto
    assert "Frequência: 4 h de 16 h (25%). Motivo: Faltas seguidas." in acessuas.ultima.texto

    assert await enviar_resumo_acessuas(banco, em_bauru(11, hora=8), HorarioSemanal()) == 1
    assert await enviar_resumo_acessuas(banco, em_bauru(11, hora=8), HorarioSemanal()) == 0
    assert await entregar(despachante, relogio) == 1
    assert await entregar(despachante, relogio) == 0

    [documento] = canal.documentos(ACESSUAS)
    assert documento.legenda.startswith("Acessuas Trabalho, resumo da semana")
    assert documento.nome.endswith(".xlsx")
    folha = load_workbook(BytesIO(documento.dados)).active
    assert folha is not None
    linhas = list(folha.iter_rows(min_row=6, values_only=True))
    assert [(x[0], x[3], x[4], x[8], x[9]) for x in linhas] == [
        ("Maria Souza", "CRAS Jardim Europa", "Confeitaria", 0.25, "Faltas seguidas")
    ]
    assert canal.documentos(PESSOA) == [] and canal.documentos(OSC) == []
    canal.conferir_entregas()
