"""Textos hostis numa planilha de fora: recusados com motivo, nada gravado."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from armazenamento.importacao import ErroImportacao, importar
from tests.armazenamento.auxiliar_importacao import contar, escrever_xlsx
from tests.armazenamento.test_importacao import HOJE

HOSTIS = [
    ("A" * 65536, "texto longo demais (65536 caracteres; máximo 120)"),
    ("CRAS\x00Noroeste", "caractere de controle"),
    ("CRAS \u202eetseoroN", "caractere de controle"),  # RLO: inverte o texto na tela
    ("CRAS\u200bNoroeste", "caractere de controle"),  # espaço invisível
    ("<script>alert(1)</script>", "sinais < ou >"),
    ('<a href="http://golpe.example">CRAS</a>', "sinais < ou >"),
    ('=HYPERLINK("http://golpe.example")', "fórmula de planilha"),
]

# Fora do xlsx: NUL (o openpyxl nem grava) e fórmula (lida pelo valor calculado, abaixo).
HOSTIS_XLSX = [h for h in HOSTIS if "\x00" not in h[0] and not h[0].startswith("=")]


def _csv(pasta: Path, nome: str) -> Path:
    pasta.mkdir()
    with (pasta / "cras.csv").open("w", encoding="utf-8", newline="") as arquivo:
        csv.writer(arquivo).writerows([["nome", "telefone"], ["CRAS Noroeste", ""], [nome, ""]])
    return pasta


@pytest.mark.parametrize(("hostil", "motivo"), HOSTIS)
async def test_texto_hostil_em_csv(
    sessoes: async_sessionmaker[AsyncSession], tmp_path: Path, hostil: str, motivo: str
) -> None:
    with pytest.raises(ErroImportacao) as erro:
        await importar(_csv(tmp_path / "csv", hostil), sessoes, HOJE)
    (unico,) = erro.value.erros
    assert (unico.origem, unico.linha) == ("cras.csv", 3)
    assert unico.motivo.startswith("nome: ") and motivo in unico.motivo
    assert len(str(erro.value)) < 400  # a mensagem não repete os 64 KB
    assert set((await contar(sessoes)).values()) == {0}


@pytest.mark.parametrize(("hostil", "motivo"), HOSTIS_XLSX)
async def test_texto_hostil_em_xlsx(
    sessoes: async_sessionmaker[AsyncSession], tmp_path: Path, hostil: str, motivo: str
) -> None:
    tabelas: dict[str, list[dict[str, object]]] = {
        "cras": [{"nome": "CRAS Noroeste"}],
        "oscs": [{"nome": "Oficina"}],
        "cursos": [{"nome": "Confeitaria", "osc": "Oficina", "descricao": hostil}],
    }
    with pytest.raises(ErroImportacao) as erro:
        await importar(escrever_xlsx(tabelas, tmp_path / "p.xlsx"), sessoes, HOJE)
    (unico,) = erro.value.erros
    assert (unico.origem, unico.linha) == ("aba cursos", 2)
    assert unico.motivo.startswith("descricao: ")
    if "longo" not in motivo:
        assert motivo in unico.motivo
    assert set((await contar(sessoes)).values()) == {0}


async def test_nul_em_toml(sessoes: async_sessionmaker[AsyncSession], tmp_path: Path) -> None:
    (tmp_path / "p.toml").write_text('[[cras]]\nnome = "CRAS\\u0000Noroeste"\n', encoding="utf-8")
    with pytest.raises(ErroImportacao) as erro:
        await importar(tmp_path / "p.toml", sessoes, HOJE)
    assert "caractere de controle" in erro.value.erros[0].motivo


async def test_valor_de_tipo_estranho_em_toml(
    sessoes: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    (tmp_path / "p.toml").write_text("[[cras]]\nnome = { a = 1 }\n", encoding="utf-8")
    with pytest.raises(ErroImportacao) as erro:
        await importar(tmp_path / "p.toml", sessoes, HOJE)
    assert "esperava um texto" in erro.value.erros[0].motivo


async def test_quebra_de_linha_na_celula_vira_espaco(
    sessoes: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    tabelas: dict[str, list[dict[str, object]]] = {
        "cras": [{"nome": "  CRAS\nNoroeste\t ", "telefone": 1432345678}]
    }
    relatorio = await importar(escrever_xlsx(tabelas, tmp_path / "p.xlsx"), sessoes, HOJE)
    assert relatorio.criados["cras"] == 1


async def test_formula_do_xlsx_nunca_e_gravada_como_texto(
    sessoes: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    """A planilha é lida pelo valor calculado; sem valor calculado, a célula conta como vazia."""
    tabelas: dict[str, list[dict[str, object]]] = {
        "cras": [{"nome": "CRAS Noroeste", "endereco": '=HYPERLINK("http://golpe.example")'}],
        "oscs": [{"nome": '=CONCAT("a";"b")', "endereco": "rua X, 1-10"}],
    }
    with pytest.raises(ErroImportacao) as erro:
        await importar(escrever_xlsx(tabelas, tmp_path / "p.xlsx"), sessoes, HOJE)
    assert [(e.origem, e.linha, e.motivo) for e in erro.value.erros] == [
        ("aba oscs", 2, "'nome' está vazio")
    ]
