"""R4: a planilha que a OSC recebe se lê sozinha — título (CRAS, ciclo, gerada em, no
horário de Bauru), cabeçalho em negrito com filtro e congelado, idade e menor de idade,
escolaridade, 1ª ou 2ª opção — e cada pessoa tem nela a posição que o técnico do CRAS viu
na tela da priorização (sem renumerar depois de alguém ir para o lado)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from io import BytesIO

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from armazenamento.banco import transacao
from armazenamento.modelos import Ciclo, PreInscricao
from armazenamento.planilhas import LinhaDaPlanilha
from fluxos.equipe.planilha_osc import anexo_da_planilha
from fluxos.motor import Motor
from tests.conversa import Conversa
from tests.fluxos.priorizacao.conftest import (
    FECHADO,
    Entrar,
    Relogio,
    Semente,
    abrir_planilha,
    aprovar_e_enviar,
)

GERADA = datetime(2027, 2, 10, 15, 4, tzinfo=UTC)  # 12h04 em Bauru


def _linha(nascimento: date, opcao: int) -> LinhaDaPlanilha:
    return LinhaDaPlanilha(
        posicao=1,
        nome="Ana Lima",
        nome_social="",
        nascimento=nascimento,
        telefone="14991234567",
        bairro="Vila Falcão",
        curso="Confeitaria",
        turno="tarde",
        ano=2027,
        preinscricao_id=7,
        cpf=None,
        escolaridade="fundamental_incompleto",
        opcao=opcao,
    )


def test_r4_titulo_cabecalho_em_negrito_com_filtro_e_congelado() -> None:
    anexo = anexo_da_planilha(
        2027, "CRAS Jardim Europa", "Instituto Esperança", [_linha(date(2000, 1, 1), 1)], GERADA
    )

    folha = load_workbook(BytesIO(anexo.dados)).active
    assert folha is not None
    assert [folha.cell(row=i, column=1).value for i in (1, 2, 3)] == [
        "Lista do CRAS Jardim Europa para Instituto Esperança",
        "Ciclo 2027",
        "Gerada em 10/02/2027 às 12h04 (horário de Bauru)",
    ]
    assert folha["A5"].value == "Posição"
    assert all(c.font.bold for c in folha[5] if c.value)
    assert folha.auto_filter.ref == "A5:N6"
    assert folha.freeze_panes == "A6"


@pytest.mark.parametrize(
    ("nascimento", "opcao", "idade", "menor", "escrita"),
    [
        (date(2010, 2, 11), 1, 16, "Sim", "1ª"),  # faz 17 amanhã
        (date(2009, 2, 10), 2, 18, "Não", "2ª"),  # faz 18 hoje
        (date(2009, 2, 11), 2, 17, "Sim", "2ª"),
        (date(1960, 5, 1), 1, 66, "Não", "1ª"),
    ],
)
def test_r4_idade_menor_de_idade_escolaridade_e_opcao(
    nascimento: date, opcao: int, idade: int, menor: str, escrita: str
) -> None:
    anexo = anexo_da_planilha(2027, "CRAS X", "OSC", [_linha(nascimento, opcao)], GERADA)

    [linha] = abrir_planilha(anexo.dados)

    assert (linha["Idade"], linha["Menor de 18"], linha["Opção"]) == (idade, menor, escrita)
    assert linha["Escolaridade"] == "Fundamental incompleto"


async def _posicoes_na_tela(tecnica: Conversa, cras_id: int) -> dict[str, int]:
    """Nome → posição, como o técnico lê nas páginas da lista (já enviada)."""
    posicoes: dict[str, int] = {}
    for pagina in (1, 2):
        saidas = await tecnica.aperta(f"cmd:priorizar_lista {cras_id} {pagina}")
        for numero, nome in re.findall(r"^(\d+)\. ([^,]+),", saidas[-1].texto, re.MULTILINE):
            posicoes[nome] = int(numero)
    return posicoes


async def _inscrever_depois_do_envio(motor: Motor, semente: Semente) -> None:
    """Uma pré-inscrição do território que chega depois do envio (ex.: importada)."""
    async with transacao(motor.banco) as c:
        ciclo = (await c.execute(sa.select(Ciclo.id))).scalar_one()
        await c.execute(
            sa.insert(PreInscricao).values(
                ciclo_id=ciclo,
                nome="Zeca Tardio",
                nascimento=date(1990, 1, 1),
                telefone="",
                cras_id=semente.cras["Europa"],
                curso1_id=semente.cursos["Confeitaria"],
                turno="manha",
                escolaridade="medio_completo",
                aviso_versao="1",
                criada_em=FECHADO,
            )
        )


@pytest.mark.parametrize("chegou_depois", [False, True])
async def test_r4_posicoes_da_planilha_sao_as_da_tela_do_cras(
    entrar: Entrar, semente: Semente, relogio: Relogio, motor: Motor, chegou_depois: bool
) -> None:
    europa = semente.cras["Europa"]
    esperanca = await entrar("osc", "7001", canal="telegram", osc_id=semente.osc["Esperança"])
    aurora = await entrar("osc", "7002", canal="telegram", osc_id=semente.osc["Aurora"])
    tecnica = await entrar("cras", "901", cras_id=europa)
    await tecnica.aperta(f"cmd:priorizar_lado {semente.pre['Gabi']} 1 fora_do_perfil")  # era a 2ª
    relogio.fechar()
    await aprovar_e_enviar(tecnica, europa)
    if chegou_depois:
        await _inscrever_depois_do_envio(motor, semente)

    tela = await _posicoes_na_tela(tecnica, europa)
    assert tela.pop("Zeca Tardio", 7) == 7  # quem chegou depois vem no fim, sem renumerar
    assert sorted(tela.values()) == list(range(1, 7))  # sem buraco onde a Gabi estava
    planilhas = []
    for osc in (esperanca, aurora):
        [saida] = [s for s in await osc.comando("listas") if s.anexo is not None]
        assert saida.anexo is not None
        planilhas.extend(abrir_planilha(saida.anexo.dados))

    vistas = {(x["Nome social"] or x["Nome"], x["Posição"]) for x in planilhas}
    assert vistas == set(tela.items())
    bruno = {x["Curso"]: x["Opção"] for x in planilhas if x["Nome"] == "Bruno Souza"}
    assert bruno == {"Marcenaria": "1ª", "Confeitaria": "2ª"}
    assert {x["Escolaridade"] for x in planilhas} == {"Médio completo"}
    folha = load_workbook(BytesIO(saida.anexo.dados)).active
    assert folha is not None
    assert folha["A1"].value == "Lista do CRAS Jardim Europa para Instituto Aurora"
    assert folha["A3"].value == "Gerada em 10/02/2027 às 12h00 (horário de Bauru)"
