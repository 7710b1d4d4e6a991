"""A lista de um CRAS num ciclo (R4): contar, paginar, pôr de lado e aprovar o envio.

Escopo no próprio WHERE (R24): o técnico do CRAS só alcança pré-inscrições do seu
território; a gestão, todas. A ordem (pontos das situações R2 com os pesos da gestão,
depois a ordem de inscrição) é calculada no banco, para paginar sem carregar a lista
inteira: é a mesma conta de `fluxos.regras.prioridade` (os testes conferem).

Enviar é uma vez só por (ciclo, CRAS): a linha de `priorizacao` é única e passa de
"aberta" a "enviada" num UPDATE condicional. Pôr de lado e trazer de volta também travam
essa linha enquanto aberta; assim, no PostgreSQL, um envio e uma mudança simultâneos se
enfileiram e nenhum vê a lista pela metade.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as insert_pg
from sqlalchemy.dialects.sqlite import insert as insert_sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.acesso import Acesso
from armazenamento.modelos import (
    Afastamento,
    Cras,
    Curso,
    Encaminhamento,
    Osc,
    PreInscricao,
    Priorizacao,
)

_P = PreInscricao.__table__  # type: ignore[attr-defined]
_AF = Afastamento.__table__  # type: ignore[attr-defined]
_PR = Priorizacao.__table__  # type: ignore[attr-defined]
_EN = Encaminhamento.__table__  # type: ignore[attr-defined]
_CR = Cras.__table__  # type: ignore[attr-defined]
_CU = Curso.__table__  # type: ignore[attr-defined]
_O = Osc.__table__  # type: ignore[attr-defined]
_INSERIR: dict[str, Any] = {"sqlite": insert_sqlite, "postgresql": insert_pg}

ABERTA, ENVIADA = "aberta", "enviada"
# códigos da auditoria (ARQUITETURA §8): tela da lista e planilhas do envio
ACAO_LISTA = "priorizacao.lista"
ACAO_ENVIO = "priorizacao.envio"


def cras_no_escopo(acesso: Acesso, coluna: Any) -> Any:
    """R24: a condição do papel sobre uma coluna de id de CRAS (gestão: todos)."""
    if acesso.gestao:
        return sa.true()
    if acesso.crases:
        return coluna.in_(sorted(acesso.crases))
    return sa.false()


# ----- CRAS e estado da lista -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CrasVisto:
    id: int
    nome: str


async def crases_visiveis(conexao: AsyncConnection, acesso: Acesso) -> list[CrasVisto]:
    consulta = sa.select(_CR.c.id, _CR.c.nome).where(cras_no_escopo(acesso, _CR.c.id))
    return [CrasVisto(*linha) for linha in await conexao.execute(consulta.order_by(_CR.c.nome))]


async def cras_visivel(conexao: AsyncConnection, acesso: Acesso, cras_id: int) -> CrasVisto | None:
    """O CRAS, se está no escopo; senão None (quem pergunta ouve "Não encontrado.")."""
    consulta = sa.select(_CR.c.id, _CR.c.nome).where(
        _CR.c.id == cras_id, cras_no_escopo(acesso, _CR.c.id)
    )
    linha = (await conexao.execute(consulta)).first()
    return CrasVisto(*linha) if linha else None


@dataclass(frozen=True, slots=True)
class EstadoDaLista:
    id: int
    situacao: str
    enviada_em: datetime | None

    @property
    def enviada(self) -> bool:
        return self.situacao == ENVIADA


async def estado_da_lista(
    conexao: AsyncConnection, ciclo_id: int, cras_id: int
) -> EstadoDaLista | None:
    consulta = sa.select(_PR.c.id, _PR.c.situacao, _PR.c.enviada_em).where(
        _PR.c.ciclo_id == ciclo_id, _PR.c.cras_id == cras_id
    )
    linha = (await conexao.execute(consulta)).first()
    return EstadoDaLista(*linha) if linha else None


# ----- contagens (sem dado pessoal) ------------------------------------------------


@dataclass(frozen=True, slots=True)
class Contagens:
    """`total`: pessoas (uma pré-inscrição cada); `dois_cursos`: quantas escolheram 2;
    `por_curso`: (curso_id, turno, opção 1 ou 2, escolhas) — cada pessoa conta uma vez
    em cada curso que escolheu (escolhas = total + dois_cursos)."""

    total: int
    de_lado: int
    por_curso: tuple[tuple[int, str, int, int], ...]
    dois_cursos: int = 0


def _da_lista(ciclo_id: int, cras_id: int) -> Any:
    return sa.and_(_P.c.ciclo_id == ciclo_id, _P.c.cras_id == cras_id)


_AF_EXISTE = _AF.alias("af_existe")  # a lista junta `afastamento`: o EXISTS usa outro nome


def _afastada() -> Any:
    return sa.exists().where(_AF_EXISTE.c.preinscricao_id == _P.c.id)


async def contar(
    conexao: AsyncConnection, acesso: Acesso, ciclo_id: int, cras_id: int
) -> Contagens:
    """Quantas pré-inscrições, quantas de lado e o interesse por curso e turno."""
    onde = sa.and_(_da_lista(ciclo_id, cras_id), cras_no_escopo(acesso, _P.c.cras_id))
    soma = sa.func.sum
    total, de_lado, dois = (
        await conexao.execute(
            sa.select(
                sa.func.count(),
                sa.func.coalesce(soma(sa.case((_afastada(), 1), else_=0)), 0),
                sa.func.coalesce(soma(sa.case((_P.c.curso2_id.is_not(None), 1), else_=0)), 0),
            ).where(onde)
        )
    ).one()
    interesses = sa.union_all(
        sa.select(
            _P.c.curso1_id.label("curso_id"), _P.c.turno, sa.literal_column("1").label("opcao")
        ).where(onde),
        sa.select(
            _P.c.curso2_id.label("curso_id"), _P.c.turno, sa.literal_column("2").label("opcao")
        ).where(onde, _P.c.curso2_id.is_not(None)),
    ).subquery()
    chaves = (interesses.c.curso_id, interesses.c.turno, interesses.c.opcao)
    por_curso = await conexao.execute(
        sa.select(*chaves, sa.func.count()).group_by(*chaves).order_by(*chaves)
    )
    linhas = tuple((c, t, int(o), int(n)) for c, t, o, n in por_curso)
    return Contagens(int(total), int(de_lado), linhas, int(dois))


# ----- a lista, em páginas ----------------------------------------------------------


def pontos_sql(pesos: Mapping[str, int]) -> Any:
    """R2/R4 em SQL: soma dos pesos das situações de ",I,IV,XI," (mesma conta de
    `fluxos.regras.prioridade.pontos`)."""
    lista = sa.literal(",") + sa.func.replace(_P.c.prioridades, " ", "") + sa.literal(",")
    termos = [
        sa.case((lista.like(f"%,{codigo},%"), peso), else_=0)
        for codigo, peso in sorted(pesos.items())
        if peso
    ]
    return functools.reduce(operator.add, termos) if termos else sa.literal(0)


def ordem_de_prioridade(pesos: Mapping[str, int]) -> tuple[Any, ...]:
    return (pontos_sql(pesos).desc(), _P.c.criada_em, _P.c.id)


@dataclass(frozen=True, slots=True)
class Pessoa:
    """Uma linha da lista do CRAS (dados pessoais: só em tela auditada)."""

    id: int
    ciclo_id: int
    cras_id: int
    nome: str
    nome_social: str
    nascimento: date
    cpf: str | None
    bairro_id: int | None
    curso1_id: int
    curso2_id: int | None
    turno: str
    prioridades: str
    criada_em: datetime
    motivo_de_lado: str | None


_COLUNAS = (
    _P.c.id,
    _P.c.ciclo_id,
    _P.c.cras_id,
    _P.c.nome,
    _P.c.nome_social,
    _P.c.nascimento,
    _P.c.cpf,
    _P.c.bairro_id,
    _P.c.curso1_id,
    _P.c.curso2_id,
    _P.c.turno,
    _P.c.prioridades,
    _P.c.criada_em,
    _AF.c.motivo,
)


def _selecionar(acesso: Acesso) -> Any:
    return (
        sa.select(*_COLUNAS)
        .select_from(_P.outerjoin(_AF, _AF.c.preinscricao_id == _P.c.id))
        .where(cras_no_escopo(acesso, _P.c.cras_id))
    )


@dataclass(frozen=True, slots=True)
class Pagina:
    """Um trecho da lista: quantas há no total, a página (já dentro dos limites: a lista
    pode ter encolhido desde o botão) e a posição da primeira (0 = a 1ª da lista)."""

    total: int
    numero: int
    inicio: int
    pessoas: list[Pessoa]


async def _paginar(
    conexao: AsyncConnection,
    acesso: Acesso,
    onde: Any,
    ordem: tuple[Any, ...],
    numero: int,
    tamanho: int,
) -> Pagina:
    total = await _contar(conexao, acesso, onde)
    ultima = max(1, (total + tamanho - 1) // tamanho)
    numero = min(max(numero, 1), ultima)
    inicio = (numero - 1) * tamanho
    consulta = _selecionar(acesso).where(onde).order_by(*ordem).offset(inicio).limit(tamanho)
    return Pagina(
        total, numero, inicio, [Pessoa(*linha) for linha in await conexao.execute(consulta)]
    )


async def pagina(
    conexao: AsyncConnection,
    acesso: Acesso,
    ciclo_id: int,
    cras_id: int,
    pesos: Mapping[str, int],
    numero: int,
    tamanho: int,
) -> Pagina:
    """A página `numero` da lista, sem as postas de lado. Lista aberta: a ordem de
    prioridade de agora. Enviada: a ordem gravada no envio."""
    onde = sa.and_(_da_lista(ciclo_id, cras_id), ~_afastada())
    estado = await estado_da_lista(conexao, ciclo_id, cras_id)
    if estado is not None and estado.enviada:
        posicao = (
            sa.select(sa.func.min(_EN.c.posicao))
            .where(_EN.c.preinscricao_id == _P.c.id, _EN.c.priorizacao_id == estado.id)
            .scalar_subquery()
        )
        # quem chegou depois do envio (sem posição) vem no fim: os de antes mantêm o número
        # que a OSC tem na planilha (o SQLite poria os sem posição na frente)
        ordem: tuple[Any, ...] = (sa.nulls_last(posicao), _P.c.id)
    else:
        ordem = ordem_de_prioridade(pesos)
    return await _paginar(conexao, acesso, onde, ordem, numero, tamanho)


async def pagina_de_lado(
    conexao: AsyncConnection, acesso: Acesso, ciclo_id: int, cras_id: int, numero: int, tamanho: int
) -> Pagina:
    """As postas de lado, na ordem em que foram postas."""
    onde = sa.and_(_da_lista(ciclo_id, cras_id), _afastada())
    return await _paginar(conexao, acesso, onde, (_AF.c.em, _P.c.id), numero, tamanho)


async def _contar(conexao: AsyncConnection, acesso: Acesso, onde: Any) -> int:
    consulta = sa.select(sa.func.count()).where(onde, cras_no_escopo(acesso, _P.c.cras_id))
    return int((await conexao.execute(consulta)).scalar_one())


async def pessoa_visivel(
    conexao: AsyncConnection, acesso: Acesso, preinscricao_id: int
) -> Pessoa | None:
    """Uma pré-inscrição, se está no escopo; senão None."""
    consulta = _selecionar(acesso).where(_P.c.id == preinscricao_id)
    linha = (await conexao.execute(consulta)).first()
    return Pessoa(*linha) if linha else None


# ----- pôr de lado, trazer de volta -------------------------------------------------


async def _travar_aberta(conexao: AsyncConnection, ciclo_id: int, cras_id: int) -> int | None:
    """Cria a linha da lista (se falta) e a trava enquanto aberta; None se já foi enviada.

    O UPDATE trava a linha até o commit: um envio ao mesmo tempo espera e depois vê a
    mudança (e uma mudança depois do envio encontra "enviada" e não faz nada).
    """
    criar = (
        _INSERIR[conexao.dialect.name](_PR)
        .values(ciclo_id=ciclo_id, cras_id=cras_id, situacao=ABERTA)
        .on_conflict_do_nothing(index_elements=["ciclo_id", "cras_id"])
    )
    await conexao.execute(criar)
    travar = (
        sa.update(_PR)
        .where(_PR.c.ciclo_id == ciclo_id, _PR.c.cras_id == cras_id, _PR.c.situacao == ABERTA)
        .values(situacao=ABERTA)
        .returning(_PR.c.id)
    )
    return (await conexao.execute(travar)).scalar()


async def por_de_lado(
    conexao: AsyncConnection, pessoa: Pessoa, motivo: str, membro_id: int, agora: datetime
) -> bool | None:
    """R4: tira a pessoa da lista com um motivo codificado. None: a lista já foi enviada;
    False: já estava de lado (nada muda)."""
    if await _travar_aberta(conexao, pessoa.ciclo_id, pessoa.cras_id) is None:
        return None
    inserir = (
        _INSERIR[conexao.dialect.name](_AF)
        .values(preinscricao_id=pessoa.id, motivo=motivo, membro_id=membro_id, em=agora)
        .on_conflict_do_nothing(index_elements=["preinscricao_id"])
        .returning(_AF.c.id)
    )
    return (await conexao.execute(inserir)).first() is not None


async def trazer_de_volta(conexao: AsyncConnection, pessoa: Pessoa) -> bool | None:
    """Desfaz o "pôr de lado". None: a lista já foi enviada; False: não estava de lado."""
    if await _travar_aberta(conexao, pessoa.ciclo_id, pessoa.cras_id) is None:
        return None
    apagar = sa.delete(_AF).where(_AF.c.preinscricao_id == pessoa.id).returning(_AF.c.id)
    return (await conexao.execute(apagar)).first() is not None


# ----- para quem vai a lista ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ParteDaOsc:
    """Quantas pessoas vão a uma OSC e quantas em cada curso dela."""

    osc_id: int
    osc: str
    pessoas: int
    por_curso: tuple[tuple[str, int], ...]


def _interesses_na_lista(ciclo_id: int, cras_id: int, acesso: Acesso) -> Any:
    onde = sa.and_(_da_lista(ciclo_id, cras_id), ~_afastada(), cras_no_escopo(acesso, _P.c.cras_id))
    return sa.union_all(
        sa.select(_P.c.id.label("pid"), _P.c.curso1_id.label("curso_id")).where(onde),
        sa.select(_P.c.id.label("pid"), _P.c.curso2_id.label("curso_id")).where(
            onde, _P.c.curso2_id.is_not(None)
        ),
    ).subquery()


async def _partes(conexao: AsyncConnection, origem: Any) -> list[ParteDaOsc]:
    juntar = origem.join(_CU, _CU.c.id == origem.c.curso_id).join(_O, _O.c.id == _CU.c.osc_id)
    cursos = await conexao.execute(
        sa.select(_O.c.id, _CU.c.nome, sa.func.count(sa.distinct(origem.c.pid)))
        .select_from(juntar)
        .group_by(_O.c.id, _CU.c.nome)
        .order_by(_CU.c.nome)
    )
    por_osc: dict[int, list[tuple[str, int]]] = {}
    for osc_id, curso, n in cursos:
        por_osc.setdefault(osc_id, []).append((curso, int(n)))
    pessoas = await conexao.execute(
        sa.select(_O.c.id, _O.c.nome, sa.func.count(sa.distinct(origem.c.pid)))
        .select_from(juntar)
        .group_by(_O.c.id, _O.c.nome)
        .order_by(_O.c.nome)
    )
    return [ParteDaOsc(i, nome, int(n), tuple(por_osc.get(i, ()))) for i, nome, n in pessoas]


async def partes_previstas(
    conexao: AsyncConnection, acesso: Acesso, ciclo_id: int, cras_id: int
) -> list[ParteDaOsc]:
    """Antes de enviar: para que OSC iria cada pessoa da lista (curso 1 e curso 2)."""
    return await _partes(conexao, _interesses_na_lista(ciclo_id, cras_id, acesso))


async def partes_enviadas(conexao: AsyncConnection, priorizacao_id: int) -> list[ParteDaOsc]:
    """Depois de enviar: o que cada OSC recebeu (dos encaminhamentos gravados)."""
    origem = (
        sa.select(_EN.c.preinscricao_id.label("pid"), _EN.c.curso_id)
        .where(_EN.c.priorizacao_id == priorizacao_id)
        .subquery()
    )
    return await _partes(conexao, origem)


# ----- aprovar e enviar -----------------------------------------------------------------


async def aprovar(
    conexao: AsyncConnection,
    acesso: Acesso,
    ciclo_id: int,
    cras_id: int,
    pesos: Mapping[str, int],
    agora: datetime,
) -> int | None:
    """R4: aprova a lista e grava um encaminhamento por pessoa e curso escolhido (posição =
    ordem na lista do CRAS). Devolve o id da lista, ou None se ela já tinha sido enviada
    (também quando duas aprovações chegam juntas: só uma passa do UPDATE condicional)."""
    criar = (
        _INSERIR[conexao.dialect.name](_PR)
        .values(ciclo_id=ciclo_id, cras_id=cras_id, situacao=ABERTA)
        .on_conflict_do_nothing(index_elements=["ciclo_id", "cras_id"])
    )
    await conexao.execute(criar)
    enviar = (
        sa.update(_PR)
        .where(_PR.c.ciclo_id == ciclo_id, _PR.c.cras_id == cras_id, _PR.c.situacao == ABERTA)
        .values(situacao=ENVIADA, aprovada_por=acesso.membro_id, enviada_em=agora)
        .returning(_PR.c.id)
    )
    priorizacao_id = (await conexao.execute(enviar)).scalar()
    if priorizacao_id is None:
        return None
    # só números (ids e cursos) saem do banco aqui, em ordem: nenhum dado pessoal
    onde = sa.and_(_da_lista(ciclo_id, cras_id), ~_afastada(), cras_no_escopo(acesso, _P.c.cras_id))
    ordem = sa.select(_P.c.id, _P.c.curso1_id, _P.c.curso2_id).where(onde)
    linhas = (await conexao.execute(ordem.order_by(*ordem_de_prioridade(pesos)))).all()
    osc_do_curso: dict[int, int] = dict(
        (await conexao.execute(sa.select(_CU.c.id, _CU.c.osc_id))).all()
    )
    encaminhamentos = [
        {
            "priorizacao_id": priorizacao_id,
            "preinscricao_id": pid,
            "osc_id": osc_do_curso[curso],
            "curso_id": curso,
            "posicao": posicao,
            "criado_em": agora,
        }
        for posicao, (pid, curso1, curso2) in enumerate(linhas, start=1)
        for curso in (curso1, curso2)
        if curso is not None
    ]
    if encaminhamentos:
        await conexao.execute(sa.insert(_EN), encaminhamentos)
        enviadas = sa.select(_EN.c.preinscricao_id).where(_EN.c.priorizacao_id == priorizacao_id)
        # a pessoa vê no "situação": aprovada pelo CRAS, a instituição vai chamar
        await conexao.execute(
            sa.update(_P)
            .where(_P.c.id.in_(enviadas), _P.c.situacao == "recebida")
            .values(situacao="aprovada")
        )
    # quem ficou de lado vê "na lista de espera", não "o CRAS vai analisar" para sempre
    de_lado = sa.and_(_da_lista(ciclo_id, cras_id), _afastada(), _P.c.situacao == "recebida")
    await conexao.execute(sa.update(_P).where(de_lado).values(situacao="reserva"))
    return int(priorizacao_id)
