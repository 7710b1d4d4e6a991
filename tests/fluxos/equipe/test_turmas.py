"""/turmas e /turma: cada papel vê só as suas turmas (R24); o instrutor vê de cada pessoa
só o nome e a frequência (R16); fora do escopo, "Não encontrado."."""

from __future__ import annotations

import sqlalchemy as sa

from armazenamento.banco import transacao
from armazenamento.modelos import Auditoria, Ciclo, Curso, Encontro, Osc, Presenca, Turma
from fluxos.motor import Motor
from tests.conversa import Conversa
from tests.fluxos.conftest import AGORA
from tests.fluxos.dados_lembretes import matricular
from tests.fluxos.equipe.conftest import Convidar


async def _turmas(motor: Motor) -> dict[str, int]:
    async with transacao(motor.banco) as c:
        linhas = await c.execute(sa.select(Turma.codigo, Turma.id))  # type: ignore[call-overload]
        return dict(linhas.all())


async def _outra_osc(motor: Motor) -> int:
    """Uma 2ª OSC com um curso e uma turma (T9) que a 1ª OSC não pode ver."""
    async with transacao(motor.banco) as c:
        osc = (
            await c.execute(sa.insert(Osc).values(nome="Associação Vida").returning(Osc.id))
        ).scalar_one()
        curso = (
            await c.execute(
                sa.insert(Curso)
                .values(nome="Elétrica", osc_id=osc, descricao="", o_que_levar="")
                .returning(Curso.id)
            )
        ).scalar_one()
        ciclo = (await c.execute(sa.select(Ciclo.id))).scalar_one()
        turma = await c.execute(
            sa.insert(Turma)
            .values(
                codigo="T9", ciclo_id=ciclo, curso_id=curso, turno="noite", capacidade=15, local=""
            )
            .returning(Turma.id)
        )
        return int(turma.scalar_one())


async def test_r24_instrutor_ve_so_a_sua_turma_com_nomes_e_frequencia(
    tecnica: Conversa, convidar: Convidar, motor: Motor
) -> None:
    turmas = await _turmas(motor)
    matricula = await matricular(motor.banco, turmas["T0"], "c1")
    async with transacao(motor.banco) as c:
        passado = AGORA.replace(year=2026)
        encontro = (
            await c.execute(
                sa.insert(Encontro)
                .values(turma_id=turmas["T0"], inicio=passado)
                .returning(Encontro.id)
            )
        ).scalar_one()
        await c.execute(
            sa.insert(Presenca).values(
                encontro_id=encontro,
                matricula_id=matricula,
                situacao="presente",
                origem="chamada",
                registrada_em=passado,
            )
        )
    await tecnica.comando("start", (await convidar("instrutor", turma_id=turmas["T0"])).token)

    await tecnica.toca("Turmas")
    assert tecnica.ultima.texto.startswith("Turmas (1 a 1 de 1):")
    assert tecnica.rotulos == ["T0"]
    await tecnica.toca("T0")

    detalhe = tecnica.ultima.texto
    assert "Encontros já realizados: 1." in detalhe
    assert "1. Pessoa de Teste: 100%" in detalhe  # R16: por horas
    for dado in ("2000", "CPF", "telefone", "Jardim"):  # nada além de nome e frequência
        assert dado not in detalhe
    async with transacao(motor.banco) as c:
        assert (await c.execute(sa.select(Auditoria.acao))).scalars().all() == ["turma.alunos"]


async def test_r24_turma_de_fora_do_escopo_nao_e_encontrada(
    tecnica: Conversa, convidar: Convidar, motor: Motor
) -> None:
    turmas = await _turmas(motor)
    outra = await _outra_osc(motor)
    await tecnica.comando("start", (await convidar("instrutor", turma_id=turmas["T0"])).token)

    for argumento in (str(turmas["T1"]), str(outra), "999999", "abc", "-1", "9" * 40):
        saidas = await tecnica.comando("turma", argumento)
        assert saidas[-1].texto == "Não encontrado.", argumento


async def test_r24_osc_ve_as_turmas_dela_e_a_gestao_todas(convidar: Convidar, motor: Motor) -> None:
    outra = await _outra_osc(motor)
    osc = Conversa(motor, chat_id="801")
    await osc.comando("start", (await convidar("osc")).token)
    gestao = Conversa(motor, chat_id="802")
    await gestao.comando("start", (await convidar("gestao")).token)

    await osc.comando("turmas")
    assert osc.rotulos == ["T0", "T1", "T2"]
    assert (await osc.comando("turma", str(outra)))[-1].texto == "Não encontrado."
    await gestao.comando("turmas")
    assert gestao.rotulos == ["T0", "T1", "T9", "T2"]  # por curso: Elétrica antes de Informática
    assert (
        "Ainda não há ninguém matriculado." in (await gestao.comando("turma", str(outra)))[-1].texto
    )
