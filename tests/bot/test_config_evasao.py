"""R17: os limites da suspeita de evasão vêm do ambiente e chegam ao motor e ao agendador."""

from __future__ import annotations

import pytest

from bot.config import ConfiguracaoInvalida, carregar_config
from fluxos.regras.evasao import RegrasEvasao


@pytest.mark.parametrize(
    ("faltas", "margem", "esperado"),
    [
        ("", "", RegrasEvasao(3, 1)),
        ("4", "2", RegrasEvasao(4, 2)),
        ("0", "0", RegrasEvasao(0, 0)),  # 0 faltas: só a projeção e o "vou desistir" alertam
    ],
)
def test_r17_limites_da_evasao(
    monkeypatch: pytest.MonkeyPatch, faltas: str, margem: str, esperado: RegrasEvasao
) -> None:
    monkeypatch.setenv("INCLUSAO_EVASAO_FALTAS_SEGUIDAS", faltas)
    monkeypatch.setenv("INCLUSAO_EVASAO_MARGEM", margem)
    assert carregar_config(None).ajustes.evasao == esperado


@pytest.mark.parametrize("variavel", ["INCLUSAO_EVASAO_FALTAS_SEGUIDAS", "INCLUSAO_EVASAO_MARGEM"])
@pytest.mark.parametrize("valor", ["-1", "1.5", "tres"])
def test_r17_valores_que_nao_servem_sao_recusados(
    monkeypatch: pytest.MonkeyPatch, variavel: str, valor: str
) -> None:
    monkeypatch.setenv(variavel, valor)
    with pytest.raises(ConfiguracaoInvalida, match=variavel):
        carregar_config(None)
