"""Chat web: a página da pré-inscrição on-line e a API que ela usa.

A página é leve (sem framework, sem nada de fora) para um celular simples no 2G. A API
traduz JSON ↔ Entrada/Saida e chama o mesmo Motor dos outros canais. A sessão é um token
aleatório criado e assinado aqui (`bot/sessao_web.py`: um token que o servidor não emitiu
recebe o erro "sessao") e guardado pelo navegador: recarregar a página continua a conversa
(a página abre com `retomar`, que repete a pergunta pendente com os botões que valem).
Cada mensagem leva um `id` feito pela página: reenviada com o mesmo id ("Tentar de novo"
depois de uma resposta perdida), recebe a mesma resposta sem ser aplicada de novo.

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
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from aiohttp import web

from armazenamento.banco import transacao
from armazenamento.equipe import acesso_de
from bot.limitador import Limitador
from bot.sessao_web import SessoesWeb
from fluxos.motor import Motor
from fluxos.regras.texto import LIMITE_RECADO
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
_FORMATO_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")  # o id que a página dá a cada mensagem
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
    "imagem": "web.anexo.imagem",
    "titulo": "web.pagina.titulo",
    "subtitulo": "web.pagina.subtitulo",
    "titulo_equipe": "web.pagina.titulo_equipe",
    "subtitulo_equipe": "web.pagina.subtitulo_equipe",
}


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


def _e_texto(valor: object) -> bool:
    """Texto que dá para gravar e devolver: `"\\ud800"` (metade de um emoji) não dá."""
    if not isinstance(valor, str):
        return False
    try:
        valor.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def ler_pedido(dados: Any) -> Entrada | str:
    """Valida o JSON do pedido. Devolve a Entrada (com chat_id vazio e o id da mensagem em
    `id_externo`) ou o código do erro. A sessão é conferida depois (`SessoesWeb`)."""
    if not isinstance(dados, dict):
        return "formato"
    bruto = dados.get("tipo")  # nunca str() nem hash de um valor qualquer: pode ser aninhado
    tipo = TIPOS_WEB.get(bruto) if isinstance(bruto, str) else None
    campos = {c: dados.get(c, "") for c in ("texto", "valor", "comando")}
    if tipo is None or not all(_e_texto(v) for v in campos.values()):
        return "formato"
    id_mensagem = dados.get("id", "")
    if not _e_texto(id_mensagem) or (id_mensagem and not _FORMATO_ID.fullmatch(id_mensagem)):
        return "formato"
    if len(campos["valor"]) > LIMITE_VALOR:
        return "formato"
    if tipo is Tipo.BOTAO and not campos["valor"]:
        return "formato"
    if tipo is Tipo.COMANDO and campos["comando"] not in COMANDOS_WEB:
        return "formato"
    return Entrada(canal=CANAL, chat_id="", tipo=tipo, id_externo=id_mensagem, **campos)


def saida_para_api(saida: Saida) -> dict[str, Any]:
    """A web mostra texto e botões; `pedir_contato` vira a caixa de texto de sempre.

    O anexo vai junto, em base64: a página oferece um link de baixar (sem outra rota, sem
    guardar o arquivo no servidor) e mostra um PNG como imagem (data: URL). O menu "/"
    (`comandos`) não existe aqui: os botões do menu já vêm na mensagem. `substituir`: a
    página põe esta mensagem no lugar do balão do botão tocado (a chamada).
    """
    api: dict[str, Any] = {
        "texto": saida.texto,
        "botoes": [{"rotulo": b.rotulo, "valor": b.valor} for b in saida.botoes],
    }
    if saida.substituir:  # a página troca o balão do botão tocado por este
        api["substituir"] = True
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
        *,
        limite_equipe_por_minuto: int = 120,
        chave_sessao: str = "",
    ) -> None:
        self.motor = motor
        self.sessoes = SessoesWeb(motor.banco, chave_sessao)
        self.por_sessao = Limitador(limite_por_minuto, relogio=relogio)
        self.limite_equipe = max(limite_por_minuto, limite_equipe_por_minuto)
        self.por_endereco = Limitador(sessoes_novas_por_minuto, relogio=relogio)
        self.js = _Arquivo.de_bytes((PASTA_WEB / "chat.js").read_bytes(), "text/javascript")
        self.css = _Arquivo.de_bytes((PASTA_WEB / "chat.css").read_bytes(), "text/css")
        icone = (PASTA_WEB / "favicon.ico").read_bytes()
        self.icone = _Arquivo.de_bytes(icone, "image/x-icon")
        extras = {
            "icone": base64.b64encode(icone).decode("ascii"),  # na página: nenhum pedido a mais
            "versao_js": self.js.etag.strip('"'),
            "versao_css": self.css.etag.strip('"'),
            "limite": str(LIMITE_RECADO),  # o pedido de ajuda; a resposta curta, o motor
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

    async def pode_mandar(self, sessao: str) -> bool:
        """Até o limite do cidadão, sem ir ao banco; acima dele, só a equipe (que faz
        chamada e busca com muitas mensagens seguidas), até o limite dela."""
        if self.por_sessao.permitir(sessao):
            return True
        return await self.eh_da_equipe(sessao) and self.por_sessao.permitir(
            sessao, self.limite_equipe
        )

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
        except (ValueError, RecursionError):  # RecursionError: 16 KB de "[" aninhados
            return responder_erro(400, "web.erro.formato", "formato")
        pedido = ler_pedido(dados)
        if isinstance(pedido, str):
            return responder_erro(400, "web.erro.formato", pedido)
        sessao = dados.get("sessao")
        if sessao is None:
            # o endereço já vem do X-Forwarded-For quando a conexão é de um proxy confiável
            if not self.por_endereco.permitir(request.remote or ""):
                return responder_erro(429, "web.erro.muitas", "muitas", **{"Retry-After": "60"})
            sessao = await self.sessoes.emitir()
        elif not await self.sessoes.valida(sessao):
            return responder_erro(400, "web.erro.sessao", "sessao")
        if not await self.pode_mandar(sessao):
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
