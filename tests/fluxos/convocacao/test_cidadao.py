"""R5 pelo lado do cidadão: a mensagem da convocação e os botões "Confirmo" / "Não posso",
conversando com o motor de verdade (os botões chegam como chegariam da fila de envio).

Entradas ruins: dois toques, toque depois do prazo, botão encaminhado tocado por outra
pessoa, id inventado, turma sem encontros ou apagada. Cada uma recebe uma resposta clara
e não muda o que não deve.
"""

from __future__ import annotations

import asyncio

import pytest
import sqlalchemy as sa

from armazenamento.banco import criar_motor, transacao
from armazenamento.modelos import Convocacao, Encontro, Matricula, PreInscricao, Turma
from fluxos.montagem import criar_motor_de_conversa
from fluxos.motor import Motor
from mensagens.catalogo import texto
from tests.conversa import Conversa
from tests.fluxos.convocacao.conftest import (
    CANAL,
    Relogio,
    chat,
    convocacao_de,
    convocar_direto,
    encaminhar,
    id_da_turma,
    mensagens,
    pessoa,
    situacoes,
    total_de_envios,
)

NAO_ACHADA = texto("convocacao.nao_achada")


@pytest.fixture
async def turma(motor: Motor) -> int:
    await encaminhar(motor.banco, 40)
    return await id_da_turma(motor.banco)


async def _convocar(motor: Motor, turma: int, quantos: int) -> list[int]:
    return await convocar_direto(motor, turma, quantos)


async def test_r5_mensagem_tem_curso_data_local_o_que_levar_prazo_e_botoes(
    motor: Motor, turma: int
) -> None:
    [convocacao] = await _convocar(motor, turma, 1)

    [mensagem] = await mensagens(motor.banco, chat(1))

    assert mensagem.texto.splitlines() == [
        "Boa notícia, Pessoa! Você foi chamado(a) para o curso de Confeitaria.",
        "Primeiro encontro: terça-feira, 16 de fevereiro, às 14h.",
        "Local: rua Rio Branco, 14-60.",
        "Leve: documento com foto.",
        "Você vai fazer o curso? Responda até quarta-feira, 13 de janeiro.",
    ]
    assert [(b.rotulo, b.valor) for b in mensagem.botoes] == [
        ("Confirmo", f"cmd:conv_sim {convocacao}"),
        ("Não posso", f"cmd:conv_nao {convocacao}"),
    ]
    assert await mensagens(motor.banco, chat(2)) == []  # só a primeira da lista


async def test_r5_confirmo_matricula_e_diz_quando_e_onde(motor: Motor, turma: int) -> None:
    [convocacao] = await _convocar(motor, turma, 1)

    [resposta] = await pessoa(motor, 1).aperta(f"cmd:conv_sim {convocacao}")

    assert resposta.texto.startswith("Pronto! Sua matrícula no curso de Confeitaria está feita.")
    assert "Primeiro encontro: terça-feira, 16 de fevereiro, às 14h." in resposta.texto
    assert await situacoes(motor.banco, turma) == {"confirmada": 1, "matriculados": 1}
    async with transacao(motor.banco) as c:
        consulta = sa.select(PreInscricao.situacao).where(PreInscricao.chat_id == chat(1))  # type: ignore[call-overload]
        situacao = (await c.execute(consulta)).scalar_one()
    assert situacao == "matriculada"  # o /status da pessoa mostra "matrícula feita"


async def test_r5_confirmo_duas_vezes_nao_matricula_duas(motor: Motor, turma: int) -> None:
    [convocacao] = await _convocar(motor, turma, 1)
    maria = pessoa(motor, 1)
    await maria.aperta(f"cmd:conv_sim {convocacao}")

    [segunda] = await maria.aperta(f"cmd:conv_sim {convocacao}")
    [desistir] = await maria.aperta(f"cmd:conv_nao {convocacao}")

    assert segunda.texto == texto("convocacao.ja_confirmada", curso="Confeitaria")
    assert desistir.texto == texto("convocacao.ja_confirmada_nao", curso="Confeitaria")
    assert await situacoes(motor.banco, turma) == {"confirmada": 1, "matriculados": 1}


async def test_r5_nao_posso_passa_a_vaga_ao_proximo(motor: Motor, turma: int) -> None:
    convocacoes = await _convocar(motor, turma, 15)
    assert await mensagens(motor.banco, chat(16)) == []

    [resposta] = await pessoa(motor, 3).aperta(f"cmd:conv_nao {convocacoes[2]}")

    assert resposta.texto == texto("convocacao.recusada")
    [chamada] = await mensagens(motor.banco, chat(16))
    assert "curso de Confeitaria" in chamada.texto
    assert await situacoes(motor.banco, turma) == {
        "pendente": 15,
        "recusada": 1,
        "matriculados": 0,
    }
    [de_novo] = await pessoa(motor, 3).aperta(f"cmd:conv_nao {convocacoes[2]}")
    assert de_novo.texto == texto("convocacao.ja_recusada")
    [mudou_de_ideia] = await pessoa(motor, 3).aperta(f"cmd:conv_sim {convocacoes[2]}")
    assert mudou_de_ideia.texto == texto("convocacao.ja_recusada")
    assert await mensagens(motor.banco, chat(17)) == []  # um "não" só libera uma vaga


async def test_r5_confirmo_na_noite_do_ultimo_dia_ainda_vale(
    motor: Motor, turma: int, relogio: Relogio
) -> None:
    """Convocada no domingo 12h com 3 dias: vale até quarta-feira 23h59, não até 12h."""
    [convocacao] = await _convocar(motor, turma, 1)
    relogio.andar(days=3, hours=11, minutes=59)  # quarta, 23h59 em Bauru

    [resposta] = await pessoa(motor, 1).aperta(f"cmd:conv_sim {convocacao}")

    assert resposta.texto.startswith("Pronto!")
    assert (await situacoes(motor.banco, turma))["matriculados"] == 1


async def test_r5_confirmo_depois_do_prazo_nao_muda_nada(
    motor: Motor, turma: int, relogio: Relogio
) -> None:
    [convocacao] = await _convocar(motor, turma, 1)
    relogio.andar(days=3, hours=12)  # quinta, 0h: o prazo de quarta acabou
    envios_antes = await total_de_envios(motor.banco)

    [resposta] = await pessoa(motor, 1).aperta(f"cmd:conv_sim {convocacao}")

    assert resposta.texto == texto("convocacao.prazo_acabou")
    assert await situacoes(motor.banco, turma) == {"pendente": 1, "matriculados": 0}
    assert await total_de_envios(motor.banco) == envios_antes


async def test_r5_botao_encaminhado_tocado_por_outra_pessoa_nao_muda_nada(
    motor: Motor, turma: int
) -> None:
    [convocacao] = await _convocar(motor, turma, 1)
    intrusos = [
        pessoa(motor, 2),  # da lista, mas a convocação não é dela
        Conversa(motor, chat_id="5555", canal=CANAL),  # não tem pré-inscrição
        Conversa(motor, chat_id=chat(1), canal="web"),  # mesmo número, outro canal
    ]

    for intruso in intrusos:
        for botao in ("conv_sim", "conv_nao"):
            [resposta] = await intruso.aperta(f"cmd:{botao} {convocacao}")
            assert resposta.texto == NAO_ACHADA  # não diz de quem é, nem que turma

    assert await situacoes(motor.banco, turma) == {"pendente": 1, "matriculados": 0}
    [resposta] = await pessoa(motor, 1).aperta(f"cmd:conv_sim {convocacao}")
    assert resposta.texto.startswith("Pronto!")  # a dona ainda pode responder


@pytest.mark.parametrize(
    "argumento",
    ["", "abc", "0", "-1", "1.5", "99999", "2147483648", "1 2", "١", "1' OR '1'='1"],
)
async def test_r5_botao_forjado_responde_sem_revelar_nada(
    motor: Motor, turma: int, argumento: str
) -> None:
    await _convocar(motor, turma, 1)

    [resposta] = await pessoa(motor, 1).aperta(f"cmd:conv_sim {argumento}")

    assert resposta.texto == NAO_ACHADA
    assert await situacoes(motor.banco, turma) == {"pendente": 1, "matriculados": 0}


async def test_r5_turma_sem_encontro_por_vir_nao_confirma(motor: Motor, turma: int) -> None:
    [convocacao] = await _convocar(motor, turma, 1)
    async with transacao(motor.banco) as c:
        await c.execute(sa.update(Encontro).values(cancelado=True))

    [resposta] = await pessoa(motor, 1).aperta(f"cmd:conv_sim {convocacao}")

    assert resposta.texto.startswith(texto("convocacao.sem_data"))
    assert await situacoes(motor.banco, turma) == {"pendente": 1, "matriculados": 0}
    assert await _convocar(motor, turma, 5) == []  # sem data, ninguém mais é chamado


async def test_r5_turma_apagada_com_convocacao_pendente(motor: Motor, turma: int) -> None:
    [convocacao] = await _convocar(motor, turma, 1)
    async with transacao(motor.banco) as c:  # a turma e o que depende dela saem do cadastro
        await c.execute(sa.delete(Convocacao).where(Convocacao.turma_id == turma))  # type: ignore[arg-type]
        await c.execute(sa.delete(Encontro).where(Encontro.turma_id == turma))  # type: ignore[arg-type]
        await c.execute(sa.delete(Turma).where(Turma.id == turma))  # type: ignore[arg-type]

    [resposta] = await pessoa(motor, 1).aperta(f"cmd:conv_sim {convocacao}")

    assert resposta.texto == NAO_ACHADA
    async with transacao(motor.banco) as c:
        assert (await c.execute(sa.select(sa.func.count()).select_from(Matricula))).scalar() == 0


async def test_r5_botao_vale_no_meio_de_outra_conversa(motor: Motor, turma: int) -> None:
    [convocacao] = await _convocar(motor, turma, 1)
    maria = pessoa(motor, 1)
    await maria.comando("entrar")  # começa a pedir o código de um convite
    pergunta = maria.ultima.texto

    saidas = await maria.aperta(f"cmd:conv_sim {convocacao}")

    assert saidas[0].texto.startswith("Pronto!")
    assert saidas[-1].texto == pergunta  # e volta à pergunta em que estava
    assert await situacoes(motor.banco, turma) == {"confirmada": 1, "matriculados": 1}


async def test_r7_vinte_confirmacoes_ao_mesmo_tempo_para_quinze_vagas(
    motor: Motor, turma: int, url_banco: str, relogio: Relogio
) -> None:
    """Quatro "processos" (cada um com o seu motor de banco) recebem 20 "Confirmo" ao
    mesmo tempo. No PostgreSQL são 20 transações de verdade ao mesmo tempo (a trava da
    turma as põe em fila); no SQLite o arquivo já serializa os escritores."""
    convocacoes = await _convocar(motor, turma, 20)
    assert len(convocacoes) == 20
    bancos = [criar_motor(url_banco) for _ in range(4)]
    try:
        processos = [criar_motor_de_conversa(b, relogio=relogio) for b in bancos]
        pessoas = [Conversa(processos[i % 4], chat_id=chat(i + 1), canal=CANAL) for i in range(20)]
        respostas = await asyncio.gather(
            *(p.aperta(f"cmd:conv_sim {c}") for p, c in zip(pessoas, convocacoes, strict=True))
        )
    finally:
        for b in bancos:
            await b.dispose()

    textos = [r[-1].texto for r in respostas]
    assert sum(t.startswith("Pronto!") for t in textos) == 15
    lotada = texto("convocacao.lotada")
    assert sum(t.startswith(lotada) for t in textos) == 5
    assert await situacoes(motor.banco, turma) == {
        "confirmada": 15,
        "cancelada": 5,
        "matriculados": 15,
    }
    [depois] = await pessoa(motor, 1).aperta(f"cmd:conv_sim {convocacoes[0]}")  # e de novo
    # no PostgreSQL, quem fica com as vagas depende da fila: a 1ª pode ter ficado de fora
    assert depois.texto.startswith(("Você já confirmou", lotada, texto("convocacao.encerrada")))
    assert (await situacoes(motor.banco, turma))["matriculados"] == 15


async def test_r5_sem_conversa_nao_recebe_mensagem(motor: Motor) -> None:
    """Pré-inscrição assistida: a OSC liga (a tela da equipe mostra o telefone)."""
    ids = await encaminhar(motor.banco, 3, sem_chat=[2])
    turma = await id_da_turma(motor.banco)

    await _convocar(motor, turma, 3)

    assert len(await mensagens(motor.banco, chat(1))) == 1
    assert await mensagens(motor.banco, "") == []
    assert await mensagens(motor.banco, chat(2)) == []
    assert await convocacao_de(motor.banco, turma, ids[1]) > 0


async def test_r5_quem_pergunta_a_situacao_ve_a_convocacao_em_aberto_e_responde_por_ela(
    motor: Motor, turma: int
) -> None:
    """Perdeu a mensagem (ou ligou a conversa depois de ser chamado): a situação traz a
    convocação de novo, com os botões que valem."""
    [_convocacao] = await _convocar(motor, turma, 1)
    [original] = await mensagens(motor.banco, chat(1))
    maria = pessoa(motor, 1)

    saidas = await maria.diz("situação")

    assert saidas[-1].texto == original.texto
    assert [b.valor for b in saidas[-1].botoes] == [b.valor for b in original.botoes]
    await maria.toca("Confirmo", em=saidas[-1])
    assert (await situacoes(motor.banco, turma))["matriculados"] == 1
    depois = await maria.diz("situação")
    assert all(not s.botoes or "Confirmo" not in [b.rotulo for b in s.botoes] for s in depois)


async def test_r5_duas_turmas_do_mesmo_curso_ao_mesmo_tempo_nao_chamam_a_mesma_pessoa(
    motor: Motor, turma: int, url_banco: str, relogio: Relogio
) -> None:
    """Duas turmas de Confeitaria da manhã convocam 15 cada, ao mesmo tempo, de uma lista de
    40 pessoas que escolheram manhã (R10: as duas disputam a mesma lista): no
    PostgreSQL são duas transações de verdade (as pré-inscrições escolhidas ficam travadas
    e a outra as pula); ninguém fica com duas convocações."""
    async with transacao(motor.banco) as c:
        base = (await c.execute(sa.select(Turma).where(Turma.id == turma))).one()  # type: ignore[arg-type]
        outra = await c.execute(
            sa.insert(Turma)
            .values(
                codigo="T0B",
                ciclo_id=base.ciclo_id,
                curso_id=base.curso_id,
                turno="manha",  # R10: as duas chamam a mesma lista,
                capacidade=15,
                local=base.local,
            )
            .returning(Turma.id)  # type: ignore[arg-type]
        )
        segunda = int(outra.scalar_one())
        inicio = (
            await c.execute(
                sa.select(sa.func.min(Encontro.inicio)).where(Encontro.turma_id == turma)
            )
        ).scalar_one()  # type: ignore[arg-type]
        await c.execute(sa.insert(Encontro).values(turma_id=segunda, inicio=inicio))
    bancos = [criar_motor(url_banco) for _ in range(2)]
    try:
        processos = [criar_motor_de_conversa(b, relogio=relogio) for b in bancos]
        ids = await asyncio.gather(
            convocar_direto(processos[0], turma, 15), convocar_direto(processos[1], segunda, 15)
        )
    finally:
        for b in bancos:
            await b.dispose()

    assert [len(i) for i in ids] == [15, 15]
    async with transacao(motor.banco) as c:
        por_pessoa = (
            await c.execute(
                sa.select(Convocacao.preinscricao_id, sa.func.count())  # type: ignore[call-overload]
                .group_by(Convocacao.preinscricao_id)
                .having(sa.func.count() > 1)
            )
        ).all()
    assert por_pessoa == []
