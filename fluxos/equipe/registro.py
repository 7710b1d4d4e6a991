"""Todos os comandos da equipe, na ordem em que aparecem no menu.

Cada parte (turmas, pré-inscrição assistida, priorização, convocação...) declara os seus
em `COMANDOS`, com os papéis que podem usá-los; aqui eles se juntam.
"""

from __future__ import annotations

from fluxos import chamada, suspensao
from fluxos.equipe import (
    alertas,
    atendimentos,
    busca,
    codigo_vinculo,
    convocacao,
    desistentes,
    preinscricao_assistida,
    priorizacao,
    turmas,
)
from fluxos.equipe.permissao import ComandoDaEquipe

# Ordem do menu: o trabalho de todo dia primeiro (turmas, convocar), depois as listas, a
# pré-inscrição assistida, a priorização do CRAS, os alertas de evasão (R17), as
# desistências do Acessuas e a busca.
COMANDOS_DA_EQUIPE: dict[str, ComandoDaEquipe] = {
    **turmas.COMANDOS,
    **chamada.COMANDOS,
    **convocacao.COMANDOS,
    **priorizacao.COMANDOS,
    **preinscricao_assistida.COMANDOS,
    **alertas.COMANDOS,
    **desistentes.COMANDOS,
    **atendimentos.COMANDOS,  # pedidos de ajuda (R20)
    **busca.COMANDOS,
    **codigo_vinculo.COMANDOS,
    **suspensao.COMANDOS,  # R21: suspender ou remarcar aulas em lote (de vez em quando)
}
