"""R20: INCLUSAO_AJUDA_ESCALAR_DIAS_UTEIS (dias úteis até o pedido de ajuda ir ao CRAS)."""

from __future__ import annotations

import pytest

from bot.config import ConfiguracaoInvalida, carregar_config

VARIAVEL = "INCLUSAO_AJUDA_ESCALAR_DIAS_UTEIS"


@pytest.mark.parametrize(("valor", "esperado"), [("", 1), ("1", 1), (" 3 ", 3)])
def test_r20_dias_uteis_para_escalar(
    monkeypatch: pytest.MonkeyPatch, valor: str, esperado: int
) -> None:
    monkeypatch.setenv(VARIAVEL, valor)
    assert carregar_config(None).ajustes.ajuda_escalar_dias_uteis == esperado


def test_r20_sem_a_variavel_vale_um_dia_util(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(VARIAVEL, raising=False)
    assert carregar_config(None).ajustes.ajuda_escalar_dias_uteis == 1


@pytest.mark.parametrize("valor", ["0", "-1", "um", "1.5", "²"])
def test_r20_dias_uteis_mal_configurados(monkeypatch: pytest.MonkeyPatch, valor: str) -> None:
    monkeypatch.setenv(VARIAVEL, valor)
    with pytest.raises(ConfiguracaoInvalida, match=VARIAVEL):
        carregar_config(None)
