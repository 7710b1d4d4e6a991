"""Gravação por chave natural (upsert), dentro da transação de quem chama.

Só muda o que veio diferente: reimportar o mesmo arquivo não altera nem duplica nada.
Nada é apagado: linha que sumiu do arquivo continua no banco.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel, col

from armazenamento.importacao.erros import ErroLinha
from armazenamento.importacao.esquema import ESQUEMA
from armazenamento.importacao.referencias import Existentes, chave_natural
from armazenamento.importacao.registro import Programa, Registro
from armazenamento.modelos import Bairro, Ciclo, Cras, Curso, Encontro, Osc, Turma
from armazenamento.normalizacao import normalizar

M = TypeVar("M", bound=SQLModel)

_CAMPOS = {
    "cras": ("nome", "endereco", "telefone"),
    "bairros": ("nome",),
    "oscs": ("nome", "endereco", "telefone"),
    "cursos": ("nome", "descricao", "o_que_levar"),
    "ciclos": ("ano", "preinscricao_inicio", "preinscricao_fim", "fase1_inicio", "fase1_fim"),
    "turmas": ("codigo", "turno", "capacidade", "local"),
    "encontros": (
        "inicio",
        "horas_aprendizagem",
        "horas_desenvolvimento_pessoal",
        "horas_desenvolvimento_gerencial",
    ),
}


@dataclass
class Relatorio:
    """Quantas linhas de cada tabela foram criadas ou alteradas (0 = já estava igual).

    `totais` é quantas linhas de cada tabela entraram (do arquivo ou geradas, como os
    encontros das turmas), `origens` de onde vieram e `avisos` as abas ignoradas ou
    vazias: o resumo nunca diz "deu certo" para uma aba que ficou de fora.
    """

    contagens: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ESQUEMA, 0))
    criados: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ESQUEMA, 0))
    totais: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ESQUEMA, 0))
    origens: dict[str, str] = field(default_factory=dict)
    avisos: list[ErroLinha] = field(default_factory=list)


@dataclass
class Cadastro:
    """O que já está no banco, por chave natural (nome normalizado, ano, código)."""

    cras: dict[Hashable, Cras]
    bairros: dict[Hashable, Bairro]
    oscs: dict[Hashable, Osc]
    cursos: dict[Hashable, Curso]
    ciclos: dict[Hashable, Ciclo]
    turmas: dict[Hashable, Turma]

    def existentes(self) -> Existentes:
        return Existentes(
            cras=frozenset(str(c) for c in self.cras),
            oscs=frozenset(str(c) for c in self.oscs),
            cursos=frozenset(str(c) for c in self.cursos),
            ciclos=frozenset(c for c in self.ciclos if isinstance(c, int)),
            turmas=frozenset(str(c) for c in self.turmas),
        )


async def _todos(sessao: AsyncSession, modelo: type[M], campo: str) -> dict[Hashable, M]:
    linhas = (await sessao.execute(select(modelo))).scalars().all()
    return {_chave(getattr(linha, campo)): linha for linha in linhas}


def _chave(valor: Any) -> Hashable:
    return normalizar(valor) if isinstance(valor, str) else valor


async def carregar_cadastro(sessao: AsyncSession) -> Cadastro:
    """Lê o cadastro inteiro: são dezenas ou centenas de linhas, não milhões."""
    return Cadastro(
        cras=await _todos(sessao, Cras, "nome"),
        bairros=await _todos(sessao, Bairro, "chave"),
        oscs=await _todos(sessao, Osc, "nome"),
        cursos=await _todos(sessao, Curso, "nome"),
        ciclos=await _todos(sessao, Ciclo, "ano"),
        turmas=await _todos(sessao, Turma, "codigo"),
    )


def _id(mapa: dict[Hashable, Any], valor: Any) -> int:
    identificador = mapa[_chave(valor)].id
    assert identificador is not None  # o flush da tabela anterior já deu o id
    return int(identificador)


@dataclass
class _Gravador:
    """Cria ou atualiza uma linha por vez e conta o que mudou."""

    sessao: AsyncSession
    relatorio: Relatorio = field(default_factory=Relatorio)

    def upsert(
        self,
        mapa: dict[Hashable, M],
        modelo: type[M],
        chave: Hashable,
        registro: Registro,
        extra: dict[str, Any] | None = None,
    ) -> None:
        """Só as colunas que vieram na origem: coluna ausente não apaga o que está no banco."""
        tabela = registro.tabela
        campos = {c: registro.dados[c] for c in _CAMPOS[tabela] if c in registro.dados}
        campos |= extra or {}
        objeto = mapa.get(chave)
        if objeto is None:
            objeto = modelo(**campos)
            self.sessao.add(objeto)
            mapa[chave] = objeto
            self.relatorio.criados[tabela] += 1
            self.relatorio.contagens[tabela] += 1
        elif _aplicar(objeto, campos):
            self.relatorio.contagens[tabela] += 1


def _aplicar(objeto: SQLModel, campos: dict[str, Any]) -> bool:
    mudou = False
    for nome, valor in campos.items():
        if getattr(objeto, nome) != valor:
            setattr(objeto, nome, valor)
            mudou = True
    return mudou


async def gravar(sessao: AsyncSession, programa: Programa, cadastro: Cadastro) -> Relatorio:
    """Upsert na ordem das dependências, com flush entre tabelas para ter os ids."""
    g, c = _Gravador(sessao), cadastro
    for r in programa["cras"]:
        g.upsert(c.cras, Cras, chave_natural(r), r)
    for r in programa["oscs"]:
        g.upsert(c.oscs, Osc, chave_natural(r), r)
    for r in programa["ciclos"]:
        g.upsert(c.ciclos, Ciclo, chave_natural(r), r)
    await sessao.flush()
    for r in programa["bairros"]:
        chave = chave_natural(r)
        g.upsert(
            c.bairros, Bairro, chave, r, {"chave": chave, "cras_id": _id(c.cras, r.dados["cras"])}
        )
    for r in programa["cursos"]:
        g.upsert(c.cursos, Curso, chave_natural(r), r, {"osc_id": _id(c.oscs, r.dados["osc"])})
    await sessao.flush()
    for r in programa["turmas"]:
        ids = {
            "ciclo_id": _id(c.ciclos, r.dados["ano"]),
            "curso_id": _id(c.cursos, r.dados["curso"]),
        }
        g.upsert(c.turmas, Turma, chave_natural(r), r, ids)
    await sessao.flush()
    await _gravar_encontros(g, programa["encontros"], cadastro)
    await sessao.flush()
    g.relatorio.totais = {tabela: len(registros) for tabela, registros in programa.items()}
    return g.relatorio


async def _gravar_encontros(g: _Gravador, registros: list[Registro], cadastro: Cadastro) -> None:
    """Chave (turma, início): o mesmo horário da mesma turma é o mesmo encontro."""
    ids = {_id(cadastro.turmas, r.dados["turma"]) for r in registros}
    consulta = select(Encontro).where(col(Encontro.turma_id).in_(ids))
    existentes = (await g.sessao.execute(consulta)).scalars().all()
    mapa: dict[Hashable, Encontro] = {(e.turma_id, e.inicio): e for e in existentes}
    for r in registros:
        turma_id = _id(cadastro.turmas, r.dados["turma"])
        g.upsert(mapa, Encontro, (turma_id, r.dados["inicio"]), r, {"turma_id": turma_id})
