"""Consultas e gravação de pré-inscrições (sem commit).

SQL pelo Core, sem o ORM: estas consultas rodam no meio da conversa do cidadão (no
/start, no CPF e na confirmação) e o caminho do ORM custava mais que a consulta.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.equipe import JANELA_TENTATIVAS, LIMITE_TENTATIVAS
from armazenamento.modelos import PedidoAviso, PreInscricao, TentativaConvite
from armazenamento.vinculos_canal import preinscricao_da_origem

_P = PreInscricao.__table__  # type: ignore[attr-defined]
_A = PedidoAviso.__table__  # type: ignore[attr-defined]
_T = TentativaConvite.__table__  # type: ignore[attr-defined]
TENTATIVA_VINCULO = "vinculo"


@dataclass(frozen=True, slots=True)
class Situacao:
    """O que a pessoa pode ver da própria pré-inscrição."""

    id: int
    ciclo_id: int
    nascimento: date
    curso1_id: int
    curso2_id: int | None
    situacao: str
    criada_em: datetime
    nome: str = ""
    nome_social: str = ""


_COLUNAS = [_P.c[c] for c in Situacao.__dataclass_fields__]


async def _uma(conexao: AsyncConnection, consulta: Any) -> Situacao | None:
    linha = (await conexao.execute(consulta)).first()
    return Situacao(*linha) if linha else None


async def buscar_por_cpf(conexao: AsyncConnection, ciclo_id: int, cpf: str) -> Situacao | None:
    return await _uma(conexao, select(*_COLUNAS).where(_P.c.ciclo_id == ciclo_id, _P.c.cpf == cpf))


async def buscar(conexao: AsyncConnection, preinscricao_id: int) -> Situacao | None:
    return await _uma(conexao, select(*_COLUNAS).where(_P.c.id == preinscricao_id))


async def buscar_do_chat(conexao: AsyncConnection, canal: str, chat_id: str) -> Situacao | None:
    """A pré-inscrição mais recente feita por esta conversa."""
    if not (canal and chat_id):  # vazio é o da pré-inscrição assistida, sem conversa
        return None
    consulta = (
        select(*_COLUNAS)
        .where(_P.c.canal == canal, _P.c.chat_id == chat_id)
        .order_by(_P.c.id.desc())
        .limit(1)
    )
    achada = await _uma(conexao, consulta)
    if achada is not None:
        return achada
    # feita aqui (no site) e com os avisos levados para o Telegram: continua visível aqui
    levada = await preinscricao_da_origem(conexao, canal, chat_id)
    return None if levada is None else await buscar(conexao, levada)


async def todas_do_chat(conexao: AsyncConnection, canal: str, chat_id: str) -> list[Situacao]:
    """As pré-inscrições do ciclo da mais recente ligadas a esta conversa (ex.: mãe e
    filho que tocaram o link no mesmo Telegram), na ordem em que foram feitas."""
    ultima = await buscar_do_chat(conexao, canal, chat_id)
    if ultima is None:
        return []
    consulta = (
        select(*_COLUNAS)
        .where(_P.c.canal == canal, _P.c.chat_id == chat_id, _P.c.ciclo_id == ultima.ciclo_id)
        .order_by(_P.c.id)
    )
    todas = [Situacao(*linha) for linha in (await conexao.execute(consulta)).all()]
    return todas or [ultima]  # a do site levada para o Telegram continua visível aqui


async def telefone_de(conexao: AsyncConnection, preinscricao_id: int) -> str:
    """Só os dígitos ("" se a pessoa não deu): para dizer a ela para qual número a
    instituição vai ligar (mascarado, R24)."""
    consulta = select(_P.c.telefone).where(_P.c.id == preinscricao_id)
    return str((await conexao.execute(consulta)).scalar() or "")


async def criar(conexao: AsyncConnection, valores: dict[str, Any]) -> int:
    """Grava e devolve o número sequencial (base do protocolo que a pessoa guarda)."""
    resultado = await conexao.execute(insert(_P).values(**valores).returning(_P.c.id))
    return int(resultado.scalar_one())


async def vinculo_bloqueado(
    conexao: AsyncConnection, canal: str, usuario_id: str, agora: datetime
) -> bool:
    """Códigos de vínculo errados de quem escreve: os mesmos limites dos convites."""
    consulta = (
        select(func.count())
        .select_from(_T)
        .where(
            _T.c.tipo == TENTATIVA_VINCULO,
            _T.c.canal == canal,
            _T.c.usuario_id == usuario_id,
            _T.c.em > agora - JANELA_TENTATIVAS,
        )
    )
    return int((await conexao.execute(consulta)).scalar_one()) >= LIMITE_TENTATIVAS


async def anotar_tentativa_de_vinculo(
    conexao: AsyncConnection, canal: str, usuario_id: str, agora: datetime
) -> None:
    await conexao.execute(
        insert(_T).values(tipo=TENTATIVA_VINCULO, canal=canal, usuario_id=usuario_id, em=agora)
    )


async def pedir_aviso(
    conexao: AsyncConnection, canal: str, chat_id: str, ano: int, momento: datetime
) -> None:
    """Guarda o "me avise quando abrir"; pedir duas vezes não duplica."""
    consulta = select(_A.c.id).where(_A.c.canal == canal, _A.c.chat_id == chat_id, _A.c.ano == ano)
    if (await conexao.execute(consulta)).first() is None:
        await conexao.execute(
            insert(_A).values(canal=canal, chat_id=chat_id, ano=ano, criado_em=momento)
        )


async def pedidos_de_aviso_pendentes(
    conexao: AsyncConnection, ano: int, canais: Iterable[str]
) -> list[tuple[int, str, str]]:
    """(id, canal, chat_id) de quem pediu aviso do ano e ainda não foi avisado."""
    consulta = select(_A.c.id, _A.c.canal, _A.c.chat_id).where(
        _A.c.ano == ano, _A.c.enviado_em.is_(None), _A.c.canal.in_(list(canais))
    )
    return [(i, c, ch) for i, c, ch in (await conexao.execute(consulta)).all()]


async def marcar_avisados(conexao: AsyncConnection, ids: list[int], momento: datetime) -> None:
    if ids:
        await conexao.execute(update(_A).where(_A.c.id.in_(ids)).values(enviado_em=momento))
