"""Links de uso único que levam os avisos de uma pré-inscrição para outro canal (sem commit).

Quem faz a pré-inscrição no chat do site (que não entrega nada depois que a aba fecha)
recebe um link `t.me/<bot>?start=<token>`; ao tocar, aquela conversa do Telegram passa a
ser o destino das convocações e lembretes. As mesmas regras dos convites da equipe
(`armazenamento.equipe`, ARQUITETURA.md §7): token de 192 bits, só o SHA-256 guardado,
validade, e o resgate é um único UPDATE condicional (dois resgates ao mesmo tempo, um só
vence). O canal de destino fica na linha. No WhatsApp (sem /start) o segredo é um código
para digitar (`gerar_codigo`, ~59 bits; a linha guarda o hash de "wa-" + código) e as
tentativas erradas contam por quem escreve e pelo alvo (`fluxos.codigo_avisos`).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.equipe import ALFABETO_CODIGO, VALIDADE_PADRAO, Falha, resumo
from armazenamento.modelos import PreInscricao, VinculoCanal

_V = VinculoCanal.__table__  # type: ignore[attr-defined]
_P = PreInscricao.__table__  # type: ignore[attr-defined]

# "pi-" + token_urlsafe(24): 35 caracteres, cabe no `start` do Telegram (até 64, só
# letras, números, _ e -). Os tokens de convite têm 32: os dois nunca se confundem.
PREFIXO = "pi-"
TAMANHO_TOKEN_CONVITE = 32
# No WhatsApp não há /start: a pessoa manda o código (no texto pronto do link wa.me ou
# digitado). 12 letras e números sem os que se confundem (~59 bits), com letras E números
# (um nome ou um CPF nunca têm essa forma), em três grupos de 4 ("ABCD-EFGH-2345"). O
# token guardado (hash) é "wa-" + o código: nunca se confunde com os links "pi-".
PREFIXO_CODIGO = "wa-"
TAMANHO_CODIGO = 12
_DIGITOS = frozenset("0123456789")


def eh_token_de_canal(argumento: str) -> bool:
    """O /start traz um link de avisos (e não um convite da equipe)?"""
    bruto = argumento.strip()
    return bruto.startswith(PREFIXO) and len(bruto) != TAMANHO_TOKEN_CONVITE


def tem_forma_de_codigo(codigo: str) -> bool:
    """12 caracteres do alfabeto, com pelo menos 2 letras e 2 números."""
    numeros = sum(c in _DIGITOS for c in codigo)
    return (
        len(codigo) == TAMANHO_CODIGO
        and all(c in ALFABETO_CODIGO for c in codigo)
        and 2 <= numeros <= TAMANHO_CODIGO - 2
    )


def gerar_codigo() -> str:
    """Um código para digitar (sorteia de novo até ter letras e números: ~14% das vezes)."""
    while True:
        codigo = "".join(secrets.choice(ALFABETO_CODIGO) for _ in range(TAMANHO_CODIGO))
        if tem_forma_de_codigo(codigo):
            return codigo


def token_do_codigo(codigo: str) -> str:
    return PREFIXO_CODIGO + codigo


async def criar_link(
    conexao: AsyncConnection,
    preinscricao_id: int,
    canal: str,
    origem: tuple[str, str],
    agora: datetime,
    validade: timedelta = VALIDADE_PADRAO,
    token: str = "",
) -> str:
    """Grava o hash de um token novo e devolve o token (que o banco não guarda).
    `token`: o do código do WhatsApp (`token_do_codigo`); vazio, um link "pi-" novo."""
    token = token or PREFIXO + secrets.token_urlsafe(24)
    await conexao.execute(
        sa.insert(_V).values(
            preinscricao_id=preinscricao_id,
            canal=canal,
            origem_canal=origem[0],
            origem_chat_id=origem[1],
            hash_token=resumo(token),
            criado_em=agora,
            expira_em=agora + validade,
        )
    )
    return token


@dataclass(frozen=True, slots=True)
class Ligada:
    """A pré-inscrição que passou a receber os avisos nesta conversa."""

    preinscricao_id: int
    ciclo_id: int


async def resgatar_link(
    conexao: AsyncConnection, canal: str, chat_id: str, token: str, agora: datetime
) -> Ligada | Falha:
    """Liga esta conversa (`canal`, `chat_id`) à pré-inscrição do link: ela passa a ser o
    destino dos avisos. Os outros links ainda não usados da mesma pré-inscrição vencem."""
    hash_token = resumo(token.strip())
    usado = await conexao.execute(
        sa.update(_V)
        .where(_V.c.hash_token == hash_token, _V.c.canal == canal)
        .where(_V.c.usado_em.is_(None), _V.c.expira_em > agora)
        .values(usado_em=agora)
        .returning(_V.c.preinscricao_id)
    )
    preinscricao_id = usado.scalar()
    if preinscricao_id is None:
        return await _por_que_falhou(conexao, hash_token, canal)
    await conexao.execute(
        sa.update(_V)
        .where(_V.c.preinscricao_id == preinscricao_id, _V.c.usado_em.is_(None))
        .values(usado_em=agora)
    )
    ciclo = await conexao.execute(
        sa.update(_P)
        .where(_P.c.id == preinscricao_id)
        .values(canal=canal, chat_id=chat_id)
        .returning(_P.c.ciclo_id)
    )
    return Ligada(int(preinscricao_id), int(ciclo.scalar_one()))


async def _por_que_falhou(conexao: AsyncConnection, hash_token: str, canal: str) -> Falha:
    consulta = sa.select(_V.c.usado_em).where(_V.c.hash_token == hash_token, _V.c.canal == canal)
    linha = (await conexao.execute(consulta)).first()
    if linha is None:
        return Falha.INVALIDO
    return Falha.USADO if linha.usado_em is not None else Falha.EXPIRADO


async def preinscricao_do_link(conexao: AsyncConnection, canal: str, token: str) -> int | None:
    """A pré-inscrição de um link (usado ou não) para este canal, se o link existe."""
    consulta = sa.select(_V.c.preinscricao_id).where(
        _V.c.hash_token == resumo(token.strip()), _V.c.canal == canal
    )
    valor = (await conexao.execute(consulta)).scalar()
    return None if valor is None else int(valor)


async def preinscricao_da_origem(conexao: AsyncConnection, canal: str, chat_id: str) -> int | None:
    """A pré-inscrição que esta conversa (a do site) levou para outro canal, se houver:
    ela continua vendo a situação por aqui."""
    consulta = (
        sa.select(_V.c.preinscricao_id)
        .where(_V.c.origem_canal == canal, _V.c.origem_chat_id == chat_id)
        .where(_V.c.usado_em.is_not(None))
        .order_by(_V.c.id.desc())
        .limit(1)
    )
    valor = (await conexao.execute(consulta)).scalar()
    return None if valor is None else int(valor)


async def destino_de(conexao: AsyncConnection, preinscricao_id: int) -> tuple[str, str]:
    """(canal, chat_id) para onde vão os avisos da pré-inscrição."""
    consulta = sa.select(_P.c.canal, _P.c.chat_id).where(_P.c.id == preinscricao_id)
    linha = (await conexao.execute(consulta)).first()
    return (linha.canal, linha.chat_id) if linha is not None else ("", "")
