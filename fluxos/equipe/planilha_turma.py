"""A planilha da turma (.xlsx) para a OSC e o instrutor (R16, R24).

Quem está matriculado: nome, nome social, idade, o turno que a pessoa escolheu (R10), a
data da matrícula e a frequência: as horas presentes de cada módulo (R7–R9), as horas
realizadas e o percentual da fase (R16), se ainda pode alcançar 75% e quantos encontros
ainda pode faltar (a projeção). O telefone vai só para a OSC da turma (e a gestão): o
instrutor não o vê (ARQUITETURA §7). Vai como anexo, como as listas do CRAS: o Telegram
manda o arquivo, o chat do site oferece o download, o terminal grava numa pasta.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from armazenamento.planilha_turma import ACAO_PLANILHA_TURMA, LinhaDaTurma, linhas_da_turma
from armazenamento.planilha_turma import ve_telefone as pode_ver_telefone
from armazenamento.tempo import FUSO
from armazenamento.turmas import TurmaVista
from fluxos.equipe.frequencia_turma import FrequenciaDaTurma, frequencia_da_turma
from fluxos.equipe.planilha_xlsx import TIPO_XLSX, Coluna, Valor, gerada_em, montar_xlsx
from fluxos.passos import Contexto
from fluxos.regras.frequencia import calcular_frequencia
from fluxos.regras.frequencia_modulos import Modulo, Sequencias, resumir
from fluxos.regras.idade import calcular_idade
from fluxos.regras.telefone import formatar_telefone
from fluxos.regras.texto import normalizar
from mensagens.catalogo import texto
from mensagens.formatos import quantos
from mensagens.tipos import Anexo, Saida

_COLUNAS = (
    ("nome", 34, ""),
    ("nome_social", 22, ""),
    ("idade", 7, ""),
    ("telefone", 16, ""),
    ("turno", 16, ""),
    ("matricula", 14, "DD/MM/YYYY"),
)
_COLUNAS_DA_FREQUENCIA = (
    *((f"frequencia.planilha.coluna.{m.value}", 12, "") for m in Modulo),
    ("frequencia.planilha.coluna.realizadas", 10, ""),
    ("frequencia.planilha.coluna.percentual", 11, ""),
    ("frequencia.planilha.coluna.alcanca", 10, ""),
    ("frequencia.planilha.coluna.pode_faltar", 12, ""),
)


def _da_frequencia(sequencias: Sequencias) -> list[Valor]:
    """R7–R9, R16: horas presentes por módulo, a fase e a projeção de uma pessoa."""
    modulos: list[Valor] = [
        calcular_frequencia(sequencias.modulos.get(m, ())).horas_presentes for m in Modulo
    ]
    fase = resumir(sequencias.fase)
    alcanca = "nao" if fase.sem_volta else "sim"
    return [
        *modulos,
        fase.frequencia.horas_realizadas,
        fase.percentual,
        texto(f"frequencia.planilha.{alcanca}"),
        fase.faltas_possiveis,
    ]


def _valores(
    linha: LinhaDaTurma, quando: datetime, ve_telefone: bool, frequencia: FrequenciaDaTurma
) -> list[Valor]:
    sequencias = frequencia.por_matricula.get(linha.matricula_id, Sequencias({}, ()))
    valores: list[Valor] = [
        linha.nome,
        linha.nome_social,
        calcular_idade(linha.nascimento, quando.astimezone(FUSO).date()),
        formatar_telefone(linha.telefone) if linha.telefone else "",
        texto(f"turno.{linha.turno}"),
        linha.matriculada_em.astimezone(FUSO).date(),
        *_da_frequencia(sequencias),
    ]
    if not ve_telefone:
        del valores[3]
    return valores


def montar_planilha_da_turma(
    turma: TurmaVista,
    linhas: Sequence[LinhaDaTurma],
    quando: datetime,
    ve_telefone: bool,
    frequencia: FrequenciaDaTurma,
) -> bytes:
    titulo = [
        texto(
            "busca.turma.planilha_titulo",
            codigo=turma.codigo,
            curso=turma.curso,
            turno=texto(f"turno.{turma.turno}").lower(),
        ),
        turma.osc,
        texto("busca.planilha.gerada_em", quando=gerada_em(quando)),
    ]
    colunas = [
        Coluna(texto(f"busca.turma.coluna.{c}"), largura, formato)
        for c, largura, formato in _COLUNAS
        if ve_telefone or c != "telefone"
    ]
    colunas += [
        Coluna(texto(c), largura, formato) for c, largura, formato in _COLUNAS_DA_FREQUENCIA
    ]
    valores = [_valores(linha, quando, ve_telefone, frequencia) for linha in linhas]
    return montar_xlsx(texto("busca.turma.aba"), titulo, colunas, valores)


def nome_do_arquivo(turma: TurmaVista) -> str:
    """ "turma-t0-confeitaria.xlsx" (sem acento nem espaço)."""
    miolo = normalizar(f"{turma.codigo} {turma.curso}").replace(" ", "-")
    return f"turma-{miolo[:60]}.xlsx"


async def planilha_da_turma(ctx: Contexto, turma: TurmaVista) -> Saida:
    """A mensagem com a planilha anexada (a turma já foi conferida no escopo)."""
    ve_telefone = await pode_ver_telefone(ctx.conexao, ctx.acesso, turma.id)
    linhas = await linhas_da_turma(ctx.conexao, ctx.acesso, turma.id)
    frequencia = await frequencia_da_turma(ctx.conexao, turma.id)
    dados = montar_planilha_da_turma(turma, linhas, ctx.agora, ve_telefone, frequencia)
    pessoas = quantos(len(linhas), "pessoa")
    legenda = texto("busca.turma.planilha_legenda", codigo=turma.codigo, pessoas=pessoas)
    return Saida(legenda, anexo=Anexo(nome_do_arquivo(turma), TIPO_XLSX, dados))


__all__ = ["ACAO_PLANILHA_TURMA", "planilha_da_turma"]
