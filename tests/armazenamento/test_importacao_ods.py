"""O .ods como o LibreOffice grava: células de data e de hora de verdade, título acima do
cabeçalho, números decimais e a aba vazia que o programa cria sozinho."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from armazenamento.importacao import ErroImportacao, importar
from armazenamento.modelos import Ciclo, Turma
from tests.armazenamento.auxiliar_ods import escrever_ods
from tests.armazenamento.test_importacao_arquivos import TUDO, _avisos
from tests.armazenamento.test_importacao_variantes import HOJE, _hora_local, _um, programa


@pytest.mark.parametrize(
    ("trocas", "acima"),
    [
        pytest.param({}, [], id="textos"),
        pytest.param(
            {"inicio": date(2027, 1, 5), "hora": time(14, 0), "data": date(2027, 2, 12)},
            [],
            id="celulas-de-data-e-hora",
        ),
        pytest.param(
            {"inicio": datetime(2027, 1, 5), "capacidade": 15.0, "ano": 2027.0},
            [["Programa de Inclusão Produtiva — 2027"], []],
            id="titulo-acima-e-numeros-decimais",
        ),
    ],
)
async def test_ods_como_o_libreoffice_salva(
    sessoes: async_sessionmaker[AsyncSession],
    tmp_path: Path,
    trocas: dict[str, object],
    acima: list[list[object]],
) -> None:
    tabelas = {nome: [*acima, *filas] for nome, filas in programa(**trocas).items()}
    tabelas["Planilha2"] = []
    relatorio = await importar(escrever_ods(tabelas, tmp_path / "p.ods"), sessoes, HOJE)
    assert relatorio.totais == TUDO
    assert _avisos(relatorio) == ["aba Planilha2: vazia, ignorada"]
    ciclo, turma = await _um(sessoes, Ciclo), await _um(sessoes, Turma)
    assert isinstance(ciclo, Ciclo) and ciclo.preinscricao_inicio == date(2027, 1, 5)
    assert isinstance(turma, Turma) and turma.capacidade == 15
    assert await _hora_local(sessoes) == datetime(2027, 2, 12, 14, 0)


async def test_ods_com_erro_aponta_a_linha_que_o_libreoffice_mostra(
    sessoes: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    tabelas = {nome: [["Cadastro"], *filas] for nome, filas in programa(hora="25h").items()}
    with pytest.raises(ErroImportacao) as erro:
        await importar(escrever_ods(tabelas, tmp_path / "p.ods"), sessoes, HOJE)
    assert [(e.origem, e.linha) for e in erro.value.erros] == [("aba encontros", 3)]
    assert "hora inválida '25h'" in erro.value.erros[0].motivo
