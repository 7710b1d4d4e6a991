"""R19: o Acessuas Trabalho vê as desistências confirmadas (e só elas); cada leitura fica
na auditoria (ARQUITETURA.md §8)."""

from __future__ import annotations

import sqlalchemy as sa

from armazenamento.banco import transacao
from armazenamento.modelos import Auditoria, Turma
from fluxos.motor import Motor
from tests.conversa import Conversa
from tests.fluxos.dados_lembretes import matricular
from tests.fluxos.equipe.conftest import Convidar


async def _turma(motor: Motor) -> int:
    async with transacao(motor.banco) as c:
        return int((await c.execute(sa.select(sa.func.min(Turma.id)))).scalar_one())


async def test_r19_acessuas_ve_so_as_desistencias_confirmadas(
    tecnica: Conversa, convidar: Convidar, motor: Motor
) -> None:
    turma = await _turma(motor)
    for i in range(7):
        await matricular(motor.banco, turma, f"d{i}", situacao="desistente")
    await matricular(motor.banco, turma, "ativa", situacao="ativa")
    await tecnica.comando("start", (await convidar("acessuas")).token)

    await tecnica.toca("Desistências")

    texto = tecnica.ultima.texto
    assert texto.startswith("Desistências confirmadas (1 a 5 de 7):")
    assert texto.count("Pessoa de Teste, 27 anos, telefone sem telefone. CRAS") == 5
    await tecnica.toca("Ver mais")
    assert tecnica.ultima.texto.startswith("Desistências confirmadas (6 a 7 de 7):")
    assert tecnica.rotulos == []
    async with transacao(motor.banco) as c:
        acoes = (await c.execute(sa.select(Auditoria.acao, Auditoria.alvo))).all()
    assert sorted(acoes) == [("desistentes.lista", "1"), ("desistentes.lista", "2")]


async def test_r19_sem_desistencias_diz_que_nao_ha(tecnica: Conversa, convidar: Convidar) -> None:
    await tecnica.comando("start", (await convidar("gestao")).token)
    saidas = await tecnica.comando("desistentes")
    assert saidas[-1].texto == "Nenhuma desistência confirmada até agora."


async def test_r24_cras_e_osc_nao_veem_desistencias(convidar: Convidar, motor: Motor) -> None:
    await matricular(motor.banco, await _turma(motor), "d0", situacao="desistente")
    for i, papel in enumerate(("cras", "osc", "instrutor")):
        equipe = Conversa(motor, chat_id=f"80{i}")
        await equipe.comando("start", (await convidar(papel)).token)
        saidas = await equipe.comando("desistentes", "1")
        assert "Isso não faz parte do seu papel" in saidas[-1].texto
        assert "Pessoa de Teste" not in saidas[-1].texto
