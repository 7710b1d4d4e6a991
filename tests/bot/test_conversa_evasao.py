"""R17/R20 de ponta a ponta em cada canal (o `palco`): Telegram (Application real do
PTB, Bot API falsa) e WhatsApp (webhook assinado, fila com janela de 24 h, Graph API falsa).

Uma pessoa vai sumindo das aulas (as marcas da chamada entram direto no banco); a
verificação da noite abre o alerta; a fila entrega o aviso à técnica da OSC e a mensagem
de cuidado à pessoa. A técnica toca "Vou acompanhar", anota o acompanhamento e, depois,
confirma a desistência; a pessoa responde digitando. Um técnico de outra OSC que toca no
botão encaminhado ouve "Não encontrado." e nada muda.

No WhatsApp a pessoa que sumiu não escreve há dias: a mensagem de cuidado chega no modelo
aprovado (`recado_cuidado`), com os mesmos três botões; a técnica, que acabou de falar com
o assistente, recebe o alerta como mensagem livre.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from armazenamento.banco import transacao
from armazenamento.equipe import Escopo, criar_convite
from armazenamento.modelos import Osc
from bot.agendador import criar_agendador
from fluxos.evasao import verificar_a_noite, verificar_turmas
from fluxos.regras.evasao import RegrasEvasao
from mensagens.catalogo import texto
from tests.bot.canais_de_conversa import Palco, Pessoa
from tests.fluxos.convocacao.conftest import Relogio
from tests.fluxos.dados_evasao import (
    MANHA,
    NOITE,
    alertas,
    chamadas,
    encontros,
    notas,
    nova_osc,
    situacao_da_matricula,
)
from tests.fluxos.dados_lembretes import matricular, semear

PESSOA, COLEGA, TECNICA, INTRUSO = 7_500_001, 7_500_002, 7_500_100, 7_500_200
Sessoes = async_sessionmaker[AsyncSession]


@dataclass
class Cena:
    palco: Palco
    relogio: Relogio
    matricula: int

    @property
    def banco(self) -> AsyncEngine:
        return self.palco.banco

    def no_chat(self, chat: int) -> Pessoa:
        return self.palco.pessoa(chat)

    async def entregar(self) -> int:
        return await self.palco.entregar()

    async def equipe(self, chat: int, osc_id: int | None = None) -> Pessoa:
        async with transacao(self.banco) as c:
            osc = osc_id or int((await c.execute(sa.select(sa.func.min(Osc.id)))).scalar_one())
            convite = await criar_convite(c, Escopo("osc", osc_id=osc), self.relogio())
        tecnico = self.no_chat(chat)
        await tecnico.comando(f"/start {convite.token}")
        return tecnico


@pytest.fixture
def relogio_da_conversa() -> Relogio:
    return Relogio(MANHA)  # a verificação de todas as turmas roda às 7h


@pytest.fixture
async def programa_da_conversa(sessoes: Sessoes) -> dict[str, int]:
    return await semear(sessoes)


@pytest.fixture
async def cena(
    palco: Palco, programa_da_conversa: dict[str, int], relogio_da_conversa: Relogio
) -> AsyncIterator[Cena]:
    banco, t0, chat = palco.banco, programa_da_conversa["T0"], palco.chat_id
    ids = await encontros(banco, t0, 40)
    sumindo = await matricular(banco, t0, chat(PESSOA), palco.canal)
    colega = await matricular(banco, t0, chat(COLEGA), palco.canal)
    await chamadas(banco, ids, {sumindo: "PPPFFF", colega: "PPPPPP"})
    yield Cena(palco, relogio_da_conversa, sumindo)


async def test_r17_pessoa_sumindo_alerta_acompanhamento_e_desistencia(cena: Cena) -> None:
    tecnica = await cena.equipe(TECNICA)
    assert "Alertas" in tecnica.ultima.rotulos  # o menu da OSC tem os alertas

    # de manhã: um alerta, um aviso para a técnica e a mensagem de cuidado para a pessoa
    assert await verificar_a_noite(cena.banco, cena.relogio()) == 1
    assert await cena.entregar() == 2
    aviso = tecnica.ultima
    assert aviso.texto.startswith("Alerta de evasão: Pessoa de Teste, turma T0 (Confeitaria)")
    pessoa = cena.no_chat(PESSOA)
    (cuidado,) = pessoa.recebidas
    assert cuidado.texto.startswith("Oi, Pessoa")
    assert "Sentimos sua falta" in cuidado.texto
    assert cuidado.rotulos == ["Quero continuar", "Preciso de ajuda", "Vou desistir"]
    assert cuidado.dado("Preciso de ajuda").startswith("cmd:pedir_ajuda ")
    assert cena.no_chat(COLEGA).recebidas == []

    # a técnica acompanha e anota
    await tecnica.toca("Vou acompanhar", em=aviso)
    assert tecnica.ultima.texto.startswith("Combinado: você está acompanhando Pessoa de Teste.")
    await tecnica.toca("Anotar", em=aviso)
    await tecnica.diz("Liguei para ela: perdeu o emprego e está sem passe de ônibus.")
    assert tecnica.ultima.texto == "Anotação guardada no alerta de Pessoa de Teste."
    await tecnica.toca("Ver alerta")
    assert "sem passe de ônibus" in tecnica.ultima.texto

    # a pessoa responde digitando
    await pessoa.diz("Quero continuar!")
    assert pessoa.ultima.texto == texto("evasao.continuar")
    assert await cena.entregar() == 1
    assert tecnica.ultima.texto.endswith("respondeu que quer continuar no curso.")

    # um técnico de outra OSC toca no botão encaminhado: nada muda
    intruso = await cena.equipe(INTRUSO, await nova_osc(cena.banco))
    await intruso.toca_dado(aviso.dado("Confirma desistência"), aviso.message_id)
    assert intruso.ultima.texto == "Não encontrado."
    await intruso.toca_dado(aviso.dado("Anotar"), aviso.message_id)
    assert intruso.ultima.texto == "Não encontrado."
    assert await situacao_da_matricula(cena.banco, cena.matricula) == "ativa"

    # semanas depois, a técnica confirma a desistência pela tela do alerta
    cena.relogio.andar(days=21)
    await tecnica.comando("/alertas")
    assert tecnica.ultima.texto.startswith("Alertas de evasão em aberto (1 a 1 de 1):")
    await tecnica.toca("Pessoa de Teste")
    assert "A pessoa respondeu que quer continuar." in tecnica.ultima.texto
    await tecnica.toca("Confirma desistência")
    assert tecnica.ultima.texto.startswith("Confirmar a desistência de Pessoa de Teste?")
    await tecnica.toca("Faltas seguidas")
    assert tecnica.ultima.texto.startswith("Desistência de Pessoa de Teste confirmada.")
    assert await situacao_da_matricula(cena.banco, cena.matricula) == "desistente"
    assert await alertas(cena.banco) == [
        (cena.matricula, "faltas_seguidas", "confirmado", "continuar")
    ]
    assert len(await notas(cena.banco)) == 1
    cena.palco.conferir_entregas()


async def test_r17_pessoa_diz_que_vai_desistir_pelo_botao(cena: Cena) -> None:
    tecnica = await cena.equipe(TECNICA)
    await verificar_a_noite(cena.banco, cena.relogio())
    await cena.entregar()
    pessoa = cena.no_chat(PESSOA)
    await pessoa.toca("Vou desistir")
    assert pessoa.ultima.texto == texto("evasao.desistir.pergunta")
    await pessoa.diz("sim")
    assert pessoa.ultima.texto == texto("evasao.desistir.anotado")
    assert await cena.entregar() == 1
    assert "disse pelo chat que vai desistir" in tecnica.ultima.texto
    assert tecnica.ultima.rotulos[:2] == ["Vou acompanhar", "Confirma desistência"]


def test_r17_agendador_verifica_as_7h_nao_de_noite(sessoes: Sessoes) -> None:
    tarefa = criar_agendador(sessoes.kw["bind"], []).get_job("evasao")
    assert tarefa is not None
    assert "hour='7'" in str(tarefa.trigger)


async def test_r17_alerta_aberto_de_noite_a_mensagem_de_cuidado_espera_as_7h(
    cena: Cena,
) -> None:
    """A chamada da turma da noite abre o alerta às 22h: a técnica sabe na hora; a pessoa
    recebe "sentimos sua falta" só às 7h do dia seguinte (nunca das 21h às 7h)."""
    tecnica = await cena.equipe(TECNICA)
    cena.relogio.agora = NOITE  # 22h em Bauru
    async with transacao(cena.banco) as c:
        assert await verificar_turmas(c, cena.relogio(), RegrasEvasao()) == 1
    assert await cena.entregar() == 1
    assert tecnica.ultima.texto.startswith("Alerta de evasão: Pessoa de Teste")
    pessoa = cena.no_chat(PESSOA)
    assert pessoa.recebidas == []
    cena.relogio.andar(hours=8, minutes=59)  # 6h59
    assert await cena.entregar() == 0
    cena.relogio.andar(minutes=1)  # 7h
    assert await cena.entregar() == 1
    assert "Sentimos sua falta" in pessoa.recebidas[0].texto


@pytest.mark.so_no_canal("whatsapp", "a janela de 24 h é do WhatsApp")
async def test_r17_tecnica_sem_escrever_ha_dias_recebe_o_modelo_e_chega_ao_alerta(
    cena: Cena,
) -> None:
    """A técnica falou com o assistente há dois dias: fora da janela, o alerta vai no
    modelo aprovado `alerta_equipe` (sem os botões do alerta, que o modelo não tem); ela
    escreve "menu", como o modelo pede, e chega ao alerta pelo menu."""
    cena.relogio.andar(days=-2)
    tecnica = await cena.equipe(TECNICA)
    cena.relogio.andar(days=2)
    assert await verificar_a_noite(cena.banco, cena.relogio()) == 1
    assert await cena.entregar() == 2

    assert tecnica.modelos_recebidos == ["alerta_equipe"]
    aviso = tecnica.ultima.texto
    assert "Alerta de evasão: Pessoa de Teste, turma T0 (Confeitaria)" in aviso
    assert aviso.endswith("Para continuar, escreva menu.")
    await tecnica.diz("menu")
    await tecnica.toca("Alertas")
    await tecnica.toca("Pessoa de Teste")
    await tecnica.toca("Vou acompanhar")
    assert tecnica.ultima.texto.startswith("Combinado: você está acompanhando Pessoa de Teste.")
    cena.palco.conferir_entregas()
