"""O jeito comum das planilhas que a equipe recebe (.xlsx, openpyxl).

Um bloco de título (de onde vem a lista, o ciclo, quando foi gerada, no horário de
Bauru), uma linha em branco, o cabeçalho em negrito com filtro, e o título e o cabeçalho
congelados: quem rola a lista no Excel ou no LibreOffice não perde as colunas de vista.
Texto digitado por alguém nunca vira fórmula (R24).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from armazenamento.tempo import FUSO
from mensagens.catalogo import texto

TIPO_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Valor = str | int | float | date | datetime | None


@dataclass(frozen=True, slots=True)
class Coluna:
    """Uma coluna: o título (já do catálogo), a largura e o formato de número, se houver."""

    titulo: str
    largura: int
    formato: str = ""


def gerada_em(momento: datetime) -> str:
    """ "10/02/2027 às 12h00", no horário de Bauru (o dia e a hora que a equipe vê)."""
    local = momento.astimezone(FUSO)
    return texto(
        "busca.planilha.gerada_em_valor",
        data=local.strftime("%d/%m/%Y"),
        hora=f"{local.hour}h{local.minute:02d}",
    )


def _escrever(folha: Worksheet, linha: int, coluna: int, valor: Valor) -> None:
    celula = folha.cell(row=linha, column=coluna, value=valor)
    if isinstance(valor, str) and valor.startswith("="):
        celula.data_type = "s"  # texto digitado nunca vira fórmula na planilha


def montar_xlsx(
    aba: str,
    titulo: Sequence[str],
    colunas: Sequence[Coluna],
    linhas: Sequence[Sequence[Valor]],
) -> bytes:
    """O arquivo, em memória (uma lista de CRAS ou uma turma é pequena)."""
    livro = Workbook()
    folha = livro.active
    assert folha is not None
    folha.title = aba[:31]
    negrito = Font(bold=True)
    for i, frase in enumerate(titulo, start=1):
        _escrever(folha, i, 1, frase)
        folha.cell(row=i, column=1).font = Font(bold=i == 1, size=13 if i == 1 else 11)
    cabecalho = len(titulo) + 2  # uma linha em branco entre o título e a tabela
    for j, coluna in enumerate(colunas, start=1):
        folha.cell(row=cabecalho, column=j, value=coluna.titulo).font = negrito
        folha.column_dimensions[get_column_letter(j)].width = coluna.largura
    for i, valores in enumerate(linhas, start=cabecalho + 1):
        for j, (coluna, valor) in enumerate(zip(colunas, valores, strict=True), start=1):
            _escrever(folha, i, j, valor)
            if coluna.formato:
                folha.cell(row=i, column=j).number_format = coluna.formato
    ultima = get_column_letter(len(colunas))
    folha.auto_filter.ref = f"A{cabecalho}:{ultima}{cabecalho + len(linhas)}"
    folha.freeze_panes = f"A{cabecalho + 1}"
    saida = BytesIO()
    livro.save(saida)
    return saida.getvalue()
