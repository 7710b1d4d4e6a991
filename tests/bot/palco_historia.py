"""O palco da história de ponta a ponta (tests/bot/test_telegram_historia_evasao.py): a
Application do PTB com a Bot API falsa, o despachante real da fila, o relógio que anda, a
turma T0, quem conversa com o bot e as conferências que valem para qualquer passo.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from telegram.ext import Application

from armazenamento.banco import transacao
from armazenamento.equipe import Escopo, criar_convite
from bot.despachante import Despachante
from fluxos.montagem import criar_motor_de_conversa
from fluxos.motor import Motor
from mensagens.catalogo import carregar
from tests.bot.canais_de_conversa import abrir_telegram
from tests.bot.pessoa_telegram import PessoaTelegram
from tests.dados import semear_programa
from tests.falsos.bot_api import FakeBotApi
from tests.fluxos.chamada.conftest import Relogio
from tests.fluxos.equipe.dados_desistencia import em_bauru, encontro, ids, matricular

ANA, BRUNO, CARLA = 8_800_001, 8_800_002, 8_800_003
INSTRUTOR, TECNICA, CRAS_DO_BRUNO, CRAS_OUTRO, ACESSUAS = (
    8_800_101,
    8_800_102,
    8_800_103,
    8_800_104,
    8_800_105,
)
QUARTA = em_bauru(13, hora=8)  # as três aulas: quarta, quinta e sexta, 8h
CHAVE_CRUA = re.compile(r"\b[a-z_]+(?:\.[a-z0-9_]+)+\b")
Sessoes = async_sessionmaker[AsyncSession]


@dataclass
class Historia:
    """O palco: a Application, a Bot API falsa, o despachante da fila e o relógio."""

    app: Application
    api: FakeBotApi
    banco: AsyncEngine
    relogio: Relogio
    despachante: Despachante
    ids: dict[str, int]
    bruno: int = 0
    _vistas: Counter[str] = field(default_factory=Counter)

    def no_chat(self, chat: int) -> PessoaTelegram:
        return PessoaTelegram(self.app, self.api, chat)

    def no_dia(self, dia: int, hora: int = 12, mes: int = 1) -> None:
        """O relógio vai para `dia`/`mes`, na hora de Bauru (nunca volta)."""
        momento = em_bauru(dia, hora=hora, mes=mes)
        assert momento >= self.relogio.agora
        self.relogio.agora = momento

    async def entrar(self, chat: int, escopo: Escopo) -> PessoaTelegram:
        async with transacao(self.banco) as c:
            convite = await criar_convite(c, escopo, self.relogio(), timedelta(days=30))
        conversa = self.no_chat(chat)
        await conversa.comando(f"/start {convite.token}")
        return conversa

    def _contagem(self) -> Counter[str]:
        """Mensagens novas (sendMessage e sendDocument aceitos) por chat."""
        metodos = ("sendMessage", "sendDocument")
        return Counter(
            str(c.parametros["chat_id"])
            for c in self.api.chamadas
            if c.metodo in metodos and c.codigo == 200
        )

    def novas(self) -> dict[int, int]:
        """Quantas mensagens cada chat recebeu desde a última pergunta (só os que
        receberam): nada duas vezes, nada para quem não devia."""
        agora = self._contagem()
        diferenca = {int(chat): n - self._vistas[chat] for chat, n in agora.items()}
        self._vistas = agora
        return {chat: n for chat, n in diferenca.items() if n}

    async def entregar(self) -> dict[int, int]:
        """Um tique do despachante; o que cada chat recebeu desde a última conta (as
        respostas na hora e o que a fila entregou agora)."""
        await self.despachante.esvaziar()
        return self.novas()


@asynccontextmanager
async def montar_historia(sessoes: Sessoes) -> AsyncIterator[Historia]:
    """O programa semeado (T0..T2, 3 CRAS, uma OSC), a Application e o despachante."""
    await semear_programa(sessoes, date(2027, 1, 10))
    banco = sessoes.kw["bind"]
    i = await ids(banco)
    relogio = Relogio(em_bauru(12, hora=9))

    def fabrica() -> Motor:
        return criar_motor_de_conversa(banco, relogio=relogio)

    async with abrir_telegram(banco, fabrica, relogio) as palco:
        assert palco.app is not None
        yield Historia(palco.app, palco.api, banco, relogio, palco.despachante(relogio), i)


async def turma_t0(h: Historia) -> None:
    """A T0 (Confeitaria): três pessoas e uma aula por dia útil, 4 horas cada, a partir de
    quarta; 30 aulas pela frente, então os 75% continuam possíveis (o alerta será pelas
    faltas seguidas, R17)."""
    t0, europa, esperanca = h.ids["T0"], h.ids["CRAS Jardim Europa"], h.ids["CRAS Nova Esperança"]
    await matricular(h.banco, t0, europa, "Ana Souza", chat_id=str(ANA))
    h.bruno = await matricular(h.banco, t0, esperanca, "Bruno Costa", chat_id=str(BRUNO))
    await matricular(h.banco, t0, europa, "Carla Dias", chat_id=str(CARLA))
    dia, aulas = QUARTA, 0
    while aulas < 33:
        if dia.weekday() < 5:
            await encontro(h.banco, t0, dia)
            aulas += 1
        dia += timedelta(days=1)


async def chamada(
    h: Historia, instrutor: PessoaTelegram, *, toca: str = "", digita: str = ""
) -> str:
    """/chamada de hoje: o instrutor marca a falta do Bruno tocando no botão `toca` ou
    digitando `digita`, e toca em "Concluir". Devolve o resumo que ele vê."""
    await instrutor.comando("/chamada")
    lista = instrutor.ultima
    assert lista.texto.startswith("Chamada da turma T0:")
    assert lista.rotulos[:3] == ["1 ✅ Ana S.", "2 ✅ Bruno C.", "3 ✅ Carla D."]
    edicoes = instrutor.edicoes
    if toca:
        await instrutor.toca(toca, em=lista)
        # o toque editou a MESMA mensagem (editMessageText), nada de lista nova
        assert instrutor.edicoes == edicoes + 1
        assert h.api.edicoes(INSTRUTOR)[-1]["message_id"] == lista.message_id
        assert instrutor.ultima_com_botoes.message_id == lista.message_id
    else:
        await instrutor.diz(digita)
    assert "2 ❌ Bruno C." in instrutor.ultima_com_botoes.rotulos
    await instrutor.toca("Concluir", em=instrutor.ultima_com_botoes)
    return instrutor.ultima.texto


def textos_sem_chave_nem_campo(api: FakeBotApi) -> None:
    """Nenhum texto que chegou a alguém tem chave crua do catálogo ou "{campo}"."""
    chaves = set(carregar())
    for c in api.chamadas:
        if c.metodo not in ("sendMessage", "editMessageText", "sendDocument"):
            continue
        textos = [str(c.parametros.get("text") or c.parametros.get("caption") or "")]
        teclado = c.parametros.get("reply_markup")
        if isinstance(teclado, dict):
            linhas = teclado.get("inline_keyboard", [])
            textos += [b["text"] for linha in linhas for b in linha]
        for t in textos:
            assert not re.search(r"\{[a-z_]+\}", t), t
            assert not (set(CHAVE_CRUA.findall(t)) & chaves), t


@dataclass
class Elenco:
    """Quem conversa com o bot nesta história."""

    instrutor: PessoaTelegram
    tecnica: PessoaTelegram  # técnica social da OSC da turma
    cras: PessoaTelegram  # técnica do CRAS do território do Bruno
    outro_cras: PessoaTelegram  # técnica do CRAS de outro território
    acessuas: PessoaTelegram
    bruno: PessoaTelegram
    boas_vindas: int = 2  # o que cada um da equipe recebe ao entrar


async def elenco(h: Historia) -> Elenco:
    cras_ids = h.ids["CRAS Nova Esperança"], h.ids["CRAS Jardim Europa"]
    e = Elenco(
        await h.entrar(INSTRUTOR, Escopo("instrutor", turma_id=h.ids["T0"])),
        await h.entrar(TECNICA, Escopo("osc", osc_id=h.ids["osc"])),
        await h.entrar(CRAS_DO_BRUNO, Escopo("cras", cras_id=cras_ids[0])),
        await h.entrar(CRAS_OUTRO, Escopo("cras", cras_id=cras_ids[1])),
        await h.entrar(ACESSUAS, Escopo("acessuas")),
        h.no_chat(BRUNO),
    )
    h.novas()  # as boas-vindas da equipe ficam para trás
    assert len(e.instrutor.recebidas) == len(e.outro_cras.recebidas) == e.boas_vindas
    return e
