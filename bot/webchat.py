"""Chat web: a página da pré-inscrição on-line e a API que ela usa.

A página é leve (sem framework, sem nada de fora) para um celular simples no 2G. A API
traduz JSON ↔ Entrada/Saida e chama o mesmo Motor dos outros canais. A sessão é um token
aleatório criado aqui e guardado pelo navegador: recarregar a página continua a conversa
(a página abre com `retomar`, que repete a pergunta pendente com os botões que valem).

A sessão é também QUEM a pessoa é: o papel da equipe se liga a ela (`quem_escreve`). Por
isso "Começar de novo" não troca a sessão, só manda `cancelar` (ARQUITETURA §2: reiniciar
a conversa nunca muda a identidade).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import html
import json
import logging
import re
import secrets
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from aiohttp import web

from armazenamento.banco import transacao
from armazenamento.equipe import acesso_de
from fluxos.motor import Motor
from fluxos.regras.texto import LIMITE_TEXTO
from mensagens.catalogo import texto
from mensagens.tipos import Entrada, Saida, Tipo

log = logging.getLogger(__name__)

CANAL = "web"
PASTA_WEB = Path(__file__).parent / "web"
LIMITE_CORPO = 16 * 1024  # uma mensagem de chat cabe com muita folga
LIMITE_VALOR = 200
# "start" com texto é o convite da equipe (o chat.js manda o ?convite= da página);
# "entrar" com texto, o código curto do convite.
# "retomar": o que a página manda ao abrir com uma sessão guardada.
COMANDOS_WEB = frozenset({"start", "entrar", "menu", "ajuda", "cancelar", "voltar", "retomar"})
TIPOS_WEB = {"texto": Tipo.TEXTO, "botao": Tipo.BOTAO, "comando": Tipo.COMANDO}
_FORMATO_SESSAO = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32): 256 bits
_MARCA = re.compile(r"\{\{([a-z_.]+)\}\}")
_para_json = partial(json.dumps, ensure_ascii=False, separators=(",", ":"))

# Textos que o chat.js mostra sozinho (sem falar com o servidor).
_TEXTOS_JS = {
    "voce": "web.pagina.voce",
    "assistente": "web.pagina.assistente",
    "enviando": "web.estado.enviando",
    "sem_conexao": "web.estado.sem_conexao",
    "tentar": "web.estado.tentar",
    "baixar": "web.anexo.baixar",
    "titulo": "web.pagina.titulo",
    "subtitulo": "web.pagina.subtitulo",
    "titulo_equipe": "web.pagina.titulo_equipe",
    "subtitulo_equipe": "web.pagina.subtitulo_equipe",
}


def nova_sessao() -> str:
    """Token de sessão com 256 bits: adivinhar a conversa de outra pessoa é inviável."""
    return secrets.token_urlsafe(32)


def sessao_valida(token: object) -> bool:
    return isinstance(token, str) and _FORMATO_SESSAO.fullmatch(token) is not None


def apelido(token: str) -> str:
    """Identifica a sessão nos logs sem expor o token (que dá acesso à conversa)."""
    return hashlib.sha256(token.encode()).hexdigest()[:8]


def responder_erro(status: int, chave: str, codigo: str, **cabecalhos: str) -> web.Response:
    """Erro da API em JSON, com um texto do catálogo que a página mostra como está."""
    return web.json_response(
        {"erro": texto(chave), "codigo": codigo},
        status=status,
        dumps=_para_json,
        headers={"Cache-Control": "no-store", **cabecalhos},
    )


class Limitador:
    """Janela deslizante em memória: cada processo limita o que recebe.

    Não precisa ir para o banco: é só um freio contra abuso, não um estado da conversa.
    """

    def __init__(
        self, maximo: int, janela: float = 60.0, relogio: Callable[[], float] = time.monotonic
    ) -> None:
        self.maximo, self.janela, self.relogio = maximo, janela, relogio
        self._batidas: dict[str, deque[float]] = {}
        self._faxina = 10_000  # limpa quando passar disso; o limite cresce com o uso

    def permitir(self, chave: str) -> bool:
        agora = self.relogio()
        if len(self._batidas) > self._faxina:
            self._esquecer_antigos(agora)
            self._faxina = max(10_000, 2 * len(self._batidas))
        fila = self._batidas.setdefault(chave, deque())
        while fila and agora - fila[0] >= self.janela:
            fila.popleft()
        if len(fila) >= self.maximo:
            return False
        fila.append(agora)
        return True

    def _esquecer_antigos(self, agora: float) -> None:
        for chave in [c for c, f in self._batidas.items() if not f or agora - f[-1] >= self.janela]:
            del self._batidas[chave]


@dataclass(frozen=True, slots=True)
class _Arquivo:
    """Um arquivo da página já pronto para servir, também comprimido (2G agradece)."""

    corpo: bytes
    comprimido: bytes
    tipo: str
    etag: str

    @classmethod
    def de_bytes(cls, corpo: bytes, tipo: str) -> _Arquivo:
        etag = '"' + hashlib.sha256(corpo).hexdigest()[:16] + '"'
        return cls(corpo, gzip.compress(corpo, 9, mtime=0), tipo, etag)

    def responder(self, request: web.Request, cache: str) -> web.Response:
        cabecalhos = {"Cache-Control": cache, "ETag": self.etag, "Vary": "Accept-Encoding"}
        if request.headers.get("If-None-Match") == self.etag:
            return web.Response(status=304, headers=cabecalhos)
        corpo = self.corpo
        if "gzip" in request.headers.get("Accept-Encoding", ""):
            corpo, cabecalhos["Content-Encoding"] = self.comprimido, "gzip"
        charset = "utf-8" if self.tipo.startswith("text/") else None
        return web.Response(body=corpo, content_type=self.tipo, charset=charset, headers=cabecalhos)


def montar_pagina(modelo: str, extras: Mapping[str, str]) -> str:
    """Troca `{{web.chave}}` pelo texto do catálogo (escapado) e `{{nome}}` pelos extras."""

    def trocar(m: re.Match[str]) -> str:
        nome = m.group(1)
        return html.escape(texto(nome)) if nome.startswith("web.") else extras[nome]

    return _MARCA.sub(trocar, modelo)


def _json_na_pagina(dados: Mapping[str, str]) -> str:
    """JSON seguro dentro de <script type=application/json>: nada fecha a tag."""
    bruto = _para_json(dados)
    return bruto.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def ler_pedido(dados: Any) -> Entrada | str:
    """Valida o JSON do pedido. Devolve a Entrada (com chat_id vazio) ou o código do erro."""
    if not isinstance(dados, dict):
        return "formato"
    sessao = dados.get("sessao")
    if sessao is not None and not sessao_valida(sessao):
        return "sessao"
    tipo = TIPOS_WEB.get(str(dados.get("tipo")))
    campos = {c: dados.get(c, "") for c in ("texto", "valor", "comando")}
    if tipo is None or not all(isinstance(v, str) for v in campos.values()):
        return "formato"
    if len(campos["valor"]) > LIMITE_VALOR:
        return "formato"
    if tipo is Tipo.BOTAO and not campos["valor"]:
        return "formato"
    if tipo is Tipo.COMANDO and campos["comando"] not in COMANDOS_WEB:
        return "formato"
    return Entrada(canal=CANAL, chat_id="", tipo=tipo, **campos)


def saida_para_api(saida: Saida) -> dict[str, Any]:
    """A web mostra texto e botões; `pedir_contato` vira a caixa de texto de sempre.

    O anexo vai junto, em base64: a página oferece um link de baixar (sem outra rota, sem
    guardar o arquivo no servidor). O menu "/" (`comandos`) não existe aqui: os botões do
    menu já vêm na mensagem.
    """
    api: dict[str, Any] = {
        "texto": saida.texto,
        "botoes": [{"rotulo": b.rotulo, "valor": b.valor} for b in saida.botoes],
    }
    if saida.anexo is not None:
        api["anexo"] = {
            "nome": saida.anexo.nome,
            "tipo": saida.anexo.tipo,
            "dados": base64.b64encode(saida.anexo.dados).decode("ascii"),
        }
    return api


class ChatWeb:
    """Página e API do chat web, ligadas a um Motor."""

    def __init__(
        self,
        motor: Motor,
        limite_por_minuto: int = 30,
        sessoes_novas_por_minuto: int = 60,
        relogio: Callable[[], float] = time.monotonic,
    ) -> None:
        self.motor = motor
        self.por_sessao = Limitador(limite_por_minuto, relogio=relogio)
        self.por_endereco = Limitador(sessoes_novas_por_minuto, relogio=relogio)
        self.js = _Arquivo.de_bytes((PASTA_WEB / "chat.js").read_bytes(), "text/javascript")
        self.css = _Arquivo.de_bytes((PASTA_WEB / "chat.css").read_bytes(), "text/css")
        icone = (PASTA_WEB / "favicon.ico").read_bytes()
        self.icone = _Arquivo.de_bytes(icone, "image/x-icon")
        extras = {
            "icone": base64.b64encode(icone).decode("ascii"),  # na página: nenhum pedido a mais
            "versao_js": self.js.etag.strip('"'),
            "versao_css": self.css.etag.strip('"'),
            "limite": str(LIMITE_TEXTO),
            "textos": _json_na_pagina({k: texto(v) for k, v in _TEXTOS_JS.items()}),
        }
        modelo = (PASTA_WEB / "index.html").read_text(encoding="utf-8")
        self.pagina = _Arquivo.de_bytes(montar_pagina(modelo, extras).encode(), "text/html")

    def rotas(self) -> list[web.RouteDef]:
        return [
            web.get("/", self.servir_pagina),
            web.get("/static/chat.js", self.servir_js),
            web.get("/static/chat.css", self.servir_css),
            web.get("/favicon.ico", self.servir_icone),
            web.post("/api/conversa", self.conversar),
        ]

    async def servir_pagina(self, request: web.Request) -> web.Response:
        return self.pagina.responder(request, "no-cache")

    async def servir_js(self, request: web.Request) -> web.Response:
        return self.js.responder(request, "public, max-age=31536000, immutable")

    async def servir_css(self, request: web.Request) -> web.Response:
        return self.css.responder(request, "public, max-age=31536000, immutable")

    async def servir_icone(self, request: web.Request) -> web.Response:
        """Navegadores e leitores de link pedem /favicon.ico: um 404 a cada visita é ruído."""
        return self.icone.responder(request, "public, max-age=86400")

    async def eh_da_equipe(self, sessao: str) -> bool:
        """A página muda o título para a equipe; o papel pode ter mudado nesta mensagem."""
        async with transacao(self.motor.banco) as conexao:
            return (await acesso_de(conexao, CANAL, sessao)).equipe

    async def conversar(self, request: web.Request) -> web.Response:
        """Uma mensagem da página → as respostas do assistente, na mesma requisição."""
        if (request.content_length or 0) > LIMITE_CORPO:
            return responder_erro(413, "web.erro.grande", "grande")
        try:
            corpo = await request.clone(client_max_size=LIMITE_CORPO).read()
        except web.HTTPRequestEntityTooLarge:
            return responder_erro(413, "web.erro.grande", "grande")
        try:
            dados = json.loads(corpo)
        except (ValueError, UnicodeDecodeError):
            return responder_erro(400, "web.erro.formato", "formato")
        pedido = ler_pedido(dados)
        if isinstance(pedido, str):
            chave = "web.erro.sessao" if pedido == "sessao" else "web.erro.formato"
            return responder_erro(400, chave, pedido)
        sessao = dados.get("sessao")
        if sessao is None:
            if not self.por_endereco.permitir(request.remote or ""):
                return responder_erro(429, "web.erro.muitas", "muitas", **{"Retry-After": "60"})
            sessao = nova_sessao()
        if not self.por_sessao.permitir(sessao):
            return responder_erro(429, "web.erro.muitas", "muitas", **{"Retry-After": "60"})
        inicio = time.perf_counter()
        saidas = await self.motor.processar(replace(pedido, chat_id=sessao))
        log.info(
            "chat web: sessao=%s tipo=%s respostas=%d %.0fms",
            apelido(sessao), pedido.tipo.value, len(saidas),
            (time.perf_counter() - inicio) * 1000,
        )  # fmt: skip
        resposta = {
            "sessao": sessao,
            "equipe": await self.eh_da_equipe(sessao),
            "mensagens": [saida_para_api(s) for s in saidas],
        }
        return web.json_response(
            resposta,
            dumps=_para_json,
            headers={"Cache-Control": "no-store"},
        )
