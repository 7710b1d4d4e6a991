"""O mesmo palco de conversa nos dois canais de mensagem (issue 11: toda conversa que roda
no Telegram roda no WhatsApp): o motor real sobre o banco do teste, e

- Telegram: a Application real do PTB com a Bot API falsa (`PessoaTelegram`);
- WhatsApp: o nosso webhook assinado, o processamento e a Graph API falsa (`PessoaWhatsApp`).

O teste recebe o `palco` (fixture parametrizada por canal, tests/bot/conftest.py) e fala com
as pessoas pela mesma interface. O que muda de um canal para o outro por regra do canal
(o teclado de contato do Telegram, os textos com variante `chave@whatsapp`, a fila que no
WhatsApp sai por modelo fora da janela de 24 h) fica aqui e nas pessoas, não nos testes.

    async def test_algo(palco: Palco) -> None:
        maria = palco.pessoa(7_100_001)
        await maria.comando("/start")
        assert maria.ultima.texto == palco.texto("preinscricao.aviso.pergunta")
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine
from telegram.ext import Application

from bot.config_modelos import ConfigFila
from bot.despachante import Despachante
from bot.limite_envio import LimiteDeEnvio
from bot.remetente_telegram import RemetenteTelegram
from bot.telegram import criar_aplicacao, parar
from bot.whatsapp.fila import RemetenteFilaWhatsApp
from bot.whatsapp.graph import ClienteGraph, ConfigGraph
from bot.whatsapp.remetente import RemetenteWhatsApp
from tests.bot.canal_whatsapp import CanalDeTeste, canal_whatsapp
from tests.bot.palco import (
    CANAIS,
    MANDA_TOCAR,
    MODELOS_DE_LINK,
    TECLADO_CONTATO,
    Arquivo,
    FabricaDeMotor,
    Palco,
    Pessoa,
    Relogio,
)
from tests.bot.pessoa_telegram import PessoaTelegram
from tests.bot.pessoa_whatsapp import PessoaWhatsApp
from tests.falsos.bot_api import FakeBotApi
from tests.falsos.graph_api import GraphApiFalsa

__all__ = [
    "CANAIS",
    "MODELOS_DE_LINK",
    "TECLADO_CONTATO",
    "Arquivo",
    "FabricaDeMotor",
    "Palco",
    "PalcoTelegram",
    "PalcoWhatsApp",
    "Pessoa",
    "PessoaTelegram",
    "PessoaWhatsApp",
    "Relogio",
    "abrir_palco",
]
TOKEN = "123456:TESTE"


async def _sem_espera(_segundos: float) -> None:
    return None


@dataclass
class PalcoTelegram(Palco):
    api: FakeBotApi = field(default_factory=FakeBotApi)
    app: Application | None = None
    _despachante: Despachante | None = None

    async def abrir(self) -> None:
        self.app = criar_aplicacao(TOKEN, self.fabrica(), request=self.api)
        await self.app.initialize()
        for p in self._pessoas.values():
            assert isinstance(p, PessoaTelegram)
            p.app = self.app
        limite = LimiteDeEnvio(1000, dormir=_sem_espera)
        self._despachante = Despachante(
            self.banco,
            "telegram",
            RemetenteTelegram(self.app.bot),
            limite,
            dono="teste",
            relogio=self.relogio,
        )

    async def fechar(self) -> None:
        if self.app is not None:
            await parar(self.app)

    def pessoa(self, numero: int | str) -> PessoaTelegram:
        assert self.app is not None
        chave = self.chat_id(numero)
        if chave not in self._pessoas:
            self._pessoas[chave] = PessoaTelegram(self.app, self.api, int(numero))
        return self._pessoas[chave]  # type: ignore[return-value]

    async def reiniciar(self) -> None:
        await self.fechar()
        await self.abrir()

    async def entregar(self) -> int:
        assert self._despachante is not None
        return await self._despachante.esvaziar()

    def texto_puro(self) -> bool:
        return all("parse_mode" not in p for p in self.api.enviadas())

    def arquivos(self, numero: int | str) -> list[Arquivo]:
        chamadas = [
            c
            for c in self.api.chamadas
            if c.metodo in ("sendPhoto", "sendDocument")
            and c.codigo == 200
            and str(c.parametros.get("chat_id")) == self.chat_id(numero)
        ]
        return [
            Arquivo(
                "imagem" if c.metodo == "sendPhoto" else "documento",
                arquivo.nome,
                arquivo.tipo,
                arquivo.dados,
                c.parametros.get("caption", ""),
            )
            for c in chamadas
            for arquivo in [c.parametros["photo" if c.metodo == "sendPhoto" else "document"]]
        ]

    def duplicadas(self) -> int:
        vistas = Counter(
            (str(p.get("chat_id")), p.get("text"), repr(p.get("reply_markup")))
            for p in self.api.enviadas()
        )
        return sum(n - 1 for n in vistas.values() if n > 1)


@dataclass
class PalcoWhatsApp(Palco):
    graph: GraphApiFalsa | None = None
    canal_wa: CanalDeTeste | None = None
    _pilha: AsyncExitStack | None = None
    _despachante: Despachante | None = None

    async def abrir(self) -> None:
        assert self.graph is not None
        self._pilha = AsyncExitStack()
        self.canal_wa = await self._pilha.enter_async_context(
            canal_whatsapp(self.fabrica(), self.graph)
        )
        for p in self._pessoas.values():
            assert isinstance(p, PessoaWhatsApp)
            p.http, p.processador = self.canal_wa.http, self.canal_wa.processador
        cliente = ClienteGraph(
            ConfigGraph(self.graph.phone_number_id, self.graph.token, self.graph.base_url)
        )
        self._pilha.push_async_callback(cliente.fechar)
        fila = RemetenteFilaWhatsApp(
            self.banco, RemetenteWhatsApp(cliente), cliente, ConfigFila(), self.relogio
        )
        limite = LimiteDeEnvio(1000, dormir=_sem_espera)
        self._despachante = Despachante(
            self.banco, "whatsapp", fila, limite, dono="teste", relogio=self.relogio
        )

    async def fechar(self) -> None:
        if self._pilha is not None:
            await self._pilha.aclose()
            self._pilha = None

    def pessoa(self, numero: int | str) -> PessoaWhatsApp:
        assert self.canal_wa is not None
        chave = self.chat_id(numero)
        if chave not in self._pessoas:
            pessoa = self.canal_wa.pessoa(chave, self.usuario_id(numero))
            pessoa.relogio = self.relogio  # a janela de 24 h conta no relógio do motor
            self._pessoas[chave] = pessoa
        return self._pessoas[chave]  # type: ignore[return-value]

    async def reiniciar(self) -> None:
        await self.fechar()
        await self.abrir()

    async def entregar(self) -> int:
        assert self._despachante is not None
        return await self._despachante.esvaziar()

    def duplicadas(self) -> int:
        assert self.graph is not None
        return self.graph.duplicadas()

    def fora_do_canal(self) -> list[str]:
        assert self.graph is not None
        return sorted(
            {
                v.texto
                for vistas in self.graph.enviadas_por_pessoa().values()
                for v in vistas
                if v.tipo == "texto" and MANDA_TOCAR.search(v.texto)
            }
        )

    def arquivos(self, numero: int | str) -> list[Arquivo]:
        assert self.graph is not None
        return [
            Arquivo(
                "imagem" if v.tipo == "imagem" else "documento",
                v.arquivo.nome,
                v.arquivo.tipo,
                v.arquivo.dados,
                v.texto,
            )
            for v in self.graph.enviadas(self.chat_id(numero))
            if v.tipo in ("imagem", "documento") and v.arquivo is not None
        ]


@asynccontextmanager
async def abrir_palco(
    canal: str, banco: AsyncEngine, fabrica: FabricaDeMotor, relogio: Relogio
) -> AsyncIterator[Palco]:
    """O palco do `canal` ("telegram" ou "whatsapp"), aberto e fechado em volta do teste."""
    if canal == "telegram":
        telegram = PalcoTelegram(canal, banco, fabrica, relogio)
        await telegram.abrir()
        telegram.api.limpar()  # o getMe da inicialização não interessa
        try:
            yield telegram
        finally:
            await telegram.fechar()
        return
    async with GraphApiFalsa() as graph:
        whatsapp = PalcoWhatsApp(canal, banco, fabrica, relogio, graph=graph)
        await whatsapp.abrir()
        try:
            yield whatsapp
        finally:
            await whatsapp.fechar()
