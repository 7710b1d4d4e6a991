"""Benchmark da issue 10 (chamada e evasão): junta as duas medidas numa linha JSON.

- `bench/chamada_acoes.py`: a chamada de uma turma de 15 com 2 faltas pela Application
  real do PTB e a Bot API falsa: ações do instrutor (meta ≤ 4; todos presentes ≤ 3) e
  bytes que o celular dele recebe (meta ≤ 4.000);
- `bench/chamada_evasao.py`: a verificação noturna de evasão em 1.000 turmas × 40
  encontros × 15 pessoas (600.000 marcas) no SQLite e no PostgreSQL (metas ≤ 30 s e
  ≤ 300 MB) e uma coorte simulada de 200 turmas (semente fixa): `recall_antecipada`
  (meta 1,0), `antecedencia_mediana` e `falsos`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
if str(RAIZ) not in sys.path:
    sys.path.insert(0, str(RAIZ))

from bench import chamada_acoes, chamada_evasao  # noqa: E402

ORDEM = (
    "acoes",
    "acoes_todos",
    "bytes",
    "evasao_s_sqlite",
    "evasao_s_pg",
    "pico_mb",
    "recall_antecipada",
    "antecedencia_mediana",
    "falsos",
)


def principal() -> dict[str, object]:
    medidas = {**chamada_acoes.medir(), **chamada_evasao.medir()}
    linha: dict[str, object] = {"bench": "chamada"}
    linha.update({chave: medidas[chave] for chave in ORDEM if chave in medidas})
    linha.update({k: v for k, v in medidas.items() if k not in linha})
    return linha


if __name__ == "__main__":
    print(json.dumps(principal()))
