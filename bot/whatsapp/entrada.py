"""Webhook da Cloud API -> o que guardar (mensagens e situações de entrega) e, depois,
cada mensagem guardada -> Entrada neutra. Tradução pura: nada aqui grava nem envia.

Tolerante: campo opcional que falta não quebra; mensagem sem remetente ou sem id é
deixada de lado (com o motivo no registro, nunca o conteúdo); tipo que o assistente não
lê (foto, áudio, localização, reação...) vira Tipo.MIDIA, e o motor responde com
gentileza. Quem escreve: o business-scoped user id (BSUID, `from_user_id`/`user_id`),
estável mesmo quando a pessoa esconde o número atrás de um nome de usuário; sem ele, o
número (`wa_id`/`from`). A resposta vai para o número, quando veio (a Meta recomenda), e
senão para o BSUID.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from mensagens.tipos import Entrada, Tipo

log = logging.getLogger(__name__)

CANAL = "whatsapp"
MAXIMO_ID = 80  # as colunas de id do banco (caixa de entrada, conversa, envio)
# id de pessoa: número (só dígitos) ou BSUID ("BR.1502576394655843", "US.ENT.118...")
_ID_PESSOA = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,79}")
SITUACOES = ("sent", "delivered", "read", "failed")

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


class PayloadInvalido(ValueError):
    """O corpo não é um webhook da Cloud API (a mensagem diz o quê, sem dados)."""


@dataclass(frozen=True, slots=True)
class MensagemRecebida:
    """Uma mensagem a guardar: `id_externo` (o wamid, curto o bastante para o banco),
    `corpo` (a mensagem e o contato de quem escreveu, em JSON) e `chat_id` (a conversa,
    para a janela de 24 h)."""

    id_externo: str
    corpo: str
    chat_id: str
    quando: datetime | None
    abre_janela: bool = True  # um aviso do sistema não é a pessoa escrevendo


@dataclass(frozen=True, slots=True)
class StatusRecebido:
    """Uma situação de entrega de mensagem nossa: `erro` traz só os códigos (ex.: "131026")."""

    wamid: str
    situacao: str
    quando: datetime
    erro: str = ""

    @property
    def id_externo(self) -> str:
        """Um id por (mensagem, situação) na caixa de entrada: "st:read:<hash do wamid>"."""
        resumo = hashlib.sha256(self.wamid.encode()).hexdigest()[:40]
        return f"st:{self.situacao}:{resumo}"


@dataclass(slots=True)
class Lote:
    mensagens: list[MensagemRecebida] = field(default_factory=list)
    statuses: list[StatusRecebido] = field(default_factory=list)
    descartados: int = 0  # itens malformados deixados de lado


def id_curto(wamid: str) -> str:
    """O wamid cabe nas colunas de id (80); um maior vira um resumo estável dele."""
    if len(wamid) <= MAXIMO_ID:
        return wamid
    return "h:" + hashlib.sha256(wamid.encode()).hexdigest()


def ler_lote(bruto: bytes) -> Lote:
    """Mensagens e situações de entrega de um POST do webhook, na ordem do corpo."""
    try:
        dados = json.loads(bruto)
    except ValueError:
        raise PayloadInvalido("o corpo não é JSON") from None
    if not isinstance(dados, dict) or not isinstance(dados.get("entry"), list):
        raise PayloadInvalido("sem a lista 'entry'")
    lote = Lote()
    for entrada in dados["entry"]:
        mudancas = entrada.get("changes") if isinstance(entrada, dict) else None
        for mudanca in mudancas if isinstance(mudancas, list) else []:
            valor = mudanca.get("value") if isinstance(mudanca, dict) else None
            if isinstance(valor, dict):
                _ler_valor(valor, lote)
    return lote


def _lista(valor: Json, nome: str) -> list[Any]:
    itens = valor.get(nome)
    return itens if isinstance(itens, list) else []


def _ler_valor(valor: Json, lote: Lote) -> None:
    contatos = [c for c in _lista(valor, "contacts") if isinstance(c, dict)]
    for mensagem in _lista(valor, "messages"):
        lida = _mensagem(mensagem, contatos) if isinstance(mensagem, dict) else None
        if lida is None:
            lote.descartados += 1
        else:
            lote.mensagens.append(lida)
    for status in _lista(valor, "statuses"):
        lido = _status(status) if isinstance(status, dict) else None
        if lido is None:
            lote.descartados += 1
        elif lido.situacao in SITUACOES:  # "played" (áudio), "deleted"...: nada a mostrar
            lote.statuses.append(lido)


def _texto(valor: object) -> str:
    """Um texto do payload; "\\udcff" solto (meio emoji) vira "?" em vez de quebrar o banco."""
    if not isinstance(valor, str):
        return ""
    return valor if valor.isascii() else valor.encode("utf-8", "replace").decode("utf-8")


def _id_pessoa(valor: object) -> str:
    texto = _texto(valor).strip()
    return texto if _ID_PESSOA.fullmatch(texto) else ""


def _quando(valor: object) -> datetime | None:
    """O `timestamp` da Cloud API (segundos, em texto); None se não veio ou não presta."""
    texto = _texto(valor)
    if not (texto.isascii() and texto.isdigit()):
        return None
    try:
        return datetime.fromtimestamp(int(texto), UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _contato_de(mensagem: Json, contatos: list[Json]) -> Json:
    """O contato (perfil) de quem mandou esta mensagem, no mesmo `value`."""
    numero, bsuid = _id_pessoa(mensagem.get("from")), _id_pessoa(mensagem.get("from_user_id"))
    for contato in contatos:
        if (numero and _id_pessoa(contato.get("wa_id")) == numero) or (
            bsuid and _id_pessoa(contato.get("user_id")) == bsuid
        ):
            return contato
    return contatos[0] if len(contatos) == 1 else {}


def quem_escreve(mensagem: Json, contato: Json) -> tuple[str, str] | None:
    """(chat_id, usuario_id): a quem responder e quem é, de forma estável. None: sem ninguém."""
    numero = _id_pessoa(mensagem.get("from")) or _id_pessoa(contato.get("wa_id"))
    bsuid = _id_pessoa(mensagem.get("from_user_id")) or _id_pessoa(contato.get("user_id"))
    numero = numero if numero.isdigit() else ""
    if not (numero or bsuid):
        return None
    return numero or bsuid, bsuid or numero


def _mensagem(mensagem: Json, contatos: list[Json]) -> MensagemRecebida | None:
    wamid = _texto(mensagem.get("id")).strip()
    contato = _contato_de(mensagem, contatos)
    pessoa = quem_escreve(mensagem, contato)
    if not wamid or pessoa is None:
        log.info("whatsapp: mensagem sem id ou sem remetente deixada de lado")
        return None
    corpo = json.dumps({"m": mensagem, "c": contato}, separators=(",", ":"))
    quando = _quando(mensagem.get("timestamp"))
    abre = _texto(mensagem.get("type")) not in IGNORADOS
    return MensagemRecebida(id_curto(wamid), corpo, pessoa[0], quando, abre)


def _status(status: Json) -> StatusRecebido | None:
    wamid = _texto(status.get("id")).strip()
    situacao = _texto(status.get("status")).strip().lower()
    if not wamid or not situacao:
        return None
    quando = _quando(status.get("timestamp")) or datetime.now(UTC)
    codigos = [
        str(erro["code"])
        for erro in _lista(status, "errors")
        if isinstance(erro, dict) and isinstance(erro.get("code"), int | str)
    ]
    return StatusRecebido(wamid, situacao, quando, ",".join(codigos)[:200])


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
    pessoa = quem_escreve(mensagem, contato)
    tipo = _texto(mensagem.get("type"))
    if pessoa is None or tipo in IGNORADOS:
        return None
    base = Entrada(
        canal=CANAL,
        chat_id=pessoa[0],
        tipo=Tipo.TEXTO,
        usuario_id=pessoa[1],
        id_externo=id_externo,
        recebida_em=_quando(mensagem.get("timestamp")) or datetime.now(UTC),
    )
    return _por_tipo(tipo, mensagem, base)


def _conteudo(mensagem: Json, nome: str) -> Json:
    valor = mensagem.get(nome)
    return valor if isinstance(valor, dict) else {}


def _por_tipo(tipo: str, mensagem: Json, base: Entrada) -> Entrada:
    if tipo == "text":
        return de_texto(_texto(_conteudo(mensagem, "text").get("body")), base)
    if tipo == "interactive":
        return _interativa(_conteudo(mensagem, "interactive"), mensagem, base)
    if tipo == "button":  # resposta rápida de um modelo (template)
        valor = _texto(_conteudo(mensagem, "button").get("payload"))
        return _botao(valor or _texto(_conteudo(mensagem, "button").get("text")), mensagem, base)
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
            return _botao(_texto(escolha.get("id")), mensagem, base)
    return replace(base, tipo=Tipo.MIDIA, valor="nao_suportado")


def _botao(valor: str, mensagem: Json, base: Entrada) -> Entrada:
    """O id da mensagem que tinha o botão vai em `mensagem_id` (o WhatsApp não edita)."""
    origem = _texto(_conteudo(mensagem, "context").get("id"))
    return replace(base, tipo=Tipo.BOTAO, valor=valor, mensagem_id=origem[:MAXIMO_ID])


def _contato(mensagem: Json, base: Entrada) -> Entrada:
    """Um cartão de contato: o número. É "próprio" só se o WhatsApp diz que aquele número
    é a conta de quem escreve (o `wa_id` do cartão é o remetente)."""
    remetente = _id_pessoa(mensagem.get("from"))
    telefones = [
        t
        for c in _lista(mensagem, "contacts")
        if isinstance(c, dict)
        for t in _lista(c, "phones")
        if isinstance(t, dict) and (_texto(t.get("phone")) or _texto(t.get("wa_id")))
    ]
    if not telefones:
        return replace(base, tipo=Tipo.MIDIA, valor="contato_vazio")
    proprios = [t for t in telefones if remetente and _id_pessoa(t.get("wa_id")) == remetente]
    escolhido = (proprios or telefones)[0]
    numero = _texto(escolhido.get("phone")) or _texto(escolhido.get("wa_id"))
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
