"""A chamada no chat (R7, R16): `/chamada` do instrutor, da OSC e da gestão."""

from __future__ import annotations

from armazenamento.acesso import Papel
from fluxos.chamada.fluxo import CHAMADA, fazer_chamada
from fluxos.equipe.permissao import ComandoDaEquipe

PAPEIS_DA_CHAMADA = frozenset({Papel.INSTRUTOR, Papel.OSC, Papel.GESTAO})

COMANDOS = {"chamada": ComandoDaEquipe(PAPEIS_DA_CHAMADA, fazer_chamada)}

__all__ = ["CHAMADA", "COMANDOS", "PAPEIS_DA_CHAMADA"]
