"""O escopo de cada papel como condição SQL (ARQUITETURA.md §7, R24).

Cada consulta da equipe põe a condição do papel no próprio WHERE: o que não é de quem
pergunta nem sai do banco. Sem papel nenhum, a condição é falsa.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from armazenamento.acesso import Acesso
from armazenamento.modelos import Curso, Turma

_T = Turma.__table__  # type: ignore[attr-defined]
_CU = Curso.__table__  # type: ignore[attr-defined]


def turmas_visiveis(acesso: Acesso) -> Any:
    """Turmas que o papel enxerga: instrutor as suas; OSC as dos seus cursos; gestão todas.
    Pede `curso` na consulta (junto de `turma`)."""
    if acesso.gestao:
        return sa.true()
    partes = []
    if acesso.turmas:
        partes.append(_T.c.id.in_(sorted(acesso.turmas)))
    if acesso.oscs:
        partes.append(_CU.c.osc_id.in_(sorted(acesso.oscs)))
    return sa.or_(*partes) if partes else sa.false()
