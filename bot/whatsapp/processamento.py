"""O que acontece com uma mensagem do WhatsApp depois de guardada na caixa de entrada:
o motor responde, as respostas saem pela Cloud API, a linha é marcada processada.

Resposta que não sai por erro passageiro (Graph fora do ar ou 5xx depois das
`TENTATIVAS` daqui; 130429/80007/131056 na hora, sem esperar aqui): ela e as seguintes
vão para a fila de envio (`envio`, chave "resposta:whatsapp:<wamid>:<n>") na MESMA
transação que marca a mensagem processada, e o despachante as entrega com recuo quando a
API volta. Nada se perde (a resposta fica no banco), nada duplica (só vai à fila o que
se sabe que não saiu; a chave é única) e a mensagem da pessoa não é aplicada de novo (já
está marcada). O que talvez tenha saído (`Incerta`) ou nunca vai sair (`Falhou`,
`Inalcancavel`) não vai à fila: fica no registro, com o código.

Limites (README): o processo que MORRE com uma resposta em voo (saiu, a marca não foi
gravada) a repete na recuperação (o estado não muda duas vezes); uma resposta que foi
pela fila pode chegar depois de outra mais nova, se a pessoa escrever de novo logo que a
API volta.

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

from armazenamento import caixa_entrada, envios, tempo
from armazenamento.banco import transacao
from bot.despachante import Remetente, pausa_o_canal
from bot.limite_envio import LimiteDeEnvio
from bot.resultado_envio import Enviada, Falhou, Repetir, Resultado
from bot.whatsapp.entrada import CANAL, converter
from bot.whatsapp.lote import StatusRecebido
from bot.whatsapp.situacoes import aplicar_status
from fluxos.motor import Motor
from mensagens.catalogo import texto
from mensagens.serializacao import saida_para_json
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
        faltam: list[tuple[int, Saida]] = []
        try:
            if entrada is not None:
                try:
                    saidas = await self.motor.processar(entrada)
                except Exception as erro:
                    log.warning(
                        "whatsapp: motor falhou: %s em %s", type(erro).__name__, _onde(erro)
                    )
                    saidas = [Saida(texto("whatsapp.erro"))]
                faltam = await self.responder(entrada.chat_id, saidas)
            async with transacao(self.banco) as conexao:
                if entrada is not None:
                    await _para_a_fila(conexao, entrada.chat_id, id_externo, faltam)
                await caixa_entrada.marcar_processada(conexao, CANAL, id_externo, tempo.agora())
        except Exception as erro:
            log.error(
                "whatsapp: mensagem não processada: %s em %s", type(erro).__name__, _onde(erro)
            )
            return False
        return True

    async def responder(self, chat_id: str, saidas: Iterable[Saida]) -> list[tuple[int, Saida]]:
        """Envia as respostas em ordem; uma que não sai interrompe as seguintes (uma
        resposta pela metade confunde mais do que nenhuma). Devolve (posição, Saida) das
        que ficam para a fila: a que voltou com `Repetir` e as seguintes."""
        lista = list(saidas)
        for indice, saida in enumerate(lista):
            resultado = await self._enviar(chat_id, saida)
            if not isinstance(resultado, Enviada):
                vai = isinstance(resultado, Repetir)
                log.warning(
                    "whatsapp: resposta não saiu: %s (%s)%s",
                    type(resultado).__name__,
                    resultado.motivo[:200],
                    " - vai pela fila" if vai else "",
                )
                return list(enumerate(lista))[indice:] if vai else []
        return []

    async def _enviar(self, chat_id: str, saida: Saida) -> Resultado:
        resultado: Resultado = Falhou("nenhuma tentativa")
        for tentativa in range(TENTATIVAS):
            if self.limite is not None:
                await self.limite.esperar()
            resultado = await self.remetente.enviar(chat_id, saida)
            if not isinstance(resultado, Repetir):
                return resultado
            if resultado.depois_de > 0:  # vazão (130429, 80007) ou par (131056): a fila espera
                if self.limite is not None and pausa_o_canal(resultado):
                    self.limite.pausar(resultado.depois_de)
                return resultado
            if tentativa + 1 < TENTATIVAS:
                await asyncio.sleep(self.recuo * 2**tentativa)
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


def chave_da_resposta(id_externo: str, indice: int) -> str:
    """A chave na fila da resposta `indice` à mensagem `id_externo` (única: não duplica)."""
    return f"resposta:{CANAL}:{id_externo}:{indice}"


async def _para_a_fila(
    conexao: AsyncConnection, chat_id: str, id_externo: str, faltam: list[tuple[int, Saida]]
) -> None:
    for indice, saida in faltam:
        await envios.enfileirar(
            conexao,
            CANAL,
            chat_id,
            saida_para_json(saida),
            chave_da_resposta(id_externo, indice),
            tempo.agora(),
        )


def corpo_do_status(status: StatusRecebido) -> str:
    """O que fica na caixa de entrada de uma situação de entrega (sem dados da pessoa)."""
    return json.dumps(
        {
            "id": status.wamid,
            "s": status.situacao,
            "t": status.quando.isoformat(),
            "e": status.erro,
            "r": list(status.destinatarios),
        }
    )


def status_guardado(corpo: str) -> StatusRecebido | None:
    try:
        dados = json.loads(corpo)
        quando = datetime.fromisoformat(dados["t"])
        destinatarios = tuple(str(r) for r in dados.get("r", []))
        return StatusRecebido(dados["id"], dados["s"], quando, dados.get("e", ""), destinatarios)
    except (ValueError, KeyError, TypeError):
        log.error("whatsapp: situação de entrega guardada ilegível")
        return None
