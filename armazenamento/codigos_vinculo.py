"""Código de vínculo de uma pré-inscrição e a trava por registro alvo (R3; sem commit).

Por que assim:
- CPF e nascimento não são segredo: ligar um chat a uma pré-inscrição pede um código que
  a equipe entrega à pessoa (papel, QR code ou falado). São 10 letras e números sem os que
  se confundem (`ALFABETO_CODIGO`, ~49 bits); o banco guarda só o SHA-256;
- usar é um único UPDATE condicional: dois resgates ao mesmo tempo, um só vence; gerar um
  código novo vence os anteriores ainda não usados;
- cada data de nascimento errada conta para a PRÓPRIA pré-inscrição (não para quem
  escreve, que troca de sessão à vontade): `LIMITE_TENTATIVAS` na janela travam o vínculo
  dela para qualquer chat. `vinculo_travado_em` marca a trava para que a equipe seja
  avisada uma vez (UPDATE condicional: só uma transação ganha). Um código novo da equipe
  zera a conta (a equipe falou com a pessoa).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.equipe import ALFABETO_CODIGO, LIMITE_TENTATIVAS, Destino, Falha, resumo
from armazenamento.modelos import Encaminhamento, MembroEquipe, PreInscricao
from armazenamento.modelos_vinculo import CodigoVinculo, TentativaRegistro

_C = CodigoVinculo.__table__  # type: ignore[attr-defined]
_T = TentativaRegistro.__table__  # type: ignore[attr-defined]
_P = PreInscricao.__table__  # type: ignore[attr-defined]
_EQ = MembroEquipe.__table__  # type: ignore[attr-defined]
_EN = Encaminhamento.__table__  # type: ignore[attr-defined]

TAMANHO = 10
# no link: t.me/<bot>?start=vc-ABCDE23456 (13 caracteres; os tokens de convite têm 32 e os
# links de avisos começam com "pi-": nenhum se confunde)
PREFIXO_LINK = "vc-"
VALIDADE_PADRAO = timedelta(days=30)
JANELA_PADRAO = timedelta(hours=24)


def ler_codigo(bruto: str) -> str | None:
    """O código como foi gerado (sem espaço, hífen nem o prefixo do link, em maiúsculas);
    None se não tem a forma de um código."""
    limpo = bruto.strip()
    if limpo.lower().startswith(PREFIXO_LINK):
        limpo = limpo[len(PREFIXO_LINK) :]
    codigo = "".join(c for c in limpo.upper() if c.isalnum())
    if len(codigo) != TAMANHO or any(c not in ALFABETO_CODIGO for c in codigo):
        return None
    return codigo


def formatar(codigo: str) -> str:
    """ "ABCDE-23456": duas metades, mais fácil de ditar e de digitar."""
    metade = TAMANHO // 2
    return f"{codigo[:metade]}-{codigo[metade:]}"


def resumo_do_codigo(codigo: str) -> str:
    return resumo(f"vinculo:{codigo}")


@dataclass(frozen=True, slots=True)
class CodigoNovo:
    """O que a equipe vê uma vez (o banco não guarda o código)."""

    codigo: str
    expira_em: datetime


async def gerar(
    conexao: AsyncConnection,
    preinscricao_id: int,
    membro_id: int | None,
    agora: datetime,
    validade: timedelta = VALIDADE_PADRAO,
) -> CodigoNovo:
    """Um código novo: os anteriores não usados vencem e a conta de erros zera."""
    await conexao.execute(
        sa.update(_C)
        .where(_C.c.preinscricao_id == preinscricao_id, _C.c.usado_em.is_(None))
        .where(_C.c.expira_em > agora)
        .values(expira_em=agora)
    )
    await conexao.execute(sa.delete(_T).where(_T.c.preinscricao_id == preinscricao_id))
    await conexao.execute(
        sa.update(_P).where(_P.c.id == preinscricao_id).values(vinculo_travado_em=None)
    )
    codigo = "".join(secrets.choice(ALFABETO_CODIGO) for _ in range(TAMANHO))
    await conexao.execute(
        sa.insert(_C).values(
            preinscricao_id=preinscricao_id,
            hash_codigo=resumo_do_codigo(codigo),
            criado_por=membro_id,
            criado_em=agora,
            expira_em=agora + validade,
        )
    )
    return CodigoNovo(codigo, agora + validade)


async def consultar(conexao: AsyncConnection, hash_codigo: str, agora: datetime) -> int | Falha:
    """A pré-inscrição de um código que ainda vale, ou por que ele não vale."""
    consulta = sa.select(_C.c.preinscricao_id, _C.c.usado_em, _C.c.expira_em).where(
        _C.c.hash_codigo == hash_codigo
    )
    linha = (await conexao.execute(consulta)).first()
    if linha is None:
        return Falha.INVALIDO
    if linha.usado_em is not None:
        return Falha.USADO
    if not linha.expira_em > agora:
        return Falha.EXPIRADO
    return int(linha.preinscricao_id)


async def usar(conexao: AsyncConnection, hash_codigo: str, agora: datetime) -> int | None:
    """Gasta o código (um UPDATE condicional): a pré-inscrição, ou None se outro já usou."""
    usado = await conexao.execute(
        sa.update(_C)
        .where(_C.c.hash_codigo == hash_codigo, _C.c.usado_em.is_(None), _C.c.expira_em > agora)
        .values(usado_em=agora)
        .returning(_C.c.preinscricao_id)
    )
    valor = usado.scalar()
    return None if valor is None else int(valor)


async def _erros(
    conexao: AsyncConnection, preinscricao_id: int, agora: datetime, janela: timedelta
) -> int:
    consulta = (
        sa.select(sa.func.count())
        .select_from(_T)
        .where(_T.c.preinscricao_id == preinscricao_id, _T.c.em > agora - janela)
    )
    return int((await conexao.execute(consulta)).scalar_one())


async def travado(
    conexao: AsyncConnection,
    preinscricao_id: int,
    agora: datetime,
    janela: timedelta = JANELA_PADRAO,
) -> bool:
    """Datas erradas demais para esta pré-inscrição na janela: ninguém liga um chat a ela."""
    return await _erros(conexao, preinscricao_id, agora, janela) >= LIMITE_TENTATIVAS


async def anotar_erro(
    conexao: AsyncConnection,
    preinscricao_id: int,
    agora: datetime,
    janela: timedelta = JANELA_PADRAO,
) -> bool:
    """Anota uma data errada; devolve True só para quem começou a trava (avisa a equipe)."""
    await conexao.execute(sa.insert(_T).values(preinscricao_id=preinscricao_id, em=agora))
    if await _erros(conexao, preinscricao_id, agora, janela) < LIMITE_TENTATIVAS:
        return False
    marcou = await conexao.execute(
        sa.update(_P)
        .where(_P.c.id == preinscricao_id)
        .where(sa.or_(_P.c.vinculo_travado_em.is_(None), _P.c.vinculo_travado_em <= agora - janela))
        .values(vinculo_travado_em=agora)
    )
    return bool(marcou.rowcount)


async def trocar_conversa(
    conexao: AsyncConnection, preinscricao_id: int, canal: str, chat_id: str
) -> tuple[str, str]:
    """Liga a pré-inscrição a esta conversa; devolve a conversa de antes (vazia se não havia)."""
    antes = await conexao.execute(
        sa.select(_P.c.canal, _P.c.chat_id).where(_P.c.id == preinscricao_id)
    )
    linha = antes.first()
    await conexao.execute(
        sa.update(_P).where(_P.c.id == preinscricao_id).values(canal=canal, chat_id=chat_id)
    )
    return (linha.canal, linha.chat_id) if linha is not None else ("", "")


async def equipe_do_registro(conexao: AsyncConnection, preinscricao_id: int) -> list[Destino]:
    """Os vínculos ativos que cuidam da pré-inscrição: o CRAS do território, quem a
    registrou, a OSC de quem registrou e as OSCs para onde ela foi encaminhada."""
    consulta = sa.select(_P.c.cras_id, _P.c.registrada_por).where(_P.c.id == preinscricao_id)
    pre = (await conexao.execute(consulta)).first()
    if pre is None:
        return []
    oscs = sa.union(
        sa.select(_EN.c.osc_id).where(_EN.c.preinscricao_id == preinscricao_id),
        sa.select(_EQ.c.osc_id).where(_EQ.c.id == pre.registrada_por, _EQ.c.osc_id.is_not(None)),
    )
    cuida = sa.or_(
        sa.and_(_EQ.c.papel == "cras", _EQ.c.cras_id == pre.cras_id),
        sa.and_(_EQ.c.papel == "osc", _EQ.c.osc_id.in_(oscs)),
        _EQ.c.id == pre.registrada_por,
    )
    linhas = await conexao.execute(
        sa.select(_EQ.c.id, _EQ.c.canal, _EQ.c.chat_id)
        .where(_EQ.c.revogado_em.is_(None), cuida)
        .order_by(_EQ.c.id)
    )
    return [Destino(*linha) for linha in linhas.all()]
