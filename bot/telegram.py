"""Canal Telegram: a Application do python-telegram-bot só como transporte.

Sem ConversationHandler e sem persistência do PTB: o estado da conversa mora no banco,
pelo Motor. Um único TypeHandler traduz cada Update numa Entrada, pede as Saidas ao
Motor e as envia. Logs nunca levam texto, nome, telefone ou CPF: só o id do update e o
tipo do erro.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
import traceback
import weakref
from collections.abc import Awaitable, Callable, Coroutine
from datetime import datetime
from pathlib import Path

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import BotCommand, CallbackQuery, Chat, Update
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler
from telegram.request import BaseRequest

from armazenamento import caixa_entrada, tempo
from armazenamento.banco import transacao
from armazenamento.disponibilidade import disponibilidade
from bot.pedido_aiohttp import PedidoAiohttp
from bot.telegram_entrada import converter_update
from bot.telegram_saida import enviar_saidas
from fluxos.motor import Motor
from mensagens.catalogo import texto
from mensagens.tipos import Saida

log = logging.getLogger(__name__)

CABECALHO_SEGREDO = "X-Telegram-Bot-Api-Secret-Token"
# Só o que o bot atende: mensagem editada nem chega (menos tráfego, nada a ignorar).
ATUALIZACOES = [Update.MESSAGE, Update.CALLBACK_QUERY]
_SEGREDO_VALIDO = re.compile(r"[A-Za-z0-9_-]{1,256}")  # regra da Bot API para secret_token

Contexto = ContextTypes.DEFAULT_TYPE
Rota = Callable[[web.Request], Awaitable[web.Response]]


def normalizar_base_url(base_url: str) -> tuple[str, str]:
    """TELEGRAM_BASE_URL -> (base_url, base_file_url) no formato do PTB.

    O PTB espera algo como "https://api.telegram.org/bot" e acrescenta o token. Aceita
    também só o servidor ("http://localhost:8081", um Bot API próprio ou um falso):
    aí acrescenta "/bot". Um valor com "{token}" é usado como está.
    """
    url = base_url.strip().rstrip("/")
    if "{token}" in url:
        return url, url.replace("/bot{token}", "/file/bot{token}", 1)
    raiz = url.removesuffix("/bot")
    return f"{raiz}/bot", f"{raiz}/file/bot"


# Os transportes que `criar_aplicacao` criou, para `parar` fechá-los mesmo quando a
# Application não chegou a inicializar.
_PEDIDOS: weakref.WeakKeyDictionary[Application, tuple[PedidoAiohttp, ...]] = (
    weakref.WeakKeyDictionary()
)


def criar_aplicacao(
    token: str,
    motor: Motor,
    base_url: str | None = None,
    request: BaseRequest | None = None,
    polling: bool = False,
) -> Application:
    """Monta a Application. Sem `polling`, não há Updater: os updates chegam pelo webhook.

    `request` (um falso nos testes) serve também para getUpdates. Sem ele, o transporte é o
    `PedidoAiohttp` (mais leve que o httpx padrão do PTB), um para as respostas e outro
    para o getUpdates, que fica preso na espera longa.
    """
    construtor = ApplicationBuilder().token(token).job_queue(None)
    if base_url:
        url, url_arquivos = normalizar_base_url(base_url)
        construtor = construtor.base_url(url).base_file_url(url_arquivos)
    if request is not None:
        construtor = construtor.request(request).get_updates_request(request)
    else:
        proprios = (PedidoAiohttp(conexoes=64), PedidoAiohttp(conexoes=1))
        construtor = construtor.request(proprios[0]).get_updates_request(proprios[1])
    if not polling:
        construtor = construtor.updater(None)
    aplicacao = construtor.build()
    if request is None:
        _PEDIDOS[aplicacao] = proprios
    aplicacao.add_handler(TypeHandler(Update, _atendente(motor)))
    aplicacao.add_error_handler(_registrar_erro)
    return aplicacao


def _atendente(motor: Motor) -> Callable[[Update, Contexto], Coroutine[None, None, None]]:
    async def atender(update: Update, contexto: Contexto) -> None:
        consulta = update.callback_query
        if consulta is not None:
            await _parar_relogio(consulta, update.update_id)
        entrada = converter_update(update)
        if entrada is None:
            return
        try:
            saidas = await motor.processar(entrada)
        except Exception as erro:
            log.warning(
                "motor falhou no update %s: %s em %s",
                update.update_id,
                type(erro).__name__,
                _onde(erro),
            )
            saidas = [Saida(texto("telegram.erro"))]
        await enviar_saidas(contexto.bot, entrada.chat_id, saidas, entrada.mensagem_id)

    return atender


async def _parar_relogio(consulta: CallbackQuery, update_id: int) -> None:
    """Sem answerCallbackQuery o botão fica girando no celular da pessoa."""
    try:
        await consulta.answer()
    except TelegramError as erro:  # consulta velha demais, por exemplo: segue assim mesmo
        log.info("answerCallbackQuery falhou no update %s: %s", update_id, type(erro).__name__)


def _onde(erro: BaseException) -> str:
    """Arquivo e linha onde o erro nasceu: ajuda a depurar sem pôr dados no log."""
    quadros = traceback.extract_tb(erro.__traceback__)
    return f"{Path(quadros[-1].filename).name}:{quadros[-1].lineno}" if quadros else "?"


async def _registrar_erro(update: object, contexto: Contexto) -> None:
    """Erro no envio (429, 403, 5xx) ou no código: registra e não derruba a Application."""
    erro = contexto.error
    update_id = update.update_id if isinstance(update, Update) else None
    if isinstance(erro, TelegramError):  # descrição da API, sem dados da pessoa (429: a espera)
        log.warning("telegram recusou no update %s: %s (%s)", update_id, type(erro).__name__, erro)
        return
    tipo = type(erro).__name__ if erro else "?"
    log.error("erro no update %s: %s em %s", update_id, tipo, _onde(erro) if erro else "?")
    chat = update.effective_chat if isinstance(update, Update) else None
    if chat is not None and chat.type == Chat.PRIVATE:
        try:
            await contexto.bot.send_message(chat_id=chat.id, text=texto("telegram.erro"))
        except TelegramError:
            log.info("nem o aviso de erro saiu no update %s", update_id)


def _validar_segredo(segredo: str) -> None:
    if not _SEGREDO_VALIDO.fullmatch(segredo):
        raise ValueError("o segredo do webhook precisa de 1 a 256 caracteres A-Z a-z 0-9 _ -")


CANAL = "telegram"
LOTE_RECUPERACAO = 100


def _extrair(bruto: bytes, aplicacao: Application) -> tuple[Update, str]:
    """Corpo do webhook -> (Update, corpo em texto); ValueError/TypeError se não é update."""
    dados = json.loads(bruto)
    if not isinstance(dados, dict):
        raise ValueError("o corpo não é um objeto JSON")
    update_id = dados.get("update_id")
    if not isinstance(update_id, int) or isinstance(update_id, bool):
        raise ValueError("sem update_id inteiro")
    return Update.de_json(dados, aplicacao.bot), bruto.decode("utf-8")


async def _processar(aplicacao: Application, banco: AsyncEngine, update: Update) -> bool:
    """Processa um update já guardado e o marca processado. Falso se o processamento falhou
    (a linha fica pendente; o log leva só o id do update e o tipo do erro)."""
    try:
        await aplicacao.process_update(update)
    except Exception as erro:
        log.error("update %s falhou: %s em %s", update.update_id, type(erro).__name__, _onde(erro))
        return False
    try:
        async with transacao(banco) as conexao:
            await caixa_entrada.marcar_processada(
                conexao, CANAL, str(update.update_id), tempo.agora()
            )
    except Exception as erro:  # já respondeu: na recuperação pode repetir (pelo menos uma vez)
        log.error("update %s sem marca de processado: %s", update.update_id, type(erro).__name__)
    return True


def rota_webhook(aplicacao: Application, segredo: str, banco: AsyncEngine) -> Rota:
    """Handler aiohttp para POST /telegram/webhook.

    403 sem o segredo certo; 400 para corpo que não é um update (nunca 500, senão o
    Telegram repete para sempre). O corpo cru é gravado na caixa de entrada (transação
    curta, própria) antes de tudo: um update repetido (reentrega, mesmo simultânea: só um
    INSERT vence) recebe 200 na hora, sem processar. Um novo é processado, marcado e só
    então recebe 200 — também se o processamento falhar: a linha fica pendente para
    `reprocessar_pendentes`. Sem conseguir gravar, 503: o Telegram entrega de novo depois.
    """
    _validar_segredo(segredo)
    esperado = segredo.encode()

    async def receber(request: web.Request) -> web.Response:
        # o aiohttp guarda bytes que não são UTF-8 como "surrogates": voltam a ser bytes
        # (que não conferem: 403), em vez de um UnicodeEncodeError (500) antes do portão
        recebido = request.headers.get(CABECALHO_SEGREDO, "").encode("utf-8", "surrogateescape")
        if not hmac.compare_digest(recebido, esperado):
            return web.Response(status=403)
        try:
            update, corpo = _extrair(await request.read(), aplicacao)
        except Exception as erro:
            log.info("webhook recusou um corpo: %s", type(erro).__name__)
            return web.Response(status=400)
        try:
            async with transacao(banco) as conexao:
                novo = await caixa_entrada.guardar(
                    conexao, CANAL, str(update.update_id), corpo, tempo.agora()
                )
        except Exception as erro:  # o erro do banco traz os parâmetros (o corpo): só o tipo
            if not disponibilidade(banco).registrar(erro):  # banco fora: uma linha por queda
                log.error("update %s não foi gravado: %s", update.update_id, type(erro).__name__)
            return web.Response(status=503, headers={"Retry-After": "5"})
        if not novo:
            log.info("update %s repetido: ignorado", update.update_id)
            return web.Response(status=200)
        await _processar(aplicacao, banco, update)
        return web.Response(status=200)

    return receber


async def reprocessar_pendentes(
    aplicacao: Application, banco: AsyncEngine, antes_de: datetime, lote: int = LOTE_RECUPERACAO
) -> int:
    """Processa os updates gravados e não processados recebidos antes de `antes_de` (ex.:
    uma queda entre gravar e processar). Devolve quantos processou.

    Seguro em vários processos: cada linha é reservada por um UPDATE antes (só um
    consegue). Quem falha de novo aqui é marcado assim mesmo, com log: um update que
    sempre quebra não volta a cada minuto para sempre.
    """
    feitos = 0
    vistos: set[str] = set()
    while True:
        async with transacao(banco) as conexao:
            linhas = await caixa_entrada.pendentes(conexao, CANAL, lote, antes_de)
        novos = [(id_externo, corpo) for id_externo, corpo in linhas if id_externo not in vistos]
        for id_externo, corpo in novos:
            vistos.add(id_externo)
            async with transacao(banco) as conexao:
                meu = await caixa_entrada.reservar(
                    conexao, CANAL, id_externo, antes_de, tempo.agora()
                )
            if not meu:
                continue  # outro processo pegou
            try:
                update, _ = _extrair(corpo.encode("utf-8"), aplicacao)
            except Exception as erro:
                log.error("update %s guardado ilegível: %s", id_externo, type(erro).__name__)
            else:
                if await _processar(aplicacao, banco, update):
                    feitos += 1
                    continue
            async with transacao(banco) as conexao:  # desiste, com o log acima
                await caixa_entrada.marcar_processada(conexao, CANAL, id_externo, tempo.agora())
        if not novos or len(linhas) < lote:
            return feitos


COMANDOS_DO_CIDADAO = ("start", "status", "frequencia", "vincular", "ajuda", "voltar", "cancelar")


async def publicar_comandos(aplicacao: Application) -> None:
    """O menu "/" padrão do bot, o do cidadão. A equipe ganha um menu só da sua conversa
    (escopo do chat) quando entra, e o perde ao ser revogada (`telegram_saida.trocar_menu`)."""
    comandos = [BotCommand(c, texto(f"telegram.comando.{c}")) for c in COMANDOS_DO_CIDADAO]
    await aplicacao.bot.set_my_commands(comandos)


async def configurar_webhook(aplicacao: Application, url: str, segredo: str) -> None:
    """Inicializa (basta isso para process_update) e registra o webhook com o segredo."""
    _validar_segredo(segredo)
    await aplicacao.initialize()
    await aplicacao.bot.set_webhook(url=url, secret_token=segredo, allowed_updates=ATUALIZACOES)
    await publicar_comandos(aplicacao)


async def iniciar_polling(aplicacao: Application) -> None:
    """Para desenvolvimento: busca os updates (o PTB apaga um webhook antigo antes)."""
    if aplicacao.updater is None:
        raise RuntimeError("crie a aplicacao com polling=True para usar polling")
    await aplicacao.initialize()
    await publicar_comandos(aplicacao)
    await aplicacao.start()
    await aplicacao.updater.start_polling(allowed_updates=ATUALIZACOES)


async def parar(aplicacao: Application) -> None:
    """Para na ordem certa o que estiver rodando; pode ser chamada mais de uma vez."""
    if aplicacao.updater is not None and aplicacao.updater.running:
        await aplicacao.updater.stop()
    if aplicacao.running:
        await aplicacao.stop()
    await aplicacao.shutdown()
    # Se a partida falhou no getMe (token recusado), o PTB não chega a fechar os
    # transportes que abriu; fechar de novo um já fechado não faz nada.
    for pedido in _PEDIDOS.pop(aplicacao, ()):
        await pedido.shutdown()
