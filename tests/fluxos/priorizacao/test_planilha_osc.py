"""A planilha da OSC (R4, R24): abre no openpyxl, datas como data, CPF mascarado, e texto
digitado por alguém nunca vira fórmula."""

from __future__ import annotations

from datetime import UTC, date, datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook

from armazenamento.planilhas import LinhaDaPlanilha
from fluxos.equipe.planilha_osc import TIPO_XLSX, anexo_da_planilha, nome_do_arquivo
from tests.fluxos.priorizacao.conftest import abrir_planilha

GERADA = datetime(2027, 2, 10, 15, 4, tzinfo=UTC)  # 12h04 em Bauru


def _linha(nome: str, cpf: str | None = "52998224725", social: str = "") -> LinhaDaPlanilha:
    return LinhaDaPlanilha(
        posicao=3,
        nome=nome,
        nome_social=social,
        nascimento=date(2001, 2, 3),
        telefone="14991234567",
        bairro=None,
        curso="Confeitaria",
        turno="noite",
        ano=2027,
        preinscricao_id=42,
        cpf=cpf,
        escolaridade="medio_completo",
    )


def test_r4_planilha_com_os_dados_de_chamar_a_pessoa() -> None:
    anexo = anexo_da_planilha(
        2027, "CRAS Jardim Europa", "Instituto Esperança", [_linha("Ana")], GERADA
    )

    assert anexo.tipo == TIPO_XLSX
    assert anexo.nome == "lista-2027-jardim-europa-instituto-esperanca.xlsx"
    [linha] = abrir_planilha(anexo.dados)
    assert linha == {
        "Posição": 3,
        "Nome": "Ana",
        "Nome social": None,
        "Data de nascimento": datetime(2001, 2, 3),
        "Idade": 26,
        "Menor de 18": "Não",
        "Telefone": "(14) 99123-4567",
        "Bairro": None,
        "Escolaridade": "Médio completo",
        "Curso": "Confeitaria",
        "Opção": "1ª",
        "Turno preferido": "Noite",
        "Protocolo": "2027-000042",
        "CPF": "***.982.247-**",
    }


@pytest.mark.parametrize("nome", ['=HYPERLINK("http://x";"oi")', "=1+1", "=cmd|' /C calc'!A0"])
def test_r24_texto_que_parece_formula_fica_texto(nome: str) -> None:
    anexo = anexo_da_planilha(2027, "CRAS Europa", "OSC", [_linha(nome, social=nome)], GERADA)

    folha = load_workbook(BytesIO(anexo.dados)).active
    assert folha is not None
    nome_lido, social_lido = folha["B6"], folha["C6"]  # título (3 linhas), branco, cabeçalho

    assert (nome_lido.value, nome_lido.data_type) == (nome, "s")  # "f" seria fórmula
    assert (social_lido.value, social_lido.data_type) == (nome, "s")


def test_r4_lista_vazia_so_com_o_cabecalho() -> None:
    assert abrir_planilha(anexo_da_planilha(2027, "C", "O", [], GERADA).dados) == []


@pytest.mark.parametrize(
    ("cras", "osc", "esperado"),
    [
        (
            "CRAS Distrito de Tibiriçá",
            "Instituto Aurora",
            "lista-2027-distrito-de-tibirica-instituto-aurora.xlsx",
        ),
        ("CRAS São/José", "OSC ../../x", "lista-2027-sao-jose-osc-x.xlsx"),
    ],
)
def test_nome_do_arquivo_sem_acento_nem_barra(cras: str, osc: str, esperado: str) -> None:
    assert nome_do_arquivo(2027, cras, osc) == esperado
