"""R5: a tarefa de minuto em minuto (`cuidar_das_convocacoes`) com o relógio adiantado.

Lembrete uma vez antes do prazo; prazo vencido expira, avisa a pessoa e chama o próximo
da lista; lista acabada avisa a OSC uma vez; rodar duas vezes (ou em dois processos ao
mesmo tempo) não muda nada a mais.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

from armazenamento.banco import criar_motor
from fluxos.ajustes import Ajustes
from fluxos.convocacao import Rodada, cuidar_das_convocacoes
from fluxos.motor import Motor
from mensagens.catalogo import texto
from tests.conversa import Conversa
from tests.fluxos.convocacao.conftest import (
    Relogio,
    chat,
    convocar_direto,
    encaminhar,
    id_da_turma,
    mensagens,
    pessoa,
    situacoes,
    total_de_envios,
)
from tests.fluxos.equipe.conftest import Convidar


async def _rodar(motor: Motor, relogio: Relogio, ajustes: Ajustes | None = None) -> Rodada:
    return await cuidar_das_convocacoes(motor.banco, relogio(), ajustes)


async def test_r5_lembrete_vai_uma_vez_no_dia_antes_do_prazo(
    motor: Motor, relogio: Relogio
) -> None:
    await encaminhar(motor.banco, 20)
    turma = await id_da_turma(motor.banco)
    convocacoes = await convocar_direto(motor, turma, 15)
    await pessoa(motor, 1).aperta(f"cmd:conv_sim {convocacoes[0]}")

    # prazo: quarta-feira, 13, até 23h59; o lembrete vai na terça, 12, às 9h (de Bauru)
    relogio.andar(days=1, hours=20, minutes=59)  # terça, 8h59: ainda não
    assert await _rodar(motor, relogio) == Rodada()
    relogio.andar(minutes=1)
    assert await _rodar(motor, relogio) == Rodada(lembradas=14)
    assert await _rodar(motor, relogio) == Rodada()  # de novo: nada

    [_, lembrete] = await mensagens(motor.banco, chat(2))
    assert lembrete.texto == (
        "Pessoa, sua vaga no curso de Confeitaria está esperando a sua resposta. "
        "Responda até quarta-feira, 13 de janeiro. Você vai fazer o curso?"
    )
    assert [b.valor for b in lembrete.botoes] == [
        f"cmd:conv_sim {convocacoes[1]}",
        f"cmd:conv_nao {convocacoes[1]}",
    ]
    assert len(await mensagens(motor.banco, chat(1))) == 1  # quem confirmou não é lembrada
    [resposta] = await pessoa(motor, 2).aperta(lembrete.botoes[0].valor)
    assert resposta.texto.startswith("Pronto!")


async def test_r5_prazo_vencido_expira_avisa_e_chama_o_proximo(
    motor: Motor, relogio: Relogio
) -> None:
    await encaminhar(motor.banco, 40)
    turma = await id_da_turma(motor.banco)
    convocacoes = await convocar_direto(motor, turma, 15)
    for i in range(5):
        await pessoa(motor, i + 1).aperta(f"cmd:conv_sim {convocacoes[i]}")
    relogio.andar(days=1)
    await pessoa(motor, 6).aperta(f"cmd:conv_nao {convocacoes[5]}")  # chama a 16ª

    relogio.andar(days=2, hours=12)  # quinta, 0h: o prazo de quarta acabou
    assert (await _rodar(motor, relogio)).expiradas == 0  # de madrugada, ninguém é chamado
    relogio.andar(hours=8)  # quinta, 8h
    rodada = await _rodar(motor, relogio)

    # 9 sem resposta expiram; a 16ª, chamada depois, ainda está no prazo (e é lembrada)
    assert rodada == Rodada(lembradas=1, expiradas=9, convocadas=9)
    assert await situacoes(motor.banco, turma) == {
        "confirmada": 5,
        "recusada": 1,
        "expirada": 9,
        "pendente": 10,
        "matriculados": 5,
    }
    [_, aviso] = await mensagens(motor.banco, chat(7))
    assert aviso.texto.startswith("O prazo para responder à chamada do curso de Confeitaria")
    assert [len(await mensagens(motor.banco, chat(p))) for p in (17, 25, 26)] == [1, 1, 0]
    envios = await total_de_envios(motor.banco)
    assert await _rodar(motor, relogio) == Rodada()  # idempotente
    assert await total_de_envios(motor.banco) == envios

    [atrasada] = await pessoa(motor, 7).aperta(f"cmd:conv_sim {convocacoes[6]}")
    assert atrasada.texto == texto("convocacao.prazo_acabou")
    assert (await situacoes(motor.banco, turma))["matriculados"] == 5


async def test_r5_quem_foi_chamado_ja_perto_do_prazo_nao_recebe_lembrete(
    motor: Motor, relogio: Relogio
) -> None:
    await encaminhar(motor.banco, 3)
    turma = await id_da_turma(motor.banco)
    await convocar_direto(motor, turma, 3)  # prazo de 3 dias
    longo = Ajustes(lembrar_convocacao_antes=timedelta(days=5))

    assert await _rodar(motor, relogio, longo) == Rodada()
    relogio.andar(hours=1)
    assert await _rodar(motor, relogio, longo) == Rodada()
    assert [len(await mensagens(motor.banco, chat(p))) for p in (1, 2, 3)] == [1, 1, 1]


async def test_r5_lista_acabou_avisa_a_osc_uma_vez_por_turma(
    motor: Motor, relogio: Relogio, convidar: Convidar
) -> None:
    tecnica = Conversa(motor, chat_id="900", canal="telegram")  # um canal que entrega depois
    await tecnica.comando("start", (await convidar("osc")).token)
    await encaminhar(motor.banco, 17)
    turma = await id_da_turma(motor.banco)
    convocacoes = await convocar_direto(motor, turma, 15)

    await pessoa(motor, 1).aperta(f"cmd:conv_nao {convocacoes[0]}")  # chama a 16ª
    await pessoa(motor, 2).aperta(f"cmd:conv_nao {convocacoes[1]}")  # chama a 17ª
    assert await mensagens(motor.banco, tecnica.chat_id) == []
    await pessoa(motor, 3).aperta(f"cmd:conv_nao {convocacoes[2]}")  # ninguém mais

    [aviso] = await mensagens(motor.banco, tecnica.chat_id)
    assert aviso.texto == (
        "Turma T0 (Confeitaria): a lista de pessoas encaminhadas acabou e ainda há 1 vaga "
        "sem ninguém. "
        "Peça ao CRAS mais nomes para este curso."
    )
    relogio.andar(days=3, hours=20)  # quinta, 8h: o prazo de quarta acabou à meia-noite
    assert (await _rodar(motor, relogio)).expiradas == 14
    assert len(await mensagens(motor.banco, tecnica.chat_id)) == 1  # uma vez por turma


async def test_r5_dois_processos_ao_mesmo_tempo_nao_duplicam(
    motor: Motor, relogio: Relogio, url_banco: str
) -> None:
    await encaminhar(motor.banco, 40)
    turma = await id_da_turma(motor.banco)
    await convocar_direto(motor, turma, 15)
    relogio.andar(days=3, hours=20)  # quinta, 8h: o prazo de quarta acabou à meia-noite
    bancos = [criar_motor(url_banco) for _ in range(3)]
    try:
        rodadas = await asyncio.gather(*(cuidar_das_convocacoes(b, relogio()) for b in bancos))
    finally:
        for b in bancos:
            await b.dispose()

    assert sum(r.expiradas for r in rodadas) == 15
    assert sum(r.convocadas for r in rodadas) == 15
    assert await situacoes(motor.banco, turma) == {
        "expirada": 15,
        "pendente": 15,
        "matriculados": 0,
    }
    assert await total_de_envios(motor.banco) == 15 + 15 + 15  # chamadas, avisos, chamadas
