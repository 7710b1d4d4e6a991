"""O resultado de enviar uma mensagem da fila por um canal: o que o despachante faz com a
linha (gravar como enviada, repetir, parar de enviar à pessoa, não reenviar às cegas).
Cada remetente (Telegram, WhatsApp) traduz os erros do seu provedor para estes tipos.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Enviada:
    """O canal aceitou: `id_provedor` é o id da mensagem no provedor (Telegram: message_id,
    único dentro do chat; WhatsApp: o wamid)."""

    id_provedor: str


@dataclass(frozen=True, slots=True)
class Repetir:
    """Erro passageiro. `depois_de` > 0: espera exata pedida pelo provedor (429 do Telegram);
    0: o despachante decide o recuo. `so_esta_pessoa`: o limite é do par (WhatsApp 131056,
    ~1 mensagem a cada 6 s para a mesma pessoa): só a linha espera, o canal não pausa."""

    depois_de: float
    motivo: str
    so_esta_pessoa: bool = False


@dataclass(frozen=True, slots=True)
class Inalcancavel:
    """A pessoa bloqueou o bot, apagou a conta ou não está no canal: parar de enviar a ela."""

    motivo: str


@dataclass(frozen=True, slots=True)
class Incerta:
    """O pedido saiu e a resposta não veio: pode ter sido entregue. Não reenviar às cegas."""

    motivo: str


@dataclass(frozen=True, slots=True)
class ForaDaJanela:
    """WhatsApp 131047: a pessoa não escreve há mais de 24 h e só um modelo aprovado
    (template) passa. Quem despacha pelo WhatsApp troca a mensagem pelo seu `Saida.modelo`;
    um despacho que não sabe fazer isso (o do Telegram nunca recebe este) a trata como
    `Falhou`."""

    motivo: str


@dataclass(frozen=True, slots=True)
class Falhou:
    """Pedido que o provedor (ou a validação) recusa; repetir não adianta."""

    motivo: str


Resultado = Enviada | Repetir | Inalcancavel | Incerta | ForaDaJanela | Falhou
