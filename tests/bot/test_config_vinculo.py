"""R3: a validade do código de vínculo e a janela da trava por registro vêm do ambiente."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.config import ConfiguracaoInvalida, carregar_config


@pytest.mark.parametrize(
    ("dias", "horas", "esperado"),
    [
        ("", "", (timedelta(days=30), timedelta(hours=24))),
        ("7", "48", (timedelta(days=7), timedelta(hours=48))),
        ("0.5", "1", (timedelta(hours=12), timedelta(hours=1))),
    ],
)
def test_r3_validade_do_codigo_e_janela_da_trava(
    monkeypatch: pytest.MonkeyPatch, dias: str, horas: str, esperado: tuple[timedelta, timedelta]
) -> None:
    monkeypatch.setenv("INCLUSAO_VINCULO_DIAS", dias)
    monkeypatch.setenv("INCLUSAO_TRAVA_HORAS", horas)
    ajustes = carregar_config(None).ajustes
    assert (ajustes.validade_codigo_vinculo, ajustes.janela_trava_vinculo) == esperado


@pytest.mark.parametrize("variavel", ["INCLUSAO_VINCULO_DIAS", "INCLUSAO_TRAVA_HORAS"])
@pytest.mark.parametrize("valor", ["0", "-1", "um dia"])
def test_r3_valores_que_nao_servem_sao_recusados(
    monkeypatch: pytest.MonkeyPatch, variavel: str, valor: str
) -> None:
    monkeypatch.setenv(variavel, valor)
    with pytest.raises(ConfiguracaoInvalida, match=variavel):
        carregar_config(None)
