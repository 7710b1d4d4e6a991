"""Remetente do WhatsApp: uma Saida vira uma ou mais mensagens da Cloud API, em ordem.

Serve às respostas imediatas (o webhook) e ao despachante da fila (protocolo `Remetente`:
`enviar(chat_id, saida) -> Resultado`; o ritmo é o `LimiteDeEnvio` do despachante).

Uma Saida pode virar várias mensagens (texto longo, arquivo + texto). Se uma parte falha
depois de outras saírem:

- o resultado é o da parte que falhou (motivo com "parte N/M"): Repetir, Incerta,
  Inalcancavel, ForaDaJanela ou Falhou, como o despachante já trata;
- num `Repetir`, o remetente lembra (em memória, até `MEMORIA` Saidas) quantas partes já
  saíram e o id do arquivo já subido: a nova tentativa da MESMA Saida à mesma pessoa
  continua da parte que falhou, e nada que se sabe entregue sai de novo. Num resultado
  final (Falhou, Inalcancavel, Incerta, ForaDaJanela) a memória é esquecida;
- limite: quem MORRE entre uma tentativa e outra perde essa memória, e a nova tentativa
  (de outro processo) repete as partes já entregues.

Com `banco`, o `chat_id` é o id canônico da pessoa e o destino é resolvido a cada envio
(`bot.whatsapp.identidade.destino`: o número conhecido, senão o BSUID); sem destino (o
número mudou de dono e não há BSUID), Inalcancavel. Sem `banco`, o `chat_id` é o destino.

O `Enviada` traz o wamid da ÚLTIMA parte (a que tem os botões, e cujo status de entrega e
leitura a equipe quer ver).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass, replace

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.resultado_envio import Enviada, Falhou, Inalcancavel, Repetir, Resultado
from bot.whatsapp.desenho import TIPOS_DE_ARQUIVO, com_midia, desenhar
from bot.whatsapp.graph import LIMITE_MOTIVO, ClienteGraph
from bot.whatsapp.identidade import destino
from mensagens.tipos import Saida

log = logging.getLogger(__name__)

LIMITE_DOCUMENTO = 100 * 1024 * 1024  # bytes de um documento na Cloud API
MEMORIA = 10_000  # Saidas com partes já entregues à espera de nova tentativa
SEM_DESTINO = "whatsapp: sem destino (o numero mudou de dono)"


@dataclass(slots=True)
class _Progresso:
    enviadas: int = 0
    id_midia: str = ""


class RemetenteWhatsApp:
    def __init__(
        self, cliente: ClienteGraph, memoria: int = MEMORIA, banco: AsyncEngine | None = None
    ) -> None:
        self._cliente = cliente
        self._memoria = memoria
        self._banco = banco
        self._progresso: OrderedDict[tuple[str, Saida], _Progresso] = OrderedDict()

    async def enviar(self, chat_id: str, saida: Saida) -> Resultado:
        if not saida.texto.strip() and saida.anexo is None:
            return Falhou("texto vazio")
        if saida.anexo is not None and len(saida.anexo.dados) > LIMITE_DOCUMENTO:
            return Falhou("anexo grande demais: a Cloud API aceita ate 100 MB")
        para = chat_id if self._banco is None else await destino(self._banco, chat_id)
        if not para:
            return Inalcancavel(SEM_DESTINO)
        chave = (chat_id, saida)
        progresso = self._progresso.pop(chave, None) or _Progresso()
        resultado = await self._continuar(para, saida, progresso)
        if isinstance(resultado, Repetir) and (progresso.enviadas or progresso.id_midia):
            self._progresso[chave] = progresso
            while len(self._progresso) > self._memoria:
                self._progresso.popitem(last=False)
        return resultado

    async def _continuar(self, chat_id: str, saida: Saida, progresso: _Progresso) -> Resultado:
        partes = desenhar(chat_id, saida)
        ultimo: Resultado = Falhou("nada a enviar")
        for indice, payload in enumerate(partes):
            if indice < progresso.enviadas:
                continue  # já entregue numa tentativa anterior
            if payload["type"] in TIPOS_DE_ARQUIVO and saida.anexo is not None:
                if not progresso.id_midia:
                    anexo = saida.anexo
                    subida = await self._cliente.subir_midia(anexo.nome, anexo.tipo, anexo.dados)
                    if not isinstance(subida, str):
                        return _da_parte(subida, indice, len(partes))
                    progresso.id_midia = subida
                payload = com_midia(payload, progresso.id_midia)
            ultimo = await self._cliente.enviar(payload)
            if not isinstance(ultimo, Enviada):
                return _da_parte(ultimo, indice, len(partes))
            progresso.enviadas += 1
        return ultimo


def _da_parte(resultado: Resultado, indice: int, total: int) -> Resultado:
    """Numa Saida de várias mensagens, o motivo diz qual parte falhou."""
    if total == 1 or isinstance(resultado, Enviada):
        return resultado
    if indice:
        log.info("whatsapp: %d de %d partes saíram antes da falha", indice, total)
    motivo = f"parte {indice + 1}/{total}: {resultado.motivo}"
    return replace(resultado, motivo=motivo[:LIMITE_MOTIVO])
