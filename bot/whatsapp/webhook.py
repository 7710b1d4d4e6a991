"""O webhook da Cloud API em /whatsapp/webhook, no nosso servidor aiohttp.

GET: a verificação da Meta ao registrar o webhook — devolve `hub.challenge` só com
`hub.mode=subscribe` e o token de verificação certo (comparação em tempo constante);
senão, 403.

POST: só com `X-Hub-Signature-256: sha256=<hex>` igual ao HMAC-SHA256 dos BYTES crus do
corpo com o segredo do app (nunca do JSON relido: a Meta escapa acentos e emojis, e
reescrever o JSON muda os bytes). Sem isso, 401 e nada gravado. Aceito, tudo vai para o
banco numa transação só, antes do 200: cada mensagem na caixa de entrada (única por
wamid: reentrega não processa de novo), a janela de 24 h de quem escreveu, e cada
situação de entrega (aplicada ao envio; se o envio ainda não foi gravado, fica pendente
para a recuperação). Depois do 200, as mensagens novas seguem em tarefa de fundo
(`processamento`). Corpo que não é webhook (ou JSON aninhado demais): 200 (a Meta
repetiria para sempre) e nada feito. Banco fora: 503, e a Meta entrega de novo depois.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections import defaultdict
from datetime import datetime

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncConnection

from armazenamento import caixa_entrada, janelas, tempo
from armazenamento.banco import transacao
from armazenamento.disponibilidade import disponibilidade
from bot.whatsapp.entrada import CANAL
from bot.whatsapp.identidade import identificar
from bot.whatsapp.lote import Lote, MensagemRecebida, PayloadInvalido, ler_lote
from bot.whatsapp.processamento import ProcessadorWhatsApp, corpo_do_status
from bot.whatsapp.situacoes import aplicar_status

log = logging.getLogger(__name__)

CAMINHO = "/whatsapp/webhook"
CABECALHO = "X-Hub-Signature-256"
TAMANHO_MAXIMO = 1024 * 1024  # a Meta manda lotes; 64 KB de texto com emojis escapados cabem


def assinar(segredo: str, corpo: bytes) -> str:
    """O valor do X-Hub-Signature-256 que a Meta manda para este corpo."""
    return "sha256=" + hmac.new(segredo.encode(), corpo, hashlib.sha256).hexdigest()


def assinatura_confere(segredo: str, cabecalho: str, corpo: bytes) -> bool:
    """Compara em tempo constante. O aiohttp guarda bytes que não são UTF-8 num cabeçalho
    como "surrogates": voltam a ser bytes (que não conferem) em vez de um erro 500."""
    recebido = cabecalho.strip().encode("utf-8", "surrogateescape")
    return hmac.compare_digest(recebido, assinar(segredo, corpo).encode())


class WebhookWhatsApp:
    def __init__(
        self, processador: ProcessadorWhatsApp, segredo_app: str, token_verificacao: str
    ) -> None:
        if not segredo_app or not token_verificacao:
            raise ValueError("o webhook do WhatsApp precisa do segredo do app e do token")
        self.processador = processador
        self.banco = processador.banco
        self._segredo = segredo_app
        self._token = token_verificacao.encode()

    def __repr__(self) -> str:  # os segredos nunca aparecem
        return "WebhookWhatsApp()"

    def rotas(self) -> list[web.RouteDef]:
        return [web.get(CAMINHO, self.verificar), web.post(CAMINHO, self.receber)]

    async def verificar(self, request: web.Request) -> web.Response:
        consulta = request.query
        token = consulta.get("hub.verify_token", "").encode("utf-8", "surrogateescape")
        desafio = consulta.get("hub.challenge", "")
        certo = hmac.compare_digest(token, self._token)
        if consulta.get("hub.mode") != "subscribe" or not certo or not desafio:
            log.info("whatsapp: verificação do webhook recusada")
            return web.Response(status=403)
        return web.Response(text=desafio, content_type="text/plain")

    async def receber(self, request: web.Request) -> web.Response:
        if (request.content_length or 0) > TAMANHO_MAXIMO:
            return web.Response(status=413)
        corpo = await request.clone(client_max_size=TAMANHO_MAXIMO).read()  # 413 se passar
        if not assinatura_confere(self._segredo, request.headers.get(CABECALHO, ""), corpo):
            log.info("whatsapp: POST sem assinatura válida recusado")
            return web.Response(status=401)
        try:
            lote = ler_lote(corpo)
        except (PayloadInvalido, RecursionError) as erro:
            motivo = erro if isinstance(erro, PayloadInvalido) else "JSON aninhado demais"
            log.warning("whatsapp: corpo assinado que não é webhook: %s", motivo)
            return web.Response(status=200)
        if lote.descartados:
            log.warning("whatsapp: %d itens malformados deixados de lado", lote.descartados)
        try:
            async with transacao(self.banco) as conexao:
                novas = await guardar_lote(conexao, lote, tempo.agora())
        except Exception as erro:  # o erro do banco traz os parâmetros (o corpo): só o tipo
            if not disponibilidade(self.banco).registrar(erro):
                log.error("whatsapp: lote não foi gravado: %s", type(erro).__name__)
            return web.Response(status=503, headers={"Retry-After": "5"})
        por_conversa: defaultdict[str, list[tuple[str, str]]] = defaultdict(list)
        for mensagem in novas:
            por_conversa[mensagem.chat_id].append((mensagem.id_externo, mensagem.corpo))
        for chat_id, linhas in por_conversa.items():
            self.processador.agendar(chat_id, linhas)
        repetidas = len(lote.mensagens) - len(novas)
        if repetidas:
            log.info("whatsapp: %d mensagens repetidas ignoradas", repetidas)
        return web.Response(status=200)


async def guardar_lote(
    conexao: AsyncConnection, lote: Lote, agora: datetime
) -> list[MensagemRecebida]:
    """Grava o lote (sem commit) e devolve as mensagens novas. Uma situação de entrega cujo
    envio já está gravado é aplicada e marcada; as outras ficam pendentes."""
    novas: list[MensagemRecebida] = []
    for recebida in lote.mensagens:
        mensagem = await identificar(conexao, recebida, agora)  # o id canônico da pessoa
        if await caixa_entrada.guardar(conexao, CANAL, mensagem.id_externo, mensagem.corpo, agora):
            novas.append(mensagem)
        if mensagem.abre_janela:
            quando = min(mensagem.quando or agora, agora)
            await janelas.registrar_entrada(conexao, CANAL, mensagem.chat_id, quando)
    for status in lote.statuses:
        if not await caixa_entrada.guardar(
            conexao, CANAL, status.id_externo, corpo_do_status(status), agora
        ):
            continue  # a mesma situação de novo
        if await aplicar_status(conexao, status, agora):
            await caixa_entrada.marcar_processada(conexao, CANAL, status.id_externo, agora)
    return novas
