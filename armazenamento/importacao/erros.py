"""Erros de importação: cada um diz onde (arquivo ou aba, linha) e por quê, em português."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ErroLinha:
    """Um problema numa linha. `linha` 0 quer dizer o arquivo inteiro."""

    origem: str
    linha: int
    motivo: str

    def __str__(self) -> str:
        if self.linha <= 0:
            return f"{self.origem}: {self.motivo}"
        return f"{self.origem}, linha {self.linha}: {self.motivo}"


class ErroImportacao(Exception):
    """Levantado com todos os problemas juntos: nada foi gravado."""

    def __init__(self, erros: list[ErroLinha]) -> None:
        self.erros = list(erros)
        total = len(self.erros)
        cabecalho = "1 problema" if total == 1 else f"{total} problemas"
        corpo = "\n".join(f"- {erro}" for erro in self.erros)
        super().__init__(f"{cabecalho} na importação, nada foi gravado:\n{corpo}")
