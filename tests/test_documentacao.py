"""O que o código cita existe: cada regra (R1…R26) citada em docstrings e testes está em
REGRAS.md, na raiz do repositório, que o README também cita."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parent.parent
PASTAS = ("bot", "fluxos", "armazenamento", "mensagens", "tests")
_DEFINICAO = re.compile(r"^\| R([0-9]{1,2}) \|", re.MULTILINE)


def _regras_definidas() -> set[int]:
    return {int(n) for n in _DEFINICAO.findall((RAIZ / "REGRAS.md").read_text(encoding="utf-8"))}


def _citadas() -> dict[int, list[str]]:
    """regra -> arquivos que a citam ("R10" numa docstring, "test_r10_..." num teste)."""
    citadas: dict[int, list[str]] = {}
    arquivos = [p for pasta in PASTAS for p in (RAIZ / pasta).rglob("*.py")]
    for caminho in [*arquivos, RAIZ / "README.md"]:
        for linha in caminho.read_text(encoding="utf-8").splitlines():
            for numero in _numeros_citados(linha):
                citadas.setdefault(numero, []).append(caminho.relative_to(RAIZ).as_posix())
    return citadas


def _numeros_citados(linha: str) -> list[int]:
    nomes_de_teste = re.findall(r"test_r([0-9]{1,2})_", linha)
    maiusculas = re.findall(r"(?<![A-Za-z0-9_])R([0-9]{1,2})(?![0-9A-Za-z])", linha)
    return [int(n) for n in [*nomes_de_teste, *maiusculas]]


def test_regras_md_esta_no_repositorio_com_as_26_regras() -> None:
    assert _regras_definidas() == set(range(1, 27))


def test_readme_cita_regras_md_que_existe() -> None:
    assert "REGRAS.md" in (RAIZ / "README.md").read_text(encoding="utf-8")
    assert (RAIZ / "REGRAS.md").is_file()


@pytest.mark.parametrize("regra", sorted(_citadas()))
def test_toda_regra_citada_existe_em_regras_md(regra: int) -> None:
    assert regra in _regras_definidas(), f"R{regra} citada em {_citadas()[regra][:3]}"
