"""Uma pessoa no WhatsApp: manda mensagens e toques ASSINADOS ao nosso webhook (POST de
verdade, pelo aiohttp) e lê o que a Graph API falsa entregou a ela.

A mesma interface de `PessoaTelegram` (diz, comando, toca, toca_dado, compartilha_telefone,
recebidas, ultima, ultima_com_botoes, desde, edicoes), para as conversas do Telegram rodarem
também no WhatsApp. Diferenças que a pessoa notaria: o WhatsApp não edita mensagens (cada
resposta é uma mensagem nova; `edicoes` é sempre 0); não há comando "/" (a pessoa digita
"/start" como texto); uma lista com mais de 10 opções chega numerada e a pessoa DIGITA o
nome da opção — `toca` faz isso sozinho quando o rótulo não é um botão mas está no texto;
um modelo aprovado (template, fora da janela de 24 h) aparece com o texto aprovado do
catálogo e os botões de resposta rápida dele, e o toque volta como `button`.
Cada `manda` espera o atendimento em fundo terminar (`ProcessadorWhatsApp.ocioso`).
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient
from sqlalchemy.ext.asyncio import AsyncEngine

from armazenamento import janelas
from armazenamento.banco import transacao
from bot.config_modelos import PADRAO
from bot.whatsapp.processamento import ProcessadorWhatsApp
from bot.whatsapp.webhook import CABECALHO, CAMINHO, assinar
from mensagens.catalogo import existe, texto
from tests.falsos.graph_api import GraphApiFalsa, Vista

Json = dict[str, Any]
Cliente = TestClient[web.Request, web.Application]
NUMERO_EMPRESA = {"display_phone_number": "551432350000", "phone_number_id": "109876543210987"}
_serie = itertools.count(1)
MIDIAS: dict[str, tuple[str, Json]] = {
    "figurinha": ("sticker", {"id": "101", "mime_type": "image/webp", "animated": False}),
    "foto": ("image", {"id": "102", "mime_type": "image/jpeg", "sha256": "x"}),
    "voz": ("audio", {"id": "103", "mime_type": "audio/ogg; codecs=opus", "voice": True}),
    "localizacao": ("location", {"latitude": -22.3246, "longitude": -49.0871}),
}


def envelope(valor: Json) -> Json:
    """O corpo de um POST do webhook da Cloud API em volta de um `value`."""
    valor = {"messaging_product": "whatsapp", "metadata": NUMERO_EMPRESA, **valor}
    mudanca = {"value": valor, "field": "messages"}
    return {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [mudanca]}]}


@dataclass(frozen=True, slots=True)
class Recebida:
    """Uma mensagem do assistente como chegou no celular: o wamid, o texto e as opções
    tocáveis (botões ou linhas de lista) com o id que o toque devolve."""

    message_id: str
    texto: str
    botoes: list[tuple[str, str]]
    lista: bool = False
    teclado: Json = field(default_factory=dict)  # o WhatsApp não tem teclado de contato
    modelo: bool = False  # um modelo aprovado (template): o toque volta como "button"

    @property
    def rotulos(self) -> list[str]:
        return [r for r, _ in self.botoes]

    def dado(self, rotulo: str) -> str:
        """O id da opção `rotulo`; um título cortado ("Confirmar minha…") também vale."""
        for r, d in self.botoes:
            if r == rotulo:
                return d
        cortados = [d for r, d in self.botoes if r.endswith("…") and rotulo.startswith(r[:-1])]
        if len(cortados) == 1:
            return cortados[0]
        raise AssertionError(f"não há opção {rotulo!r} em {self.rotulos} ({self.texto[:60]!r})")


def _recebida(vista: Vista) -> Recebida:
    if vista.tipo == "modelo":
        return _modelo_na_tela(vista)
    return Recebida(
        vista.wamid,
        vista.texto,
        list(zip(vista.opcoes, vista.ids, strict=True)),
        vista.tipo == "lista",
    )


_CHAVE_DO_MODELO = {config.nome: chave for chave, config in PADRAO.items()}


def _modelo_na_tela(vista: Vista) -> Recebida:
    """Um modelo (template) como o celular o mostra: o texto aprovado na Meta (o do
    catálogo, `whatsapp_fila.modelo.<chave>`) com os parâmetros no lugar de {{1}}, {{2}}...
    e os botões de resposta rápida aprovados, cada um com o payload que o toque devolve."""
    chave = _CHAVE_DO_MODELO[vista.texto]
    corpo = texto(f"whatsapp_fila.modelo.{chave}")
    for indice, valor in enumerate(vista.parametros, start=1):
        corpo = corpo.replace(f"{{{{{indice}}}}}", valor)
    rotulos: list[str] = []
    if existe(f"whatsapp_fila.modelo.{chave}.botoes"):
        rotulos = texto(f"whatsapp_fila.modelo.{chave}.botoes").splitlines()
    botoes = list(zip(rotulos, vista.ids, strict=False))
    return Recebida(vista.wamid, corpo, botoes, modelo=True)


@dataclass
class PessoaWhatsApp:
    """A conversa de `numero` (wa_id) com o assistente: `http` fala com o nosso app (troque
    `http` e `processador` para simular um reinício). `bsuid`: o business-scoped user id
    que a Meta manda junto; `com_numero=False`: a pessoa usa nome de usuário e o número não
    vem no webhook (as respostas vão ao BSUID)."""

    http: Cliente
    graph: GraphApiFalsa
    processador: ProcessadorWhatsApp
    segredo: str
    numero: str
    bsuid: str = ""
    nome: str = "Conceição Araújo"
    com_numero: bool = True
    relogio: Callable[[], datetime] | None = None  # o `timestamp` das mensagens (o do motor)
    recebe_em: str = ""  # para onde o assistente manda, se não é o que ela mostra agora
    banco: AsyncEngine | None = None  # com o `relogio`: a janela de 24 h no relógio do teste

    @property
    def chat(self) -> str:
        """Onde a Graph API entrega a ela: o número, se o assistente o conhece."""
        return self.recebe_em or (self.numero if self.com_numero else self.bsuid)

    # ----- o que a pessoa faz --------------------------------------------------------

    async def manda(self, dados: Json) -> None:
        """POST assinado do corpo (bytes como a Meta manda: JSON com acentos escapados)."""
        bruto = json.dumps(dados).encode()
        resposta = await self.http.post(
            CAMINHO,
            data=bruto,
            headers={CABECALHO: assinar(self.segredo, bruto), "Content-Type": "application/json"},
        )
        assert resposta.status == 200, await resposta.text()
        await self._abrir_janela()
        await self.processador.ocioso()

    async def _abrir_janela(self) -> None:
        """O webhook carimba a janela de 24 h com o relógio de verdade (nunca no futuro), e
        o teste vive no relógio dele (janeiro de 2027): quem escreveu "agora" no teste
        recebe mensagem livre; quem não escreveu há 24 h, o modelo aprovado."""
        if self.banco is not None and self.relogio is not None:
            async with transacao(self.banco) as conexao:
                await janelas.registrar_entrada(conexao, "whatsapp", self.chat, self.relogio())

    def mensagem(self, tipo: str, conteudo: Json, contexto: str = "") -> Json:
        """Um POST com uma mensagem desta pessoa (`tipo` e o seu conteúdo)."""
        msg: Json = {}
        if self.com_numero:
            msg["from"] = self.numero
        if self.bsuid:
            msg["from_user_id"] = self.bsuid
        quando = self.relogio().timestamp() if self.relogio is not None else time.time()
        msg |= {"id": f"wamid.teste.{next(_serie):08d}", "timestamp": str(int(quando))}
        if contexto:
            msg["context"] = {"from": NUMERO_EMPRESA["display_phone_number"], "id": contexto}
        msg |= {"type": tipo, **conteudo}
        contato: Json = {"profile": {"name": self.nome}}
        if self.com_numero:
            contato["wa_id"] = self.numero
        if self.bsuid:
            contato["user_id"] = self.bsuid
        return envelope({"contacts": [contato], "messages": [msg]})

    async def diz(self, texto: str) -> None:
        await self.manda(self.mensagem("text", {"text": {"body": texto}}))

    async def comando(self, texto: str) -> None:
        """No WhatsApp não há menu "/": a pessoa digita o comando como texto."""
        await self.diz(texto)

    async def manda_midia(self, tipo: str) -> None:
        """Uma mídia que o assistente não lê: "figurinha", "foto", "voz" ou "localizacao"."""
        nome, conteudo = MIDIAS[tipo]
        await self.manda(self.mensagem(nome, {nome: conteudo}))

    async def compartilha_telefone(self, telefone: str, proprio: bool = True) -> None:
        """Manda um cartão de contato; `proprio`: o WhatsApp diz que o número é desta conta."""
        fone: Json = {"phone": telefone, "type": "CELL"}
        if proprio:
            fone["wa_id"] = self.numero
        cartao = {"name": {"formatted_name": self.nome}, "phones": [fone]}
        await self.manda(self.mensagem("contacts", {"contacts": [cartao]}))

    async def toca(self, rotulo: str, em: Recebida | None = None) -> None:
        """Toca no botão (ou linha da lista) `rotulo` da última mensagem com opções (ou da
        mensagem `em`). Opção que chegou só escrita no texto (lista longa): digita o nome."""
        mensagem = em or self._ultima_com(rotulo)
        if mensagem is None:
            await self.diz(rotulo)
            return
        if mensagem.modelo:  # resposta rápida de um modelo: outro formato no webhook
            botao = {"payload": mensagem.dado(rotulo), "text": rotulo}
            await self.manda(self.mensagem("button", {"button": botao}, mensagem.message_id))
            return
        await self._tocar(mensagem.dado(rotulo), mensagem.message_id, mensagem.lista)

    async def toca_dado(self, dado: str, message_id: int | str) -> None:
        """Toca num botão que a pessoa ainda vê numa mensagem antiga."""
        await self._tocar(dado, str(message_id), lista=False)

    async def _tocar(self, dado: str, origem: str, lista: bool) -> None:
        tipo = "list_reply" if lista else "button_reply"
        interativo = {"type": tipo, tipo: {"id": dado, "title": dado[:20]}}
        await self.manda(self.mensagem("interactive", {"interactive": interativo}, origem))

    def _ultima_com(self, rotulo: str) -> Recebida | None:
        """A última mensagem com opções; None se o rótulo só aparece escrito no texto."""
        com_botoes = [m for m in self.recebidas if m.botoes]
        ultima = self.recebidas[-1] if self.recebidas else None
        if ultima is not None and not ultima.botoes and rotulo in ultima.texto:
            return None
        if not com_botoes:
            raise AssertionError(f"nenhuma mensagem com opções para tocar {rotulo!r}")
        return com_botoes[-1]

    # ----- o que a pessoa vê ---------------------------------------------------------

    @property
    def recebidas(self) -> list[Recebida]:
        """As mensagens que a Graph API aceitou para esta pessoa, em ordem."""
        return [_recebida(v) for v in self.graph.enviadas(self.chat)]

    @property
    def modelos_recebidos(self) -> list[str]:
        """Os nomes dos modelos (templates) que chegaram a esta pessoa, em ordem."""
        return [v.texto for v in self.graph.enviadas(self.chat) if v.tipo == "modelo"]

    @property
    def edicoes(self) -> int:
        return 0

    @property
    def ultima(self) -> Recebida:
        return self.recebidas[-1]

    @property
    def ultima_com_botoes(self) -> Recebida:
        return [m for m in self.recebidas if m.botoes][-1]

    def desde(self, quantas: int) -> list[Recebida]:
        return self.recebidas[quantas:]
