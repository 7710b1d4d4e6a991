"""A pergunta "quer mesmo apagar as respostas?" que o motor faz antes de descartar o que
a pessoa já respondeu ("cancelar" no meio de um fluxo, o "Começar de novo" da página)."""

from __future__ import annotations

from fluxos.passos import Opcao
from fluxos.regras.escolha import NAO, SIM
from mensagens.catalogo import texto

APAGAR, CONTINUAR = "apagar", "continuar"


def opcoes_de_cancelar() -> list[Opcao]:
    """ "Sim, apagar" (vale "sim", "pode") e "Não, continuar" (vale "não")."""
    return [
        Opcao(APAGAR, texto("escolhas.cancelar.botao_sim"), SIM),
        Opcao(CONTINUAR, texto("escolhas.cancelar.botao_nao"), NAO),
    ]
