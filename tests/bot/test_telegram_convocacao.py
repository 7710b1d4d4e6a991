"""R5/R7 de ponta a ponta pelo Telegram: Application real do PTB, motor real, Bot API falsa.

Uma técnica da OSC (ligada pelo link do convite) convoca uma turma de 15 a partir de uma
lista de 40. As mensagens da convocação saem pela fila de envio (o despachante entrega à
Bot API falsa); as pessoas tocam "Confirmo" ou "Não posso" no celular, ou ficam caladas
(o prazo passa com o relógio adiantado e a tarefa de minuto em minuto chama o próximo).
A turma termina com exatamente 15 matriculados.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram.ext import Application

from armazenamento.banco import transacao
from armazenamento.equipe import Escopo, criar_convite
from armazenamento.modelos import Matricula, Osc
from bot.agendador import criar_agendador
from bot.despachante import Despachante
from bot.limite_envio import LimiteDeEnvio
from bot.remetente_telegram import RemetenteTelegram
from bot.telegram import criar_aplicacao, parar
from fluxos.convocacao import cuidar_das_convocacoes
from fluxos.montagem import criar_motor_de_conversa
from mensagens.catalogo import texto
from tests.bot.pessoa_telegram import PessoaTelegram
from tests.dados import semear_programa
from tests.falsos.bot_api import FakeBotApi
from tests.fluxos.conftest import AGORA
from tests.fluxos.convocacao.conftest import Relogio, chat, encaminhar, id_da_turma

TOKEN = "123456:CONVOCA"
TECNICA = 9_900_001

Sessoes = async_sessionmaker[AsyncSession]


async def _sem_espera(_segundos: float) -> None:
    return None


@dataclass
class Cena:
    app: Application
    api: FakeBotApi
    relogio: Relogio
    despachante: Despachante
    sessoes: Sessoes

    def pessoa(self, posicao: int) -> PessoaTelegram:
        return PessoaTelegram(self.app, self.api, int(chat(posicao)))

    async def entregar(self) -> int:
        """O despachante passa a fila para a Bot API falsa (o tique de 2 s do agendador)."""
        return await self.despachante.esvaziar()

    async def minuto(self) -> None:
        """O tique de minuto em minuto da convocação, no relógio adiantado."""
        await cuidar_das_convocacoes(self.sessoes.kw["bind"], self.relogio())

    async def matriculados(self) -> int:
        async with transacao(self.sessoes.kw["bind"]) as c:
            consulta = sa.select(sa.func.count()).where(Matricula.situacao == "ativa")  # type: ignore[arg-type]
            return int((await c.execute(consulta)).scalar_one())


@pytest.fixture
async def cena(sessoes: Sessoes) -> AsyncIterator[Cena]:
    await semear_programa(sessoes, AGORA.date())
    banco = sessoes.kw["bind"]
    relogio = Relogio()
    api = FakeBotApi()
    app = criar_aplicacao(TOKEN, criar_motor_de_conversa(banco, relogio=relogio), request=api)
    await app.initialize()
    limite = LimiteDeEnvio(1000, dormir=_sem_espera)
    despachante = Despachante(
        banco, "telegram", RemetenteTelegram(app.bot), limite, dono="teste", relogio=relogio
    )
    try:
        yield Cena(app, api, relogio, despachante, sessoes)
    finally:
        await parar(app)


async def _tecnica_da_osc(cena: Cena) -> PessoaTelegram:
    async with transacao(cena.sessoes.kw["bind"]) as c:
        osc = int((await c.execute(sa.select(sa.func.min(Osc.id)))).scalar_one())
        convite = await criar_convite(c, Escopo("osc", osc_id=osc), AGORA)
    tecnica = PessoaTelegram(cena.app, cena.api, TECNICA)
    await tecnica.comando(f"/start {convite.token}")
    boas_vindas, menu = tecnica.recebidas
    assert boas_vindas.texto.startswith("Pronto! Esta conversa agora é de técnico(a) da OSC")
    assert "Convocar" in menu.rotulos
    return tecnica


async def test_r5_osc_convoca_15_de_40_pelo_telegram_e_a_turma_fecha_com_15(
    cena: Cena,
) -> None:
    await encaminhar(cena.sessoes.kw["bind"], 40)
    tecnica = await _tecnica_da_osc(cena)

    # a técnica convoca pela conversa
    await tecnica.toca("Convocar")
    await tecnica.toca("T0")
    assert "Na lista, ainda sem chamar: 40." in tecnica.ultima.texto
    await tecnica.toca("Convocar para vagas")
    assert "15 aguardando resposta" in tecnica.ultima.texto
    assert await cena.entregar() == 15

    p = {i: cena.pessoa(i) for i in range(1, 41)}
    chamada = p[1].ultima
    assert chamada.texto.startswith("Boa notícia, Pessoa! Você foi chamado(a) para o curso")
    assert "Local: rua Rio Branco, 14-60." in chamada.texto
    assert chamada.rotulos == ["Confirmo", "Não posso"]
    assert p[16].recebidas == []

    # 8 confirmam, 3 não podem (os 3 seguintes da lista são chamados), 4 ficam calados
    for i in range(1, 9):
        await p[i].toca("Confirmo")
        assert p[i].ultima.texto.startswith("Pronto! Sua matrícula no curso de Confeitaria")
    for i in (9, 10, 11):
        await p[i].toca("Não posso")
        assert p[i].ultima.texto == texto("convocacao.recusada")
    assert await cena.entregar() == 3
    await p[16].toca("Confirmo")
    await p[17].toca("Confirmo")
    await p[18].toca("Não posso")
    assert await cena.entregar() == 1
    await p[19].toca("Confirmo")
    assert await cena.matriculados() == 11

    # toque repetido e botão encaminhado não mudam nada
    await p[1].toca("Confirmo", em=chamada)
    assert p[1].ultima.texto == texto("convocacao.ja_confirmada", curso="Confeitaria")
    botao_da_12 = p[12].ultima_com_botoes
    await p[30].toca_dado(botao_da_12.dado("Confirmo"), botao_da_12.message_id)
    assert p[30].ultima.texto == texto("convocacao.nao_achada")
    assert await cena.matriculados() == 11

    # no dia antes do prazo, o lembrete; a 12ª confirma por ele
    cena.relogio.andar(days=2, minutes=1)
    await cena.minuto()
    assert await cena.entregar() == 4
    assert p[12].ultima.texto.startswith("Pessoa, sua vaga no curso de Confeitaria está esperando")
    await p[12].toca("Confirmo")
    assert await cena.matriculados() == 12

    # o prazo vence no fim de quarta-feira: 13, 14 e 15 expiram e 20, 21 e 22 são chamadas
    cena.relogio.andar(days=1, hours=11, minutes=58)  # quarta 23h59: ainda no prazo
    await cena.minuto()
    assert await cena.entregar() == 0
    cena.relogio.andar(minutes=1)  # quinta 0h: acabou, mas os avisos esperam a manhã
    await cena.minuto()
    assert await cena.entregar() == 0
    cena.relogio.andar(hours=8)  # quinta 8h
    await cena.minuto()
    await cena.minuto()  # o tique seguinte não faz nada a mais
    assert await cena.entregar() == 6  # 3 avisos de prazo vencido + 3 chamadas
    assert p[13].ultima.texto.startswith("O prazo para responder à chamada do curso")
    await p[13].toca("Confirmo", em=p[13].recebidas[0])  # tarde demais
    assert p[13].ultima.texto.startswith(texto("convocacao.prazo_acabou"))
    await p[20].toca("Confirmo")
    await p[21].toca("Confirmo")
    assert await cena.matriculados() == 14

    # a 22ª (chamada na quinta 0h, prazo até domingo 23h59) fica calada; a 23ª é chamada
    cena.relogio.andar(days=4)  # segunda 8h
    await cena.minuto()
    assert await cena.entregar() == 2
    await p[23].toca("Confirmo")
    assert await cena.matriculados() == 15
    assert p[24].recebidas == []

    # a técnica vê a turma fechada
    await tecnica.comando("/menu")
    await tecnica.toca("Convocar")
    await tecnica.toca("T0")
    painel = tecnica.ultima.texto
    assert "15 vagas: 15 matriculados, 0 aguardando resposta, 0 sem ninguém." in painel
    assert "Recusaram: 4. Sem resposta no prazo: 4." in painel
    assert tecnica.ultima.rotulos == ["Ver situação", "Outra turma"]
    await tecnica.toca("Ver situação")
    assert "Matriculados (15):" in tecnica.ultima.texto
    assert all("parse_mode" not in m for m in cena.api.enviadas())  # texto puro, sempre
    assert await id_da_turma(cena.sessoes.kw["bind"]) > 0


def test_r5_agendador_tem_a_tarefa_de_minuto_em_minuto(sessoes: Sessoes) -> None:
    agendador = criar_agendador(sessoes.kw["bind"], [])
    tarefa = agendador.get_job("convocacoes")
    assert tarefa is not None
    assert tarefa.trigger.interval.total_seconds() == 60
