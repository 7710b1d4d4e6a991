"""Os encontros de uma matrícula, como o banco os tem, para a frequência daquela hora
(R16, R19): a desistência confirmada guarda as horas que a pessoa tinha.

Uma consulta pequena, de uma matrícula só; as regras (o que conta, o que é realizado)
ficam em `fluxos.regras.frequencia`. "Chamada feita" = o encontro tem marcas de origem
"chamada" (a chamada salva uma marca por matrícula ativa); `cancelado` = suspenso (R21).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.modelos import Encontro, Presenca

_E = Encontro.__table__  # type: ignore[attr-defined]
_PR = Presenca.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class EncontroDaMatricula:
    inicio: datetime
    horas: float  # a soma dos módulos (R7–R9): a fase inteira
    cancelado: bool
    chamada_feita: bool
    marca: str | None  # a marca desta matrícula (presente | falta | falta_justificada)


async def encontros_da_matricula(
    conexao: AsyncConnection, matricula_id: int, turma_id: int
) -> list[EncontroDaMatricula]:
    """Todos os encontros da turma, em ordem, com a marca desta matrícula (se houver)."""
    da_pessoa = _PR.alias("da_pessoa")
    chamada = _PR.alias("chamada")
    feita = (
        sa.exists()
        .where(chamada.c.encontro_id == _E.c.id, chamada.c.origem == "chamada")
        .label("chamada_feita")
    )
    horas = (
        _E.c.horas_aprendizagem
        + _E.c.horas_desenvolvimento_pessoal
        + _E.c.horas_desenvolvimento_gerencial
    )
    consulta = (
        sa.select(_E.c.inicio, horas.label("horas"), _E.c.cancelado, feita, da_pessoa.c.situacao)
        .select_from(
            _E.outerjoin(
                da_pessoa,
                sa.and_(
                    da_pessoa.c.encontro_id == _E.c.id, da_pessoa.c.matricula_id == matricula_id
                ),
            )
        )
        .where(_E.c.turma_id == turma_id)
        .order_by(_E.c.inicio, _E.c.id)
    )
    return [
        EncontroDaMatricula(inicio, float(h), bool(cancelado), bool(chamada_feita), marca)
        for inicio, h, cancelado, chamada_feita, marca in (await conexao.execute(consulta)).all()
    ]
