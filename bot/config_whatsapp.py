"""Configuração do canal WhatsApp (Cloud API), das variáveis WHATSAPP_* (README).

Sem WHATSAPP_TOKEN o canal fica desligado. Com ele, faltar o número (phone number id), o
segredo do app ou o token de verificação do webhook é erro na partida, com o nome da
variável: um canal meio configurado receberia mensagens que não consegue conferir, ou
não conseguiria responder. Os segredos ficam fora do `repr` (nunca vão ao registro).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

GRAPH_PADRAO = "https://graph.facebook.com/v23.0"
ENVIOS_POR_SEGUNDO = 80.0  # vazão padrão da Cloud API por número
_NUMERO = re.compile(r"\d{10,15}")  # E.164 sem o "+", como o wa.me pede
_SEPARADORES = re.compile(r"[\s().+-]")


@dataclass(frozen=True)
class ConfigWhatsApp:
    """`token` vazio: canal desligado. O limite diário de pessoas e os modelos são da fila
    (`bot.config_modelos.ConfigFila`)."""

    token: str = field(default="", repr=False)
    phone_number_id: str = ""
    app_secret: str = field(default="", repr=False)
    verify_token: str = field(default="", repr=False)
    api_base_url: str = GRAPH_PADRAO
    envios_por_segundo: float = ENVIOS_POR_SEGUNDO

    @property
    def ligado(self) -> bool:
        return bool(self.token)


def _valor(ambiente: Mapping[str, str], nome: str) -> str:
    return ambiente.get(nome, "").strip()


def _vazao(valor: str) -> float:
    try:
        numero = float(valor)
    except ValueError:
        numero = 0.0
    if not numero > 0:
        raise ValueError(
            f"WHATSAPP_ENVIOS_POR_SEGUNDO deve ser um número maior que zero (veio {valor!r})"
        )
    return numero


def _base_url(valor: str) -> str:
    if not valor.startswith(("https://", "http://")):
        raise ValueError(
            f"WHATSAPP_API_BASE_URL deve começar com https:// (veio {valor!r}); "
            f"o padrão é {GRAPH_PADRAO}"
        )
    return valor.rstrip("/")


def ler_config_whatsapp(ambiente: Mapping[str, str]) -> ConfigWhatsApp:
    """ValueError com o nome da variável quando um valor não dá para usar."""
    token = _valor(ambiente, "WHATSAPP_TOKEN")
    numero_id = _valor(ambiente, "WHATSAPP_PHONE_NUMBER_ID")
    segredo = _valor(ambiente, "WHATSAPP_APP_SECRET")
    verificacao = _valor(ambiente, "WHATSAPP_VERIFY_TOKEN")
    if numero_id and not token:
        raise ValueError("WHATSAPP_PHONE_NUMBER_ID pede também WHATSAPP_TOKEN")
    if token:
        faltam = [
            nome
            for nome, valor in (
                ("WHATSAPP_PHONE_NUMBER_ID", numero_id),
                ("WHATSAPP_APP_SECRET", segredo),
                ("WHATSAPP_VERIFY_TOKEN", verificacao),
            )
            if not valor
        ]
        if faltam:
            raise ValueError(f"WHATSAPP_TOKEN pede também {', '.join(faltam)}")
    if numero_id and not numero_id.isdigit():
        raise ValueError("WHATSAPP_PHONE_NUMBER_ID deve ter só números (o id do número na Meta)")
    vazao = _valor(ambiente, "WHATSAPP_ENVIOS_POR_SEGUNDO")
    return ConfigWhatsApp(
        token=token,
        phone_number_id=numero_id,
        app_secret=segredo,
        verify_token=verificacao,
        api_base_url=_base_url(_valor(ambiente, "WHATSAPP_API_BASE_URL") or GRAPH_PADRAO),
        envios_por_segundo=_vazao(vazao) if vazao else ENVIOS_POR_SEGUNDO,
    )
