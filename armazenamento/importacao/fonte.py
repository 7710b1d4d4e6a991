"""Estrutura neutra em que xlsx, TOML e CSV se transformam antes da validação."""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_LINHAS = 5000  # por tabela: o programa tem dezenas de turmas, não milhares
MAX_BYTES = 20 * 1024 * 1024  # arquivo maior que isso não é cadastro, é engano


@dataclass(frozen=True)
class Linha:
    """Uma linha da origem: de onde veio (aba/arquivo e número) e os valores por coluna."""

    origem: str
    numero: int
    valores: dict[str, object]


@dataclass
class Tabela:
    """Linhas de uma tabela. `colunas` é o cabeçalho (None no TOML, que não tem)."""

    origem: str
    colunas: list[str] | None = None
    linhas: list[Linha] = field(default_factory=list)
    linha_cabecalho: int = 1  # onde o cabeçalho estava (pode haver título acima)


Fonte = dict[str, Tabela]  # nome como veio (aba, arquivo ou lista TOML) -> tabela


def esta_vazio(valor: object) -> bool:
    return valor is None or (isinstance(valor, str) and not valor.strip())
