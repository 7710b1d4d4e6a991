"""O que cada canal sabe mostrar, para quem monta uma tela que depende disso (a chamada).

Aqui, em `mensagens/`, como `Botao`: vocabulário comum dos fluxos e dos canais (`bot/`).
O WhatsApp não edita mensagem já enviada (cada resposta é uma mensagem nova) e toca no
máximo 10 opções de uma vez (uma lista de 10 linhas; com mais, as opções vão escritas e a
pessoa digita: `bot.whatsapp.desenho`). Os outros canais editam no lugar e tocam quantas
opções a tela tiver.
"""

from __future__ import annotations

SEM_EDICAO = frozenset({"whatsapp"})
TOCAVEIS = {"whatsapp": 10}  # linhas de uma lista da Cloud API


def edita_no_lugar(canal: str) -> bool:
    """O canal troca a mensagem do botão tocado pela nova (`Saida.substituir`)."""
    return canal not in SEM_EDICAO


def opcoes_tocaveis(canal: str) -> int | None:
    """Quantas opções a pessoa consegue tocar numa mensagem (None: sem limite que importe)."""
    return TOCAVEIS.get(canal)
