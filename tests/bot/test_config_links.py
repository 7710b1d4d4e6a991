"""TELEGRAM_BOT_USERNAME e WHATSAPP_NUMERO montam os links de um toque que levam os avisos
de quem se inscreveu no site para o Telegram e o WhatsApp; sem eles, nenhum link é
oferecido (issue 8, item 1; issue 11, item 7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfiguracaoInvalida, carregar_config


@pytest.mark.parametrize(
    ("valor", "links"),
    [
        ("", {}),
        ("   ", {}),
        ("inclusao_bauru_bot", {"telegram": "https://t.me/inclusao_bauru_bot?start={token}"}),
        ("@inclusao_bauru_bot", {"telegram": "https://t.me/inclusao_bauru_bot?start={token}"}),
    ],
)
def test_links_de_canal_vem_do_usuario_do_bot(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, valor: str, links: dict[str, str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TELEGRAM_BOT_USERNAME", valor)
    assert dict(carregar_config(None).ajustes.links_de_canal) == links


@pytest.mark.parametrize(
    ("valor", "links"),
    [
        ("", {}),
        ("5514999990000", {"whatsapp": "https://wa.me/5514999990000?text={token}"}),
        ("+55 (14) 99999-0000", {"whatsapp": "https://wa.me/5514999990000?text={token}"}),
        ("55 14 3222.1234", {"whatsapp": "https://wa.me/551432221234?text={token}"}),
    ],
)
def test_whatsapp_numero_vira_o_link_wa_me_so_com_digitos(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, valor: str, links: dict[str, str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TELEGRAM_BOT_USERNAME", "")
    monkeypatch.setenv("WHATSAPP_NUMERO", valor)
    assert dict(carregar_config(None).ajustes.links_de_canal) == links


def test_os_dois_canais_aparecem_juntos(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TELEGRAM_BOT_USERNAME", "inclusao_bauru_bot")
    monkeypatch.setenv("WHATSAPP_NUMERO", "5514999990000")
    assert sorted(carregar_config(None).ajustes.links_de_canal) == ["telegram", "whatsapp"]


@pytest.mark.parametrize(
    "valor", ["14 99999-0000", "55149999900001234", "55-14-abc", "５５１４９９９９９００００"]
)
def test_whatsapp_numero_errado_para_na_partida_com_o_exemplo(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, valor: str
) -> None:
    """Sem o código do país o wa.me abre a conversa errada: melhor não subir."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WHATSAPP_NUMERO", valor)
    with pytest.raises(ConfiguracaoInvalida, match=r"WHATSAPP_NUMERO.*código do país"):
        carregar_config(None)
