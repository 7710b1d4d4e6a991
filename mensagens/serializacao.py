"""A Saida como texto, para guardar na fila de envio (coluna `conteudo`) e ler de volta.

Neutra de canal: quem gera mensagens para depois (fluxos, tarefas agendadas) e quem as
envia (o remetente de cada canal) usam o mesmo formato. Campos novos são opcionais
(`comandos`, `anexo`): linhas gravadas antes deles continuam legíveis, sem mudar a versão.
O anexo vai em base64 (a coluna é texto).
"""

from __future__ import annotations

import base64
import json

from mensagens.tipos import Anexo, Botao, Modelo, Saida

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
    if saida.substituir:  # a resposta repetida de um toque edita a mesma mensagem de novo
        dados["substituir"] = True
    if saida.modelo is not None:
        dados["modelo"] = {"chave": saida.modelo.chave, "valores": dict(saida.modelo.valores)}
    if saida.anexo is not None:
        dados["anexo"] = {
            "nome": saida.anexo.nome,
            "tipo": saida.anexo.tipo,
            "dados": base64.b64encode(saida.anexo.dados).decode("ascii"),
        }
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
        _anexo(dados.get("anexo")),
        substituir=dados.get("substituir") is True,
        modelo=_modelo(dados.get("modelo")),
    )


def _modelo(item: object) -> Modelo | None:
    if item is None:
        return None
    valores = item.get("valores") if isinstance(item, dict) else None
    if (
        not isinstance(item, dict)
        or not isinstance(item.get("chave"), str)
        or not isinstance(valores, dict)
        or not all(isinstance(k, str) and isinstance(v, str) for k, v in valores.items())
    ):
        raise ValueError("modelo do conteudo de saida precisa de chave e valores em texto")
    return Modelo(item["chave"], tuple(valores.items()))


def _versao(dados: object) -> object:
    return dados.get("v") if isinstance(dados, dict) else type(dados).__name__


def _anexo(item: object) -> Anexo | None:
    if item is None:
        return None
    if not isinstance(item, dict) or not all(
        isinstance(item.get(campo), str) for campo in ("nome", "tipo", "dados")
    ):
        raise ValueError("anexo do conteudo de saida precisa de nome, tipo e dados em texto")
    try:
        conteudo = base64.b64decode(item["dados"], validate=True)
    except ValueError:  # binascii.Error, ou letras fora do ASCII
        raise ValueError("anexo do conteudo de saida com dados fora do base64") from None
    return Anexo(item["nome"], item["tipo"], conteudo)


def _botao(item: object) -> Botao:
    if (
        not isinstance(item, list)
        or len(item) != 2
        or not all(isinstance(parte, str) for parte in item)
    ):
        raise ValueError("botao do conteudo de saida precisa ser [rotulo, valor]")
    return Botao(item[0], item[1])


# ----- envio --------------------------------------------------------------------------
