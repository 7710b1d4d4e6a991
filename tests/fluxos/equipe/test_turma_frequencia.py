"""A turma num olhar para o instrutor, a OSC e a gestão (R16, R24): a frequência por horas
de cada pessoa, quem está abaixo de 75% e quem não alcança mais, numa mensagem que cabe
no celular; e a planilha da turma com as horas por módulo e a projeção."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from openpyxl import load_workbook

from fluxos.motor import Motor
from mensagens.catalogo import texto
from mensagens.tipos import Saida
from tests.conversa import Conversa
from tests.fluxos.dados_frequencia import chamadas, encontros, matricular, turma
from tests.fluxos.equipe.conftest import Convidar

# 10 encontros de 4 h (3 h de aprendizagem + 1 h de desenvolvimento pessoal), 4 com chamada
MARCAS = {
    "Ana Lima": "PPPP",  # 100%
    "Bia Souza": "PPPF",  # exatamente 75%: não está abaixo
    "Caio Dias": "PPFF",  # 50%: abaixo, ainda alcança
    "Davi Reis": "FFFF",  # 0%: não alcança mais (16 de 40 h possíveis... 24 < 30)
}


async def _turma_com_15(motor: Motor) -> int:
    t0 = await turma(motor.banco)
    ids = await encontros(motor.banco, t0, 10)
    marcas = {}
    for nome, codigo in MARCAS.items():
        marcas[await matricular(motor.banco, t0, nome, telefone="14991234567")] = codigo
    for i in range(11):  # o resto da turma, todos presentes: 15 pessoas
        marcas[await matricular(motor.banco, t0, f"Pessoa Número {i:02d} da Silva")] = "PPPP"
    await chamadas(motor.banco, ids, marcas)
    return t0


@pytest.mark.parametrize("papel", ["instrutor", "osc", "gestao"])
async def test_r16_r24_turma_num_olhar(
    tecnica: Conversa, convidar: Convidar, motor: Motor, papel: str
) -> None:
    t0 = await _turma_com_15(motor)
    escopo = {"turma_id": t0} if papel == "instrutor" else {}
    await tecnica.comando("start", (await convidar(papel, **escopo)).token)

    [tela] = await tecnica.comando("turma", str(t0))

    linhas = tela.texto.splitlines()
    assert "Encontros já realizados: 4." in linhas
    assert "Frequência por horas (mínimo 75%):" in linhas
    assert "1. Ana Lima: 100%" in linhas
    assert "2. Bia Souza: 75%" in linhas  # R16: exatamente 75% vale
    assert "3. Caio Dias: 50% (abaixo)" in linhas
    assert "4. Davi Reis: 0% (não alcança)" in linhas
    assert "15. Pessoa Número 10 da Silva: 100%" in linhas
    assert texto("frequencia.turma.contagem", abaixo=2, sem_volta=1) in linhas
    assert linhas[-1] == texto("frequencia.turma.legenda")
    assert len(tela.texto) < 1200  # cabe no celular sem rolar muito
    for dado in ("99123", "CPF", "telefone", "2000"):  # R24: só nome e frequência
        assert dado not in tela.texto
    assert [b.rotulo for b in tela.botoes] == [
        "Fazer chamada",
        "Planilha da turma",
        "Voltar às turmas",
    ]


async def test_r16_turma_sem_ninguem_marcado_nao_mostra_legenda(
    tecnica: Conversa, convidar: Convidar, motor: Motor
) -> None:
    t0 = await turma(motor.banco)
    await encontros(motor.banco, t0, 4)
    await matricular(motor.banco, t0, "Ana Lima")
    await tecnica.comando("start", (await convidar("osc")).token)

    [tela] = await tecnica.comando("turma", str(t0))

    assert "Encontros já realizados: 0." in tela.texto
    assert tela.texto.endswith("1. Ana Lima: sem aula ainda")
    assert texto("frequencia.turma.legenda") not in tela.texto


def _abrir(saida: Saida) -> list[dict[str, Any]]:
    assert saida.anexo is not None
    folha = load_workbook(BytesIO(saida.anexo.dados)).active
    assert folha is not None
    cabecalho = int(folha.auto_filter.ref.split(":")[0][1:])
    linhas = list(folha.iter_rows(min_row=cabecalho, values_only=True))
    colunas = [str(c) for c in linhas[0]]
    return [dict(zip(colunas, linha, strict=True)) for linha in linhas[1:]]


@pytest.mark.parametrize(("papel", "ve_telefone"), [("instrutor", False), ("osc", True)])
async def test_r7_r16_planilha_da_turma_com_horas_por_modulo_e_projecao(
    tecnica: Conversa, convidar: Convidar, motor: Motor, papel: str, ve_telefone: bool
) -> None:
    t0 = await _turma_com_15(motor)
    escopo = {"turma_id": t0} if papel == "instrutor" else {}
    await tecnica.comando("start", (await convidar(papel, **escopo)).token)

    saidas = await tecnica.comando("turma_planilha", str(t0))

    [arquivo] = [s for s in saidas if s.anexo is not None]
    linhas = _abrir(arquivo)
    assert len(linhas) == 15
    frequencia = [
        "Aprendizagem (horas)",
        "Desenv. pessoal (horas)",
        "Desenv. gerencial (horas)",
        "Horas realizadas",
        "Frequência da fase (%)",
        "Pode alcançar 75%",
        "Encontros que ainda pode faltar",
    ]
    assert list(linhas[0])[-7:] == frequencia
    assert ("Telefone" in linhas[0]) is ve_telefone
    por_nome = {linha["Nome"]: [linha[c] for c in frequencia] for linha in linhas}
    # 16 h realizadas; 24 h pela frente (6 encontros); 75% de 40 h = 30 h
    assert por_nome["Ana Lima"] == [12, 4, 0, 16, 100, "Sim", 2]
    assert por_nome["Bia Souza"] == [9, 3, 0, 16, 75, "Sim", 1]  # exatamente 75%
    assert por_nome["Caio Dias"] == [6, 2, 0, 16, 50, "Sim", 0]
    assert por_nome["Davi Reis"] == [0, 0, 0, 16, 0, "Não", 0]


async def test_equipe_que_digita_frequencia_vai_para_as_turmas(
    tecnica: Conversa, convidar: Convidar, motor: Motor
) -> None:
    await tecnica.comando("start", (await convidar("instrutor")).token)
    [resposta] = await tecnica.diz("frequência")
    assert resposta.texto.startswith("Turmas (1 a 1 de 1):")
    cras = Conversa(motor, chat_id="901")
    await cras.comando("start", (await convidar("cras")).token)
    [resposta] = await cras.diz("frequência")
    assert resposta.texto.startswith("Isso não faz parte do seu papel")
