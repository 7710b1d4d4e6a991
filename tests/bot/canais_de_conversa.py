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

A fila: `palco.entregar()` (um tique) ou `palco.despachante(relogio)`; `palco.documentos(n)`,
`palco.falhar_entrega(n)`, `palco.nao_recebe`, `palco.conferir_entregas()`. No WhatsApp,
cada mensagem da pessoa abre a janela de 24 h no relógio do teste (`modelos_recebidos`).
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
    "abrir_telegram",
]
TOKEN = "123456:TESTE"


async def _sem_espera(_segundos: float) -> None:
    return None


@dataclass
class PalcoTelegram(Palco):
    api: FakeBotApi = field(default_factory=FakeBotApi)
    app: Application | None = None

    nao_recebe = "bloqueou o bot"
    na_lista_nao_recebe = "bloqueou o bot"

    async def abrir(self) -> None:
        self.app = criar_aplicacao(TOKEN, self.fabrica(), request=self.api)
        await self.app.initialize()
        self._despachante = None
        for p in self._pessoas.values():
            assert isinstance(p, PessoaTelegram)
            p.app = self.app

    def despachante(self, relogio: Relogio) -> Despachante:
        assert self.app is not None
        limite = LimiteDeEnvio(1000, dormir=_sem_espera)
        remetente = RemetenteTelegram(self.app.bot)
        return Despachante(self.banco, "telegram", remetente, limite, dono="teste", relogio=relogio)

    def falhar_entrega(self, numero: int | str) -> None:
        """A pessoa bloqueou o bot (403)."""
        self.api.falhar("sendMessage", 403)

    def conferir_entregas(self) -> None:
        """Nada saiu com formatação (um "*" do nome de alguém não vira negrito)."""
        assert self.texto_puro()

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
    _cliente: ClienteGraph | None = None

    nao_recebe = "o WhatsApp não entrega mensagens a esta pessoa"
    na_lista_nao_recebe = "não recebe pelo WhatsApp"

    async def abrir(self) -> None:
        assert self.graph is not None
        self._pilha = AsyncExitStack()
        self.canal_wa = await self._pilha.enter_async_context(
            canal_whatsapp(self.fabrica(), self.graph)
        )
        for p in self._pessoas.values():
            assert isinstance(p, PessoaWhatsApp)
            p.http, p.processador = self.canal_wa.http, self.canal_wa.processador
        self._cliente = ClienteGraph(
            ConfigGraph(self.graph.phone_number_id, self.graph.token, self.graph.base_url)
        )
        self._pilha.push_async_callback(self._cliente.fechar)
        self._despachante = None

    def despachante(self, relogio: Relogio) -> Despachante:
        """A fila pela `RemetenteFilaWhatsApp`: mensagem livre dentro da janela de 24 h,
        o modelo aprovado fora dela."""
        assert self._cliente is not None
        cliente = self._cliente
        fila = RemetenteFilaWhatsApp(
            self.banco, RemetenteWhatsApp(cliente), cliente, ConfigFila(), relogio
        )
        limite = LimiteDeEnvio(1000, dormir=_sem_espera)
        return Despachante(self.banco, "whatsapp", fila, limite, dono="teste", relogio=relogio)

    def falhar_entrega(self, numero: int | str) -> None:
        """O WhatsApp não entrega a este número (131026)."""
        assert self.graph is not None
        self.graph.falhar(131026, para=self.chat_id(numero))

    def conferir_entregas(self) -> None:
        """A Graph API aceitou tudo o que saiu (nenhum título, lista ou corpo fora do
        formato da Cloud API: 400)."""
        assert self.graph is not None
        assert self.graph.codigos[400] == 0, self.graph.codigos

    def documentos(self, numero: int | str) -> list[Arquivo]:
        """Documento com botões (ou texto longo) chega sem legenda, e o texto na mensagem
        seguinte, onde o dedo está (`bot.whatsapp.desenho`): a legenda é esse texto."""
        assert self.graph is not None
        vistas = self.graph.enviadas(self.chat_id(numero))
        achados = []
        for i, v in enumerate(vistas):
            if v.tipo != "documento" or v.arquivo is None:
                continue
            seguinte = vistas[i + 1].texto if i + 1 < len(vistas) else ""
            a = v.arquivo
            achados.append(Arquivo("documento", a.nome, a.tipo, a.dados, v.texto or seguinte))
        return achados

    async def fechar(self) -> None:
        if self._pilha is not None:
            await self._pilha.aclose()
            self._pilha = None

    def pessoa(self, numero: int | str) -> PessoaWhatsApp:
        assert self.canal_wa is not None
        chave = self.chat_id(numero)
        if chave not in self._pessoas:
            pessoa = self.canal_wa.pessoa(chave, self.usuario_id(numero))
            # a mensagem e a janela de 24 h que ela abre contam no relógio do motor
            pessoa.relogio, pessoa.banco = self.relogio, self.banco
            self._pessoas[chave] = pessoa
        return self._pessoas[chave]  # type: ignore[return-value]

    async def reiniciar(self) -> None:
        await self.fechar()
        await self.abrir()

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
async def abrir_telegram(
    banco: AsyncEngine, fabrica: FabricaDeMotor, relogio: Relogio
) -> AsyncIterator[PalcoTelegram]:
    """Só o palco do Telegram (as cenas que o juntam ao chat do site ou à história)."""
    telegram = PalcoTelegram("telegram", banco, fabrica, relogio)
    await telegram.abrir()
    telegram.api.limpar()  # o getMe da inicialização não interessa
    try:
        yield telegram
    finally:
        await telegram.fechar()


@asynccontextmanager
async def abrir_palco(
    canal: str, banco: AsyncEngine, fabrica: FabricaDeMotor, relogio: Relogio
) -> AsyncIterator[Palco]:
    """O palco do `canal` ("telegram" ou "whatsapp"), aberto e fechado em volta do teste."""
    if canal == "telegram":
        async with abrir_telegram(banco, fabrica, relogio) as telegram:
            yield telegram
        return
    async with GraphApiFalsa() as graph:
        whatsapp = PalcoWhatsApp(canal, banco, fabrica, relogio, graph=graph)
        await whatsapp.abrir()
        try:
            yield whatsapp
        finally:
            await whatsapp.fechar()
