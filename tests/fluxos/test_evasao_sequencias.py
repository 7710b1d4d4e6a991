"""A leitura em lote da verificação de evasão (R16, R17, R21): o que vira cada encontro."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from armazenamento.evasao import em_lotes
from armazenamento.modelos import Encontro, Presenca
from fluxos.evasao.sequencias import sequencias
from fluxos.regras.frequencia import EncontroDaPessoa, Marca, Situacao
from tests.fluxos.dados_evasao import NOITE, chamada, chamadas, encontros
from tests.fluxos.dados_lembretes import matricular, semear

P = EncontroDaPessoa(4, Situacao.REALIZADO, Marca.PRESENTE)
F = EncontroDaPessoa(4, Situacao.REALIZADO, Marca.FALTA)
J = EncontroDaPessoa(4, Situacao.REALIZADO, Marca.JUSTIFICADA)
S = EncontroDaPessoa(4, Situacao.SUSPENSO)
X = EncontroDaPessoa(4, Situacao.PENDENTE)


async def _ler(banco: AsyncEngine, turmas: list[int] | None = None) -> dict[int, tuple]:
    async with banco.connect() as c:
        return {s.matricula_id: s.encontros async for s in sequencias(c, turmas)}


async def test_r16_r17_sequencia_de_cada_matricula_ativa(
    sessoes: async_sessionmaker[AsyncSession], motor_banco: AsyncEngine
) -> None:
    turmas = await semear(sessoes)
    t0 = turmas["T0"]
    ids = await encontros(motor_banco, t0, 6)
    ana = await matricular(motor_banco, t0, "1")
    bia = await matricular(motor_banco, t0, "2")
    saiu = await matricular(motor_banco, t0, "3", situacao="desistente")
    await chamadas(motor_banco, ids, {ana: "PFJ", bia: "PP", saiu: "FFF"})
    await chamada(motor_banco, ids[4], {ana: "presente", bia: "presente"})
    async with motor_banco.begin() as c:
        # R21: o 5º encontro foi suspenso (mesmo com marca, não conta)
        await c.execute(
            sa.update(Encontro.__table__).where(Encontro.id == ids[4]).values(cancelado=True)
        )  # type: ignore[attr-defined, arg-type]
        # "não vou poder" avisado antes da aula (origem lembrete) não faz a aula realizada
        await c.execute(
            sa.insert(Presenca.__table__).values(  # type: ignore[attr-defined]
                encontro_id=ids[3],
                matricula_id=ana,
                situacao="falta_justificada",
                origem="lembrete",
                registrada_em=NOITE,
            )
        )
    lidas = await _ler(motor_banco)
    assert set(lidas) == {ana, bia}  # só as ativas
    # a matrícula é de 1º/3: dos encontros de antes, só os com marca dela contam (R16); o
    # 4º passou sem chamada (só o aviso dela): pendente; o 6º, sem marca, fica de fora; o
    # encontro de 7/4 da semente vem no fim, ainda por acontecer
    assert lidas[ana] == (P, F, J, X, S, X)
    # Bia não tem marca no 3º encontro (antes da matrícula dela): fica de fora
    assert lidas[bia] == (P, P, S, X)
    assert await _ler(motor_banco, [turmas["T1"]]) == {}


def test_lotes_sem_repetir_e_em_ordem() -> None:
    assert em_lotes([5, 1, 3, 3, 2], 2) == [[1, 2], [3, 5]]
    assert em_lotes([], 2) == []
