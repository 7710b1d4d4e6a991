"""A planilha (.xlsx) que a OSC recebe com a lista do CRAS (R4).

Uma linha por pessoa e curso da OSC, por curso e posição (a OSC convoca nessa ordem, R5).
Vai o que a OSC precisa para chamar a pessoa; o CPF vai mascarado e as situações
prioritárias (R2, sigilosas) não vão.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from io import BytesIO

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from armazenamento.planilhas import LinhaDaPlanilha
from fluxos.regras.cpf import mascarar_cpf
from fluxos.regras.telefone import formatar_telefone
from fluxos.regras.texto import normalizar
from mensagens.catalogo import texto
from mensagens.formatos import protocolo
from mensagens.tipos import Anexo

TIPO_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUNAS = (
    "posicao",
    "nome",
    "nome_social",
    "nascimento",
    "telefone",
    "bairro",
    "curso",
    "turno",
    "protocolo",
    "cpf",
)
LARGURAS = (8, 34, 22, 12, 16, 22, 22, 10, 13, 16)


def _valores(linha: LinhaDaPlanilha) -> list[str | int | date]:
    return [
        linha.posicao,
        linha.nome,
        linha.nome_social,
        linha.nascimento,
        formatar_telefone(linha.telefone),
        linha.bairro or "",
        linha.curso,
        texto(f"turno.{linha.turno}"),
        protocolo(linha.ano, linha.preinscricao_id),
        mascarar_cpf(linha.cpf) if linha.cpf else texto("priorizacao.pessoa.sem_cpf"),
    ]


def montar_planilha(linhas: Sequence[LinhaDaPlanilha]) -> bytes:
    """O arquivo .xlsx, em memória (a lista de um CRAS para uma OSC é pequena)."""
    livro = Workbook()
    folha = livro.active
    assert folha is not None
    folha.title = texto("priorizacao.planilha.aba")
    folha.append([texto(f"priorizacao.planilha.{c}") for c in COLUNAS])
    for numero, linha in enumerate(linhas, start=2):
        for coluna, valor in enumerate(_valores(linha), start=1):
            celula = folha.cell(row=numero, column=coluna, value=valor)
            if isinstance(valor, str) and valor.startswith("="):
                celula.data_type = "s"  # texto digitado nunca vira fórmula na planilha
        folha.cell(row=numero, column=COLUNAS.index("nascimento") + 1).number_format = "DD/MM/YYYY"
    for i, largura in enumerate(LARGURAS, start=1):
        folha.column_dimensions[get_column_letter(i)].width = largura
    folha.freeze_panes = "A2"
    saida = BytesIO()
    livro.save(saida)
    return saida.getvalue()


def nome_do_arquivo(ano: int, cras: str, osc: str) -> str:
    """ "lista-2027-jardim-europa-instituto-esperanca.xlsx" (sem acento nem espaço)."""
    partes = [normalizar(cras.removeprefix("CRAS ")), normalizar(osc)]
    miolo = "-".join(p.replace(" ", "-") for p in partes if p)
    return f"lista-{ano}-{miolo[:80]}.xlsx"


def anexo_da_planilha(ano: int, cras: str, osc: str, linhas: Sequence[LinhaDaPlanilha]) -> Anexo:
    return Anexo(nome_do_arquivo(ano, cras, osc), TIPO_XLSX, montar_planilha(linhas))
