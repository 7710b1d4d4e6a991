"""Configuração do canal WhatsApp (issue 11, item 8): WHATSAPP_*."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfiguracaoInvalida, carregar_config
from bot.config_whatsapp import ConfigWhatsApp, ler_config_whatsapp

COMPLETA = {
    "WHATSAPP_TOKEN": "EAAG-token-secreto",
    "WHATSAPP_PHONE_NUMBER_ID": "106540352242922",
    "WHATSAPP_APP_SECRET": "segredo-do-app-123",
    "WHATSAPP_VERIFY_TOKEN": "verifica-bauru",
}


def test_sem_token_o_canal_fica_desligado_com_os_padroes() -> None:
    lida = ler_config_whatsapp({})

    assert lida == ConfigWhatsApp()
    assert not lida.ligado
    assert (lida.api_base_url, lida.envios_por_segundo) == (
        "https://graph.facebook.com/v23.0",
        80.0,
    )


def test_valores_lidos() -> None:
    lida = ler_config_whatsapp(
        COMPLETA
        | {
            "WHATSAPP_API_BASE_URL": "http://127.0.0.1:9999/v23.0/",
            "WHATSAPP_ENVIOS_POR_SEGUNDO": "20",
        }
    )

    assert lida.ligado
    assert lida == ConfigWhatsApp(
        token="EAAG-token-secreto",
        phone_number_id="106540352242922",
        app_secret="segredo-do-app-123",
        verify_token="verifica-bauru",
        api_base_url="http://127.0.0.1:9999/v23.0",
        envios_por_segundo=20.0,
    )


def test_segredos_nunca_aparecem_no_repr() -> None:
    texto = repr(ler_config_whatsapp(COMPLETA))

    for segredo in ("EAAG-token-secreto", "segredo-do-app-123", "verifica-bauru"):
        assert segredo not in texto
    assert "106540352242922" in texto


@pytest.mark.parametrize(
    ("ambiente", "nome"),
    [
        (COMPLETA | {"WHATSAPP_APP_SECRET": ""}, "WHATSAPP_APP_SECRET"),
        (COMPLETA | {"WHATSAPP_VERIFY_TOKEN": " "}, "WHATSAPP_VERIFY_TOKEN"),
        (COMPLETA | {"WHATSAPP_PHONE_NUMBER_ID": ""}, "WHATSAPP_PHONE_NUMBER_ID"),
        ({"WHATSAPP_PHONE_NUMBER_ID": "106540352242922"}, "WHATSAPP_TOKEN"),
        (COMPLETA | {"WHATSAPP_PHONE_NUMBER_ID": "+55 14 3235"}, "WHATSAPP_PHONE_NUMBER_ID"),
        (COMPLETA | {"WHATSAPP_API_BASE_URL": "graph.facebook.com"}, "WHATSAPP_API_BASE_URL"),
        (COMPLETA | {"WHATSAPP_ENVIOS_POR_SEGUNDO": "0"}, "WHATSAPP_ENVIOS_POR_SEGUNDO"),
        (COMPLETA | {"WHATSAPP_ENVIOS_POR_SEGUNDO": "rápido"}, "WHATSAPP_ENVIOS_POR_SEGUNDO"),
    ],
)
def test_configuracao_pela_metade_ou_invalida_para_a_partida_com_o_nome(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, ambiente: dict[str, str], nome: str
) -> None:
    monkeypatch.chdir(tmp_path)
    for variavel, valor in ambiente.items():
        monkeypatch.setenv(variavel, valor)

    with pytest.raises(ConfiguracaoInvalida, match=nome):
        carregar_config(None)


def test_a_mensagem_de_erro_nao_mostra_segredos(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    for variavel, valor in (COMPLETA | {"WHATSAPP_VERIFY_TOKEN": ""}).items():
        monkeypatch.setenv(variavel, valor)

    with pytest.raises(ConfiguracaoInvalida) as erro:
        carregar_config(None)

    assert "EAAG-token-secreto" not in str(erro.value)
    assert "segredo-do-app-123" not in str(erro.value)
