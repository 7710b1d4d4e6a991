"""Gravar os resultados de um lote de envios (a parte do despachante que vai ao banco).

Tudo numa transação só, de quem chama; as marcas só valem para o dono do arrendamento
(`armazenamento.envios`). Gravar de novo o mesmo resultado não muda nada: a linha já
saiu de 'enviando' na primeira vez.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento import envios
from bot.resultado_envio import Enviada, Inalcancavel, Incerta, Repetir, Resultado
from mensagens.serializacao import saida_de_json, saida_para_json

log = logging.getLogger("bot.despachante")


def recuo(tentativa: int) -> float:
    """Espera antes de tentar de novo depois de erro de rede ou 5xx: 2, 4, 8... até 5 min."""
    base = min(300.0, 2.0 ** max(tentativa, 1))
    return base * random.uniform(0.8, 1.2)


@dataclass(frozen=True, slots=True)
class Feito:
    """O resultado de um envio e o momento em que veio (a gravação é depois, em lote)."""

    item: envios.Reivindicado
    resultado: Resultado
    momento: datetime


@dataclass(frozen=True, slots=True)
class Alvo:
    """De quem são as linhas: o canal, o dono do arrendamento e o limite de tentativas."""

    canal: str
    dono: str
    max_tentativas: int


async def gravar_resultados(conexao: AsyncConnection, alvo: Alvo, feitos: list[Feito]) -> None:
    """As enviadas num executemany; as outras (repetir, falha, inalcançável) uma a uma."""
    enviadas = [f for f in feitos if isinstance(f.resultado, Enviada)]
    await marcar_enviadas(conexao, alvo.dono, enviadas)
    await envios.trocar_conteudos(conexao, sem_anexos(enviadas))
    for feito in feitos:
        if not isinstance(feito.resultado, Enviada):
            await _registrar_um(conexao, feito, alvo)


def registrar_nao_enviadas(feitos: list[Feito]) -> None:
    for feito in feitos:
        if not isinstance(feito.resultado, Enviada):
            log.info(
                "envio %s (%s): %s",
                feito.item.id,
                type(feito.resultado).__name__,
                _motivo(feito.resultado),
            )


async def _registrar_um(conexao: AsyncConnection, feito: Feito, alvo: Alvo) -> None:
    item, resultado, momento = feito.item, feito.resultado, feito.momento
    if isinstance(resultado, Enviada):  # o lote vai por `marcar_enviadas`
        await envios.marcar_enviada(conexao, item.id, alvo.dono, resultado.id_provedor, momento)
    elif isinstance(resultado, Repetir):
        await _repetir(conexao, item, resultado, momento, alvo)
    elif isinstance(resultado, Inalcancavel):
        await envios.marcar_falha(conexao, item.id, alvo.dono, resultado.motivo)
        await envios.marcar_inalcancavel(
            conexao, alvo.canal, item.chat_id, resultado.motivo, momento
        )
    elif isinstance(resultado, Incerta):
        await envios.marcar_incerta(conexao, item.id, alvo.dono, resultado.motivo)
    else:  # Falhou; ForaDaJanela chega aqui só se o canal não troca pelo modelo
        await envios.marcar_falha(conexao, item.id, alvo.dono, resultado.motivo)


async def _repetir(
    conexao: AsyncConnection,
    item: envios.Reivindicado,
    resultado: Repetir,
    momento: datetime,
    alvo: Alvo,
) -> None:
    """429: volta depois do prazo exato pedido (o canal já pausou no envio);
    rede/5xx: recuo crescente."""
    if resultado.depois_de > 0:
        quando = momento + timedelta(seconds=resultado.depois_de)
        await envios.reagendar(
            conexao, item.id, alvo.dono, quando, resultado.motivo, devolver_tentativa=True
        )
        return
    if item.tentativas >= alvo.max_tentativas:
        motivo = f"desistiu após {item.tentativas} tentativas: {resultado.motivo}"
        await envios.marcar_falha(conexao, item.id, alvo.dono, motivo)
        return
    quando = momento + timedelta(seconds=recuo(item.tentativas))
    await envios.reagendar(conexao, item.id, alvo.dono, quando, resultado.motivo)


async def marcar_enviadas(conexao: AsyncConnection, dono: str, feitos: list[Feito]) -> None:
    """O lote de enviadas numa instrução só (ver `envios.marcar_enviadas`)."""
    await envios.marcar_enviadas(
        conexao,
        dono,
        [(f.item.id, cast(Enviada, f.resultado).id_provedor, f.momento) for f in feitos],
    )


def sem_anexos(enviadas: list[Feito]) -> list[tuple[int, str]]:
    """As enviadas que levavam arquivo, com o conteúdo sem os bytes dele (fica o nome):
    uma planilha de pessoas não fica guardada na fila depois de entregue."""
    trocas = []
    for feito in enviadas:
        if '"anexo"' not in feito.item.conteudo:  # o caso comum, sem ler o JSON
            continue
        saida = saida_de_json(feito.item.conteudo)
        if saida.anexo is not None:
            vazio = replace(saida.anexo, dados=b"")
            trocas.append((feito.item.id, saida_para_json(replace(saida, anexo=vazio))))
    return trocas


def _motivo(resultado: Resultado) -> str:
    return getattr(resultado, "motivo", "")
