"""Conferências dentro de uma linha só: janelas do ciclo, encontros, geração da turma."""

from __future__ import annotations

from datetime import date
from typing import Any

from armazenamento.importacao.esquema import GERACAO
from armazenamento.importacao.geracao import momento_utc
from armazenamento.importacao.registro import Registro

SEM_HORAS = "o encontro ficaria sem nenhuma hora (a soma das horas dos módulos é 0)"


def conferir_linha(registro: Registro) -> list[str]:
    """Motivos de erro da linha (vazio se estiver certa); completa `inicio` dos encontros."""
    if registro.tabela == "ciclos":
        return _conferir_ciclo(registro.dados)
    if registro.tabela == "turmas":
        return _conferir_geracao(registro.dados)
    if registro.tabela == "encontros":
        return _conferir_encontro(registro)
    return []


def _br(dia: date) -> str:
    return f"{dia:%d/%m/%Y}"


def _conferir_ciclo(dados: dict[str, object]) -> list[str]:
    """R3: a pré-inscrição fecha antes de a 1ª fase começar; fim nunca antes do início."""
    motivos = []
    pre_inicio, pre_fim = dados.get("preinscricao_inicio"), dados.get("preinscricao_fim")
    fase_inicio, fase_fim = dados.get("fase1_inicio"), dados.get("fase1_fim")
    if isinstance(pre_inicio, date) and isinstance(pre_fim, date) and pre_fim < pre_inicio:
        motivos.append(
            f"o fim da pré-inscrição ({_br(pre_fim)}) vem antes do início ({_br(pre_inicio)})"
        )
    if isinstance(fase_inicio, date) and isinstance(fase_fim, date) and fase_fim < fase_inicio:
        motivos.append(
            f"o fim da 1ª fase ({_br(fase_fim)}) vem antes do início ({_br(fase_inicio)})"
        )
    if isinstance(fase_inicio, date) and isinstance(pre_fim, date) and fase_inicio <= pre_fim:
        motivos.append(
            f"a 1ª fase começa ({_br(fase_inicio)}) antes de a pré-inscrição "
            f"terminar ({_br(pre_fim)})"
        )
    if fase_fim is not None and fase_inicio is None:
        motivos.append("fase1_fim informado sem fase1_inicio")
    return motivos


def _conferir_geracao(dados: dict[str, Any]) -> list[str]:
    """Gerar encontros pede dias, hora, início e quantidade: metade não dá para adivinhar."""
    informadas = [nome for nome in GERACAO if dados.get(nome) is not None]
    if not informadas:
        return []
    if len(informadas) == len(GERACAO):
        return [SEM_HORAS] if _total_horas(dados) <= 0 else []
    faltam = ", ".join(nome for nome in GERACAO if nome not in informadas)
    return [f"para gerar os encontros informe também: {faltam}"]


def _total_horas(dados: dict[str, Any]) -> float:
    """Horas do encontro somando os módulos; coluna ausente vale o padrão (4 + 0 + 0)."""
    return float(
        dados.get("horas_aprendizagem", 4.0)
        + dados.get("horas_desenvolvimento_pessoal", 0.0)
        + dados.get("horas_desenvolvimento_gerencial", 0.0)
    )


def _conferir_encontro(registro: Registro) -> list[str]:
    dados = registro.dados
    dados["inicio"] = momento_utc(dados["data"], dados["hora"])
    if _total_horas(dados) <= 0:
        return [SEM_HORAS]
    return []
