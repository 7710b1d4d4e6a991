"""R21 de ponta a ponta em cada canal (o `palco`): Telegram (Application real do PTB,
Bot API falsa) e WhatsApp (webhook assinado, fila com janela de 24 h, Graph API falsa).

A técnica da OSC suspende uma semana pelo chat; o despachante entrega os avisos às pessoas
e ao instrutor, e os lembretes que estavam na fila para aquelas aulas não saem. Uma
remarcação leva a aula e o lembrete para a nova data. A gestão suspende todas as turmas
de um dia.

No WhatsApp as pessoas não escrevem há dias: o aviso chega no modelo `aviso_programa` (o
texto do aviso numa linha só, como a Meta aceita) e o lembrete no `lembrete_aula`, com
"Vou" / "Não vou poder"; a equipe, que acabou de falar com o assistente, recebe livre.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from armazenamento.banco import transacao
from armazenamento.equipe import Escopo, criar_convite
from fluxos.lembretes import gerar_lembretes
from tests.bot.canais_de_conversa import Palco, PalcoTelegram, Pessoa
from tests.fluxos.dados_lembretes import AGORA
from tests.fluxos.suspensao.conftest import Relogio, Semana, montar_semana

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

TECNICA, INSTRUTOR, GESTAO = 9_100_001, 9_100_002, 9_100_003
Sessoes = async_sessionmaker[AsyncSession]


@dataclass
class Cena:
    palco: Palco
    relogio: Relogio
    semana: Semana

    @property
    def banco(self) -> AsyncEngine:
        return self.palco.banco

    def pessoa(self, chat: int) -> Pessoa:
        return self.palco.pessoa(chat)

    async def entregar(self) -> int:
        return await self.palco.entregar()

    async def entrar(self, chat: int, escopo: Escopo) -> Pessoa:
        async with transacao(self.banco) as c:
            convite = await criar_convite(c, escopo, AGORA)
        conversa = self.pessoa(chat)
        await conversa.comando(f"/start {convite.token}")
        return conversa


@pytest.fixture
def relogio_da_conversa() -> Relogio:
    return Relogio()


@pytest.fixture
async def programa_da_conversa() -> None:
    """A semana (`montar_semana`) semeia o programa, com as conversas do canal aberto."""


@pytest.fixture
async def cena(sessoes: Sessoes, palco: Palco, relogio_da_conversa: Relogio) -> AsyncIterator[Cena]:
    chat = palco.chat_id
    semana = await montar_semana(sessoes, palco.banco, palco.canal, lambda c: chat(int(c)))
    yield Cena(palco, relogio_da_conversa, semana)


@pytest.mark.so_no_canal("telegram", 'o WhatsApp não tem menu "/"')
async def test_r21_o_menu_barra_da_osc_tem_suspender_e_o_do_instrutor_nao(cena: Cena) -> None:
    await cena.entrar(TECNICA, Escopo("osc", osc_id=1))
    await cena.entrar(INSTRUTOR, Escopo("instrutor", turma_id=cena.semana.turmas["T0"]))
    assert isinstance(cena.palco, PalcoTelegram)
    assert "suspender" in cena.palco.api.menus(TECNICA)[-1][1]
    assert "suspender" not in cena.palco.api.menus(INSTRUTOR)[-1][1]


async def test_r21_osc_suspende_a_semana(cena: Cena) -> None:
    tecnica = await cena.entrar(TECNICA, Escopo("osc", osc_id=1))
    await cena.entrar(INSTRUTOR, Escopo("instrutor", turma_id=cena.semana.turmas["T0"]))
    assert await gerar_lembretes(cena.banco, AGORA) == 4  # terça: T0 (3) e S1 (1)

    await tecnica.toca("Suspender aulas")
    await tecnica.toca("Todas as turmas")
    await tecnica.diz("de 02/03 a 05/03")
    await tecnica.toca("Chuva ou enchente")
    assert "Recebem o aviso por aqui: 4 pessoas e 1 instrutor(a)." in tecnica.ultima.texto
    confirmar = tecnica.ultima
    await tecnica.toca("Sim, suspender")
    assert tecnica.ultima.texto.startswith("Pronto! Suspensos: 3 encontros.")
    await tecnica.toca("Sim, suspender", em=confirmar)  # toque duplo
    assert tecnica.ultima.texto.startswith("Esse botão é de uma mensagem antiga")

    assert await cena.entregar() == 6  # 4 avisos, 1 instrutor e o lembrete da S1
    for chat in (501, 502, 503, 601):
        recebidas = cena.pessoa(chat).recebidas
        assert len(recebidas) == 1, chat  # o aviso, e nenhum lembrete da data velha
        assert "Aviso do seu curso: estas aulas foram suspensas." in recebidas[0].texto
    assert "- Confeitaria: quinta-feira, 4 de março, às 14h" in cena.pessoa(501).ultima.texto
    assert "- Corte e costura: quarta-feira, 3 de março, às 8h" in cena.pessoa(601).ultima.texto
    instrutor = cena.pessoa(INSTRUTOR).ultima.texto
    assert instrutor.startswith("Aulas suspensas pela equipe do programa.\n- T0: terça-feira")
    assert "manhã, terça-feira, 2 de março, tem aula" in cena.pessoa(701).ultima.texto
    assert cena.pessoa(509).recebidas == []  # matrícula cancelada
    assert await cena.entregar() == 0  # nada duas vezes

    # "Não vou poder" no lembrete antigo de uma aula suspensa
    await cena.pessoa(501).toca_dado(f"cmd:aula_falta {cena.semana.encontros[('T0', 2)]}", "1")
    assert cena.pessoa(501).ultima.texto == "Essa aula foi cancelada. Não precisa avisar nada."


async def test_r21_remarcar_leva_a_aula_e_o_lembrete(cena: Cena) -> None:
    tecnica = await cena.entrar(TECNICA, Escopo("osc", osc_id=1))
    await tecnica.comando("/suspender")
    await tecnica.toca("T0")
    await tecnica.diz("quinta")
    await tecnica.toca("Falta de energia")
    await tecnica.toca("Remarcar")
    await tecnica.diz("sexta às 9h")
    assert "para sexta-feira, 5 de março, às 9h." in tecnica.ultima.texto
    await tecnica.toca("Sim, remarcar")
    assert await cena.entregar() == 3
    aviso = cena.pessoa(502).ultima.texto
    assert "era quinta-feira, 4 de março, às 14h. Agora é sexta-feira, 5 de março, às 9h." in aviso

    # quinta, 18h: a rodada da véspera lembra da aula de sexta (não mais da quinta)
    cena.relogio.agora = AGORA.replace(day=4)
    assert await gerar_lembretes(cena.banco, cena.relogio.agora) == 3
    assert await cena.entregar() == 3
    lembrete = cena.pessoa(502).ultima
    assert "manhã, sexta-feira, 5 de março, tem aula de Confeitaria às 9h" in lembrete.texto
    await cena.pessoa(502).toca("Não vou poder")
    assert cena.pessoa(502).ultima.texto.startswith("Tudo bem, anotei que você não vai.")


async def test_r21_gestao_suspende_todas_as_turmas_de_um_dia(cena: Cena) -> None:
    gestao = await cena.entrar(GESTAO, Escopo("gestao"))
    await gestao.diz("suspender aulas")
    await gestao.toca("Todas as turmas")
    await gestao.toca("Amanhã")
    await gestao.toca("Emergência de saúde")
    await gestao.toca("Suspender")
    assert gestao.ultima.texto.startswith("Suspender 2 encontros de 2 turmas (S1, T0)")
    await gestao.toca("Sim, suspender")
    assert await cena.entregar() == 4
    assert "Aviso do seu curso" in cena.pessoa(701).ultima.texto
    assert "Motivo: Emergência de saúde." in cena.pessoa(701).ultima.texto
    assert cena.pessoa(601).recebidas == []  # a quarta da T1 continua
