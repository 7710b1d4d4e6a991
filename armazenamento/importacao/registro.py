"""Uma linha já convertida e pronta para conferir referências e gravar."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from armazenamento.importacao.fonte import Linha


@dataclass
class Registro:
    """`dados` só tem as colunas que vieram na origem: coluna ausente não apaga nada."""

    tabela: str
    linha: Linha
    dados: dict[str, Any] = field(default_factory=dict)
    com_erro: bool = False  # fica no programa para as outras linhas poderem citá-la


Programa = dict[str, list[Registro]]  # tabela -> registros, na ordem de gravação
