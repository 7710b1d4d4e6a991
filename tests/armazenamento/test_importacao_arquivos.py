"""O arquivo inteiro como cada programa salva: abas, cabeçalhos, codificações, separadores.

E nenhuma aba pulada em silêncio: a aba vazia ou ignorada aparece nos avisos, e um
arquivo sem nenhuma linha de dados não é uma importação que deu certo.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from armazenamento.importacao import ErroImportacao, Relatorio, importar
from armazenamento.modelos import Cras
from tests.armazenamento.auxiliar_importacao import contar
from tests.armazenamento.test_importacao_variantes import (
    HOJE,
    Tabelas,
    _hora_local,
    _um,
    com_tamanho_errado,
    csv_pasta,
    programa,
    xlsx,
)

TUDO = {
    "cras": 1,
    "bairros": 1,
    "oscs": 1,
    "cursos": 1,
    "ciclos": 1,
    "turmas": 1,
    "encontros": 1,
}


def _avisos(relatorio: Relatorio) -> list[str]:
    return [str(aviso) for aviso in relatorio.avisos]


# --- abas ---------------------------------------------------------------------------------


async def test_aba_com_tamanho_declarado_errado_importa_tudo(
    sessoes: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    """`<dimension ref="A1"/>`: o openpyxl só-leitura leria só a célula A1 de cada aba."""
    planilha = com_tamanho_errado(xlsx(programa(), tmp_path / "p.xlsx"))
    relatorio = await importar(planilha, sessoes, HOJE)
    assert relatorio.totais == TUDO
    assert await contar(sessoes) == TUDO
    cras = await _um(sessoes, Cras)
    assert isinstance(cras, Cras) and cras.endereco == "rua X, 1-10"  # a coluna B também


@pytest.mark.parametrize(
    ("abas_extras", "aviso"),
    [
        pytest.param({"Planilha2": []}, "aba Planilha2: vazia, ignorada", id="excel-pt"),
        pytest.param({"Sheet2": [], "Sheet3": []}, "aba Sheet3: vazia, ignorada", id="excel-en"),
        pytest.param({"Página2": [[None, None]]}, "aba Página2: vazia", id="google-sheets"),
        pytest.param(
            {"_leia-me": [["Preencha uma linha por turma."]]},
            "aba _leia-me: ignorada (o nome começa com _)",
            id="aba-de-anotacoes",
        ),
    ],
)
async def test_aba_extra_vazia_ou_de_anotacao_e_avisada_e_nao_impede(
    sessoes: async_sessionmaker[AsyncSession],
    tmp_path: Path,
    abas_extras: Tabelas,
    aviso: str,
) -> None:
    planilha = xlsx(programa() | abas_extras, tmp_path / "p.xlsx")
    relatorio = await importar(planilha, sessoes, HOJE)
    assert relatorio.totais == TUDO
    assert any(a.startswith(aviso) for a in _avisos(relatorio)), _avisos(relatorio)


@pytest.mark.parametrize(
    "turmas",
    [
        pytest.param([], id="aba-vazia"),
        pytest.param([["codigo", "ano", "curso", "turno"]], id="so-cabecalho"),
        pytest.param([["codigo", "ano", "curso", "turno"], [None, " ", "\xa0"]], id="em-branco"),
    ],
)
async def test_aba_esperada_sem_linhas_e_avisada(
    sessoes: async_sessionmaker[AsyncSession], tmp_path: Path, turmas: list[list[object]]
) -> None:
    tabelas = programa()
    del tabelas["encontros"]
    tabelas["turmas"] = turmas
    relatorio = await importar(xlsx(tabelas, tmp_path / "p.xlsx"), sessoes, HOJE)
    assert _avisos(relatorio) == ["aba turmas: nenhuma linha de dados; nada de turmas entrou"]
    assert relatorio.totais["turmas"] == 0 and relatorio.totais["cras"] == 1


@pytest.mark.parametrize(
    "tabelas",
    [
        pytest.param({"cras": [["nome"]], "turmas": []}, id="so-cabecalhos"),
        pytest.param({"cras": [], "Planilha1": []}, id="abas-vazias"),
    ],
)
async def test_arquivo_sem_nenhuma_linha_de_dados_nao_e_sucesso(
    sessoes: async_sessionmaker[AsyncSession], tmp_path: Path, tabelas: Tabelas
) -> None:
    with pytest.raises(ErroImportacao) as erro:
        await importar(xlsx(tabelas, tmp_path / "p.xlsx"), sessoes, HOJE)
    assert [e.motivo for e in erro.value.erros] == [
        "nenhuma linha de dados em nenhuma tabela: nada para importar"
    ]


async def test_aba_desconhecida_com_dados_continua_erro_e_diz_como_deixar_de_fora(
    sessoes: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    planilha = xlsx(programa() | {"Resumo": [["total"], [12]]}, tmp_path / "p.xlsx")
    with pytest.raises(ErroImportacao) as erro:
        await importar(planilha, sessoes, HOJE)
    (unico,) = erro.value.erros
    assert unico.origem == "aba Resumo"
    assert "comece o nome dela com _" in unico.motivo
    assert set((await contar(sessoes)).values()) == {0}


# --- cabeçalhos ---------------------------------------------------------------------------


def _com_cabecalho(
    acima: list[list[object]], cabecalho: list[object] | None = None
) -> Callable[[Tabelas], Tabelas]:
    def montar(tabelas: Tabelas) -> Tabelas:
        cras = tabelas["cras"]
        tabelas["cras"] = [*acima, cabecalho or cras[0], *cras[1:], [None, None], [" ", None]]
        return tabelas

    return montar


@pytest.mark.parametrize(
    ("montar", "linha_do_dado"),
    [
        pytest.param(_com_cabecalho([["Cadastro dos CRAS — 2027"]]), 3, id="titulo-acima"),
        pytest.param(_com_cabecalho([["Cadastro dos CRAS"], []]), 4, id="titulo-e-linha-vazia"),
        pytest.param(_com_cabecalho([[], []]), 4, id="linhas-vazias-acima"),
        pytest.param(
            _com_cabecalho([["Programa", "2027"]], ["  NOME ", "Endereço", None, "", None]),
            3,
            id="maiusculas-acento-espacos-colunas-vazias",
        ),
    ],
)
@pytest.mark.parametrize("formato", ["xlsx", "csv"])
async def test_cabecalho_como_as_equipes_montam(
    sessoes: async_sessionmaker[AsyncSession],
    tmp_path: Path,
    formato: str,
    montar: Callable[[Tabelas], Tabelas],
    linha_do_dado: int,
) -> None:
    """O cabeçalho é achado; e um erro aponta a linha que a planilha mostra."""

    def escrever(tabelas: Tabelas, nome: str) -> Path:
        if formato == "xlsx":
            return xlsx(tabelas, tmp_path / f"{nome}.xlsx")
        return csv_pasta(tabelas, tmp_path / nome, ";")

    await importar(escrever(montar(programa()), "certo"), sessoes, HOJE)
    cras = await _um(sessoes, Cras)
    assert isinstance(cras, Cras) and (cras.nome, cras.endereco) == ("CRAS Noroeste", "rua X, 1-10")
    with pytest.raises(ErroImportacao) as erro:
        await importar(escrever(montar(programa(cras="<b>CRAS</b>")), "errado"), sessoes, HOJE)
    assert [(e.linha, e.motivo[:5]) for e in erro.value.erros] == [(linha_do_dado, "nome:")]


# --- CSV como cada programa salva ---------------------------------------------------------


@dataclass(frozen=True)
class Perfil:
    """Como um programa salva o CSV: codificação, separador, fim de linha, aspas, extras."""

    codificacao: str
    sep: str
    fim: str = "\r\n"
    aspas_em_tudo: bool = False
    primeira_linha: str | None = None  # "sep=;" do Excel, ou um título
    data: str = "05/01/2027"
    hora: str = "14:00"


PERFIS = {
    # Excel: "CSV UTF-8 (separado por vírgulas)" em português usa ; e põe BOM
    "excel-csv-utf8": Perfil("utf-8-sig", ";", hora="14:00:00"),
    # Excel: "CSV (separado por vírgulas)" no Windows brasileiro
    "excel-csv-windows-1252": Perfil("cp1252", ";", primeira_linha="Programa 2027"),
    # Excel com a dica de separador que ele mesmo entende
    "excel-sep": Perfil("utf-8", ";", primeira_linha="sep=;", hora="14:00:00"),
    # Excel e WPS: "Texto Unicode" (UTF-16 com BOM, tabulação), renomeado para .csv
    "texto-unicode": Perfil("utf-16", "\t"),
    # Google Sheets: UTF-8 sem BOM, vírgula, CRLF, hora como mostrada
    "google-sheets": Perfil("utf-8", ",", hora="14:00:00", data="2027-01-05"),
    # LibreOffice em português: aspas em todo texto, LF, data curta com ano de 2 dígitos
    "libreoffice": Perfil("utf-8", ",", fim="\n", aspas_em_tudo=True, data="05/01/27"),
    # WPS com Windows-1252 e hora digitada à brasileira
    "wps": Perfil("cp1252", ";", hora="14h00"),
}


def _escrever(perfil: Perfil, pasta: Path) -> Path:
    pasta.mkdir()
    tabelas = programa(
        cras="CRAS São João", cita="CRAS São João", inicio=perfil.data, hora=perfil.hora
    )
    for nome, filas in tabelas.items():
        linhas = [perfil.primeira_linha] if perfil.primeira_linha else []
        linhas += [perfil.sep.join(_campo(v, perfil) for v in fila) for fila in filas]
        texto = perfil.fim.join([*linhas, ""])
        (pasta / f"{nome}.csv").write_bytes(texto.encode(perfil.codificacao))
    return pasta


def _campo(valor: object, perfil: Perfil) -> str:
    texto = "" if valor is None else str(valor)
    if (perfil.aspas_em_tudo and isinstance(valor, str)) or perfil.sep in texto or "," in texto:
        return '"' + texto.replace('"', '""') + '"'
    return texto


@pytest.mark.parametrize("perfil", list(PERFIS), ids=list(PERFIS))
async def test_csv_como_cada_programa_salva(
    sessoes: async_sessionmaker[AsyncSession], tmp_path: Path, perfil: str
) -> None:
    relatorio = await importar(_escrever(PERFIS[perfil], tmp_path / "csv"), sessoes, HOJE)
    assert relatorio.totais == TUDO
    assert relatorio.avisos == []
    cras = await _um(sessoes, Cras)
    assert isinstance(cras, Cras) and (cras.nome, cras.endereco) == ("CRAS São João", "rua X, 1-10")
    assert await _hora_local(sessoes) == datetime(2027, 2, 12, 14, 0)


async def test_csv_utf8_com_bom_e_um_caractere_do_windows_no_meio(
    sessoes: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    """Arquivo emendado: começa com o BOM do UTF-8, mas tem um "ã" em Windows-1252."""
    pasta = tmp_path / "csv"
    pasta.mkdir()
    conteudo = codecs.BOM_UTF8 + "nome;endereço\r\nCRAS São João;rua X, 1-10\r\n".encode("cp1252")
    (pasta / "cras.csv").write_bytes(conteudo)
    relatorio = await importar(pasta, sessoes, HOJE)
    assert relatorio.totais["cras"] == 1
    cras = await _um(sessoes, Cras)
    assert isinstance(cras, Cras) and (cras.nome, cras.endereco) == ("CRAS São João", "rua X, 1-10")
