"""R5/R7 de ponta a ponta nos dois canais de mensagem: motor real; Telegram com a Bot API
falsa, WhatsApp com o webhook assinado e a Graph API falsa.

Uma técnica da OSC (ligada pelo link do convite) convoca uma turma de 15 a partir de uma
lista de 40. As mensagens da convocação saem pela fila de envio (o despachante do canal
entrega; no WhatsApp, quem não escreveu nas últimas 24 h recebe o modelo aprovado, e o
toque no botão dele vale como o da mensagem livre); as pessoas tocam "Confirmo" ou "Não
posso" no celular, ou ficam caladas (o prazo passa com o relógio adiantado e a tarefa de
minuto em minuto chama o próximo). A turma termina com exatamente 15 matriculados.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from armazenamento.banco import transacao
from armazenamento.equipe import Escopo, criar_convite
from armazenamento.modelos import Matricula, Osc
from bot.agendador import criar_agendador
from fluxos.convocacao import cuidar_das_convocacoes
from mensagens.catalogo import texto
from tests.bot.canais_de_conversa import Palco, Pessoa
from tests.fluxos.conftest import AGORA
from tests.fluxos.convocacao.conftest import Relogio, chat, encaminhar, id_da_turma

TECNICA = 9_900_001


@pytest.fixture
def relogio_da_conversa() -> Relogio:
    return Relogio()


def relogio(palco: Palco) -> Relogio:
    assert isinstance(palco.relogio, Relogio)
    return palco.relogio


async def minuto(palco: Palco) -> None:
    """O tique de minuto em minuto da convocação, no relógio adiantado."""
    await cuidar_das_convocacoes(palco.banco, palco.relogio())


async def matriculados(palco: Palco) -> int:
    async with transacao(palco.banco) as c:
        consulta = sa.select(sa.func.count()).where(Matricula.situacao == "ativa")  # type: ignore[arg-type]
        return int((await c.execute(consulta)).scalar_one())


def da_lista(palco: Palco, posicao: int) -> Pessoa:
    return palco.pessoa(chat(posicao))


async def tecnica_da_osc(palco: Palco) -> Pessoa:
    async with transacao(palco.banco) as c:
        osc = int((await c.execute(sa.select(sa.func.min(Osc.id)))).scalar_one())
        convite = await criar_convite(c, Escopo("osc", osc_id=osc), AGORA)
    tecnica = palco.pessoa(TECNICA)
    await tecnica.comando(f"/start {convite.token}")
    boas_vindas, menu = tecnica.recebidas
    assert boas_vindas.texto.startswith("Pronto! Esta conversa agora é de técnico(a) da OSC")
    assert "Convocar" in menu.rotulos
    return tecnica


async def test_r5_osc_convoca_15_de_40_e_a_turma_fecha_com_15(palco: Palco) -> None:
    await encaminhar(palco.banco, 40, canal=palco.canal)
    tecnica = await tecnica_da_osc(palco)

    # a técnica convoca pela conversa
    await tecnica.toca("Convocar")
    await tecnica.toca("T0")
    assert "Na lista, ainda sem chamar: 40." in tecnica.ultima.texto
    await tecnica.toca("Convocar para vagas")
    assert "15 aguardando resposta" in tecnica.ultima.texto
    assert await palco.entregar() == 15

    p = {i: da_lista(palco, i) for i in range(1, 41)}
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
    assert await palco.entregar() == 3
    await p[16].toca("Confirmo")
    await p[17].toca("Confirmo")
    await p[18].toca("Não posso")
    assert await palco.entregar() == 1
    await p[19].toca("Confirmo")
    assert await matriculados(palco) == 11

    # toque repetido e botão encaminhado não mudam nada
    await p[1].toca("Confirmo", em=chamada)
    assert p[1].ultima.texto == texto("convocacao.ja_confirmada", curso="Confeitaria")
    botao_da_12 = p[12].ultima_com_botoes
    await p[30].toca_dado(botao_da_12.dado("Confirmo"), botao_da_12.message_id)
    assert p[30].ultima.texto == texto("convocacao.nao_achada")
    assert await matriculados(palco) == 11

    # no dia antes do prazo, o lembrete; a 12ª confirma por ele
    relogio(palco).andar(days=2, minutes=1)
    await minuto(palco)
    assert await palco.entregar() == 4
    lembrete = p[12].ultima.texto.lower()
    assert "sua vaga no curso de confeitaria" in lembrete and "esperando" in lembrete
    await p[12].toca("Confirmo")
    assert await matriculados(palco) == 12

    # o prazo vence no fim de quarta-feira: 13, 14 e 15 expiram e 20, 21 e 22 são chamadas
    relogio(palco).andar(days=1, hours=11, minutes=58)  # quarta 23h59: ainda no prazo
    await minuto(palco)
    assert await palco.entregar() == 0
    relogio(palco).andar(minutes=1)  # quinta 0h: acabou, mas os avisos esperam a manhã
    await minuto(palco)
    assert await palco.entregar() == 0
    relogio(palco).andar(hours=8)  # quinta 8h
    await minuto(palco)
    await minuto(palco)  # o tique seguinte não faz nada a mais
    assert await palco.entregar() == 6  # 3 avisos de prazo vencido + 3 chamadas
    assert "O prazo para responder à chamada do curso" in p[13].ultima.texto
    await p[13].toca("Confirmo", em=p[13].recebidas[0])  # tarde demais
    assert p[13].ultima.texto.startswith(texto("convocacao.prazo_acabou"))
    await p[20].toca("Confirmo")
    await p[21].toca("Confirmo")
    assert await matriculados(palco) == 14

    # a 22ª (chamada na quinta 0h, prazo até domingo 23h59) fica calada; a 23ª é chamada
    relogio(palco).andar(days=4)  # segunda 8h
    await minuto(palco)
    assert await palco.entregar() == 2
    await p[23].toca("Confirmo")
    assert await matriculados(palco) == 15
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
    assert palco.fora_do_canal() == []  # 15 nomes: no WhatsApp, numerados para escrever
    assert palco.texto_puro()
    assert await id_da_turma(palco.banco) > 0


def test_r5_agendador_tem_a_tarefa_de_minuto_em_minuto(sessoes: object) -> None:
    agendador = criar_agendador(sessoes.kw["bind"], [])  # type: ignore[attr-defined]
    tarefa = agendador.get_job("convocacoes")
    assert tarefa is not None
    assert tarefa.trigger.interval.total_seconds() == 60
