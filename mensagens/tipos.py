"""Tipos neutros de canal: o que chega (Entrada) e o que o assistente diz (Saida).

O motor dos fluxos só conhece estes tipos; cada canal traduz de/para o seu formato.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum


class Tipo(StrEnum):
    """Tipo de uma entrada vinda de um canal."""

    TEXTO = "texto"
    BOTAO = "botao"
    COMANDO = "comando"
    CONTATO = "contato"
    MIDIA = "midia"  # figurinha, foto, áudio, localização, documento...
    TEMPO = "tempo"  # gerado pelo agendador


@dataclass(frozen=True, slots=True)
class Entrada:
    """Uma mensagem recebida, já sem nada do transporte.

    `valor` traz o dado do botão (Tipo.BOTAO), o número do contato (Tipo.CONTATO) ou
    o tipo de mídia (Tipo.MIDIA: "figurinha", "foto", "audio", "localizacao", ...).
    `comando` é o nome sem barra (Tipo.COMANDO) e `texto` o argumento, se houver.
    `mensagem_id`: num toque de botão, a mensagem em que o botão estava (no Telegram, o
    message_id), para o canal editar essa mesma mensagem (`Saida.substituir`).
    """

    canal: str
    chat_id: str
    tipo: Tipo
    texto: str = ""
    valor: str = ""
    comando: str = ""
    usuario_id: str = ""
    id_externo: str = ""
    contato_proprio: bool = False
    mensagem_id: str = ""
    recebida_em: datetime = field(default_factory=lambda: datetime.now(UTC))


@dataclass(frozen=True, slots=True)
class Botao:
    """Uma escolha: o rótulo curto que a pessoa vê e o valor que volta ao motor."""

    rotulo: str
    valor: str


@dataclass(frozen=True, slots=True)
class Anexo:
    """Um arquivo que vai junto da mensagem (ex.: a planilha da lista de uma OSC).

    `tipo` é o tipo MIME; `dados` fica fora do repr (não enche o log nem a tela do teste).
    """

    nome: str
    tipo: str
    dados: bytes = field(repr=False)


@dataclass(frozen=True, slots=True)
class Modelo:
    """O modelo (template) que leva esta mensagem quando o canal só aceita mensagem
    aprovada (WhatsApp fora da janela de 24 h). `chave`: o tipo de aviso, estável
    ("convocacao", "prazo", "lembrete_aula", "cuidado", "alerta_equipe", "resposta_ajuda");
    o nome no provedor, o idioma e a ordem dos parâmetros são configuração do canal.
    `valores`: (nome do parâmetro, valor) — o canal os põe na ordem configurada."""

    chave: str
    valores: tuple[tuple[str, str], ...] = ()

    def valor(self, nome: str) -> str:
        return dict(self.valores).get(nome, "")


@dataclass(frozen=True, slots=True)
class Saida:
    """Uma mensagem a dizer. Cada canal desenha os botões dentro dos seus limites.

    `pedir_contato`: o canal pode oferecer o botão nativo de compartilhar o telefone.
    `comandos`: o menu de comandos desta conversa passa a ser este (nomes sem barra; vazio
    = volta ao menu de todo mundo; None = não mexe). Quem pode, mostra (o Telegram mostra
    no botão "/"); o texto de cada um vem do catálogo (`equipe.comando.<nome>`).
    `anexo`: um arquivo junto; o texto vira a legenda (cada canal entrega do seu jeito:
    documento no Telegram, link de baixar no chat web, arquivo numa pasta no terminal).
    `numerar`: digitar "2" escolhe o 2º botão. Falso quando a própria pergunta pede números
    (a lista de situações prioritárias, R2): quem mostra opções numeradas (o terminal) não
    põe número nelas.
    `substituir`: esta mensagem toma o lugar da que tinha o botão tocado (a chamada que
    marca e desmarca na mesma mensagem): o Telegram edita a mensagem, o chat web troca o
    balão, o terminal escreve de novo. Só vem em resposta a um toque de botão.
    `modelo`: numa mensagem que sai pela fila sem a pessoa ter escrito (convocação,
    lembrete, recado), o modelo aprovado que a leva quando o canal exige (ver `Modelo`).
    """

    texto: str
    botoes: tuple[Botao, ...] = ()
    pedir_contato: bool = False
    comandos: tuple[str, ...] | None = None
    anexo: Anexo | None = None
    numerar: bool = True
    substituir: bool = False
    modelo: Modelo | None = None
