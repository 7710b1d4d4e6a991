"""O que um comando devolve ao motor (começar um fluxo ou dizer algo: `Dizer`, o mesmo
resultado de um passo que encerra, definido em `fluxos.passos`) e os nomes que os
comandos e os canais usam junto com ele. Separado do motor para que cada comando dependa
só destes tipos. O dado dos botões é de `mensagens.botoes`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from fluxos.passos import Contexto, Dizer, Pendencia
from mensagens.tipos import Entrada

__all__ = [
    "Acao",
    "BuscarPendencia",
    "Comando",
    "Dizer",
    "Iniciar",
    "com_aviso",
    "quem_escreve",
]


@dataclass(frozen=True, slots=True)
class Iniciar:
    """Resposta de um comando: começa um fluxo, com uma nota antes da 1ª pergunta.
    `dados`: o que o fluxo já sabe ao começar (chaves com "_": a turma e o encontro da
    chamada, o pedido que a equipe vai responder), guardado junto das respostas; `passo`:
    começa nele em vez do primeiro (o encontro já foi escolhido pelo comando)."""

    fluxo: str
    nota: str = ""
    dados: Mapping[str, Any] = field(default_factory=dict)
    passo: str = ""


Acao = Iniciar | Dizer
Comando = Callable[[Contexto, str], Awaitable[Acao]]
BuscarPendencia = Callable[[Contexto], Awaitable[Pendencia | None]]


def quem_escreve(entrada: Entrada) -> str:
    """A quem um papel da equipe se liga: o id do usuário no canal (no Telegram, o número
    da conta, nunca o @username); sem ele (web, terminal), a própria conversa."""
    return entrada.usuario_id or entrada.chat_id


def com_aviso(aviso: str, acao: Acao) -> Acao:
    """A tela com um aviso antes, na mesma mensagem ("Tudo bem, parei." + o menu); ao
    retomar (página recarregada), volta só a tela."""
    if not isinstance(acao, Dizer):
        return acao
    textos = (f"{aviso}\n\n{acao.textos[0]}", *acao.textos[1:])
    return replace(acao, textos=textos, tela=acao.tela or acao.textos[-1])
