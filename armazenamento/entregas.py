"""Situação de entrega de cada envio da fila, como o canal informa depois (WhatsApp:
sent → delivered → read, ou failed), para a equipe ver se a convocação chegou e foi lida.

As situações chegam fora de ordem (e "delivered" às vezes nem vem, quando a pessoa já lê
na hora): a linha só avança, nunca volta. A ordem é a do que a pessoa viveu: "failed"
passa por cima de "sent", mas não de "delivered" nem de "read" (com vários aparelhos, um
pode falhar depois de outro ter recebido). Nada aqui faz commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.modelos import Envio

_E = Envio.__table__  # type: ignore[attr-defined]
ORDEM = {"sent": 1, "failed": 2, "delivered": 3, "read": 4}
MAX_ERRO = 200


async def registrar_entrega(
    conexao: AsyncConnection,
    canal: str,
    id_provedor: str,
    situacao: str,
    quando: datetime,
    erro: str = "",
) -> bool:
    """Aplica a situação ao envio com este id do provedor, se ela é mais adiantada que a
    gravada. `erro`: só os códigos do provedor (nunca o texto, que pode citar a pessoa).
    Devolve se o envio existe (falso: ainda não foi gravado como enviado, ou não é da fila).
    """
    posicao = ORDEM.get(situacao)
    if posicao is None or not id_provedor:
        raise ValueError(f"situação de entrega desconhecida: {situacao!r}")
    atual = sa.case(ORDEM, value=_E.c.entrega, else_=0)
    deste = [_E.c.canal == canal, _E.c.id_provedor == id_provedor]
    mudou = await conexao.execute(
        sa.update(_E)
        .where(*deste, atual < posicao)
        .values(
            entrega=situacao,
            entrega_em=quando,
            entrega_erro=erro[:MAX_ERRO] if situacao == "failed" else "",
        )
        .returning(_E.c.id)
    )
    if mudou.first() is not None:
        return True
    return await conexao.scalar(sa.select(sa.exists().where(*deste))) is True


async def entregas_das_chaves(
    conexao: AsyncConnection, chaves: list[str]
) -> dict[str, tuple[str, str]]:
    """chave do envio -> (canal, situação de entrega), para as chaves que já têm situação."""
    if not chaves:
        return {}
    consulta = sa.select(_E.c.chave, _E.c.canal, _E.c.entrega).where(
        _E.c.chave.in_(sorted(set(chaves))), _E.c.entrega != ""
    )
    return {chave: (canal, entrega) for chave, canal, entrega in (await conexao.execute(consulta))}


@dataclass(frozen=True, slots=True)
class EnvioDoProvedor:
    """O envio da fila a que uma situação de entrega se refere."""

    id: int
    chat_id: str
    modelo: str  # "" = saiu como mensagem livre
    entrega: str  # a situação gravada ANTES desta


async def envio_do_provedor(
    conexao: AsyncConnection, canal: str, id_provedor: str
) -> EnvioDoProvedor | None:
    consulta = sa.select(_E.c.id, _E.c.chat_id, _E.c.modelo, _E.c.entrega).where(
        _E.c.canal == canal, _E.c.id_provedor == id_provedor
    )
    linha = (await conexao.execute(consulta.limit(1))).first()
    return EnvioDoProvedor(*linha) if linha is not None else None


def avanca(antes: str, situacao: str) -> bool:
    """Se `situacao` passa por cima da situação gravada `antes` (a ordem de `ORDEM`)."""
    return ORDEM.get(antes, 0) < ORDEM.get(situacao, 0)


async def refazer_como_modelo(
    conexao: AsyncConnection, envio_id: int, codigo: str, agora: datetime
) -> bool:
    """A linha enviada livre que a Meta recusou depois (WhatsApp 131047 no webhook: fora da
    janela) volta à fila para sair como modelo. A marca é `entrega_erro` = o código com
    `entrega` vazia (o remetente do canal a lê: `pede_modelo`); a primeira situação do
    novo envio a apaga. Só uma vez: a linha que já saiu como modelo não volta."""
    consulta = (
        sa.update(_E)
        .where(_E.c.id == envio_id, _E.c.estado == "enviada", _E.c.modelo == "")
        .values(
            estado="pendente",
            proxima_em=agora,
            arrendada_ate=None,
            arrendada_por="",
            id_provedor="",  # situações atrasadas do envio velho não tocam mais a linha
            entrega="",
            entrega_em=None,
            entrega_erro=codigo,
            ultimo_erro=f"whatsapp:{codigo} (situação de entrega)",
        )
        .returning(_E.c.id)
    )
    return (await conexao.execute(consulta)).first() is not None


async def pede_modelo(conexao: AsyncConnection, envio_id: int, codigo: str) -> bool:
    """Se a linha voltou à fila por `refazer_como_modelo` (sai como modelo, sem janela)."""
    consulta = sa.select(_E.c.entrega, _E.c.entrega_erro).where(_E.c.id == envio_id)
    linha = (await conexao.execute(consulta)).first()
    return linha is not None and linha.entrega == "" and linha.entrega_erro == codigo
