"""A planilha (.xlsx) das desistências confirmadas, para o Acessuas Trabalho (R19).

A mesma lista da tela /desistentes (o mesmo escopo), uma linha por pessoa: o que o
Acessuas precisa para procurá-la (nome, idade, telefone, CRAS) e o que aconteceu (curso,
turma, horas e frequência na hora da confirmação, motivo, data). Nada das situações
prioritárias (R2, sigilosas) nem CPF. Vai na tela, sob pedido, e no resumo da semana.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from armazenamento.desistencias import Desistente
from armazenamento.tempo import FUSO
from fluxos.desistencia import rotulo_do_motivo
from fluxos.equipe.planilha_xlsx import TIPO_XLSX, Coluna, Valor, gerada_em, montar_xlsx
from fluxos.regras.frequencia import Frequencia
from fluxos.regras.frequencia_modulos import percentual_inteiro
from fluxos.regras.idade import calcular_idade
from fluxos.regras.telefone import formatar_telefone
from mensagens.catalogo import texto
from mensagens.tipos import Anexo

COLUNAS = (
    ("nome", 34, ""),
    ("idade", 7, ""),
    ("telefone", 16, ""),
    ("cras", 24, ""),
    ("curso", 22, ""),
    ("turma", 12, ""),
    ("horas_presentes", 10, "0.0"),
    ("horas_realizadas", 10, "0.0"),
    ("frequencia", 11, "0%"),
    ("motivo", 20, ""),
    ("confirmada_em", 13, "DD/MM/YYYY"),
)


def percentual(d: Desistente) -> int | None:
    """R16: a frequência na hora da confirmação, de 0 a 100, arredondada para baixo como
    em toda tela (`percentual_inteiro`: 74,6% é 74%). None: nenhuma aula com chamada."""
    return percentual_inteiro(Frequencia(d.horas_presentes, d.horas_realizadas))


def _valores(d: Desistente, hoje: date) -> list[Valor]:
    fracao = percentual(d)
    return [
        d.nome,
        calcular_idade(d.nascimento, hoje),
        formatar_telefone(d.telefone) if d.telefone else "",
        d.cras,
        d.curso,
        d.turma,
        d.horas_presentes,
        d.horas_realizadas,
        None if fracao is None else fracao / 100,
        rotulo_do_motivo(d.motivo),
        d.confirmada_em.astimezone(FUSO).date(),
    ]


def montar_planilha(lista: Sequence[Desistente], periodo: str, quando: datetime) -> bytes:
    """O arquivo: título (o Acessuas, o período ou "todas", gerada em) e a tabela."""
    titulo = [
        texto("acessuas.planilha.titulo"),
        periodo,
        texto("busca.planilha.gerada_em", quando=gerada_em(quando)),
    ]
    colunas = [
        Coluna(texto(f"acessuas.planilha.{c}"), largura, formato) for c, largura, formato in COLUNAS
    ]
    hoje = quando.astimezone(FUSO).date()
    return montar_xlsx(
        texto("acessuas.planilha.aba"), titulo, colunas, [_valores(d, hoje) for d in lista]
    )


def anexo_dos_desistentes(
    lista: Sequence[Desistente], periodo: str, quando: datetime, nome: str
) -> Anexo:
    """`nome`: "desistencias-2027-03-08.xlsx" (a data de Bauru; sem acento nem espaço)."""
    return Anexo(nome, TIPO_XLSX, montar_planilha(lista, periodo, quando))
