"""A história inteira da issue 10 pelo Telegram de verdade (R16, R17, R19, R20): a
Application do PTB, o motor real, a Bot API falsa e o despachante real da fila, com um
relógio que anda dia a dia.

Quarta, quinta e sexta, o instrutor da T0 faz a chamada e o Bruno falta (um toque, o nome
digitado, o número digitado). Logo depois da terceira, a técnica social da OSC e a técnica
do CRAS do território do Bruno recebem o alerta; o Bruno recebe a mensagem de cuidado,
pede ajuda e conversa com a técnica. No sábado a técnica acompanha, anota e confirma a
desistência; o Bruno é avisado com cuidado, o Acessuas também; na segunda às 8h o resumo
da semana chega com a planilha, uma vez só. Por fim o Bruno pede a frequência.

Em todo passo: cada chat recebe exatamente o que deve (nada duas vezes, nada para o papel
errado) e nenhum texto tem chave crua do catálogo nem "{campo}" sem preencher.

Só no Telegram: a história conta mensagens por chat, passo a passo, e a equipe entrou no
dia 12 — no WhatsApp, do dia 15 em diante ela está fora da janela de 24 h e os avisos
chegam em modelos sem os botões da história (outra conversa, não a mesma com outra
roupa). Cada pedaço dela roda no WhatsApp nos testes do seu assunto: a chamada
(test_telegram_chamada), o alerta, o cuidado e o alerta por modelo (test_telegram_evasao),
o pedido de ajuda (test_telegram_pedido_ajuda), o Acessuas e a planilha
(test_telegram_acessuas).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.agendador import criar_agendador
from tests.bot.palco_historia import (
    ACESSUAS,
    ANA,
    BRUNO,
    CARLA,
    CRAS_DO_BRUNO,
    INSTRUTOR,
    TECNICA,
    Elenco,
    Historia,
    chamada,
    elenco,
    montar_historia,
    textos_sem_chave_nem_campo,
    turma_t0,
)
from tests.bot.pessoa_telegram import Recebida
from tests.falsos.bot_api import Arquivo
from tests.fluxos.dados_evasao import alertas, notas, situacao_da_matricula

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


@pytest.fixture
async def historia(sessoes: async_sessionmaker[AsyncSession]) -> AsyncIterator[Historia]:
    async with montar_historia(sessoes) as h:
        yield h


async def _tres_chamadas(h: Historia, e: Elenco) -> None:
    """1. Quarta, quinta e sexta: um toque, o nome digitado, o número digitado (R16)."""
    resumo = "Chamada salva. 3 na turma: 2 presentes, 1 falta."
    h.no_dia(13)
    assert await chamada(h, e.instrutor, toca="2 ✅ Bruno C.") == resumo
    assert await h.entregar() == {INSTRUTOR: 2}  # a lista e o resumo; ninguém mais
    h.no_dia(14)
    assert await chamada(h, e.instrutor, digita="faltou o Bruno") == resumo
    assert await h.entregar() == {INSTRUTOR: 3}  # digitar manda a lista de novo, embaixo
    assert await alertas(h.banco) == []  # duas faltas seguidas: ainda não
    h.no_dia(15)
    assert await chamada(h, e.instrutor, digita="2") == resumo


async def _alerta_logo_depois(h: Historia, e: Elenco) -> Recebida:
    """2. Logo depois da terceira chamada: o alerta à OSC da turma e ao CRAS do Bruno, com
    as ações; a mensagem de cuidado ao Bruno (R17). Devolve a mensagem de cuidado."""
    assert await h.entregar() == {INSTRUTOR: 3, TECNICA: 1, CRAS_DO_BRUNO: 1, BRUNO: 1}
    aviso = e.tecnica.ultima
    assert aviso.texto.startswith("Alerta de evasão: Bruno Costa, turma T0 (Confeitaria)")
    assert aviso.rotulos == ["Vou acompanhar", "Confirma desistência", "Falso alarme", "Anotar"]
    assert (e.cras.ultima.texto, e.cras.ultima.rotulos) == (aviso.texto, aviso.rotulos)
    (cuidado,) = e.bruno.recebidas
    assert cuidado.texto.startswith("Oi, Bruno. Sentimos sua falta nas últimas aulas")
    assert cuidado.rotulos == ["Quero continuar", "Preciso de ajuda", "Vou desistir"]
    return cuidado


async def _pedido_de_ajuda(h: Historia, e: Elenco, cuidado: Recebida) -> None:
    """3. O Bruno pede ajuda; a técnica responde; a conversa segue com ela (R20)."""
    await e.bruno.toca("Preciso de ajuda", em=cuidado)
    assert e.bruno.ultima.texto.endswith("Escreva numa mensagem só o que você precisa.")
    await e.bruno.diz("Perdi o emprego e estou sem dinheiro para o ônibus.")
    assert e.bruno.ultima.texto.startswith("Pronto! Seu pedido foi para a equipe")
    assert await h.entregar() == {BRUNO: 2, TECNICA: 1}  # o pedido só à OSC da turma
    pedido = e.tecnica.ultima
    assert pedido.texto.startswith("Pedido de ajuda nº 1 de Bruno Costa (turma T0):")
    assert "sem dinheiro para o ônibus" in pedido.texto
    await e.tecnica.toca("Responder", em=pedido)
    await e.tecnica.diz("Bruno, temos passe de ônibus para você. Passe aqui na segunda às 9h.")
    assert e.tecnica.ultima.texto.startswith("Enviada. O que você escrever agora também vai")
    await e.tecnica.toca("Pronto")  # o que ela escrever depois não vai mais para o Bruno
    assert await h.entregar() == {TECNICA: 3, BRUNO: 1}
    resposta = e.bruno.ultima.texto
    assert resposta.startswith("Mensagem de técnico(a) social da instituição do seu")
    assert "Instituto Esperança" in resposta and "passe de ônibus" in resposta
    await e.bruno.diz("Obrigado! Mas arrumei um bico de dia, acho que não consigo voltar.")
    assert "Você está falando com: técnico(a) social" in e.bruno.ultima.texto
    assert await h.entregar() == {BRUNO: 1, TECNICA: 1}
    assert e.tecnica.ultima.texto == (
        "Pedido nº 1: Bruno Costa escreveu:\n"
        "Obrigado! Mas arrumei um bico de dia, acho que não consigo voltar."
    )


async def _desistencia_confirmada(h: Historia, e: Elenco) -> None:
    """4. Sábado: a técnica abre o alerta, acompanha, anota e confirma (R17, R20)."""
    h.no_dia(16, hora=10)
    await e.tecnica.comando("/alertas")
    assert e.tecnica.ultima.texto.startswith("Alertas de evasão em aberto (1 a 1 de 1):")
    await e.tecnica.toca("Bruno Costa")
    assert "Bruno Costa" in e.tecnica.ultima.texto
    await e.tecnica.toca("Vou acompanhar")
    assert e.tecnica.ultima.texto.startswith("Combinado: você está acompanhando Bruno Costa.")
    await e.tecnica.toca("Anotar")
    await e.tecnica.diz("Conversei com ele: começou a trabalhar de dia. Vai procurar o CRAS.")
    assert e.tecnica.ultima.texto == "Anotação guardada no alerta de Bruno Costa."
    await e.tecnica.toca("Ver alerta")
    assert "começou a trabalhar de dia" in e.tecnica.ultima.texto
    await e.tecnica.toca("Confirma desistência")  # pergunta antes, com o motivo (R19)
    assert e.tecnica.ultima.texto.startswith("Confirmar a desistência de Bruno Costa?")
    assert await situacao_da_matricula(h.banco, h.bruno) == "ativa"  # nada mudou ainda
    await e.tecnica.toca("Começou a trabalhar")  # o que a nota dela contou
    assert e.tecnica.ultima.texto.startswith("Desistência de Bruno Costa confirmada.")
    assert await situacao_da_matricula(h.banco, h.bruno) == "desistente"
    assert await alertas(h.banco) == [(h.bruno, "faltas_seguidas", "confirmado", "")]
    assert len(await notas(h.banco)) == 1
    await e.cras.toca("Vou acompanhar", em=e.cras.ultima)  # a do CRAS, no aviso velho
    assert e.cras.ultima.texto == (
        "Este alerta já foi decidido por outra pessoa da equipe. "
        "Situação agora: desistência confirmada."
    )


async def _acessuas_avisado(h: Historia, e: Elenco) -> None:
    """5a. O Bruno sabe com cuidado; o Acessuas recebe um aviso sem nome e vê a lista (R19)."""
    assert await h.entregar() == {TECNICA: 8, CRAS_DO_BRUNO: 1, BRUNO: 1, ACESSUAS: 1}
    assert e.bruno.ultima.texto.startswith("Anotamos que você saiu do curso de Confeitaria.")
    assert "Acessuas" in e.bruno.ultima.texto
    assert "Bruno" not in e.acessuas.ultima.texto  # a notificação aparece na tela bloqueada
    await e.acessuas.toca("Ver desistências")
    await e.acessuas.comando("/desistentes")
    lista = e.acessuas.ultima.texto
    assert "Bruno Costa" in lista and "CRAS Nova Esperança" in lista and "Confeitaria" in lista
    assert "Frequência: 0 h de 12 h (0%). Motivo: Começou a trabalhar." in lista
    assert e.acessuas.recebidas[-2].texto == lista  # o botão e o comando: a mesma lista
    assert h.novas() == {ACESSUAS: 2}
    await e.bruno.toca("Quero continuar", em=e.bruno.recebidas[0])  # o recado velho
    assert e.bruno.ultima.texto.startswith("Que bom que você quer continuar!")
    assert await h.entregar() == {BRUNO: 1, TECNICA: 1}  # a OSC decide se ele volta
    assert "quer continuar no curso" in e.tecnica.ultima.texto
    await e.bruno.toca("Quero continuar", em=e.bruno.recebidas[0])  # de novo: uma vez só
    assert await h.entregar() == {BRUNO: 1}


async def _resumo_da_semana(h: Historia, e: Elenco) -> None:
    """5b. Segunda às 8h (INCLUSAO_ACESSUAS_RESUMO): a tarefa do agendador manda a planilha
    uma vez; rodar de novo (outro processo, reinício) não manda nada (R19)."""
    h.no_dia(18, hora=8)
    tarefa = criar_agendador(h.banco, [], relogio=h.relogio).get_job("resumo_acessuas")
    assert tarefa is not None and "day_of_week='mon', hour='8'" in str(tarefa.trigger)
    await tarefa.func()
    assert await h.entregar() == {ACESSUAS: 1}
    await tarefa.func()
    assert await h.entregar() == {}
    [documento] = h.api.documentos(ACESSUAS)
    assert documento["caption"].startswith("Acessuas Trabalho, resumo da semana")
    arquivo = documento["document"]
    assert isinstance(arquivo, Arquivo) and arquivo.nome.endswith(".xlsx")
    folha = load_workbook(BytesIO(arquivo.dados)).active
    assert folha is not None
    linhas = list(folha.iter_rows(min_row=6, values_only=True))
    assert [(x[0], x[3], x[4], x[8], x[9]) for x in linhas] == [
        ("Bruno Costa", "CRAS Nova Esperança", "Confeitaria", 0.0, "Começou a trabalhar")
    ]


async def _depois(h: Historia, e: Elenco) -> None:
    """6. A chamada de segunda já não tem o Bruno; a /frequencia dele diz com cuidado que
    ele saiu do curso, não que "ainda não está em uma turma" (R16, R19)."""
    await e.instrutor.comando("/chamada")
    assert e.instrutor.ultima.rotulos[:3] == ["1 ✅ Ana S.", "2 ✅ Carla D.", "Todos presentes"]
    await e.instrutor.toca("Concluir")
    assert e.instrutor.ultima.texto == "Chamada salva. 2 na turma: todos presentes."
    await e.bruno.comando("/frequencia")
    assert e.bruno.ultima.texto.startswith(
        "Sua matrícula na turma T0 (Confeitaria) foi encerrada em 16/01/2027."
    )
    assert e.bruno.ultima.rotulos == ["Ver minha inscrição"]
    assert await h.entregar() == {INSTRUTOR: 2, BRUNO: 1}


def _ninguem_de_fora(h: Historia, e: Elenco) -> None:
    """Nada ao instrutor além das chamadas (nem alerta, nem pedido), nada ao CRAS de outro
    território, nada às colegas; nenhum texto com chave crua ou campo sem preencher."""
    assert len(e.outro_cras.recebidas) == e.boas_vindas
    assert h.no_chat(ANA).recebidas == [] and h.no_chat(CARLA).recebidas == []
    depois_de_entrar = e.instrutor.recebidas[e.boas_vindas :]
    assert all(m.texto.startswith(("Chamada", "Anotei:")) for m in depois_de_entrar)
    textos_sem_chave_nem_campo(h.api)


async def test_r16_r17_r19_r20_a_historia_do_bruno_da_chamada_ao_acessuas(
    historia: Historia,
) -> None:
    h = historia
    await turma_t0(h)
    e = await elenco(h)
    await _tres_chamadas(h, e)
    cuidado = await _alerta_logo_depois(h, e)
    await _pedido_de_ajuda(h, e, cuidado)
    await _desistencia_confirmada(h, e)
    await _acessuas_avisado(h, e)
    await _resumo_da_semana(h, e)
    await _depois(h, e)
    _ninguem_de_fora(h, e)
