"""O limite diário do WhatsApp: pessoas ÚNICAS alcançadas por modelo (fora da janela) em
24 h corridas. Quem conta é o banco, para valer com vários processos: as linhas `envio`
do canal com `modelo` preenchido que saíram nas últimas 24 h, ou que estão saindo agora
(reservadas e ainda sem resultado). Quem já foi alcançado nas 24 h não conta de novo.

Nada aqui faz commit: quem chama abre a transação (a reserva precisa estar gravada antes
de o modelo sair, para outro processo a ver). No PostgreSQL, uma trava de transação
(`pg_advisory_xact_lock`) faz as reservas do canal uma de cada vez; no SQLite, a trava de
escrita do arquivo já faz isso.
"""

from __future__ import annotations

import zlib
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento.modelos import Convocacao, Envio
from armazenamento.tempo import em_utc

_E = Envio.__table__  # type: ignore[attr-defined]
_C = Convocacao.__table__  # type: ignore[attr-defined]
DIA = timedelta(hours=24)
# o motivo gravado em `ultimo_erro` da linha que espera vaga no limite (a tela da OSC conta)
ESPERA_LIMITE = "whatsapp: esperando o limite diario de pessoas"


def _contadas(canal: str, agora: datetime, tabela: Any = _E) -> Any:
    """As linhas que ocupam uma vaga do limite agora: modelo saído nas últimas 24 h, ou
    reservado e ainda sem resultado, ou talvez saído (incerta) nas últimas 24 h."""
    desde = agora - DIA
    return sa.and_(
        tabela.c.canal == canal,
        tabela.c.modelo != "",
        sa.or_(
            sa.and_(tabela.c.estado == "enviada", tabela.c.enviado_em > desde),
            tabela.c.estado == "enviando",
            sa.and_(tabela.c.estado == "incerta", tabela.c.proxima_em > desde),
        ),
    )


async def pessoas_alcancadas(conexao: AsyncConnection, canal: str, agora: datetime) -> int:
    """Quantas pessoas diferentes ocupam o limite agora."""
    consulta = sa.select(sa.func.count(sa.distinct(_E.c.chat_id))).where(_contadas(canal, agora))
    return int((await conexao.execute(consulta)).scalar_one())


async def _travar(conexao: AsyncConnection, canal: str) -> None:
    if conexao.dialect.name == "postgresql":
        chave = zlib.crc32(f"limite_diario:{canal}".encode())
        await conexao.execute(sa.select(sa.func.pg_advisory_xact_lock(chave)))


async def reservar_modelo(
    conexao: AsyncConnection,
    envio_id: int,
    chat_id: str,
    modelo: str,
    limite: int,
    agora: datetime,
    canal: str = "whatsapp",
) -> bool:
    """Grava `modelo` na linha (que está saindo) se a pessoa cabe no limite: já foi
    alcançada nas 24 h, ou ainda há vaga. Falso: não cabe (a linha fica como estava)."""
    await _travar(conexao, canal)
    outra = _E.alias("outra")  # as outras linhas, sem correlacionar com a que muda
    outras = sa.and_(_contadas(canal, agora, outra), outra.c.id != envio_id)
    ja_contada = sa.select(outra.c.id).where(outras, outra.c.chat_id == chat_id).exists()
    ocupadas = sa.select(sa.func.count(sa.distinct(outra.c.chat_id))).where(outras)
    consulta = (
        sa.update(_E)
        .where(_E.c.id == envio_id, _E.c.estado == "enviando")
        .where(sa.or_(ja_contada, ocupadas.scalar_subquery() < limite))
        .values(modelo=modelo[:40])
        .returning(_E.c.id)
    )
    return (await conexao.execute(consulta)).first() is not None


async def tirar_modelo(conexao: AsyncConnection, envio_id: int) -> None:
    """A linha sai livre (dentro da janela): se uma tentativa anterior reservou modelo,
    a reserva sai (não conta no limite nem no custo). Só lê, no caso comum."""
    reservado = sa.select(_E.c.modelo).where(_E.c.id == envio_id)
    if (await conexao.execute(reservado)).scalar():
        await conexao.execute(sa.update(_E).where(_E.c.id == envio_id).values(modelo=""))


async def proxima_vaga(
    conexao: AsyncConnection, agora: datetime, canal: str = "whatsapp"
) -> datetime:
    """Quando abre a próxima vaga: a pessoa alcançada há mais tempo completa 24 h desde o
    último modelo que recebeu. Sem nenhuma saída (só reservas em voo): daqui a 1 minuto."""
    ultima = sa.func.max(_E.c.enviado_em).label("ultima")
    por_pessoa = (
        sa.select(ultima)
        .where(_E.c.canal == canal, _E.c.modelo != "", _E.c.estado == "enviada")
        .where(_E.c.enviado_em > agora - DIA)
        .group_by(_E.c.chat_id)
        .subquery()
    )
    valor = (await conexao.execute(sa.select(sa.func.min(por_pessoa.c.ultima)))).scalar()
    if valor is None:
        return agora + timedelta(minutes=1)
    return max(em_utc(valor) + DIA, agora + timedelta(microseconds=1))


async def convocacoes_esperando(
    conexao: AsyncConnection, turma_id: int, canal: str = "whatsapp"
) -> int:
    """Convocações da turma paradas no limite diário do WhatsApp: a equipe da OSC vê
    quantas esperam o dia seguinte (R5)."""
    chave_da_convocacao = sa.literal("convocacao:") + sa.cast(_C.c.id, sa.String)
    consulta = (
        sa.select(sa.func.count())
        .select_from(_E.join(_C, _E.c.chave == chave_da_convocacao))
        .where(_C.c.turma_id == turma_id)
        .where(_E.c.canal == canal, _E.c.estado == "pendente")
        .where(_E.c.ultimo_erro == ESPERA_LIMITE)
    )
    return int((await conexao.execute(consulta)).scalar_one())


async def convocacoes_sem_sair(
    conexao: AsyncConnection, convocacao_ids: list[int], canal: str = "whatsapp"
) -> set[int]:
    """Das convocações dadas, as que ainda não saíram: a chamada está na fila (esperando
    o limite diário, uma queda da Meta). R5: o prazo conta de quando ela sai
    (`fluxos.convocacao.na_saida`); até lá não vence nem tem lembrete."""
    if not convocacao_ids:
        return set()
    chaves = {f"convocacao:{i}": i for i in convocacao_ids}
    consulta = sa.select(_E.c.chave).where(
        _E.c.canal == canal,
        _E.c.estado.in_(("pendente", "enviando")),
        _E.c.chave.in_(sorted(chaves)),
    )
    return {chaves[c] for c in (await conexao.execute(consulta)).scalars().all()}


async def chaves_seguradas(
    conexao: AsyncConnection, chaves: list[str], canal: str = "whatsapp"
) -> set[str]:
    """Das chaves de envio dadas, as que esperam o limite diário agora (a tela "Ver
    situação" da convocação marca "ainda não enviada")."""
    if not chaves:
        return set()
    consulta = sa.select(_E.c.chave).where(
        _E.c.canal == canal,
        _E.c.estado == "pendente",
        _E.c.ultimo_erro == ESPERA_LIMITE,
        _E.c.chave.in_(sorted(set(chaves))),
    )
    return set((await conexao.execute(consulta)).scalars().all())


async def liberar_na_janela(
    conexao: AsyncConnection, chat_id: str, agora: datetime, canal: str = "whatsapp"
) -> int:
    """A pessoa escreveu (a janela de 24 h abriu): o que esperava o limite diário sai já,
    como mensagem livre, que não conta no limite. Quantas linhas."""
    consulta = (
        sa.update(_E)
        .where(_E.c.canal == canal, _E.c.estado == "pendente", _E.c.chat_id == chat_id)
        .where(_E.c.ultimo_erro == ESPERA_LIMITE, _E.c.proxima_em > agora)
        .values(proxima_em=agora)
        .returning(_E.c.id)
    )
    return len((await conexao.execute(consulta)).all())
