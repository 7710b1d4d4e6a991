"""A Saida como texto, para guardar na fila de envio (coluna `conteudo`) e ler de volta.

Neutra de canal: quem gera mensagens para depois (fluxos, tarefas agendadas) e quem as
envia (o remetente de cada canal) usam o mesmo formato.
"""

from __future__ import annotations

import json

from mensagens.tipos import Botao, Saida

VERSAO_CONTEUDO = 1


def saida_para_json(saida: Saida) -> str:
    """A Saida como texto para a coluna `conteudo` da fila (JSON compacto, UTF-8 legível)."""
    dados = {
        "v": VERSAO_CONTEUDO,
        "texto": saida.texto,
        "botoes": [[b.rotulo, b.valor] for b in saida.botoes],
        "pedir_contato": saida.pedir_contato,
    }
    if saida.comandos is not None:
        dados["comandos"] = list(saida.comandos)
    return json.dumps(dados, ensure_ascii=False, separators=(",", ":"))


def saida_de_json(texto: str) -> Saida:
    """O inverso de `saida_para_json`. ValueError (sem o conteúdo) se o formato não bate."""
    dados = json.loads(texto)
    if not isinstance(dados, dict) or dados.get("v") != VERSAO_CONTEUDO:
        raise ValueError(f"conteudo de saida em formato desconhecido (v={_versao(dados)!r})")
    corpo, botoes, contato = dados.get("texto"), dados.get("botoes", []), dados.get("pedir_contato")
    if not isinstance(corpo, str) or not isinstance(botoes, list):
        raise ValueError("conteudo de saida sem texto ou com botoes que nao sao lista")
    if not isinstance(contato, bool):
        raise ValueError("conteudo de saida com pedir_contato que nao e booleano")
    comandos = dados.get("comandos")
    if comandos is not None and (
        not isinstance(comandos, list) or not all(isinstance(c, str) for c in comandos)
    ):
        raise ValueError("conteudo de saida com comandos que nao sao lista de nomes")
    return Saida(
        corpo,
        tuple(_botao(b) for b in botoes),
        contato,
        tuple(comandos) if comandos is not None else None,
    )


def _versao(dados: object) -> object:
    return dados.get("v") if isinstance(dados, dict) else type(dados).__name__


def _botao(item: object) -> Botao:
    if (
        not isinstance(item, list)
        or len(item) != 2
        or not all(isinstance(parte, str) for parte in item)
    ):
        raise ValueError("botao do conteudo de saida precisa ser [rotulo, valor]")
    return Botao(item[0], item[1])


# ----- envio --------------------------------------------------------------------------
