"""O payload `template` do Graph API para um aviso da fila (`Saida.modelo`).

Os valores vão como parâmetros do corpo na ordem configurada ({{1}}, {{2}}...); cada botão
da mensagem vira o payload do botão de resposta rápida de mesmo índice no modelo: quem
toca "Confirmo" no modelo manda ao motor o mesmo valor que o botão da mensagem livre.

Regras da Meta para parâmetro (senão o envio volta com erro 132018 ou 131008): sem quebra
de linha nem tabulação, sem 5 espaços seguidos, e nunca vazio. A quebra de linha vira
espaço depois de pontuação e " · " no resto (`uma_linha`): "Confeitaria: 4" e "A planilha
vai junto." ficam "Confeitaria: 4 · A planilha vai junto.".
"""

from __future__ import annotations

import re
from typing import Any

from bot.config_modelos import ConfigModelo
from mensagens.tipos import Modelo, Saida

MAX_PARAMETRO = 700  # o corpo todo do modelo, preenchido, fica abaixo de 1.024 caracteres
MAX_PAYLOAD = 256
_ESPACOS = re.compile(r"\s+")
VAZIO = "-"
SEPARADOR_DE_LINHA = " · "
_FIM_DE_FRASE = (".", "!", "?", ":", ";", "…")


def uma_linha(valor: str) -> str:
    """As linhas de um texto numa só, sem perder onde uma acabava: depois de pontuação, um
    espaço; sem pontuação ("Confeitaria: 4", um item "• Maria"), " · "."""
    junto = ""
    for linha in valor.splitlines():
        linha = linha.strip().removeprefix("•").strip()
        if not linha:
            continue
        if junto:
            junto += " " if junto.endswith(_FIM_DE_FRASE) else SEPARADOR_DE_LINHA
        junto += linha
    return junto


def parametro(valor: str) -> str:
    """Um valor como a Meta aceita: uma linha só, espaços simples, não vazio, curto."""
    limpo = _ESPACOS.sub(" ", uma_linha(valor)).strip()
    if len(limpo) > MAX_PARAMETRO:
        limpo = limpo[: MAX_PARAMETRO - 1].rstrip() + "…"
    return limpo or VAZIO


def parametros_do_corpo(modelo: Modelo, config: ConfigModelo) -> list[dict[str, str]]:
    return [{"type": "text", "text": parametro(modelo.valor(nome))} for nome in config.parametros]


def montar_modelo(
    destino: dict[str, str],
    saida: Saida,
    config: ConfigModelo,
    midia_id: str = "",
) -> dict[str, Any]:
    """O JSON de `/messages` que leva `saida` pelo seu modelo. `midia_id`: o documento do
    cabeçalho (modelo com documento, ex. a planilha de uma lista)."""
    assert saida.modelo is not None
    componentes: list[dict[str, Any]] = []
    if config.documento and midia_id and saida.anexo is not None:
        documento = {"id": midia_id, "filename": saida.anexo.nome}
        componentes.append(
            {"type": "header", "parameters": [{"type": "document", "document": documento}]}
        )
    if config.parametros:
        componentes.append(
            {"type": "body", "parameters": parametros_do_corpo(saida.modelo, config)}
        )
    for indice, botao in enumerate(saida.botoes[: config.botoes]):
        componentes.append(
            {
                "type": "button",
                "sub_type": "quick_reply",
                "index": str(indice),
                "parameters": [{"type": "payload", "payload": botao.valor[:MAX_PAYLOAD]}],
            }
        )
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        **destino,
        "type": "template",
        "template": {
            "name": config.nome,
            "language": {"code": config.idioma},
            "components": componentes,
        },
    }
