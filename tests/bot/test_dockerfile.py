"""O Dockerfile passa no hadolint e tem o que a operação espera: usuário comum, saúde, comando."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parents[2]
DOCKERFILE = RAIZ / "Dockerfile"
HADOLINT = Path(sys.executable).parent / "hadolint"


def _instrucoes(nome: str) -> list[str]:
    """Argumentos de cada instrução `nome`, com as linhas continuadas (\\) juntadas."""
    texto = re.sub(r"\\\n\s*", " ", DOCKERFILE.read_text(encoding="utf-8"))
    return [
        linha.split(None, 1)[1].strip()
        for linha in texto.splitlines()
        if linha.strip().upper().startswith(nome + " ")
    ]


def test_hadolint_nao_reclama_de_nada() -> None:
    if not HADOLINT.exists():
        pytest.skip(f"hadolint não instalado em {HADOLINT}")
    resultado = subprocess.run(
        [str(HADOLINT), "--no-color", "--format", "json", "--failure-threshold", "info",
         str(DOCKERFILE)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    avisos = json.loads(resultado.stdout or "[]")
    assert avisos == [], avisos
    assert resultado.returncode == 0, resultado.stderr


def test_roda_como_usuario_comum() -> None:
    usuarios = _instrucoes("USER")
    assert usuarios, "sem USER: o processo rodaria como root"
    ultimo = usuarios[-1].split(":")[0]
    assert ultimo not in ("root", "0")


def test_duas_etapas_com_a_mesma_base() -> None:
    bases = [b.split()[0] for b in _instrucoes("FROM")]
    assert bases == ["python:3.11-slim", "python:3.11-slim"]


def test_healthcheck_pergunta_a_saude() -> None:
    [saude] = _instrucoes("HEALTHCHECK")
    assert "/saude" in saude
    assert "urllib" in saude and "curl" not in saude


def test_comando_inicia_o_assistente() -> None:
    assert json.loads(_instrucoes("CMD")[-1]) == ["inclusao", "iniciar"]
    assert "8080" in _instrucoes("EXPOSE")
    assert "/app/dados" in _instrucoes("VOLUME")


def test_banco_padrao_fica_no_volume() -> None:
    """Na imagem o código não está num checkout: a pasta de dados vem de INCLUSAO_DADOS."""
    ambiente = " ".join(_instrucoes("ENV"))
    assert "INCLUSAO_DADOS=/app/dados" in ambiente.split()
    assert "/app/dados" in _instrucoes("VOLUME")
