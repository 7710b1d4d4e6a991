"""Configuração do chat web: chave das sessões, proxies confiáveis e limites (issue 9 §1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfiguracaoInvalida, carregar_config
from bot.config_web import ConfigWeb, ler_config_web


def test_sem_nada_configurado_chave_do_banco_sem_proxy_e_limites_padrao() -> None:
    assert ler_config_web({}) == ConfigWeb()
    assert ConfigWeb().mensagens_por_minuto_equipe > ConfigWeb().mensagens_por_minuto


def test_valores_lidos() -> None:
    lida = ler_config_web(
        {
            "INCLUSAO_CHAVE_SESSAO": "k" * 32,
            "INCLUSAO_PROXIES_CONFIAVEIS": " 10.0.0.5, 10.1.0.0/16 ; ::1 ",
            "INCLUSAO_MENSAGENS_POR_MINUTO": "20",
            "INCLUSAO_MENSAGENS_POR_MINUTO_EQUIPE": "300",
            "INCLUSAO_SESSOES_NOVAS_POR_MINUTO": "90",
        }
    )
    assert lida == ConfigWeb("k" * 32, ("10.0.0.5", "10.1.0.0/16", "::1"), 20, 300, 90)


@pytest.mark.parametrize(
    ("nome", "valor"),
    [
        ("INCLUSAO_CHAVE_SESSAO", "curta"),
        ("INCLUSAO_PROXIES_CONFIAVEIS", "proxy.prefeitura"),
        ("INCLUSAO_PROXIES_CONFIAVEIS", "10.0.0.300"),
        ("INCLUSAO_MENSAGENS_POR_MINUTO", "0"),
        ("INCLUSAO_MENSAGENS_POR_MINUTO_EQUIPE", "muitas"),
        ("INCLUSAO_SESSOES_NOVAS_POR_MINUTO", "-5"),
    ],
)
def test_valor_que_nao_da_para_usar_e_recusado_na_partida_com_o_nome(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, nome: str, valor: str
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(nome, valor)

    with pytest.raises(ConfiguracaoInvalida, match=nome):
        carregar_config(None)
