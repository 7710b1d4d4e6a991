"""R19: o resumo da semana ao Acessuas Trabalho, com a planilha das desistências novas.

Relógio fixo. Uma vez por semana e por vínculo do Acessuas, nunca duas: nem com a tarefa
rodando de novo na mesma semana, nem em dois processos (dois motores no mesmo banco; no
PostgreSQL, ao mesmo tempo). A planilha vai pela fila como anexo e é aberta no openpyxl.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from io import BytesIO

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from armazenamento.banco import criar_motor, transacao
from armazenamento.modelos import Auditoria
from fluxos.motor import Motor
from fluxos.regras.semana import HorarioSemanal
from fluxos.resumo_acessuas import enviar_resumo_acessuas
from mensagens.tipos import Saida
from tests.conftest import POSTGRESQL
from tests.conversa import Conversa
from tests.fluxos.equipe.conftest import Convidar
from tests.fluxos.equipe.dados_desistencia import (
    COMANDO,
    MUDOU,
    em_bauru,
    fila,
    ids,
    instalar_confirmacao,
    matricular,
)

SEGUNDA_8H = em_bauru(11, hora=8)  # a semana de 4/1 (8h) a 11/1 (8h): a confirmação é no dia 10
PADRAO = HorarioSemanal()


@pytest.fixture
async def equipe(motor: Motor, convidar: Convidar) -> Motor:
    """Maria confirmada no domingo, 10/1; o Acessuas com um vínculo no Telegram e um no
    chat do site (que não recebe pela fila)."""
    instalar_confirmacao(motor)
    i = await ids(motor.banco)
    maria = await matricular(motor.banco, i["T0"], i["CRAS Jardim Europa"], "Maria Souza")
    gestao = Conversa(motor, chat_id="990")
    await gestao.comando("start", (await convidar("gestao")).token)
    assert (await gestao.comando(COMANDO, f"{maria} saude"))[-1].texto == MUDOU
    for canal, chat in (("telegram", "700"), ("web", "701")):
        await Conversa(motor, chat_id=chat, canal=canal).comando(
            "start", (await convidar("acessuas")).token
        )
    return motor


async def _resumos(motor: Motor) -> list[tuple[str, str, str, Saida]]:
    return [r for r in await fila(motor.banco) if r[2].startswith("acessuas:resumo:")]


async def test_r19_resumo_da_semana_com_a_planilha(equipe: Motor) -> None:
    assert await enviar_resumo_acessuas(equipe.banco, SEGUNDA_8H, PADRAO) == 1

    [(canal, chat, chave, saida)] = await _resumos(equipe)
    assert (canal, chat) == ("telegram", "700")
    assert chave.startswith("acessuas:resumo:2027-01-11:membro:")
    assert saida.texto.startswith(
        "Acessuas Trabalho, resumo da semana (04/01/2027 a 11/01/2027): 1 desistência nova."
    )
    anexo = saida.anexo
    assert anexo is not None
    assert anexo.nome == "desistencias-semana-2027-01-04.xlsx"
    folha = load_workbook(BytesIO(anexo.dados)).active
    assert folha is not None
    linhas = list(folha.iter_rows(values_only=True))
    assert linhas[1][0] == "Confirmadas de 04/01/2027 a 11/01/2027"
    assert linhas[5][:4] == ("Maria Souza", 27, "(14) 99123-4567", "CRAS Jardim Europa")
    assert linhas[5][9:] == ("Saúde", datetime(2027, 1, 10))
    assert len(linhas) == 6
    async with transacao(equipe.banco) as c:
        auditoria = (await c.execute(sa.select(Auditoria.acao, Auditoria.alvo))).all()
    assert ("desistentes.resumo", "2027-01-04") in auditoria


async def test_r19_resumo_uma_vez_por_semana_mesmo_rodando_de_novo(equipe: Motor) -> None:
    for momento in (SEGUNDA_8H, em_bauru(11, hora=9), em_bauru(13, hora=20), em_bauru(18, hora=7)):
        await enviar_resumo_acessuas(equipe.banco, momento, PADRAO)
    assert len(await _resumos(equipe)) == 1

    assert await enviar_resumo_acessuas(equipe.banco, em_bauru(18, hora=8), PADRAO) == 1

    resumos = await _resumos(equipe)
    assert len(resumos) == 2
    nada = resumos[1][3]
    assert nada.texto == ("Acessuas Trabalho: nenhuma desistência nova de 11/01/2027 a 18/01/2027.")
    assert nada.anexo is None


async def test_r19_resumo_em_dois_processos_sai_uma_vez(equipe: Motor, url_banco: str) -> None:
    outro = criar_motor(url_banco)  # o segundo processo: outro motor, o mesmo banco
    try:
        rodadas = (
            enviar_resumo_acessuas(equipe.banco, SEGUNDA_8H, PADRAO),
            enviar_resumo_acessuas(outro, em_bauru(11, hora=8, mes=1), PADRAO),
        )
        if POSTGRESQL:  # ao mesmo tempo, de verdade
            feitos = list(await asyncio.gather(*rodadas))
        else:  # o SQLite é um processo por desenho: um depois do outro
            feitos = [await rodadas[0], await rodadas[1]]
    finally:
        await outro.dispose()
    assert sorted(feitos) == [0, 1]
    assert len(await _resumos(equipe)) == 1


async def test_r19_resumo_noutro_dia_e_hora(equipe: Motor) -> None:
    """INCLUSAO_ACESSUAS_RESUMO="sex 17": a semana vai de sexta às 17h a sexta às 17h."""
    sexta = HorarioSemanal(4, 17)
    assert await enviar_resumo_acessuas(equipe.banco, em_bauru(15, hora=16), sexta) == 1
    [(_, _, chave, saida)] = await _resumos(equipe)
    assert chave.startswith("acessuas:resumo:2027-01-08:")  # a de 1º/1 a 8/1: sem Maria
    assert saida.anexo is None
    assert await enviar_resumo_acessuas(equipe.banco, em_bauru(15, hora=17), sexta) == 1
    assert (await _resumos(equipe))[1][3].anexo is not None


async def test_r19_sem_ninguem_do_acessuas_no_chat_nada_entra(motor: Motor) -> None:
    assert await enviar_resumo_acessuas(motor.banco, SEGUNDA_8H, PADRAO) == 0
    assert await fila(motor.banco) == []
