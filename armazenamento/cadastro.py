"""Foto do cadastro do programa (ciclos, CRAS, bairros, cursos), guardada por alguns segundos.

Por quê: quase toda mensagem consulta ciclo, cursos ou bairros, que só mudam numa
importação. Cada processo guarda a foto por `VALIDADE`; depois de importar, o novo
cadastro aparece para os cidadãos em até esse tempo (também com vários processos).
"""

from __future__ import annotations

import time
import weakref
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import col, select

from armazenamento.modelos import Bairro, Ciclo, Cras, Curso, Turma

VALIDADE = 30.0  # segundos


@dataclass(frozen=True)
class Cadastro:
    ciclos: tuple[Ciclo, ...]
    cras: dict[int, Cras]
    bairros: dict[int, Bairro]
    cursos: dict[int, Curso]
    cursos_por_ciclo: dict[int, tuple[Curso, ...]] = field(default_factory=dict)
    # (ciclo, curso) -> turnos em que o curso tem turma no ciclo (R10)
    turnos_por_curso: dict[tuple[int, int], frozenset[str]] = field(default_factory=dict)

    def cursos_do_ciclo(self, ciclo_id: int) -> tuple[Curso, ...]:
        """Cursos com turma no ciclo, em ordem alfabética: só esses podem ser escolhidos."""
        return self.cursos_por_ciclo.get(ciclo_id, ())

    def turnos_do_curso(self, ciclo_id: int, curso_id: int) -> frozenset[str]:
        """R10: os turnos em que o curso tem turma no ciclo (vazio: nenhuma turma)."""
        return self.turnos_por_curso.get((ciclo_id, curso_id), frozenset())


_fotos: weakref.WeakKeyDictionary[Any, tuple[float, Cadastro]] = weakref.WeakKeyDictionary()


async def _todos(conexao: AsyncConnection, modelo: Any, ordem: Any) -> list[Any]:
    """Linhas do Core viram objetos do modelo (só leitura, fora de qualquer sessão)."""
    linhas = await conexao.execute(select(modelo).order_by(ordem))
    return [modelo(**linha._mapping) for linha in linhas]


async def _ler(conexao: AsyncConnection) -> Cadastro:
    ciclos = await _todos(conexao, Ciclo, col(Ciclo.preinscricao_inicio))
    cras = await _todos(conexao, Cras, col(Cras.nome))
    bairros = await _todos(conexao, Bairro, col(Bairro.nome))
    cursos = await _todos(conexao, Curso, col(Curso.nome))
    consulta = select(Turma.ciclo_id, Turma.curso_id, Turma.turno).distinct()
    trios = (await conexao.execute(consulta)).all()
    pares = {(ciclo_id, curso_id) for ciclo_id, curso_id, _ in trios}
    turnos: dict[tuple[int, int], set[str]] = {}
    for ciclo_id, curso_id, turno in trios:
        turnos.setdefault((ciclo_id, curso_id), set()).add(turno)
    por_ciclo: dict[int, list[Curso]] = {}
    for curso in cursos:  # já em ordem alfabética
        for ciclo_id, curso_id in pares:
            if curso_id == curso.id:
                por_ciclo.setdefault(ciclo_id, []).append(curso)
    return Cadastro(
        ciclos=tuple(ciclos),
        cras={c.id or 0: c for c in cras},
        bairros={b.id or 0: b for b in bairros},
        cursos={c.id or 0: c for c in cursos},
        cursos_por_ciclo={k: tuple(v) for k, v in por_ciclo.items()},
        turnos_por_curso={k: frozenset(v) for k, v in turnos.items()},
    )


async def obter_cadastro(conexao: AsyncConnection) -> Cadastro:
    """A foto do banco desta conexão, relida quando passa da validade."""
    chave = conexao.engine.sync_engine
    agora = time.monotonic()
    guardada = _fotos.get(chave)
    if guardada and agora - guardada[0] < VALIDADE:
        return guardada[1]
    foto = await _ler(conexao)
    _fotos[chave] = (agora, foto)
    return foto


def esquecer_cadastro() -> None:
    """Depois de uma importação no mesmo processo: a próxima mensagem relê tudo."""
    _fotos.clear()
