"""Planilhas e CSV como o Excel, o LibreOffice, o Google Sheets e o WPS salvam de verdade.

Cada caso é uma forma real de uma célula, de um cabeçalho ou de um arquivo, gerada aqui
(openpyxl para .xlsx; o XML reescrito dentro do zip para o tamanho de aba errado), e a
importação tem de dar o mesmo programa: o mesmo CRAS, a mesma data, a mesma hora.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from armazenamento.importacao import importar
from armazenamento.modelos import Ciclo, Cras, Encontro, Turma
from armazenamento.tempo import FUSO

HOJE = date(2026, 11, 20)
Tabelas = dict[str, list[list[object]]]  # aba -> filas (a primeira é o cabeçalho)


def programa(**trocas: object) -> Tabelas:
    """O programa mínimo; `trocas` põe a variante numa célula (ex.: hora=...)."""
    celula = {
        "cras": "CRAS Noroeste",
        "cita": "CRAS Noroeste",  # o CRAS que o bairro cita
        "endereco": "rua X, 1-10",
        "inicio": "05/01/2027",
        "capacidade": 15,
        "ano": 2027,
        "data": "12/02/2027",
        "hora": "14:00",
    } | trocas
    return {
        "cras": [["nome", "endereco"], [celula["cras"], celula["endereco"]]],
        "bairros": [["nome", "cras"], ["Vila Falcão", celula["cita"]]],
        "oscs": [["nome"], ["Oficina"]],
        "cursos": [["nome", "osc"], ["Confeitaria", "Oficina"]],
        "ciclos": [
            ["ano", "preinscricao_inicio", "preinscricao_fim"],
            [celula["ano"], celula["inicio"], "31/01/2027"],
        ],
        "turmas": [
            ["codigo", "ano", "curso", "turno", "capacidade"],
            ["CONF-T1", 2027, "Confeitaria", "tarde", celula["capacidade"]],
        ],
        "encontros": [["turma", "data", "hora"], ["CONF-T1", celula["data"], celula["hora"]]],
    }


def xlsx(tabelas: Tabelas, caminho: Path, formatos: dict[str, str] | None = None) -> Path:
    """Uma aba por tabela; `formatos` dá o formato de número da célula que tem a variante."""
    livro = openpyxl.Workbook()
    livro.remove(livro.active)  # type: ignore[arg-type]
    for nome, filas in tabelas.items():
        folha = livro.create_sheet(nome)
        for fila in filas:
            folha.append(fila)
    for referencia, formato in (formatos or {}).items():
        aba, celula = referencia.split("!")
        livro[aba][celula].number_format = formato
    livro.save(caminho)
    return caminho


def com_tamanho_errado(caminho: Path) -> Path:
    """Reescreve `<dimension ref="..."/>` de cada aba como "A1", como alguns geradores."""
    errado = caminho.with_name("errado.xlsx")
    with zipfile.ZipFile(caminho) as origem, zipfile.ZipFile(errado, "w") as destino:
        for item in origem.infolist():
            dados = origem.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                dados = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1"/>', dados)
            destino.writestr(item, dados)
    return errado


def csv_pasta(tabelas: Tabelas, pasta: Path, sep: str = ",", codificacao: str = "utf-8") -> Path:
    """Um .csv por tabela; aspas só onde o separador aparece, fim de linha CRLF."""
    pasta.mkdir(parents=True, exist_ok=True)
    for nome, filas in tabelas.items():
        linhas = [sep.join(_campo(valor, sep) for valor in fila) for fila in filas]
        (pasta / f"{nome}.csv").write_bytes("\r\n".join(linhas).encode(codificacao) + b"")
    return pasta


def _campo(valor: object, sep: str) -> str:
    texto = "" if valor is None else str(valor)
    return f'"{texto}"' if sep in texto or '"' in texto else texto


async def _um(sessoes: async_sessionmaker[AsyncSession], modelo: type) -> object:
    async with sessoes() as sessao:
        linhas: list[object] = list((await sessao.execute(select(modelo))).scalars().all())
        assert len(linhas) == 1, linhas
        return linhas[0]


async def _hora_local(sessoes: async_sessionmaker[AsyncSession]) -> datetime:
    encontro = await _um(sessoes, Encontro)
    assert isinstance(encontro, Encontro)
    return encontro.inicio.astimezone(FUSO).replace(tzinfo=None)


# --- células de hora ---------------------------------------------------------------------

HORAS_EM_TEXTO = ["14:00:00", "14:00h", "14hs", "2:00 PM", "2:00\u202fPM", "2 pm", " 14:00:00\xa0"]


@pytest.mark.parametrize(
    ("valor", "formato"),
    [
        pytest.param(timedelta(hours=14), "[h]:mm:ss", id="duracao-[h]:mm:ss"),
        pytest.param(0.5833, "General", id="fracao-do-dia-sem-formato"),
        pytest.param(14, "General", id="numero-14"),
        *(pytest.param(t, "@", id=f"texto-{t!r}") for t in HORAS_EM_TEXTO),
    ],
)
async def test_hora_da_planilha_como_foi_salva(
    sessoes: async_sessionmaker[AsyncSession], tmp_path: Path, valor: object, formato: str
) -> None:
    planilha = xlsx(programa(hora=valor), tmp_path / "p.xlsx", {"encontros!C2": formato})
    await importar(planilha, sessoes, HOJE)
    assert await _hora_local(sessoes) == datetime(2027, 2, 12, 14, 0)


@pytest.mark.parametrize("valor", HORAS_EM_TEXTO)
async def test_hora_do_csv_como_foi_salva(
    sessoes: async_sessionmaker[AsyncSession], tmp_path: Path, valor: str
) -> None:
    await importar(csv_pasta(programa(hora=valor), tmp_path / "csv"), sessoes, HOJE)
    assert await _hora_local(sessoes) == datetime(2027, 2, 12, 14, 0)


# --- células de data ---------------------------------------------------------------------

DATAS_EM_TEXTO = [
    "5/1/27",  # LibreOffice em português: data curta com ano de 2 dígitos
    "05/01/27",
    "2027-01-05 00:00:00",  # data com hora zerada (Google Sheets, exportações de sistemas)
    "05/01/2027 00:00:00",
    "05/01/2027 00:00",
    "05-01-2027",
    "05.01.2027",
]


@pytest.mark.parametrize(
    ("valor", "formato"),
    [
        pytest.param(46392, "General", id="serie-do-excel-sem-formato"),
        pytest.param(46392.0, "0", id="serie-do-excel-como-numero"),
        *(pytest.param(t, "@", id=f"texto-{t}") for t in DATAS_EM_TEXTO),
    ],
)
async def test_data_da_planilha_como_foi_salva(
    sessoes: async_sessionmaker[AsyncSession], tmp_path: Path, valor: object, formato: str
) -> None:
    planilha = xlsx(programa(inicio=valor), tmp_path / "p.xlsx", {"ciclos!B2": formato})
    await importar(planilha, sessoes, HOJE)
    ciclo = await _um(sessoes, Ciclo)
    assert isinstance(ciclo, Ciclo) and ciclo.preinscricao_inicio == date(2027, 1, 5)


@pytest.mark.parametrize("valor", DATAS_EM_TEXTO)
async def test_data_do_csv_como_foi_salva(
    sessoes: async_sessionmaker[AsyncSession], tmp_path: Path, valor: str
) -> None:
    await importar(csv_pasta(programa(inicio=valor), tmp_path / "csv", ";"), sessoes, HOJE)
    ciclo = await _um(sessoes, Ciclo)
    assert isinstance(ciclo, Ciclo) and ciclo.preinscricao_inicio == date(2027, 1, 5)


# --- números e textos --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("trocas", "campo", "esperado"),
    [
        pytest.param({"capacidade": "15.0"}, "capacidade", 15, id="inteiro-salvo-como-15.0"),
        pytest.param({"capacidade": "15,0"}, "capacidade", 15, id="inteiro-salvo-como-15,0"),
        pytest.param({"ano": "2027.0"}, "ano", 2027, id="ano-salvo-como-2027.0"),
    ],
)
@pytest.mark.parametrize("formato", ["xlsx", "csv"])
async def test_inteiro_salvo_como_numero_decimal(
    sessoes: async_sessionmaker[AsyncSession],
    tmp_path: Path,
    formato: str,
    trocas: dict[str, object],
    campo: str,
    esperado: int,
) -> None:
    tabelas = programa(**trocas)
    origem = (
        xlsx(tabelas, tmp_path / "p.xlsx")
        if formato == "xlsx"
        else csv_pasta(tabelas, tmp_path / "csv", ";")
    )
    await importar(origem, sessoes, HOJE)
    turma, ciclo = await _um(sessoes, Turma), await _um(sessoes, Ciclo)
    assert isinstance(turma, Turma) and isinstance(ciclo, Ciclo)
    assert {"capacidade": turma.capacidade, "ano": ciclo.ano}[campo] == esperado


@pytest.mark.parametrize(
    "nome",
    [
        "CRAS\xa0Noroeste",  # NBSP: colado de uma página da web
        "CRAS\u202fNoroeste",  # espaço fino que não quebra
        "CRAS \xa0 Noroeste",
    ],
)
@pytest.mark.parametrize("formato", ["xlsx", "csv"])
async def test_espaco_que_nao_quebra_vira_espaco_comum(
    sessoes: async_sessionmaker[AsyncSession], tmp_path: Path, formato: str, nome: str
) -> None:
    tabelas = programa(cras=nome)
    origem = (
        xlsx(tabelas, tmp_path / "p.xlsx") if formato == "xlsx" else csv_pasta(tabelas, tmp_path)
    )
    await importar(origem, sessoes, HOJE)
    cras = await _um(sessoes, Cras)
    assert isinstance(cras, Cras) and cras.nome == "CRAS Noroeste"
