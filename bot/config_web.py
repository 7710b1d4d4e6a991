"""Configuração do chat web (variáveis de ambiente; documentadas no README)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.proxies import ler_proxies

TAMANHO_MINIMO_CHAVE = 32


@dataclass(frozen=True)
class ConfigWeb:
    """`chave_sessao` vazia: gerada uma vez e guardada no banco (`bot/sessao_web.py`)."""

    chave_sessao: str = ""
    proxies_confiaveis: tuple[str, ...] = ()
    mensagens_por_minuto: int = 30
    mensagens_por_minuto_equipe: int = 120
    sessoes_novas_por_minuto: int = 60


def _inteiro(ambiente: Mapping[str, str], nome: str, padrao: int) -> int:
    valor = ambiente.get(nome, "").strip()
    if not valor:
        return padrao
    if not valor.isdigit() or int(valor) < 1:
        raise ValueError(f"{nome} deve ser um número inteiro maior que zero (veio {valor!r})")
    return int(valor)


def ler_config_web(ambiente: Mapping[str, str]) -> ConfigWeb:
    """ValueError com o nome da variável quando um valor não dá para usar."""
    chave = ambiente.get("INCLUSAO_CHAVE_SESSAO", "").strip()
    if chave and len(chave) < TAMANHO_MINIMO_CHAVE:
        raise ValueError(
            f"INCLUSAO_CHAVE_SESSAO deve ter pelo menos {TAMANHO_MINIMO_CHAVE} caracteres"
        )
    try:
        proxies = ler_proxies(ambiente.get("INCLUSAO_PROXIES_CONFIAVEIS", ""))
    except ValueError as erro:
        raise ValueError(f"INCLUSAO_PROXIES_CONFIAVEIS: {erro}") from None
    return ConfigWeb(
        chave_sessao=chave,
        proxies_confiaveis=proxies,
        mensagens_por_minuto=_inteiro(ambiente, "INCLUSAO_MENSAGENS_POR_MINUTO", 30),
        mensagens_por_minuto_equipe=_inteiro(ambiente, "INCLUSAO_MENSAGENS_POR_MINUTO_EQUIPE", 120),
        sessoes_novas_por_minuto=_inteiro(ambiente, "INCLUSAO_SESSOES_NOVAS_POR_MINUTO", 60),
    )
