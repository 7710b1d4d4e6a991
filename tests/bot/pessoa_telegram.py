"""Uma pessoa no Telegram: manda updates reais à Application e lê o que a Bot API falsa gravou.

Só olha o que a pessoa nota no celular: os textos, os botões inline (com o callback_data
que o toque devolve) e o teclado de baixo (o de compartilhar o telefone).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import Application

from tests.falsos import updates_telegram as tg
from tests.falsos.bot_api import FakeBotApi

Json = dict[str, Any]
MIDIAS = {"figurinha": tg.figurinha, "foto": tg.foto, "voz": tg.voz, "localizacao": tg.localizacao}


@dataclass(frozen=True, slots=True)
class Recebida:
    """Uma mensagem do bot como chegou no chat: id, texto e teclado."""

    message_id: int
    texto: str
    teclado: Json

    @property
    def botoes(self) -> list[tuple[str, str]]:
        """(rótulo, callback_data) dos botões inline, na ordem da tela."""
        linhas = self.teclado.get("inline_keyboard", [])
        return [(b["text"], b["callback_data"]) for linha in linhas for b in linha]

    @property
    def rotulos(self) -> list[str]:
        return [r for r, _ in self.botoes]

    def dado(self, rotulo: str) -> str:
        for r, d in self.botoes:
            if r == rotulo:
                return d
        raise AssertionError(f"não há botão {rotulo!r} em {self.rotulos} ({self.texto[:60]!r})")


@dataclass
class PessoaTelegram:
    """Conversa privada de `chat` com o bot da `app` (troque `app` para simular um reinício)."""

    app: Application
    api: FakeBotApi
    chat: int

    async def manda(self, dados: Json) -> None:
        await self.app.process_update(Update.de_json(dados, self.app.bot))

    async def diz(self, texto: str) -> None:
        await self.manda(tg.mensagem_texto(self.chat, texto))

    async def comando(self, texto: str) -> None:
        await self.manda(tg.comando(self.chat, texto))

    async def manda_midia(self, tipo: str) -> None:
        """Uma mídia que o assistente não lê: "figurinha", "foto", "voz" ou "localizacao"."""
        await self.manda(MIDIAS[tipo](self.chat))

    async def compartilha_telefone(self, telefone: str, proprio: bool = True) -> None:
        await self.manda(tg.contato(self.chat, telefone, proprio=proprio))

    async def toca(self, rotulo: str, em: Recebida | None = None) -> None:
        """Toca no botão `rotulo` da última mensagem com botões (ou da mensagem `em`)."""
        mensagem = em or self.ultima_com_botoes
        dado = mensagem.dado(rotulo)
        await self.manda(tg.botao(self.chat, dado, mensagem.message_id, teclado=mensagem.teclado))

    async def toca_dado(self, dado: str, message_id: int) -> None:
        """Toca num botão que a pessoa ainda vê numa mensagem antiga."""
        await self.manda(tg.botao(self.chat, dado, message_id))

    @property
    def recebidas(self) -> list[Recebida]:
        """As mensagens que chegaram de verdade (a API respondeu 200), na ordem, como estão
        na tela: uma mensagem editada (editMessageText) mostra o texto e os botões novos,
        no mesmo lugar."""
        na_tela: dict[int, Recebida] = {}
        for c in self.api.chamadas:
            if c.metodo not in ("sendMessage", "editMessageText") or c.codigo != 200:
                continue
            if str(c.parametros.get("chat_id")) != str(self.chat):
                continue
            numero = c.resposta["message_id"]
            na_tela[numero] = Recebida(numero, c.parametros["text"], _teclado(c.parametros))
        return list(na_tela.values())

    @property
    def edicoes(self) -> int:
        """Quantas vezes uma mensagem deste chat foi editada no lugar."""
        return len(self.api.edicoes(self.chat))

    @property
    def ultima(self) -> Recebida:
        return self.recebidas[-1]

    @property
    def ultima_com_botoes(self) -> Recebida:
        return [m for m in self.recebidas if m.botoes][-1]

    def desde(self, quantas: int) -> list[Recebida]:
        """As mensagens que chegaram depois das `quantas` primeiras."""
        return self.recebidas[quantas:]


def _teclado(parametros: Json) -> Json:
    teclado = parametros.get("reply_markup")
    return teclado if isinstance(teclado, dict) else {}
