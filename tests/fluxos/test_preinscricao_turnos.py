"""R10 nos passos de curso e turno: só os turnos em que os cursos escolhidos têm turma
neste ciclo; sem turma, a pessoa fica sabendo da lista de espera. Igual na assistida."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from armazenamento.banco import transacao
from armazenamento.cadastro import esquecer_cadastro
from armazenamento.modelos import Curso, Encontro, PreInscricao, Turma
from fluxos.motor import Motor
from tests.conversa import Conversa

PERGUNTA = "Qual turno é melhor para você?"


async def nova_turma(banco: AsyncEngine, curso: str, turno: str, codigo: str) -> None:
    async with transacao(banco) as c:
        curso_id = (await c.execute(sa.select(Curso.id).where(Curso.nome == curso))).scalar_one()  # type: ignore[arg-type]
        ciclo_id = (await c.execute(sa.select(sa.func.min(Turma.ciclo_id)))).scalar_one()
        await c.execute(
            sa.insert(Turma).values(
                codigo=codigo, ciclo_id=ciclo_id, curso_id=curso_id, turno=turno, capacidade=15
            )
        )
    esquecer_cadastro()


async def sem_turmas(banco: AsyncEngine, curso: str) -> None:
    """O cadastro muda no meio da conversa: o curso fica sem turma."""
    async with transacao(banco) as c:
        curso_id = (await c.execute(sa.select(Curso.id).where(Curso.nome == curso))).scalar_one()  # type: ignore[arg-type]
        turmas = sa.select(Turma.id).where(Turma.curso_id == curso_id)  # type: ignore[arg-type]
        await c.execute(sa.delete(Encontro).where(Encontro.turma_id.in_(turmas)))  # type: ignore[attr-defined]
        await c.execute(sa.delete(Turma).where(Turma.curso_id == curso_id))  # type: ignore[arg-type]
    esquecer_cadastro()


async def ate_os_cursos(p: Conversa) -> None:
    await p.comando("start")
    await p.toca("Entendi, continuar")
    await p.diz("Maria Aparecida da Silva")
    await p.toca("Não uso")
    await p.diz("03/02/2008")
    await p.toca("Não tenho CPF")
    await p.diz("14991234567")
    await p.diz("jardim europa")
    await p.toca("Pular")


@pytest.fixture(autouse=True)
def _cadastro_novo() -> None:
    esquecer_cadastro()


async def test_r10_um_curso_oferece_so_os_turnos_com_turma(pessoa: Conversa, motor: Motor) -> None:
    await nova_turma(motor.banco, "Confeitaria", "tarde", "T0T")
    await ate_os_cursos(pessoa)
    await pessoa.toca("Confeitaria")
    await pessoa.toca("Só esse")

    assert pessoa.ultima.texto == f"Confeitaria tem turma de manhã e à tarde.\n{PERGUNTA}"
    assert pessoa.rotulos == ["Manhã", "Tarde"]

    await pessoa.diz("noite")
    assert pessoa.ultima.texto.startswith("Escolha um destes turnos, por favor: manhã e tarde.")
    await pessoa.diz("tarde")
    assert pessoa.ultima.texto.startswith("Até onde você estudou?")


async def test_r10_curso_com_um_turno_so(pessoa: Conversa) -> None:
    await ate_os_cursos(pessoa)
    await pessoa.toca("Corte e costura")
    await pessoa.toca("Só esse")

    assert pessoa.ultima.texto == f"Corte e costura tem turma de manhã.\n{PERGUNTA}"
    assert pessoa.rotulos == ["Manhã"]


async def test_r10_dois_cursos_oferecem_a_uniao_e_explicam(pessoa: Conversa, motor: Motor) -> None:
    await nova_turma(motor.banco, "Confeitaria", "noite", "T0N")
    await ate_os_cursos(pessoa)
    await pessoa.toca("Corte e costura")
    await pessoa.toca("Confeitaria")

    assert pessoa.ultima.texto == (
        "Corte e costura tem turma de manhã.\n"
        "Confeitaria tem turma de manhã e à noite.\n"
        "Se você escolher um turno que um dos cursos não tem, nesse curso a sua vez vem "
        f"depois de quem escolheu o turno da turma.\n{PERGUNTA}"
    )
    assert pessoa.rotulos == ["Manhã", "Noite"]


async def test_r10_curso_sem_turma_explica_a_lista_de_espera(
    pessoa: Conversa, motor: Motor
) -> None:
    await ate_os_cursos(pessoa)
    await pessoa.toca("Confeitaria")
    await sem_turmas(motor.banco, "Confeitaria")
    await pessoa.toca("Só esse")

    texto = pessoa.ultima.texto
    assert texto.startswith("Confeitaria ainda não tem turma aberta neste ano.\n")
    assert "fica na lista de espera do curso" in texto
    assert 'digite "voltar" e escolha outro curso' in texto
    assert pessoa.rotulos == ["Manhã", "Tarde", "Noite"]


async def test_r10_trocar_de_curso_no_resumo_pergunta_o_turno_de_novo(
    pessoa: Conversa, motor: Motor, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    await nova_turma(motor.banco, "Confeitaria", "tarde", "T0T")
    await ate_os_cursos(pessoa)
    await pessoa.toca("Confeitaria")
    await pessoa.toca("Só esse")
    await pessoa.toca("Tarde")
    await pessoa.toca("Médio completo")
    await pessoa.toca("Corrigir")
    await pessoa.toca("Cursos")
    await pessoa.toca("Corte e costura")
    await pessoa.toca("Só esse")

    # Corte e costura não tem turma à tarde: o turno é perguntado de novo
    assert pessoa.ultima.texto.endswith(PERGUNTA)
    assert pessoa.rotulos == ["Manhã"]
    await pessoa.toca("Manhã")
    assert "Turno: Manhã" in pessoa.ultima.texto
    await pessoa.toca("Confirmar")
    async with sessoes() as s:
        pre = (await s.scalars(sa.select(PreInscricao))).one()
    assert pre.turno == "manha"
