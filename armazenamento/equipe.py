"""Equipe: convites de uso único, vínculos de papel e o acesso de quem escreve.

Por que os convites são assim (ARQUITETURA.md §7):
- o link leva um token de 192 bits (`secrets.token_urlsafe(24)`, 32 caracteres, cabe no
  `start` do Telegram, que aceita até 64); o código curto (8 letras e números sem os que
  se confundem, 40 bits) é para digitar quando o link não abre. O banco guarda só o
  SHA-256 de cada um: quem lê o banco não consegue usar um convite pendente;
- resgatar é um único UPDATE condicional: dois resgates simultâneos, um só vence;
- cada resgate que falha é anotado; `LIMITE_TENTATIVAS` falhas na `JANELA_TENTATIVAS`
  bloqueiam novos resgates daquele usuário até a janela passar (inclusive com o código
  certo), o que torna adivinhar o código curto inviável.

O acesso é lido a cada mensagem (uma consulta pelo índice de `canal, usuario_id`): uma
revogação vale na mensagem seguinte, em qualquer processo.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.acesso import Acesso, Vinculo
from armazenamento.conversas import sqlite_direto
from armazenamento.modelos import Convite, Cras, MembroEquipe, Osc, TentativaConvite, Turma

_C = Convite.__table__  # type: ignore[attr-defined]
_EQ = MembroEquipe.__table__  # type: ignore[attr-defined]
_T = TentativaConvite.__table__  # type: ignore[attr-defined]
_NOMES = {
    "turma_id": (Turma.__table__.c.id, Turma.__table__.c.codigo),  # type: ignore[attr-defined]
    "osc_id": (Osc.__table__.c.id, Osc.__table__.c.nome),  # type: ignore[attr-defined]
    "cras_id": (Cras.__table__.c.id, Cras.__table__.c.nome),  # type: ignore[attr-defined]
}

VALIDADE_PADRAO = timedelta(hours=72)
LIMITE_TENTATIVAS = 5
JANELA_TENTATIVAS = timedelta(minutes=30)
ALFABETO_CODIGO = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # sem 0/O, 1/I/L
TAMANHO_CODIGO = 8


class Falha(StrEnum):
    """Por que um resgate não deu certo (cada uma tem sua mensagem)."""

    INVALIDO = "invalido"  # não existe (ou foi digitado errado)
    EXPIRADO = "expirado"
    USADO = "usado"
    BLOQUEADO = "bloqueado"  # tentativas demais


@dataclass(frozen=True, slots=True)
class ConviteNovo:
    """O que o comando `inclusao convite` mostra uma vez (o banco não guarda)."""

    id: int
    token: str
    codigo: str
    expira_em: datetime


@dataclass(frozen=True, slots=True)
class Escopo:
    papel: str
    osc_id: int | None = None
    cras_id: int | None = None
    turma_id: int | None = None
    rotulo: str = ""


def resumo(segredo: str) -> str:
    return hashlib.sha256(segredo.encode()).hexdigest()


def normalizar_codigo(bruto: str) -> str:
    """O código como foi gerado: sem espaços nem hífen, em maiúsculas."""
    return "".join(c for c in bruto.upper() if c.isalnum())


def formatar_codigo(codigo: str) -> str:
    return f"{codigo[:4]}-{codigo[4:]}"


def _novo_codigo() -> str:
    return "".join(secrets.choice(ALFABETO_CODIGO) for _ in range(TAMANHO_CODIGO))


async def criar_convite(
    conexao: AsyncConnection,
    escopo: Escopo,
    agora: datetime,
    validade: timedelta = VALIDADE_PADRAO,
) -> ConviteNovo:
    token, codigo = secrets.token_urlsafe(24), _novo_codigo()
    expira = agora + validade
    resultado = await conexao.execute(
        sa.insert(_C)
        .values(
            hash_token=resumo(token),
            hash_codigo=resumo(codigo),
            papel=escopo.papel,
            osc_id=escopo.osc_id,
            cras_id=escopo.cras_id,
            turma_id=escopo.turma_id,
            rotulo=escopo.rotulo,
            criado_em=agora,
            expira_em=expira,
        )
        .returning(_C.c.id)
    )
    return ConviteNovo(int(resultado.scalar_one()), token, formatar_codigo(codigo), expira)


async def bloqueado(conexao: AsyncConnection, canal: str, usuario_id: str, agora: datetime) -> bool:
    consulta = (
        sa.select(sa.func.count())
        .select_from(_T)
        .where(
            _T.c.tipo == "convite",
            _T.c.canal == canal,
            _T.c.usuario_id == usuario_id,
            _T.c.em > agora - JANELA_TENTATIVAS,
        )
    )
    return int((await conexao.execute(consulta)).scalar_one()) >= LIMITE_TENTATIVAS


async def resgatar(
    conexao: AsyncConnection,
    canal: str,
    usuario_id: str,
    chat_id: str,
    segredo: str,
    agora: datetime,
) -> Vinculo | Falha:
    """Liga esta conversa ao papel do convite (link ou código). Falhas ficam anotadas.

    A anotação da falha é gravada na transação da mensagem: quem chama faz o commit (o
    motor faz sempre, também quando responde que não deu certo).
    """
    if await bloqueado(conexao, canal, usuario_id, agora):
        return Falha.BLOQUEADO
    hashes = {resumo(segredo.strip()), resumo(normalizar_codigo(segredo))}
    usado = await conexao.execute(
        sa.update(_C)
        .where(_C.c.hash_token.in_(hashes) | _C.c.hash_codigo.in_(hashes))
        .where(_C.c.usado_em.is_(None), _C.c.expira_em > agora)
        .values(usado_em=agora)
        .returning(_C.c.id, _C.c.papel, _C.c.osc_id, _C.c.cras_id, _C.c.turma_id, _C.c.rotulo)
    )
    convite = usado.first()
    if convite is None:
        falha = await _por_que_falhou(conexao, hashes, agora)
        await conexao.execute(
            sa.insert(_T).values(tipo="convite", canal=canal, usuario_id=usuario_id, em=agora)
        )
        return falha
    membro = await conexao.execute(
        sa.insert(_EQ)
        .values(
            papel=convite.papel,
            osc_id=convite.osc_id,
            cras_id=convite.cras_id,
            turma_id=convite.turma_id,
            rotulo=convite.rotulo,
            canal=canal,
            usuario_id=usuario_id,
            chat_id=chat_id,
            criado_em=agora,
        )
        .returning(_EQ.c.id)
    )
    membro_id = int(membro.scalar_one())
    await conexao.execute(sa.update(_C).where(_C.c.id == convite.id).values(membro_id=membro_id))
    return Vinculo(membro_id, convite.papel, convite.osc_id, convite.cras_id, convite.turma_id)


async def _por_que_falhou(conexao: AsyncConnection, hashes: set[str], agora: datetime) -> Falha:
    consulta = sa.select(_C.c.usado_em, _C.c.expira_em).where(
        _C.c.hash_token.in_(hashes) | _C.c.hash_codigo.in_(hashes)
    )
    linha = (await conexao.execute(consulta)).first()
    if linha is None:
        return Falha.INVALIDO
    return Falha.USADO if linha.usado_em is not None else Falha.EXPIRADO


_ACESSO_SQLITE = (
    "SELECT id, papel, osc_id, cras_id, turma_id FROM equipe"
    " WHERE canal = ? AND usuario_id = ? AND revogado_em IS NULL ORDER BY id"
)


async def acesso_de(conexao: AsyncConnection, canal: str, usuario_id: str) -> Acesso:
    """Os vínculos ativos de quem escreve (nenhum: é cidadão). Roda a cada mensagem: no
    SQLite embutido vai direto ao `sqlite3`, como o estado da conversa."""
    if not usuario_id:
        return Acesso()
    direta = await sqlite_direto(conexao)
    if direta is not None:
        brutas = direta.executar(_ACESSO_SQLITE, (canal, usuario_id)).fetchall()
        return Acesso(tuple(Vinculo(*linha) for linha in brutas))
    consulta = sa.select(_EQ.c.id, _EQ.c.papel, _EQ.c.osc_id, _EQ.c.cras_id, _EQ.c.turma_id).where(
        _EQ.c.canal == canal, _EQ.c.usuario_id == usuario_id, _EQ.c.revogado_em.is_(None)
    )
    linhas = (await conexao.execute(consulta.order_by(_EQ.c.id))).all()
    return Acesso(tuple(Vinculo(*linha) for linha in linhas))


async def foi_da_equipe(conexao: AsyncConnection, canal: str, usuario_id: str) -> bool:
    """Quem escreve já teve um papel na equipe, hoje revogado?"""
    if not usuario_id:
        return False
    consulta = sa.select(_EQ.c.id).where(
        _EQ.c.canal == canal, _EQ.c.usuario_id == usuario_id, _EQ.c.revogado_em.is_not(None)
    )
    return (await conexao.execute(consulta.limit(1))).first() is not None


@dataclass(frozen=True, slots=True)
class Membro:
    """Uma linha de `inclusao equipe listar`."""

    id: int
    papel: str
    escopo: str
    rotulo: str
    canal: str
    desde: datetime
    revogado_em: datetime | None


async def listar(conexao: AsyncConnection, com_revogados: bool = False) -> list[Membro]:
    consulta = sa.select(_EQ).order_by(_EQ.c.id)
    if not com_revogados:
        consulta = consulta.where(_EQ.c.revogado_em.is_(None))
    return [
        Membro(
            linha.id,
            linha.papel,
            _escopo(linha.osc_id, linha.cras_id, linha.turma_id),
            linha.rotulo,
            linha.canal,
            linha.criado_em,
            linha.revogado_em,
        )
        for linha in (await conexao.execute(consulta)).all()
    ]


def _escopo(osc_id: int | None, cras_id: int | None, turma_id: int | None) -> str:
    partes = [
        f"{nome}={valor}"
        for nome, valor in (("osc", osc_id), ("cras", cras_id), ("turma", turma_id))
        if valor is not None
    ]
    return " ".join(partes)


@dataclass(frozen=True, slots=True)
class Revogado:
    canal: str
    chat_id: str
    ainda_tem_outro: bool


async def revogar(conexao: AsyncConnection, membro_id: int, agora: datetime) -> Revogado | None:
    """Encerra o vínculo (None se não existe ou já estava revogado)."""
    resultado = await conexao.execute(
        sa.update(_EQ)
        .where(_EQ.c.id == membro_id, _EQ.c.revogado_em.is_(None))
        .values(revogado_em=agora)
        .returning(_EQ.c.canal, _EQ.c.usuario_id, _EQ.c.chat_id)
    )
    linha = resultado.first()
    if linha is None:
        return None
    outros = await acesso_de(conexao, linha.canal, linha.usuario_id)
    return Revogado(linha.canal, linha.chat_id, bool(outros.vinculos))


async def nome_do_escopo(conexao: AsyncConnection, vinculo: Vinculo) -> str:
    """O código da turma, o nome da OSC ou do CRAS do vínculo ("" sem escopo)."""
    for campo, (chave, nome) in _NOMES.items():
        valor = getattr(vinculo, campo)
        if valor is not None:
            return str((await conexao.execute(sa.select(nome).where(chave == valor))).scalar())
    return ""


@dataclass(frozen=True, slots=True)
class Destino:
    """Para onde vai um aviso a alguém da equipe."""

    membro_id: int
    canal: str
    chat_id: str


async def instrutores_da_turma(conexao: AsyncConnection, turma_id: int) -> list[Destino]:
    """Os vínculos ativos de instrutor da turma (uma conversa pode ter mais de um)."""
    consulta = sa.select(_EQ.c.id, _EQ.c.canal, _EQ.c.chat_id).where(
        _EQ.c.papel == "instrutor", _EQ.c.turma_id == turma_id, _EQ.c.revogado_em.is_(None)
    )
    linhas = (await conexao.execute(consulta.order_by(_EQ.c.id))).all()
    return [Destino(*linha) for linha in linhas]
