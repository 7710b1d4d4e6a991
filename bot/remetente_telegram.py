"""Remetente da fila de saída (outbox) para o Telegram: uma linha = uma mensagem.

O despachante reivindica as linhas vencidas e chama `RemetenteTelegram.enviar` para cada
uma; o resultado diz o que fazer com a linha. Nenhuma exceção do PTB escapa: todas viram
um `Resultado`.

Mapa das exceções do PTB 22 (a ordem importa: BadRequest e TimedOut são NetworkError):

| o que a API/rede fez                          | exceção do PTB               | resultado        |
|-----------------------------------------------|------------------------------|------------------|
| 200 ok                                        | -                            | Enviada          |
| 429 com parameters.retry_after                | RetryAfter                   | Repetir(N, ...)  |
| 403 (bloqueou o bot, conta apagada...)        | Forbidden                    | Inalcancavel     |
| 400 "chat not found", "user not found",       | BadRequest                   | Inalcancavel     |
|   "PEER_ID_INVALID"                           |                              |                  |
| 400 grupo virou supergrupo                    | ChatMigrated                 | Inalcancavel     |
| 400 outro (pedido malformado)                 | BadRequest                   | Falhou           |
| tempo esgotado ao conectar / na fila do pool  | TimedOut <- ConnectTimeout,  | Repetir(0)       |
|                                               |   PoolTimeout (aiohttp:      |                  |
|                                               |   ConnectionTimeoutError)    |                  |
| tempo esgotado ao escrever o pedido           | TimedOut <- WriteTimeout     | Repetir(0)       |
| tempo esgotado esperando a resposta           | TimedOut <- ReadTimeout      | Incerta          |
|                                               |   (aiohttp: SocketTimeout)   |                  |
| TimedOut sem causa conhecida                  | TimedOut                     | Incerta          |
| 401/404 (token recusado)                      | InvalidToken/EndPointNotFound| Repetir(0)       |
| 5xx (500, 502 "Bad Gateway", 503, 504...)     | NetworkError                 | Repetir(0)       |
| conexão recusada / resetada / fechada         | NetworkError <- httpx.*Error | Repetir(0)       |
|                                               |   ou aiohttp.Client*Error    |                  |
| outro erro do Telegram (409...)               | TelegramError                | Falhou           |
| texto vazio (sem anexo) ou > 4096, botão      | (validado antes de enviar)   | Falhou           |
|   inválido, anexo > 50 MB                     |                              |                  |

Decisões:

- O transporte dos processos é o `bot.pedido_aiohttp` (mais leve); o `HTTPXRequest` padrão
  do PTB também serve, e os testes passam pelos dois. O mapa acima vale para ambos.

- `Repetir.depois_de` > 0 é uma ordem do Telegram (429): esperar exatamente isso, sem
  somar recuo próprio. `depois_de == 0` quer dizer "erro passageiro, sem prazo dado": o
  despachante escolhe o recuo (exponencial pelas tentativas, com jitter).
- Tempo esgotado: o PTB embrulha toda `httpx.TimeoutException` num `TimedOut`, mas guarda a
  original em `__cause__` (`raise TimedOut from err`). Olhamos a causa: ConnectTimeout e
  PoolTimeout acontecem antes de o pedido sair (o próprio PTB diz "Request was *not* sent"
  no PoolTimeout); WriteTimeout quer dizer que o corpo não terminou de ser escrito, e um
  servidor HTTP não age sobre um pedido incompleto. Esses três repetem sem risco. O
  ReadTimeout acontece depois que o pedido inteiro saiu: o Telegram pode ter entregado a
  mensagem e só a resposta se perdeu. Reenviar às cegas duplicaria, então vira `Incerta`.
  Sem causa reconhecível (outro BaseRequest), também `Incerta`: na dúvida, não duplicar.
- Erro de conexão (recusada, resetada, "Server disconnected without sending a response")
  repete, como pede o issue. Atenção: um reset depois de o pedido sair é tão ambíguo quanto
  um ReadTimeout; o `motivo` traz a classe do httpx (ex.: "httpx.RemoteProtocolError") para
  o despachante poder contar esses casos à parte.
- Token recusado (401/404) é erro de configuração, não da linha: repete (com recuo) para a
  fila não virar `failed` inteira de uma vez; depois de N tentativas a linha falha do mesmo
  jeito.
- `motivo` nunca leva o texto nem dados da pessoa: só a classe da exceção e a descrição da
  API (que não ecoa o pedido), com o token do bot apagado e no máximo 200 caracteres.
- Anexo: sendDocument (multipart; um PNG vai por sendPhoto), com o texto de legenda; o
  mapa de erros é o mesmo.
  Texto maior que a legenda (1024) sai antes, por sendMessage, e o documento vai sem
  legenda: se o texto sai e o documento falha de um jeito que se repete, a linha é
  repetida inteira e o texto pode chegar duas vezes (melhor que o documento nunca chegar).
- `comandos` (menu "/" da conversa): trocado depois que a mensagem saiu; uma falha nessa
  troca fica no registro e não muda o resultado da linha (a mensagem não é repetida).
- Sem botões e sem pedido de contato, nenhum `reply_markup` vai junto: um lembrete não
  deve apagar o teclado de contato de uma conversa em andamento (o `montar_teclado` manda
  ReplyKeyboardRemove nesse caso, o que serve à resposta imediata, não à fila).
"""

from __future__ import annotations

import warnings
from datetime import timedelta
from typing import Any

import aiohttp
import httpx
from telegram import Bot
from telegram.error import (
    BadRequest,
    ChatMigrated,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.warnings import PTBDeprecationWarning

from bot.resultado_envio import Enviada, Falhou, Inalcancavel, Incerta, Repetir, Resultado
from bot.telegram_saida import LIMITE_ANEXO, LIMITE_TEXTO, enviar_anexo, montar_teclado, trocar_menu
from mensagens.tipos import Saida

LIMITE_MOTIVO = 200
# Tempos esgotados antes de o pedido sair, nos dois transportes (HTTPXRequest do PTB e
# `bot.pedido_aiohttp`): repetir não duplica.
NAO_SAIU = (
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.WriteTimeout,
    aiohttp.ConnectionTimeoutError,
)
# Descrições de 400 que querem dizer "esse chat não existe para o bot" (não adianta repetir).
CHAT_INEXISTENTE = ("chat not found", "user not found", "peer_id_invalid")


class RemetenteTelegram:
    """Envia uma Saida da fila como uma única mensagem e classifica o resultado.

    Usa `do_api_request` como `telegram_saida._enviar` (sem montar o objeto Message; o
    aviso do PTB sobre isso já é silenciado lá). Envios em paralelo além das conexões do
    transporte esperam vaga no pool; se o `pool_timeout` estourar, o pedido não saiu e vira
    `Repetir`.
    """

    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    async def enviar(self, chat_id: str, saida: Saida) -> Resultado:
        if not saida.texto.strip() and saida.anexo is None:
            return Falhou("texto vazio")
        if len(saida.texto) > LIMITE_TEXTO:
            return Falhou("texto longo demais")
        if saida.anexo is not None and len(saida.anexo.dados) > LIMITE_ANEXO:
            return Falhou("anexo grande demais: o Telegram aceita ate 50 MB")
        parametros: dict[str, Any] = {"chat_id": chat_id, "text": saida.texto}
        if saida.botoes or saida.pedir_contato:
            try:
                parametros["reply_markup"] = montar_teclado(saida)
            except ValueError:
                return Falhou("botao invalido: callback_data precisa de 1 a 64 bytes")
        try:
            if saida.anexo is None:
                resposta = await self._bot.do_api_request("sendMessage", api_kwargs=parametros)
                id_provedor = _id_da_mensagem(resposta)
            else:
                teclado = parametros.get("reply_markup")
                id_provedor = str(await enviar_anexo(self._bot, chat_id, saida, teclado))
        except TelegramError as erro:
            return self._classificar(erro)
        if saida.comandos is not None:
            await trocar_menu(self._bot, chat_id, saida.comandos)
        return Enviada(id_provedor)

    def _classificar(self, erro: TelegramError) -> Resultado:
        motivo = self._motivo(erro)
        if isinstance(erro, RetryAfter):
            return Repetir(segundos_de_espera(erro), motivo)
        if isinstance(erro, Forbidden | ChatMigrated):
            return Inalcancavel(motivo)
        if isinstance(erro, BadRequest):
            descricao = erro.message.lower()
            if any(trecho in descricao for trecho in CHAT_INEXISTENTE):
                return Inalcancavel(motivo)
            return Falhou(motivo)
        if isinstance(erro, TimedOut):
            return Incerta(motivo) if saiu_antes_do_tempo(erro) else Repetir(0.0, motivo)
        if isinstance(erro, NetworkError | InvalidToken | EndPointNotFound):
            return Repetir(0.0, motivo)
        return Falhou(motivo)

    def _motivo(self, erro: TelegramError) -> str:
        """Classe + descrição da API (+ classe da causa no transporte), sem token, até 200
        chars."""
        texto = f"{type(erro).__name__}: {erro.message}"
        causa = erro.__cause__
        for biblioteca, base in (("httpx", httpx.HTTPError), ("aiohttp", aiohttp.ClientError)):
            if isinstance(causa, base) and f"{biblioteca}." not in texto:
                texto += f" ({biblioteca}.{type(causa).__name__})"
        token = self._bot.token
        if token:
            texto = texto.replace(token, "<token>")
        return texto[:LIMITE_MOTIVO]


def segundos_de_espera(erro: RetryAfter) -> float:
    """retry_after como float: o PTB 22 dá int ou timedelta (conforme PTB_TIMEDELTA)."""
    with warnings.catch_warnings():  # o aviso de "vai virar timedelta" não interessa aqui
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        valor: object = erro.retry_after
    if isinstance(valor, timedelta):
        return valor.total_seconds()
    if isinstance(valor, int | float):
        return float(valor)
    raise TypeError(f"retry_after de tipo inesperado: {type(valor).__name__}")


def saiu_antes_do_tempo(erro: TimedOut) -> bool:
    """True se o tempo esgotou depois de o pedido inteiro sair (ou não dá para saber)."""
    return not isinstance(erro.__cause__, NAO_SAIU)


def _id_da_mensagem(resposta: object) -> str:
    """message_id do resultado; ok sem message_id (improvável) ainda é "enviada", sem id."""
    if isinstance(resposta, dict):
        return str(resposta.get("message_id", ""))
    return ""
