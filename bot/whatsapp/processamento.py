"""O que acontece com uma mensagem do WhatsApp depois de guardada na caixa de entrada:
o motor responde, as respostas saem pela Cloud API, a linha é marcada processada.

Roda em tarefa de fundo, depois do 200 ao webhook (a Meta espera resposta rápida e
reenvia o que demora). A mesma conversa é atendida uma mensagem por vez, na ordem de
chegada (a trava por conversa, neste processo). Se o processo cai no meio, a linha fica
pendente e `reprocessar_pendentes` a retoma (o motor devolve a mesma resposta a uma
mensagem repetida: nada muda duas vezes). O registro leva só contagens e tipos de erro:
o wamid traz o telefone codificado, e nunca vai ao log.
"""

from __future__ import annotations

import asyncio
import json
import logging
import traceback
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from armazenamento import caixa_entrada, entregas, tempo
from armazenamento.banco import transacao
from bot.despachante import Remetente, pausa_o_canal
from bot.limite_envio import LimiteDeEnvio
from bot.resultado_envio import Enviada, Falhou, Repetir, Resultado
from bot.whatsapp.entrada import CANAL, converter
from bot.whatsapp.lote import StatusRecebido
from fluxos.motor import Motor
from mensagens.catalogo import texto
from mensagens.tipos import Saida

log = logging.getLogger(__name__)

LOTE_RECUPERACAO = 100
TENTATIVAS = 3  # de cada resposta, em erro passageiro (vazão, rede)
RECUO = 1.0  # segundos, dobrando a cada tentativa, se a Cloud API não disse quanto
PREFIXO_STATUS = "st:"


def _onde(erro: BaseException) -> str:
    quadros = traceback.extract_tb(erro.__traceback__)
    return f"{Path(quadros[-1].filename).name}:{quadros[-1].lineno}" if quadros else "?"


class ProcessadorWhatsApp:
    """Atende as mensagens guardadas. `limite`: um ritmo por resposta, para quem monta o
    remetente sem ele; na partida o ritmo é do `ClienteGraph` (a cada POST), o mesmo da
    fila: um número da Cloud API tem uma vazão só, para respostas e avisos."""

    def __init__(
        self,
        motor: Motor,
        remetente: Remetente,
        limite: LimiteDeEnvio | None = None,
        recuo: float = RECUO,
    ) -> None:
        self.motor = motor
        self.recuo = recuo
        self.banco: AsyncEngine = motor.banco
        self.remetente = remetente
        self.limite = limite
        self._tarefas: set[asyncio.Task[None]] = set()
        self._travas: dict[str, asyncio.Lock] = {}
        self._usos: dict[str, int] = {}
        self._em_voo: set[str] = set()

    # ----- tarefas de fundo ----------------------------------------------------------

    def agendar(self, chat_id: str, linhas: list[tuple[str, str]]) -> None:
        """Processa em fundo as mensagens (id, corpo) novas de uma conversa, em ordem."""
        if not linhas:
            return
        self._em_voo.update(id_externo for id_externo, _ in linhas)
        tarefa = asyncio.create_task(self._atender_conversa(chat_id, linhas))
        self._tarefas.add(tarefa)
        tarefa.add_done_callback(self._tarefas.discard)

    async def ocioso(self) -> None:
        """Espera as tarefas de fundo terminarem (os testes; o fim do processo)."""
        while self._tarefas:
            await asyncio.gather(*list(self._tarefas), return_exceptions=True)

    async def _atender_conversa(self, chat_id: str, linhas: list[tuple[str, str]]) -> None:
        self._usos[chat_id] = self._usos.get(chat_id, 0) + 1
        trava = self._travas.setdefault(chat_id, asyncio.Lock())
        try:
            async with trava:
                for id_externo, corpo in linhas:
                    await self.processar(id_externo, corpo)
        finally:
            self._em_voo.difference_update(id_externo for id_externo, _ in linhas)
            self._usos[chat_id] -= 1
            if not self._usos[chat_id]:
                del self._usos[chat_id], self._travas[chat_id]

    # ----- uma mensagem --------------------------------------------------------------

    async def processar(self, id_externo: str, corpo: str) -> bool:
        """Responde a uma mensagem guardada e a marca processada. Falso se algo falhou
        antes da marca (a linha fica pendente, para a recuperação)."""
        entrada = converter(corpo, id_externo)
        try:
            if entrada is not None:
                try:
                    saidas = await self.motor.processar(entrada)
                except Exception as erro:
                    log.warning(
                        "whatsapp: motor falhou: %s em %s", type(erro).__name__, _onde(erro)
                    )
                    saidas = [Saida(texto("whatsapp.erro"))]
                await self.responder(entrada.chat_id, saidas)
            async with transacao(self.banco) as conexao:
                await caixa_entrada.marcar_processada(conexao, CANAL, id_externo, tempo.agora())
        except Exception as erro:
            log.error(
                "whatsapp: mensagem não processada: %s em %s", type(erro).__name__, _onde(erro)
            )
            return False
        return True

    async def responder(self, chat_id: str, saidas: Iterable[Saida]) -> None:
        """Envia as respostas em ordem; uma que não sai interrompe as seguintes (uma
        resposta pela metade confunde mais do que nenhuma)."""
        for saida in saidas:
            resultado = await self._enviar(chat_id, saida)
            if not isinstance(resultado, Enviada):
                log.warning(
                    "whatsapp: resposta não saiu: %s (%s)",
                    type(resultado).__name__,
                    resultado.motivo[:200],
                )
                return

    async def _enviar(self, chat_id: str, saida: Saida) -> Resultado:
        resultado: Resultado = Falhou("nenhuma tentativa")
        for tentativa in range(TENTATIVAS):
            if self.limite is not None:
                await self.limite.esperar()
            resultado = await self.remetente.enviar(chat_id, saida)
            if not isinstance(resultado, Repetir):
                return resultado
            if self.limite is not None and pausa_o_canal(resultado):
                self.limite.pausar(resultado.depois_de)  # a do par (131056) só espera aqui
            if tentativa + 1 < TENTATIVAS:
                await asyncio.sleep(resultado.depois_de or self.recuo * 2**tentativa)
        return resultado

    # ----- recuperação ---------------------------------------------------------------

    async def reprocessar_pendentes(self, antes_de: datetime, lote: int = LOTE_RECUPERACAO) -> int:
        """Mensagens e situações de entrega guardadas e não processadas antes de
        `antes_de` (uma queda no meio; uma situação que chegou antes de o envio ser
        gravado). Devolve quantas tratou. Seguro em vários processos: cada linha é
        reservada antes (só um consegue). Quem falha de novo aqui é marcada assim mesmo,
        com log: uma linha que sempre quebra não volta a cada minuto para sempre."""
        feitos = 0
        vistos: set[str] = set()
        while True:
            async with transacao(self.banco) as conexao:
                linhas = await caixa_entrada.pendentes(conexao, CANAL, lote, antes_de)
            novas = [(i, c) for i, c in linhas if i not in vistos and i not in self._em_voo]
            for id_externo, corpo in novas:
                vistos.add(id_externo)
                if await self._retomar(id_externo, corpo, antes_de):
                    feitos += 1
            if not novas or len(linhas) < lote:
                return feitos

    async def _retomar(self, id_externo: str, corpo: str, antes_de: datetime) -> bool:
        async with transacao(self.banco) as conexao:
            if not await caixa_entrada.reservar(
                conexao, CANAL, id_externo, antes_de, tempo.agora()
            ):
                return False  # outro processo pegou
            if id_externo.startswith(PREFIXO_STATUS):
                status = status_guardado(corpo)
                if status is not None:
                    await aplicar_status(conexao, status)
                await caixa_entrada.marcar_processada(conexao, CANAL, id_externo, tempo.agora())
                return True
        if await self.processar(id_externo, corpo):
            return True
        async with transacao(self.banco) as conexao:  # desiste, com o log de `processar`
            await caixa_entrada.marcar_processada(conexao, CANAL, id_externo, tempo.agora())
        return False


def corpo_do_status(status: StatusRecebido) -> str:
    """O que fica na caixa de entrada de uma situação de entrega (sem dados da pessoa)."""
    return json.dumps(
        {"id": status.wamid, "s": status.situacao, "t": status.quando.isoformat(), "e": status.erro}
    )


def status_guardado(corpo: str) -> StatusRecebido | None:
    try:
        dados = json.loads(corpo)
        quando = datetime.fromisoformat(dados["t"])
        return StatusRecebido(dados["id"], dados["s"], quando, dados.get("e", ""))
    except (ValueError, KeyError, TypeError):
        log.error("whatsapp: situação de entrega guardada ilegível")
        return None


async def aplicar_status(conexao: AsyncConnection, status: StatusRecebido) -> bool:
    """Aplica ao envio da fila (se existe); devolve se o envio foi achado."""
    return await entregas.registrar_entrega(
        conexao, CANAL, status.wamid, status.situacao, status.quando, status.erro
    )
