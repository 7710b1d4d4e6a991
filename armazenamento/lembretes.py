"""Consultas dos lembretes de aula: as aulas de uma janela e os envios que nascem delas.

Por que aqui e não em `fluxos/lembretes.py`: o fluxo decide quando lembrar, o que dizer e
qual é o "amanhã" de Bauru; como isso vira linhas na fila é assunto do banco. A rodada é
grande (100 mil matrículas no benchmark `bench/lembretes.py`), então os envios nascem de um
INSERT … SELECT por lote de até `lote` matrículas de uma turma: os dados das pessoas não
passam pela memória do processo. Aqui nada confirma (a unidade de trabalho, ARQUITETURA
§4): quem chama (`fluxos.lembretes`) abre as transações curtas, com um commit a cada
~`lote` linhas novas (trava curta no SQLite). As instruções do lote são montadas uma vez
por dialeto e canais, com parâmetros: o SQLAlchemy também as compila uma vez só.

A chave de cada envio é "lembrete:{encontro}:{matricula}" e é única no banco: rodar de novo
(ou em vários processos ao mesmo tempo) não cria o mesmo lembrete duas vezes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as insert_pg
from sqlalchemy.dialects.sqlite import insert as insert_sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.modelos import Curso, Encontro, Envio, Matricula, PreInscricao, Turma
from armazenamento.tempo import DataHoraUTC

LOTE = 1000  # matrículas por INSERT … SELECT; e linhas novas por commit (`fluxos.lembretes`)
MAIOR_ID = 2**31 - 1  # INTEGER do banco: nenhum id passa disso

_E = Encontro.__table__  # type: ignore[attr-defined]
_T = Turma.__table__  # type: ignore[attr-defined]
_C = Curso.__table__  # type: ignore[attr-defined]
_M = Matricula.__table__  # type: ignore[attr-defined]
_P = PreInscricao.__table__  # type: ignore[attr-defined]
_ENVIO = Envio.__table__  # type: ignore[attr-defined]
_INSERIR: dict[str, Any] = {"sqlite": insert_sqlite, "postgresql": insert_pg}


@dataclass(frozen=True, slots=True)
class Aula:
    """Um encontro da janela, com o que o lembrete diz."""

    encontro_id: int
    turma_id: int
    inicio: datetime
    curso: str
    local: str


@dataclass(frozen=True, slots=True)
class LembreteDaAula:
    """O lembrete pronto de um encontro: vai para cada matrícula que o recebe na turma."""

    encontro_id: int
    turma_id: int
    conteudo: str  # a Saida já serializada (JSON)


def _nao_cancelados_entre(comeco: datetime, fim: datetime) -> list[Any]:
    return [_E.c.inicio >= comeco, _E.c.inicio < fim, _E.c.cancelado.is_(False)]


async def aulas_entre(conexao: AsyncConnection, comeco: datetime, fim: datetime) -> list[Aula]:
    """Encontros não cancelados com início em [comeco, fim), em ordem de id."""
    consulta = (
        sa.select(_E.c.id, _E.c.turma_id, _E.c.inicio, _C.c.nome, _T.c.local)
        .join(_T, _T.c.id == _E.c.turma_id)
        .join(_C, _C.c.id == _T.c.curso_id)
        .where(*_nao_cancelados_entre(comeco, fim))
        .order_by(_E.c.id)
    )
    return [Aula(*linha) for linha in (await conexao.execute(consulta)).all()]


def _quem_recebe(canais: frozenset[str]) -> list[Any]:
    """Matrículas ativas cuja pré-inscrição tem conversa num dos `canais` (sem o filtro de
    turma: este vem à parte, como parâmetro `:turma` ou como subconsulta)."""
    return [
        _M.c.situacao == "ativa",
        _P.c.canal.in_(sorted(canais)),
        _P.c.chat_id != "",
    ]


async def tamanhos_das_turmas(
    conexao: AsyncConnection, comeco: datetime, fim: datetime, canais: frozenset[str]
) -> dict[int, int]:
    """Quantas matrículas recebem lembrete em cada turma com aula em [comeco, fim), numa
    consulta só: turma que cabe num lote vira um INSERT só, sem procurar o teto."""
    com_aula = sa.select(_E.c.turma_id).where(*_nao_cancelados_entre(comeco, fim))
    consulta = (
        sa.select(_M.c.turma_id, sa.func.count())
        .join(_P, _P.c.id == _M.c.preinscricao_id)
        .where(_M.c.turma_id.in_(com_aula), *_quem_recebe(canais))
        .group_by(_M.c.turma_id)
    )
    return {turma: total for turma, total in (await conexao.execute(consulta)).all()}


@dataclass(frozen=True)
class _Instrucoes:
    """Montadas uma vez por dialeto e canais, com parâmetros."""

    teto: Any  # o id da :lote-ésima matrícula depois de :desde (NULL: o resto cabe num lote)
    lote: Any  # INSERT … SELECT das matrículas em (:desde, :teto]; chave repetida não duplica


@lru_cache(maxsize=8)
def _instrucoes(dialeto: str, canais: frozenset[str]) -> _Instrucoes:
    da_turma = [_M.c.turma_id == sa.bindparam("turma", type_=sa.Integer), *_quem_recebe(canais)]
    faixa = [_M.c.id > sa.bindparam("desde", type_=sa.Integer)]
    teto = (
        sa.select(_M.c.id)
        .join(_P, _P.c.id == _M.c.preinscricao_id)
        .where(*da_turma, *faixa)
        .order_by(_M.c.id)
        .offset(sa.bindparam("pular", type_=sa.Integer))
        .limit(1)
    )
    quando = sa.bindparam("agora", type_=DataHoraUTC())
    chave = sa.bindparam("prefixo", type_=sa.String) + sa.cast(_M.c.id, sa.String)
    origem = (
        sa.select(
            _P.c.canal,
            _P.c.chat_id,
            sa.bindparam("conteudo", type_=sa.String),
            chave,
            sa.literal("pendente"),
            sa.literal(0),
            quando,
            sa.literal(""),
            sa.literal(""),
            sa.literal(""),
            quando,
        )
        .join(_P, _P.c.id == _M.c.preinscricao_id)
        .where(*da_turma, *faixa, _M.c.id <= sa.bindparam("teto", type_=sa.Integer))
        .order_by(_M.c.id)  # mesma ordem em todo processo: sem impasse no PostgreSQL
    )
    colunas = [
        "canal",
        "chat_id",
        "conteudo",
        "chave",
        "estado",
        "tentativas",
        "proxima_em",
        "arrendada_por",
        "id_provedor",
        "ultimo_erro",
        "criado_em",
    ]
    lote = _INSERIR[dialeto](_ENVIO).from_select(colunas, origem)
    return _Instrucoes(teto, lote.on_conflict_do_nothing(index_elements=["chave"]))


async def teto_do_lote(
    conexao: AsyncConnection, canais: frozenset[str], turma_id: int, desde: int, lote: int
) -> int | None:
    """A matrícula em que termina o lote que começa depois de `desde` (a `lote`-ésima), ou
    None se o resto da turma cabe num lote só."""
    feitas = _instrucoes(conexao.dialect.name, canais)
    parametros = {"turma": turma_id, "desde": desde, "pular": lote - 1}
    teto: int | None = await conexao.scalar(feitas.teto, parametros)
    return teto


async def inserir_lote(
    conexao: AsyncConnection,
    canais: frozenset[str],
    lembrete: LembreteDaAula,
    agora: datetime,
    faixa: tuple[int, int | None],
) -> int:
    """Um INSERT … SELECT: o lembrete para as matrículas da turma em (desde, teto] (teto
    None: até o fim). Não confirma: quem chama decide o tamanho da transação (os lotes
    curtos de `fluxos.lembretes`). Devolve quantos envios novos nasceram."""
    desde, teto = faixa
    parametros = {
        "turma": lembrete.turma_id,
        "conteudo": lembrete.conteudo,
        "prefixo": f"lembrete:{lembrete.encontro_id}:",
        "agora": agora,
        "desde": desde,
        "teto": MAIOR_ID if teto is None else teto,
    }
    feitas = _instrucoes(conexao.dialect.name, canais)
    return max((await conexao.execute(feitas.lote, parametros)).rowcount, 0)
