"""As conversas da equipe (e as que passam pela fila) em cada canal de verdade: o Telegram
(Application do PTB + Bot API falsa) ou o WhatsApp (webhook assinado do nosso app +
Graph API falsa), com o mesmo motor sobre o banco do teste.

    async with abrir_canal(nome_canal, motor, relogio) as canal:
        tecnica = canal.pessoa(TECNICA)          # PessoaTelegram ou PessoaWhatsApp
        despachante = canal.despachante(relogio)  # a fila do canal (no WhatsApp, a da janela)

`nome_canal` é a fixture parametrizada pelos dois canais. As diferenças que a pessoa nota
(o WhatsApp não edita mensagem, não tem menu "/", lista longa chega escrita) ficam nas
classes de pessoa, não nos testes.

No WhatsApp, a janela de 24 h conta do que a pessoa escreveu: o webhook carimba com o
relógio de verdade, e o teste vive no relógio dele (janeiro de 2027). Por isso a pessoa do
palco também registra a janela no relógio do teste ao escrever: quem escreveu "agora" no
teste recebe mensagem livre; quem não escreveu há 24 h recebe o modelo aprovado.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram.ext import Application

from armazenamento import janelas
from armazenamento.banco import transacao
from bot.config_modelos import ConfigFila
from bot.despachante import Despachante
from bot.limite_envio import LimiteDeEnvio
from bot.remetente_telegram import RemetenteTelegram
from bot.telegram import criar_aplicacao, parar
from bot.whatsapp.fila import RemetenteFilaWhatsApp
from bot.whatsapp.graph import ClienteGraph, ConfigGraph
from fluxos.motor import Motor
from mensagens.catalogo import existe, texto
from tests.bot.canal_whatsapp import CanalDeTeste, canal_whatsapp
from tests.bot.pessoa_telegram import PessoaTelegram
from tests.bot.pessoa_whatsapp import PessoaWhatsApp, Recebida
from tests.falsos.bot_api import FakeBotApi
from tests.falsos.graph_api import GraphApiFalsa

CANAIS = ("telegram", "whatsapp")
TOKEN = "123456:PALCO"
Json = dict[str, Any]
Relogio = Callable[[], datetime]


@pytest.fixture(params=CANAIS)
def nome_canal(request: pytest.FixtureRequest) -> str:
    """Cada conversa roda no Telegram e no WhatsApp (issue 11)."""
    return str(request.param)


async def _sem_espera(_segundos: float) -> None:
    return None


ESPACO_PESSOA = 6.0  # segundos entre mensagens à mesma pessoa no WhatsApp (erro 131056)


async def entregar(despachante: Despachante, relogio: Any) -> int:
    """Um tique da fila, alguns segundos depois do anterior: no WhatsApp, a segunda
    mensagem à mesma pessoa espera `ESPACO_PESSOA` (a pessoa a recebe segundos depois)."""
    relogio.andar(seconds=ESPACO_PESSOA)
    return await despachante.esvaziar()


@dataclass(frozen=True)
class Documento:
    """Um arquivo que chegou à pessoa: a legenda (vazia se o texto veio em mensagem à
    parte), o nome e os bytes."""

    legenda: str
    nome: str
    dados: bytes = field(repr=False)


class Pessoa(Protocol):
    """O que as duas pessoas de teste têm em comum (ver `PessoaTelegram`)."""

    async def diz(self, texto: str) -> None: ...
    async def comando(self, texto: str) -> None: ...
    async def toca(self, rotulo: str, em: Any = None) -> None: ...
    async def toca_dado(self, dado: str, message_id: Any) -> None: ...

    @property
    def recebidas(self) -> list[Any]: ...
    @property
    def ultima(self) -> Any: ...
    @property
    def ultima_com_botoes(self) -> Any: ...
    @property
    def edicoes(self) -> int: ...


@dataclass
class PessoaWhatsAppNoPalco(PessoaWhatsApp):
    """A pessoa do WhatsApp que, ao escrever, abre a janela de 24 h no relógio do teste.
    Um modelo (template) recebido aparece como a pessoa o lê: o texto aprovado com os
    parâmetros e os botões de resposta rápida (o id do botão leva o `Botao.valor`)."""

    banco: AsyncEngine | None = None
    relogio: Relogio | None = None
    modelos: ConfigFila = field(default_factory=ConfigFila)

    async def manda(self, dados: Json) -> None:
        await super().manda(dados)
        if self.banco is not None and self.relogio is not None:
            async with transacao(self.banco) as conexao:
                await janelas.registrar_entrada(conexao, "whatsapp", self.chat, self.relogio())

    @property
    def recebidas(self) -> list[Recebida]:
        vistas = self.graph.enviadas(self.chat)
        return [self._como_le(v) for v in vistas]

    def _como_le(self, vista: Any) -> Recebida:
        if vista.tipo != "modelo":
            return Recebida(
                vista.wamid,
                vista.texto,
                list(zip(vista.opcoes, vista.ids, strict=True)),
                vista.tipo == "lista",
            )
        chave = next(c for c, m in self.modelos.modelos.items() if m.nome == vista.texto)
        corpo = texto(f"whatsapp_fila.modelo.{chave}")
        for numero, valor in enumerate(vista.parametros, start=1):
            corpo = corpo.replace(f"{{{{{numero}}}}}", valor)
        titulos = []
        if existe(f"whatsapp_fila.modelo.{chave}.botoes"):
            titulos = texto(f"whatsapp_fila.modelo.{chave}.botoes").splitlines()
        return Recebida(vista.wamid, corpo, list(zip(titulos, vista.ids, strict=False)))

    async def _tocar(self, dado: str, origem: str, lista: bool) -> None:
        """Num modelo, o toque volta como `button` (resposta rápida), não `interactive`."""
        if origem not in {v.wamid for v in self.graph.enviadas(self.chat) if v.tipo == "modelo"}:
            await super()._tocar(dado, origem, lista)
            return
        botao = {"payload": dado, "text": dado[:20]}
        await self.manda(self.mensagem("button", {"button": botao}, origem))

    @property
    def modelos_recebidos(self) -> list[str]:
        """Os nomes dos modelos (templates) que chegaram a esta pessoa, em ordem."""
        return [v.texto for v in self.graph.enviadas(self.chat) if v.tipo == "modelo"]


class Canal(Protocol):
    nome: str
    nao_recebe: str
    na_lista_nao_recebe: str

    def chat(self, numero: int) -> str: ...
    def pessoa(self, numero: int) -> Any: ...
    def despachante(self, relogio: Relogio) -> Despachante: ...
    def falhar_entrega(self, numero: int) -> None: ...
    def conferir_entregas(self) -> None: ...
    def documentos(self, numero: int) -> list[Documento]: ...


@dataclass
class CanalTelegram:
    nome = "telegram"
    nao_recebe = "bloqueou o bot"  # como a equipe lê quem não recebe mais neste canal
    na_lista_nao_recebe = "bloqueou o bot"  # e na lista dos atendimentos
    app: Application
    api: FakeBotApi
    banco: AsyncEngine

    def chat(self, numero: int) -> str:
        return str(numero)

    def pessoa(self, numero: int) -> PessoaTelegram:
        return PessoaTelegram(self.app, self.api, numero)

    def despachante(self, relogio: Relogio) -> Despachante:
        limite = LimiteDeEnvio(1000, dormir=_sem_espera)
        remetente = RemetenteTelegram(self.app.bot)
        return Despachante(self.banco, "telegram", remetente, limite, dono="teste", relogio=relogio)

    def falhar_entrega(self, numero: int) -> None:
        """A próxima mensagem não chega: a pessoa bloqueou o bot (403)."""
        self.api.falhar("sendMessage", 403)

    def documentos(self, numero: int) -> list[Documento]:
        return [
            Documento(d.get("caption", ""), d["document"].nome, d["document"].dados)
            for d in self.api.documentos(numero)
        ]

    def conferir_entregas(self) -> None:
        """Nada saiu com formatação (um "*" do nome de alguém não vira negrito)."""
        assert all("parse_mode" not in m for m in self.api.enviadas())


@dataclass
class CanalWhatsApp:
    nome = "whatsapp"
    nao_recebe = "o WhatsApp não entrega mensagens a esta pessoa"
    na_lista_nao_recebe = "não recebe pelo WhatsApp"
    canal: CanalDeTeste
    banco: AsyncEngine
    relogio: Relogio
    config: ConfigFila = field(default_factory=lambda: ConfigFila(espaco_pessoa=ESPACO_PESSOA))
    _clientes: list[ClienteGraph] = field(default_factory=list)

    @property
    def graph(self) -> GraphApiFalsa:
        return self.canal.graph

    def chat(self, numero: int) -> str:
        """Um celular de Bauru para cada número de teste (o wa_id: só dígitos)."""
        return f"55149{numero:08d}"

    def pessoa(self, numero: int) -> PessoaWhatsAppNoPalco:
        c = self.canal
        return PessoaWhatsAppNoPalco(
            c.http,
            c.graph,
            c.processador,
            "segredo-do-app-de-teste",
            self.chat(numero),
            nome="Conceição Araújo",
            banco=self.banco,
            relogio=self.relogio,
            modelos=self.config,
        )

    def despachante(self, relogio: Relogio) -> Despachante:
        g = self.graph
        cliente = ClienteGraph(ConfigGraph(g.phone_number_id, g.token, g.base_url))
        self._clientes.append(cliente)
        livre = self.canal.processador.remetente
        fila = RemetenteFilaWhatsApp(self.banco, livre, cliente, self.config, relogio)
        limite = LimiteDeEnvio(80, dormir=_sem_espera)
        return Despachante(self.banco, "whatsapp", fila, limite, dono="teste", relogio=relogio)

    def falhar_entrega(self, numero: int) -> None:
        """A próxima mensagem não chega: o WhatsApp não entrega a este número (131026)."""
        self.graph.falhar(131026, para=self.chat(numero))

    def documentos(self, numero: int) -> list[Documento]:
        """Documento com botões (ou texto longo) chega sem legenda, e o texto na mensagem
        seguinte, onde o dedo está (`bot.whatsapp.desenho`): a legenda é esse texto."""
        vistas = self.graph.enviadas(self.chat(numero))
        achados = []
        for i, v in enumerate(vistas):
            if v.tipo != "documento" or v.arquivo is None:
                continue
            seguinte = vistas[i + 1].texto if i + 1 < len(vistas) else ""
            achados.append(Documento(v.texto or seguinte, v.arquivo.nome, v.arquivo.dados))
        return achados

    def conferir_entregas(self) -> None:
        """A Graph API aceitou tudo o que saiu (nenhum título, lista ou corpo fora do
        formato da Cloud API: 400)."""
        assert self.graph.codigos[400] == 0, self.graph.codigos


@asynccontextmanager
async def abrir_canal(nome: str, motor: Motor, relogio: Relogio) -> AsyncIterator[Any]:
    """O canal `nome` montado como na partida, sobre o `motor` do teste."""
    if nome == "telegram":
        api = FakeBotApi()
        app = criar_aplicacao(TOKEN, motor, request=api)
        await app.initialize()
        api.limpar()
        try:
            yield CanalTelegram(app, api, motor.banco)
        finally:
            await parar(app)
        return
    async with canal_whatsapp(motor) as canal:
        pronto = CanalWhatsApp(canal, motor.banco, relogio)
        try:
            yield pronto
        finally:
            for cliente in pronto._clientes:
                await cliente.fechar()
