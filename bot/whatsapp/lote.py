"""Um POST do webhook da Cloud API -> o que guardar: as mensagens (cada uma com o contato
de quem escreveu) e as situações de entrega das nossas mensagens. Tolerante: item sem o
essencial (id, remetente) é deixado de lado e contado, nunca registrado com conteúdo.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.whatsapp.entrada import (
    IGNORADOS,
    MAXIMO_ID,
    Json,
    id_pessoa,
    lista_de,
    quando_de,
    quem_escreve,
    texto_de,
)

log = logging.getLogger(__name__)

SITUACOES = ("sent", "delivered", "read", "failed")


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
    # resumos (`resumo_pessoa`) do `recipient_id` e do `recipient_user_id`: para conferir
    # que a situação é do destinatário do envio, sem guardar o número
    destinatarios: tuple[str, ...] = ()

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


def resumo_pessoa(chat_id: str) -> str:
    """Um resumo estável de um número ou BSUID (conferir destinatário sem guardá-lo)."""
    return hashlib.sha256(chat_id.encode()).hexdigest()[:24]


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
    except RecursionError:  # "[[[[…" assinado: nunca um 500 (a Meta repetiria)
        raise PayloadInvalido("JSON aninhado demais") from None
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


def _ler_valor(valor: Json, lote: Lote) -> None:
    contatos = [c for c in lista_de(valor, "contacts") if isinstance(c, dict)]
    for mensagem in lista_de(valor, "messages"):
        lida = _mensagem(mensagem, contatos) if isinstance(mensagem, dict) else None
        if lida is None:
            lote.descartados += 1
        else:
            lote.mensagens.append(lida)
    for status in lista_de(valor, "statuses"):
        lido = _status(status) if isinstance(status, dict) else None
        if lido is None:
            lote.descartados += 1
        elif lido.situacao in SITUACOES:  # "played" (áudio), "deleted"...: nada a mostrar
            lote.statuses.append(lido)


def _contato_de(mensagem: Json, contatos: list[Json]) -> Json:
    """O contato (perfil) de quem mandou esta mensagem, no mesmo `value`."""
    numero, bsuid = id_pessoa(mensagem.get("from")), id_pessoa(mensagem.get("from_user_id"))
    for contato in contatos:
        if (numero and id_pessoa(contato.get("wa_id")) == numero) or (
            bsuid and id_pessoa(contato.get("user_id")) == bsuid
        ):
            return contato
    # um contato só, sem número nem BSUID que o contradiga: é de quem escreveu
    sem_conflito = [
        c
        for c in contatos
        if not (numero and id_pessoa(c.get("wa_id")) not in ("", numero))
        and not (bsuid and id_pessoa(c.get("user_id")) not in ("", bsuid))
    ]
    return sem_conflito[0] if len(contatos) == 1 and sem_conflito else {}


def _mensagem(mensagem: Json, contatos: list[Json]) -> MensagemRecebida | None:
    wamid = texto_de(mensagem.get("id")).strip()
    contato = _contato_de(mensagem, contatos)
    pessoa = quem_escreve(mensagem, contato)
    if not wamid or pessoa is None:
        log.info("whatsapp: mensagem sem id ou sem remetente deixada de lado")
        return None
    corpo = json.dumps({"m": mensagem, "c": contato}, separators=(",", ":"))
    quando = quando_de(mensagem.get("timestamp"))
    abre = texto_de(mensagem.get("type")) not in IGNORADOS
    return MensagemRecebida(id_curto(wamid), corpo, pessoa[0], quando, abre)


def _status(status: Json) -> StatusRecebido | None:
    wamid = texto_de(status.get("id")).strip()
    situacao = texto_de(status.get("status")).strip().lower()
    if not wamid or not situacao:
        return None
    quando = quando_de(status.get("timestamp")) or datetime.now(UTC)
    codigos = [  # só números: o título e os detalhes podem citar a pessoa
        str(erro["code"])
        for erro in lista_de(status, "errors")
        if isinstance(erro, dict) and str(erro.get("code", "")).isdigit()
    ]
    pessoas = (id_pessoa(status.get("recipient_id")), id_pessoa(status.get("recipient_user_id")))
    resumos = tuple(resumo_pessoa(p) for p in pessoas if p)
    return StatusRecebido(wamid, situacao, quando, ",".join(codigos)[:200], resumos)
