"""R19 em cada canal de verdade (o `palco`): Telegram (Application do PTB, Bot API
falsa) e WhatsApp (webhook assinado, fila com janela de 24 h, Graph API falsa).

A técnica da OSC confirma a desistência (o botão vem com os alertas; aqui, o comando de
teste de `dados_desistencia`, no mesmo motor); o despachante da fila entrega à pessoa o
aviso com cuidado e à equipe do Acessuas o aviso curto; a equipe toca em "Ver
desistências" e vê a lista; na segunda às 8h, o resumo da semana chega com a planilha
(documento), aberta aqui com openpyxl, uma vez só.
"""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from armazenamento.banco import transacao
from armazenamento.equipe import Escopo, criar_convite
from fluxos.montagem import criar_motor_de_conversa
from fluxos.motor import Motor
from fluxos.regras.semana import HorarioSemanal
from fluxos.resumo_acessuas import enviar_resumo_acessuas
from tests.bot.canais_de_conversa import FabricaDeMotor, Palco, Pessoa
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
def relogio_da_conversa() -> Relogio:
    return Relogio()


@pytest.fixture
def fabrica_da_conversa(sessoes: Sessoes, relogio_da_conversa: Relogio) -> FabricaDeMotor:
    """O motor da partida com o "Confirmar desistência" do alerta instalado."""

    def fabrica() -> Motor:
        motor = criar_motor_de_conversa(sessoes.kw["bind"], relogio=relogio_da_conversa)
        instalar_confirmacao(motor)
        return motor

    return fabrica


async def _entrar(sessoes: Sessoes, pessoa: Pessoa, escopo: Escopo) -> None:
    async with transacao(sessoes.kw["bind"]) as conexao:
        token = (await criar_convite(conexao, escopo, AGORA, timedelta(days=3))).token
    await pessoa.comando(f"/start {token}")


async def test_r19_confirmada_chega_ao_acessuas_e_ao_resumo(palco: Palco, sessoes: Sessoes) -> None:
    """A pessoa da desistência conversou ontem pelo canal: recebe o aviso como mensagem
    livre (no WhatsApp, dentro da janela de 24 h)."""
    banco = sessoes.kw["bind"]
    i = await ids(banco)
    maria = await matricular(
        banco,
        i["T0"],
        i["CRAS Jardim Europa"],
        "Maria Souza",
        chat_id=palco.chat_id(PESSOA),
        canal=palco.canal,
    )
    pessoa = palco.pessoa(PESSOA)
    await pessoa.diz("oi")  # conversou ontem (o relógio da fila é o dia seguinte)
    for dia, marca in ((4, "presente"), (6, "falta"), (7, "falta"), (8, "falta")):
        await marcar(banco, await encontro(banco, i["T0"], em_bauru(dia)), maria, marca)
    tecnica, acessuas = palco.pessoa(OSC), palco.pessoa(ACESSUAS)
    await _entrar(sessoes, tecnica, Escopo("osc", osc_id=i["osc"]))
    await _entrar(sessoes, acessuas, Escopo("acessuas"))
    antes = len(acessuas.recebidas)

    await tecnica.comando(f"/confirmar_teste {maria} faltas_seguidas")
    await tecnica.comando(f"/confirmar_teste {maria} faltas_seguidas")  # de novo: nada
    assert isinstance(palco.relogio, Relogio)
    palco.relogio.agora = em_bauru(11, hora=9)  # a fila no dia seguinte
    assert await palco.entregar() == 2

    assert pessoa.ultima.texto.startswith("Anotamos que você saiu do curso de Confeitaria.")
    [aviso] = acessuas.desde(antes)
    assert "Maria" not in aviso.texto and aviso.rotulos == ["Ver desistências"]
    await acessuas.toca("Ver desistências", em=aviso)
    assert "Maria Souza" in acessuas.ultima.texto
    assert "Frequência: 4 h de 16 h (25%). Motivo: Faltas seguidas." in acessuas.ultima.texto

    assert await enviar_resumo_acessuas(banco, em_bauru(11, hora=8), HorarioSemanal()) == 1
    assert await enviar_resumo_acessuas(banco, em_bauru(11, hora=8), HorarioSemanal()) == 0
    assert await palco.entregar() == 1
    assert await palco.entregar() == 0

    [documento] = palco.documentos(ACESSUAS)
    assert documento.legenda.startswith("Acessuas Trabalho, resumo da semana")
    assert documento.nome.endswith(".xlsx")
    folha = load_workbook(BytesIO(documento.dados)).active
    assert folha is not None
    linhas = list(folha.iter_rows(min_row=6, values_only=True))
    assert [(x[0], x[3], x[4], x[8], x[9]) for x in linhas] == [
        ("Maria Souza", "CRAS Jardim Europa", "Confeitaria", 0.25, "Faltas seguidas")
    ]
    assert palco.documentos(PESSOA) == [] and palco.documentos(OSC) == []
    palco.conferir_entregas()
