"""Um POST do webhook da Cloud API -> o que guardar: as mensagens (cada uma com o contato
de quem escreveu) e as situações de entrega das nossas mensagens. Tolerante: item sem o
essencial (id, remetente) é deixado de lado e contado, nunca registrado com conteúdo.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from bot.whatsapp.entrada import (
    IGNORADOS,
    MAXIMO_ID,
    Json,
    id_pessoa,
    identificadores,
    lista_de,
    quando_de,
    texto_de,
)

log = logging.getLogger(__name__)

SITUACOES = ("sent", "delivered", "read", "failed")


class PayloadInvalido(ValueError):
    """O corpo não é um webhook da Cloud API (a mensagem diz o quê, sem dados)."""


MUDANCAS = ("user_changed_number", "user_changed_user_id")  # avisos de troca de id


@dataclass(frozen=True, slots=True)
class MensagemRecebida:
    """Uma mensagem a guardar: `id_externo` (o wamid, curto o bastante para o banco),
    `corpo` (a mensagem e o contato de quem escreveu, em JSON), `chat_id` (a conversa: o
    número, senão o BSUID, até o webhook resolver o canônico, `com_pessoa`), `numero` e
    `bsuid` de quem escreveu, e `mudanca` (identificadores antigos, novos) num aviso de
    troca de número ou de BSUID."""

    id_externo: str
    corpo: str
    chat_id: str
    quando: datetime | None
    abre_janela: bool = True  # um aviso do sistema não é a pessoa escrevendo
    numero: str = ""
    bsuid: str = ""
    mudanca: tuple[tuple[str, ...], tuple[str, ...]] | None = None

    def com_pessoa(self, canonico: str) -> MensagemRecebida:
        """A mesma mensagem da pessoa `canonico`: o corpo leva o id ("p") para o motor."""
        # o corpo é um objeto JSON compacto (json.dumps em `_mensagem`): acrescenta a chave
        corpo = self.corpo[:-1] + ',"p":' + json.dumps(canonico) + "}"
        return replace(self, corpo=corpo, chat_id=canonico)


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
    numero, bsuid = identificadores(mensagem, contato)
    if not wamid or not (numero or bsuid):
        log.info("whatsapp: mensagem sem id ou sem remetente deixada de lado")
        return None
    corpo = json.dumps({"m": mensagem, "c": contato}, separators=(",", ":"))
    quando = quando_de(mensagem.get("timestamp"))
    tipo = texto_de(mensagem.get("type"))
    return MensagemRecebida(
        id_curto(wamid),
        corpo,
        numero or bsuid,
        quando,
        tipo not in IGNORADOS,
        numero,
        bsuid,
        _mudanca(mensagem, numero, bsuid) if tipo == "system" else None,
    )


def _mudanca(
    mensagem: Json, numero: str, bsuid: str
) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """Troca de número (`user_changed_number`: `system.wa_id` é o número novo) ou de BSUID
    (`user_changed_user_id`): os ids antigos (o remetente, `previous_user_id`) e os novos
    (`wa_id`, `user_id`). Vem da Meta (o POST é assinado), nunca de um cartão de contato."""
    sistema = mensagem.get("system")
    if not isinstance(sistema, dict) or texto_de(sistema.get("type")) not in MUDANCAS:
        return None
    novo_numero = id_pessoa(sistema.get("wa_id")) or id_pessoa(sistema.get("new_wa_id"))
    novo_numero = novo_numero if novo_numero.isdigit() else ""
    novo_bsuid = id_pessoa(sistema.get("user_id"))
    novo_bsuid = "" if novo_bsuid.isdigit() else novo_bsuid
    novos = tuple(n for n in (novo_numero, novo_bsuid) if n)
    anterior = id_pessoa(sistema.get("previous_user_id"))
    antigos = tuple(a for a in (numero, anterior, bsuid) if a and a not in novos)
    return (antigos, novos) if antigos and novos else None


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
