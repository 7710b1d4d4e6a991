"""TELEGRAM_BOT_USERNAME monta o link de um toque que leva os avisos de quem se inscreveu
no site para o Telegram; sem ele, nenhum link é oferecido (issue 8, item 1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import carregar_config


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
