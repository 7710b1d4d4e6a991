"""R21 pelo motor: remarcar as aulas de um dia (e o lembrete segue a nova data); a gestão
suspende todas as turmas de um dia; aula suspensa não baixa a frequência (R16)."""

from __future__ import annotations

import sqlalchemy as sa

from armazenamento.equipe import Escopo
from armazenamento.modelos import Encontro, Envio, Presenca
from fluxos.lembretes import gerar_lembretes
from fluxos.motor import Motor
from fluxos.regras.frequencia import calcular_frequencia, encontro_da_pessoa
from mensagens.serializacao import saida_de_json
from tests.conversa import Conversa
from tests.fluxos.dados_lembretes import AGORA, em_bauru
from tests.fluxos.suspensao.conftest import Relogio, Semana, encontros, entrar, fila


async def _remarcar(tecnica: Conversa, dia: str = "02/03") -> None:
    await tecnica.comando("suspender")
    await tecnica.toca("T0")
    await tecnica.diz(dia)
    await tecnica.toca("Falta de energia")
    await tecnica.toca("Remarcar")
    assert tecnica.ultima.texto.startswith("Para que dia?")


async def test_r21_remarcar_move_a_aula_e_o_lembrete_segue_a_nova_data(
    motor: Motor, semana: Semana, tecnica: Conversa, relogio: Relogio
) -> None:
    banco = motor.banco
    await gerar_lembretes(banco, AGORA)  # o lembrete de terça já está na fila
    terca = semana.encontros[("T0", 2)]
    enviado = f"lembrete:{terca}:{semana.matriculas['501']}"
    async with banco.begin() as c:  # o da 501 já saiu (o despachante passou)
        await c.execute(
            sa.update(Envio.__table__)
            .where(Envio.__table__.c.chave == enviado)
            .values(estado="enviada")
        )
    await _remarcar(tecnica)

    antes = await encontros(banco), await fila(banco)
    await tecnica.diz("09/03")  # a T0 já tem aula na terça seguinte, 14h
    assert tecnica.ultima.texto.startswith(
        "A turma T0 já tem aula em terça-feira, 9 de março, às 14h. Escolha outro dia"
    )
    assert (await encontros(banco), await fila(banco)) == antes
    await tecnica.diz("10/03")  # quarta, mesma hora
    assert tecnica.ultima.texto.startswith(
        "Remarcar 1 encontro de 1 turma (T0) de terça-feira, 2 de março para "
        "quarta-feira, 10 de março, às 14h."
    )
    await tecnica.toca("Sim, remarcar")
    assert tecnica.ultima.texto.startswith("Pronto! Remarcados: 1 encontro.")

    inicio, cancelado = (await encontros(banco))[terca]
    assert inicio == em_bauru(2027, 3, 10, 14) and not cancelado
    linhas = await fila(banco)
    lembretes = [(c, e) for c, chat, e in linhas if c.startswith(f"lembrete:{terca}:")]
    # os pendentes saíram da fila; o já enviado fica, com a chave livre para a nova data
    assert lembretes == [(f"{enviado}:antes1", "enviada")]
    async with banco.connect() as c:
        aviso = (
            await c.execute(
                sa.select(Envio.conteudo).where(
                    Envio.chat_id == "501", Envio.chave.like("suspensao:%")
                )
            )  # type: ignore[arg-type]
        ).scalar_one()
    assert saida_de_json(aviso).texto == (
        "Aviso do seu curso: a aula mudou de dia.\n"
        "- Confeitaria: era terça-feira, 2 de março, às 14h. "
        "Agora é quarta-feira, 10 de março, às 14h.\n"
        "Motivo: Falta de energia.\n"
        "As outras aulas continuam como estavam."
    )

    # na véspera da nova data, a rodada de sempre lembra da aula remarcada
    relogio.agora = AGORA.replace(day=9)
    assert await gerar_lembretes(banco, relogio.agora) == 3
    async with banco.connect() as c:
        novo = (
            await c.execute(
                sa.select(Envio.conteudo).where(
                    Envio.chave == f"lembrete:{terca}:{semana.matriculas['501']}"
                )  # type: ignore[arg-type]
            )
        ).scalar_one()
    assert saida_de_json(novo).texto.startswith("Amanhã, quarta-feira, 10 de março, tem aula")


async def test_r21_remarcar_para_amanha_depois_da_rodada_lembra_ja(
    motor: Motor, semana: Semana, tecnica: Conversa
) -> None:
    """Segunda 18h (a rodada de hoje já passou): a quinta vai para amanhã, terça, 19h."""
    banco = motor.banco
    await gerar_lembretes(banco, AGORA)
    quinta = semana.encontros[("T0", 4)]
    await _remarcar(tecnica, "04/03")
    await tecnica.diz("amanhã às 19h")
    await tecnica.toca("Sim, remarcar")
    assert (await encontros(banco))[quinta][0] == em_bauru(2027, 3, 2, 19)
    async with banco.connect() as c:
        chave = f"lembrete:{quinta}:{semana.matriculas['501']}"
        novo = (await c.execute(sa.select(Envio.conteudo).where(Envio.chave == chave))).scalar_one()  # type: ignore[arg-type]
    assert saida_de_json(novo).texto.startswith("Amanhã, terça-feira, 2 de março, tem aula")
    assert "às 19h" in saida_de_json(novo).texto


async def test_r21_remarcar_para_um_momento_que_ja_passou(motor: Motor, tecnica: Conversa) -> None:
    await _remarcar(tecnica)
    await tecnica.diz("hoje às 8h")  # segunda 18h: 8h de hoje já passou
    assert tecnica.ultima.texto.startswith("Esse dia e hora já passaram.")
    await tecnica.diz("02/03")  # o mesmo dia e hora de antes
    assert tecnica.ultima.texto.startswith("Esse é o mesmo dia e hora de antes.")


async def test_r21_gestao_suspende_todas_as_turmas_de_um_dia(motor: Motor, semana: Semana) -> None:
    tecnica = await entrar(motor, "900", Escopo("osc", osc_id=1))
    gestao = await entrar(motor, "950", Escopo("gestao"))
    await gestao.comando("suspender")
    assert gestao.rotulos[:3] == ["Todas as turmas", "Casa do Sol", "Instituto Esperança"]
    await gestao.toca("Todas as turmas")
    await gestao.diz("terça")
    await gestao.toca("Greve ou paralisação")
    await gestao.toca("Suspender")
    assert gestao.ultima.texto.startswith("Suspender 2 encontros de 2 turmas (S1, T0), terça-feira")
    await gestao.toca("Sim, suspender")
    estado = await encontros(motor.banco)
    e = semana.encontros
    assert estado[e[("T0", 2)]][1] and estado[e[("S1", 2)]][1]
    assert not estado[e[("T0", 4)]][1] and not estado[e[("T1", 3)]][1]
    avisados = sorted(chat for c, chat, _ in await fila(motor.banco) if c.startswith("suspensao:"))
    assert avisados == ["501", "502", "503", "701", "900"]  # e a técnica da OSC 1
    async with motor.banco.connect() as c:
        consulta = sa.select(Envio.conteudo).where(Envio.chat_id == tecnica.chat_id)  # type: ignore[arg-type]
        aviso = saida_de_json((await c.execute(consulta)).scalar_one()).texto
    assert aviso == (
        "Aulas suspensas nas turmas da sua instituição.\n"
        "- T0: terça-feira, 2 de março, às 14h\n"
        "Motivo: Greve ou paralisação.\n"
        "Sem aviso pelo chat: 1 pessoa. Avise por telefone."
    )


async def test_r21_gestao_suspende_uma_osc(motor: Motor, semana: Semana) -> None:
    gestao = await entrar(motor, "950", Escopo("gestao"))
    await gestao.comando("suspender")
    await gestao.toca("Casa do Sol")
    await gestao.diz("de 01/03 a 31/03")
    await gestao.toca("Outro motivo")
    assert gestao.ultima.texto.startswith("Suspender 1 encontro de 1 turma (S1)")


async def _frequencia(motor: Motor, matricula: int) -> float | None:
    """A frequência lida do banco como as telas leem: encontro + marca → regras (R16)."""
    _E, _PR = Encontro.__table__, Presenca.__table__
    chamada = sa.select(_PR.c.id).where(_PR.c.encontro_id == _E.c.id, _PR.c.origem == "chamada")
    marca = (
        sa.select(_PR.c.situacao)
        .where(_PR.c.encontro_id == _E.c.id, _PR.c.matricula_id == matricula)
        .scalar_subquery()
    )
    consulta = (
        sa.select(_E.c.horas_aprendizagem, _E.c.cancelado, chamada.exists(), marca)
        .where(_E.c.turma_id == 1)
        .order_by(_E.c.inicio)
    )
    async with motor.banco.connect() as c:
        linhas = (await c.execute(consulta)).all()
    return calcular_frequencia([encontro_da_pessoa(*linha) for linha in linhas]).percentual


async def _marcar(motor: Motor, encontro: int, matricula: int, situacao: str) -> None:
    """A marca que a chamada do instrutor grava (origem "chamada")."""
    async with motor.banco.begin() as c:
        await c.execute(
            sa.insert(Presenca.__table__).values(
                encontro_id=encontro,
                matricula_id=matricula,
                situacao=situacao,
                origem="chamada",
                registrada_em=AGORA,
            )
        )


async def test_r16_r21_aula_suspensa_nao_baixa_a_frequencia(
    motor: Motor, semana: Semana, tecnica: Conversa
) -> None:
    """Terça: chamada feita, 501 presente. A técnica suspende a quinta pelo chat. Mesmo com
    uma falta gravada depois na quinta (chamada feita por engano), ela não conta; a falta
    na terça seguinte (não suspensa) conta."""
    m, e = semana.matriculas["501"], semana.encontros
    await _marcar(motor, e[("T0", 2)], m, "presente")
    await tecnica.comando("suspender")
    await tecnica.toca("T0")
    await tecnica.diz("02/03 a 04/03")
    await tecnica.toca("Chuva ou enchente")
    # a terça, com chamada, nem entra: encontro realizado não se suspende
    assert tecnica.ultima.texto.startswith("Suspender 1 encontro de 1 turma (T0)")
    await tecnica.toca("Sim, suspender")
    await _marcar(motor, e[("T0", 4)], m, "falta")
    assert await _frequencia(motor, m) == 100.0
    await _marcar(motor, e[("T0", 9)], m, "falta")
    assert await _frequencia(motor, m) == 50.0
