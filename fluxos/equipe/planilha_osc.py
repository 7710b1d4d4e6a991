"""A planilha (.xlsx) que a OSC recebe com a lista do CRAS (R4).

Uma linha por pessoa e curso da OSC, por curso e posição (a OSC convoca nessa ordem, R5).
A posição é a da lista do CRAS, a mesma que o técnico viu na tela da priorização (pode
pular números: quem está entre elas foi para outra OSC). Vai o que a OSC precisa para
chamar a pessoa: idade e se é menor de idade (documentos do responsável), escolaridade,
se o curso foi a 1ª ou a 2ª opção e o turno preferido (R10). O CPF vai mascarado e as
situações prioritárias (R2, sigilosas) não vão.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from armazenamento.planilhas import LinhaDaPlanilha
from armazenamento.tempo import FUSO
from fluxos.equipe.planilha_xlsx import TIPO_XLSX, Coluna, Valor, gerada_em, montar_xlsx
from fluxos.regras.cpf import mascarar_cpf
from fluxos.regras.idade import calcular_idade
from fluxos.regras.telefone import formatar_telefone
from fluxos.regras.texto import normalizar
from mensagens.catalogo import texto
from mensagens.formatos import protocolo
from mensagens.tipos import Anexo

__all__ = ["TIPO_XLSX", "anexo_da_planilha", "montar_planilha", "nome_do_arquivo"]

MAIORIDADE = 18
COLUNAS = (
    ("posicao", 8, ""),
    ("nome", 34, ""),
    ("nome_social", 22, ""),
    ("nascimento", 12, "DD/MM/YYYY"),
    ("idade", 7, ""),
    ("menor", 9, ""),
    ("telefone", 16, ""),
    ("bairro", 22, ""),
    ("escolaridade", 22, ""),
    ("curso", 22, ""),
    ("opcao", 8, ""),
    ("turno", 10, ""),
    ("protocolo", 13, ""),
    ("cpf", 16, ""),
)


def _valores(linha: LinhaDaPlanilha, quando: datetime) -> list[Valor]:
    idade = calcular_idade(linha.nascimento, quando.astimezone(FUSO).date())
    escolaridade = texto(f"escolaridade.{linha.escolaridade}") if linha.escolaridade else ""
    return [
        linha.posicao,
        linha.nome,
        linha.nome_social,
        linha.nascimento,
        idade,
        texto("busca.planilha.sim" if idade < MAIORIDADE else "busca.planilha.nao"),
        formatar_telefone(linha.telefone),
        linha.bairro or "",
        escolaridade,
        linha.curso,
        texto(f"busca.planilha.opcao.{linha.opcao}"),
        texto(f"turno.{linha.turno}"),
        protocolo(linha.ano, linha.preinscricao_id),
        mascarar_cpf(linha.cpf) if linha.cpf else texto("priorizacao.pessoa.sem_cpf"),
    ]


def montar_planilha(
    ano: int, cras: str, osc: str, linhas: Sequence[LinhaDaPlanilha], quando: datetime
) -> bytes:
    """O arquivo .xlsx, com o título (CRAS, OSC, ciclo, gerada em) e a tabela."""
    titulo = [
        texto("busca.planilha.osc_titulo", cras=cras, osc=osc),
        texto("busca.planilha.ciclo", ano=ano),
        texto("busca.planilha.gerada_em", quando=gerada_em(quando)),
    ]
    colunas = [
        Coluna(texto(f"priorizacao.planilha.{c}"), largura, formato)
        for c, largura, formato in COLUNAS
    ]
    valores = [_valores(linha, quando) for linha in linhas]
    return montar_xlsx(texto("priorizacao.planilha.aba"), titulo, colunas, valores)


def nome_do_arquivo(ano: int, cras: str, osc: str) -> str:
    """ "lista-2027-jardim-europa-instituto-esperanca.xlsx" (sem acento nem espaço)."""
    partes = [normalizar(cras.removeprefix("CRAS ")), normalizar(osc)]
    miolo = "-".join(p.replace(" ", "-") for p in partes if p)
    return f"lista-{ano}-{miolo[:80]}.xlsx"


def anexo_da_planilha(
    ano: int, cras: str, osc: str, linhas: Sequence[LinhaDaPlanilha], quando: datetime
) -> Anexo:
    dados = montar_planilha(ano, cras, osc, linhas, quando)
    return Anexo(nome_do_arquivo(ano, cras, osc), TIPO_XLSX, dados)
