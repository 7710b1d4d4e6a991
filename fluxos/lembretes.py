"""Lembrete de aula na véspera (R7, R16): "amanhã tem aula de … às … Você vai?".

Roda numa tarefa agendada (todo dia na hora configurada, padrão 18h em Bauru), em vários
processos se for o caso: cada lembrete é único no banco (chave do envio
"lembrete:{encontro}:{matricula}"), então rodar duas vezes não lembra ninguém duas vezes.

Em lotes: os envios nascem de um INSERT … SELECT por lote de até `LOTE` matrículas de uma
turma (os dados das pessoas não passam pela memória do processo), com um commit a cada
~`LOTE` linhas novas. Em memória ficam só as aulas de amanhã (uma linha por encontro) e
quantas matrículas cada turma tem; as instruções são montadas uma vez, com parâmetros.
Benchmark: `bench/lembretes.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as insert_pg
from sqlalchemy.dialects.sqlite import insert as insert_sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from armazenamento.modelos import Curso, Encontro, Envio, Matricula, PreInscricao, Turma
from armazenamento.tempo import FUSO, DataHoraUTC
from fluxos.aberturas import CANAIS_COM_AVISO
from fluxos.regras.feriados import eh_feriado
from mensagens.catalogo import texto
from mensagens.formatos import dia_da_semana_e_data, hora_falada
from mensagens.serializacao import saida_para_json
from mensagens.tipos import Botao, Saida

HORA_PADRAO = 18  # hora de Bauru a partir da qual sai o lembrete da véspera
LOTE = 1000  # matrículas por INSERT … SELECT; e linhas novas por commit
INSTRUCOES_POR_COMMIT = 64  # rodando de novo nada é novo: ainda assim a trava é curta
MAIOR_ID = 2**31 - 1  # INTEGER do banco: nenhum id passa disso
COMANDO_VOU = "aula_vou"
COMANDO_FALTA = "aula_falta"

_E = Encontro.__table__  # type: ignore[attr-defined]
_T = Turma.__table__  # type: ignore[attr-defined]
_C = Curso.__table__  # type: ignore[attr-defined]
_M = Matricula.__table__  # type: ignore[attr-defined]
_P = PreInscricao.__table__  # type: ignore[attr-defined]
_ENVIO = Envio.__table__  # type: ignore[attr-defined]
_INSERIR: dict[str, Any] = {"sqlite": insert_sqlite, "postgresql": insert_pg}


@dataclass(frozen=True, slots=True)
class Aula:
    """Um encontro de amanhã, com o que o lembrete diz."""

    encontro_id: int
    turma_id: int
    inicio: datetime
    curso: str
    local: str


def janela_de_amanha(agora: datetime) -> tuple[date, datetime, datetime]:
    """O dia de amanhã em Bauru e o seu começo e fim em UTC (fim exclusivo)."""
    amanha = agora.astimezone(FUSO).date() + timedelta(days=1)
    comeco = datetime.combine(amanha, time(), FUSO).astimezone(UTC)
    fim = datetime.combine(amanha + timedelta(days=1), time(), FUSO).astimezone(UTC)
    return amanha, comeco, fim


@lru_cache(maxsize=32)
def _dia_falado(dia: date) -> str:
    """Todas as aulas de uma rodada são do mesmo dia: o babel formata uma vez só."""
    return dia_da_semana_e_data(dia)


def montar_lembrete(aula: Aula) -> Saida:
    """O texto do catálogo e os botões que trazem o encontro ("cmd:aula_falta 12")."""
    campos = {
        "dia": _dia_falado(aula.inicio.astimezone(FUSO).date()),
        "curso": aula.curso,
        "hora": hora_falada(aula.inicio),
    }
    if aula.local.strip():
        corpo = texto("lembretes.aviso", local=aula.local.strip(), **campos)
    else:
        corpo = texto("lembretes.aviso_sem_local", **campos)
    botoes = (
        Botao(texto("lembretes.botao_vou"), f"cmd:{COMANDO_VOU} {aula.encontro_id}"),
        Botao(texto("lembretes.botao_falta"), f"cmd:{COMANDO_FALTA} {aula.encontro_id}"),
    )
    return Saida(corpo, botoes)


async def aulas_de_amanha(conexao: AsyncConnection, agora: datetime) -> list[Aula]:
    """Encontros não cancelados cujo dia em Bauru é amanhã (um por turma e horário)."""
    _, comeco, fim = janela_de_amanha(agora)
    consulta = (
        sa.select(_E.c.id, _E.c.turma_id, _E.c.inicio, _C.c.nome, _T.c.local)
        .join(_T, _T.c.id == _E.c.turma_id)
        .join(_C, _C.c.id == _T.c.curso_id)
        .where(_E.c.inicio >= comeco, _E.c.inicio < fim, _E.c.cancelado.is_(False))
        .order_by(_E.c.id)
    )
    return [Aula(*linha) for linha in (await conexao.execute(consulta)).all()]


def _quem_recebe() -> list[Any]:
    """R5/R16: matrículas ativas da turma (`:turma`) cuja pré-inscrição tem conversa num
    canal que aceita mensagem sem a pessoa ter escrito antes."""
    return [
        _M.c.turma_id == sa.bindparam("turma", type_=sa.Integer),
        _M.c.situacao == "ativa",
        _P.c.canal.in_(sorted(CANAIS_COM_AVISO)),
        _P.c.chat_id != "",
    ]


@dataclass(frozen=True)
class _Instrucoes:
    """Montadas uma vez por rodada, com parâmetros: o SQLAlchemy compila só uma vez."""

    teto: Any  # o id da LOTE-ésima matrícula depois de :desde (NULL: o resto cabe num lote)
    lote: Any  # INSERT … SELECT das matrículas em (:desde, :teto]; chave repetida não duplica


def _montar_instrucoes(dialeto: str) -> _Instrucoes:
    de_turma = sa.select(_M.c.id).join(_P, _P.c.id == _M.c.preinscricao_id)
    faixa = [_M.c.id > sa.bindparam("desde", type_=sa.Integer)]
    teto = de_turma.where(*_quem_recebe(), *faixa).order_by(_M.c.id).offset(LOTE - 1).limit(1)
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
        .where(*_quem_recebe(), *faixa, _M.c.id <= sa.bindparam("teto", type_=sa.Integer))
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


async def _tamanhos_das_turmas(conexao: AsyncConnection, agora: datetime) -> dict[int, int]:
    """Quantas matrículas recebem lembrete em cada turma com aula amanhã (uma consulta só):
    turma que cabe num lote vira um INSERT só, sem procurar o teto."""
    _, comeco, fim = janela_de_amanha(agora)
    com_aula = sa.select(_E.c.turma_id).where(
        _E.c.inicio >= comeco, _E.c.inicio < fim, _E.c.cancelado.is_(False)
    )
    filtro = _quem_recebe()[1:]  # sem o :turma
    consulta = (
        sa.select(_M.c.turma_id, sa.func.count())
        .join(_P, _P.c.id == _M.c.preinscricao_id)
        .where(_M.c.turma_id.in_(com_aula), *filtro)
        .group_by(_M.c.turma_id)
    )
    return {turma: total for turma, total in (await conexao.execute(consulta)).all()}


async def gerar_lembretes(
    banco: AsyncEngine,
    agora: datetime,
    hora_padrao: int = HORA_PADRAO,
    feriados_extras: frozenset[date] = frozenset(),
) -> int:
    """Põe na fila o lembrete da aula de amanhã para cada matrícula ativa com conversa.

    Antes de `hora_padrao` (hora de Bauru) não gera nada: a tarefa pode rodar na partida
    do processo sem lembrar cedo demais, e quem perdeu as 18h recupera ao subir depois.
    Amanhã feriado (nacional, SP ou Bauru, mais `feriados_extras`): sem aula, sem lembrete.
    Devolve quantos envios novos foram criados (0 ao rodar de novo).
    """
    amanha, _, _ = janela_de_amanha(agora)
    if agora.astimezone(FUSO).hour < hora_padrao or eh_feriado(amanha, feriados_extras):
        return 0
    async with banco.connect() as conexao:
        aulas = await aulas_de_amanha(conexao, agora)
    return await _gravar(banco, aulas, agora)


async def _gravar(banco: AsyncEngine, aulas: list[Aula], agora: datetime) -> int:
    """Lote a lote, com commit a cada ~LOTE linhas novas (trava curta no SQLite)."""
    criados = pendentes = instrucoes = 0
    conexao = await banco.connect()
    try:
        feitas = _montar_instrucoes(conexao.dialect.name)
        await conexao.begin()
        tamanhos = await _tamanhos_das_turmas(conexao, agora)
        for aula in aulas:
            if not tamanhos.get(aula.turma_id):
                continue
            valores = {
                "turma": aula.turma_id,
                "conteudo": saida_para_json(montar_lembrete(aula)),
                "prefixo": f"lembrete:{aula.encontro_id}:",
                "agora": agora,
            }
            desde: int | None = 0
            while desde is not None:
                teto = None
                if tamanhos[aula.turma_id] > LOTE:
                    teto = await conexao.scalar(
                        feitas.teto, {"turma": aula.turma_id, "desde": desde}
                    )
                parametros = valores | {"desde": desde, "teto": MAIOR_ID if teto is None else teto}
                novos = max((await conexao.execute(feitas.lote, parametros)).rowcount, 0)
                criados, pendentes, desde = criados + novos, pendentes + novos, teto
                instrucoes += 1
                if pendentes >= LOTE or instrucoes >= INSTRUCOES_POR_COMMIT:
                    await conexao.commit()
                    await conexao.begin()
                    pendentes = instrucoes = 0
        await conexao.commit()
    except BaseException:
        await conexao.rollback()
        raise
    finally:
        await conexao.close()
    return criados
