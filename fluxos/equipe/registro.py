"""Todos os comandos da equipe, na ordem em que aparecem no menu.

Cada parte (turmas, pré-inscrição assistida, priorização, convocação...) declara os seus
em `COMANDOS`, com os papéis que podem usá-los; aqui eles se juntam.
"""

from __future__ import annotations

from fluxos.equipe import desistentes, turmas
from fluxos.equipe.permissao import ComandoDaEquipe

COMANDOS_DA_EQUIPE: dict[str, ComandoDaEquipe] = {
    **turmas.COMANDOS,
    **desistentes.COMANDOS,
}
