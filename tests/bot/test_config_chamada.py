"""R16: a janela de correção da chamada vem do ambiente (INCLUSAO_CHAMADA_JANELA_DIAS)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.config import ConfiguracaoInvalida, carregar_config


@pytest.mark.parametrize(
    ("valor", "esperado"),
    [("", timedelta(days=7)), ("3", timedelta(days=3)), ("0", timedelta(0))],
)
def test_r16_janela_da_chamada(
    monkeypatch: pytest.MonkeyPatch, valor: str, esperado: timedelta
) -> None:
    monkeypatch.setenv("INCLUSAO_CHAMADA_JANELA_DIAS", valor)
    assert carregar_config(None).ajustes.janela_chamada == esperado


@pytest.mark.parametrize("valor", ["-1", "sete", "2.5"])
def test_r16_janela_da_chamada_que_nao_serve_e_recusada(
    monkeypatch: pytest.MonkeyPatch, valor: str
) -> None:
    monkeypatch.setenv("INCLUSAO_CHAMADA_JANELA_DIAS", valor)
    with pytest.raises(ConfiguracaoInvalida, match="INCLUSAO_CHAMADA_JANELA_DIAS"):
        carregar_config(None)
