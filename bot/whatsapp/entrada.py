"""Uma mensagem do WhatsApp guardada na caixa de entrada -> Entrada neutra (o que guardar
de cada POST: `lote.py`). Tradução pura: nada aqui grava nem envia.

Tolerante: campo opcional que falta não quebra; tipo que o assistente não
lê (foto, áudio, localização, reação...) vira Tipo.MIDIA, e o motor responde com
gentileza. Quem escreve: o id canônico da pessoa (`armazenamento.identidades_whatsapp`),
que o webhook resolve do número (`from`/`wa_id`) e do business-scoped user id (BSUID,
`from_user_id`/`user_id`) e guarda no corpo ("p"): `chat_id` e `usuario_id` são ele, o
mesmo quando a pessoa passa a mandar o BSUID ou a esconder o número. Um corpo guardado
sem "p" (de antes da identidade) usa o número, senão o BSUID. Para onde a resposta vai
(número, senão BSUID), o remetente decide pelo canônico.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from mensagens.tipos import Entrada, Tipo

CANAL = "whatsapp"
MAXIMO_ID = 80  # as colunas de id do banco (caixa de entrada, conversa, envio)
# id de pessoa: número (só dígitos) ou BSUID ("BR.1502576394655843", "US.ENT.118...")
_ID_PESSOA = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,79}")

# tipo da Cloud API -> o valor de Tipo.MIDIA (os nomes que o Telegram também usa)
TIPOS_DE_MIDIA = {
    "image": "foto",
    "sticker": "figurinha",
    "audio": "audio",
    "voice": "audio",
    "video": "video",
    "document": "documento",
    "location": "localizacao",
    "reaction": "reacao",
    "order": "pedido",
    "unsupported": "nao_suportado",
}
IGNORADOS = frozenset({"system", "ephemeral", "errors"})  # avisos do próprio WhatsApp

Json = dict[str, Any]


def lista_de(valor: Json, nome: str) -> list[Any]:
    itens = valor.get(nome)
    return itens if isinstance(itens, list) else []


def texto_de(valor: object) -> str:
    """Um texto do payload; "\\udcff" solto (meio emoji) vira "?" em vez de quebrar o banco."""
    if not isinstance(valor, str):
        return ""
    return valor if valor.isascii() else valor.encode("utf-8", "replace").decode("utf-8")


def id_pessoa(valor: object) -> str:
    texto = texto_de(valor).strip()
    return texto if _ID_PESSOA.fullmatch(texto) else ""


def quando_de(valor: object) -> datetime | None:
    """O `timestamp` da Cloud API (segundos, em texto); None se não veio ou não presta."""
    texto = texto_de(valor)
    if not (texto.isascii() and texto.isdigit()):
        return None
    try:
        return datetime.fromtimestamp(int(texto), UTC)
    except (OverflowError, OSError, ValueError):
        return None


def identificadores(mensagem: Json, contato: Json) -> tuple[str, str]:
    """(número, BSUID) de quem escreveu ("" o que não veio). Só o remetente: `from`,
    `from_user_id` e o perfil dele (`contato`); nunca um cartão de contato da mensagem."""
    numero = id_pessoa(mensagem.get("from")) or id_pessoa(contato.get("wa_id"))
    bsuid = id_pessoa(mensagem.get("from_user_id")) or id_pessoa(contato.get("user_id"))
    return (numero if numero.isdigit() else ""), ("" if bsuid.isdigit() else bsuid)


def quem_escreve(mensagem: Json, contato: Json) -> str | None:
    """O id de quem escreve antes de resolver o canônico: o número, senão o BSUID."""
    numero, bsuid = identificadores(mensagem, contato)
    return (numero or bsuid) or None


def converter(corpo: str, id_externo: str) -> Entrada | None:
    """A Entrada de uma mensagem guardada, ou None quando não há o que responder (aviso do
    sistema, ou um corpo guardado que já não se lê)."""
    try:
        dados = json.loads(corpo)
        mensagem, contato = dados["m"], dados["c"]
    except (ValueError, KeyError, TypeError):
        return None
    if not isinstance(mensagem, dict) or not isinstance(contato, dict):
        return None
    pessoa = id_pessoa(dados.get("p")) or quem_escreve(mensagem, contato)
    tipo = texto_de(mensagem.get("type"))
    if not pessoa or tipo in IGNORADOS:
        return None
    base = Entrada(
        canal=CANAL,
        chat_id=pessoa,
        tipo=Tipo.TEXTO,
        usuario_id=pessoa,
        id_externo=id_externo,
        recebida_em=quando_de(mensagem.get("timestamp")) or datetime.now(UTC),
    )
    return _por_tipo(tipo, mensagem, base)


def _conteudo(mensagem: Json, nome: str) -> Json:
    valor = mensagem.get(nome)
    return valor if isinstance(valor, dict) else {}


def _por_tipo(tipo: str, mensagem: Json, base: Entrada) -> Entrada:
    if tipo == "text":
        return de_texto(texto_de(_conteudo(mensagem, "text").get("body")), base)
    if tipo == "interactive":
        return _interativa(_conteudo(mensagem, "interactive"), mensagem, base)
    if tipo == "button":  # resposta rápida de um modelo (template)
        valor = texto_de(_conteudo(mensagem, "button").get("payload"))
        return _botao(valor or texto_de(_conteudo(mensagem, "button").get("text")), mensagem, base)
    if tipo == "contacts":
        return _contato(mensagem, base)
    if tipo == "request_welcome":  # a pessoa abriu a conversa pela primeira vez
        return replace(base, tipo=Tipo.COMANDO, comando="start")
    return replace(base, tipo=Tipo.MIDIA, valor=TIPOS_DE_MIDIA.get(tipo, "nao_suportado"))


def _interativa(interativa: Json, mensagem: Json, base: Entrada) -> Entrada:
    """Toque num botão (`button_reply`) ou numa linha de lista (`list_reply`): o `id` é o
    valor do botão. Outro tipo interativo (formulário, endereço...) o assistente não lê."""
    for nome in ("button_reply", "list_reply"):
        escolha = _conteudo(interativa, nome)
        if escolha:
            return _botao(texto_de(escolha.get("id")), mensagem, base)
    return replace(base, tipo=Tipo.MIDIA, valor="nao_suportado")


def _botao(valor: str, mensagem: Json, base: Entrada) -> Entrada:
    """O id da mensagem que tinha o botão vai em `mensagem_id` (o WhatsApp não edita)."""
    origem = texto_de(_conteudo(mensagem, "context").get("id"))
    return replace(base, tipo=Tipo.BOTAO, valor=valor, mensagem_id=origem[:MAXIMO_ID])


def _contato(mensagem: Json, base: Entrada) -> Entrada:
    """Um cartão de contato: o número. É "próprio" só se o WhatsApp diz que aquele número
    é a conta de quem escreve (o `wa_id` do cartão é o remetente)."""
    remetente = id_pessoa(mensagem.get("from"))
    telefones = [
        t
        for c in lista_de(mensagem, "contacts")
        if isinstance(c, dict)
        for t in lista_de(c, "phones")
        if isinstance(t, dict) and (texto_de(t.get("phone")) or texto_de(t.get("wa_id")))
    ]
    if not telefones:
        return replace(base, tipo=Tipo.MIDIA, valor="contato_vazio")
    proprios = [t for t in telefones if remetente and id_pessoa(t.get("wa_id")) == remetente]
    escolhido = (proprios or telefones)[0]
    numero = texto_de(escolhido.get("phone")) or texto_de(escolhido.get("wa_id"))
    return replace(base, tipo=Tipo.CONTATO, valor=numero, contato_proprio=bool(proprios))


def de_texto(bruto: str, base: Entrada) -> Entrada:
    """ "/frequencia" -> comando "frequencia" (como no Telegram); o resto é texto."""
    if bruto.startswith("/"):
        partes = bruto.split(maxsplit=1)
        nome = partes[0][1:].lower() if partes else ""
        if nome:
            resto = partes[1].strip() if len(partes) > 1 else ""
            return replace(base, tipo=Tipo.COMANDO, comando=nome, texto=resto)
    return replace(base, texto=bruto)
