"""R21 pelo motor: a técnica da OSC suspende uma semana; entradas ruins não mudam nada."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from armazenamento.modelos_suspensao import Suspensao, SuspensaoEncontro
from fluxos.lembretes import gerar_lembretes
from fluxos.motor import Motor
from mensagens.serializacao import saida_de_json
from tests.conversa import Conversa
from tests.fluxos.dados_lembretes import AGORA
from tests.fluxos.suspensao.conftest import Semana, encontros, fila


async def test_r21_osc_suspende_a_semana_e_todos_sao_avisados(
    motor: Motor, semana: Semana, tecnica: Conversa, instrutor: Conversa
) -> None:
    banco = motor.banco
    assert await gerar_lembretes(banco, AGORA) == 4  # terça: 3 na T0 e 1 na S1 (outra OSC)

    await tecnica.comando("suspender")
    assert tecnica.ultima.texto == "Suspender ou remarcar aulas. De quais turmas?"
    assert tecnica.rotulos == ["Todas as turmas", "T0", "T1", "T2"]  # S1 é de outra OSC
    await tecnica.toca("Todas as turmas")
    await tecnica.diz("de 02/03 a 05/03")
    assert tecnica.ultima.texto == "Qual é o motivo?"
    await tecnica.toca("Chuva ou enchente")
    resumo = tecnica.ultima.texto
    assert resumo.startswith(
        "Suspender 3 encontros de 2 turmas (T0, T1), de terça-feira, 2 de março a "
        "sexta-feira, 5 de março.\nMotivo: Chuva ou enchente."
    ), resumo
    assert "Recebem o aviso por aqui: 4 pessoas e 1 instrutor(a)." in resumo
    assert "Sem aviso por aqui: 1 pessoa. A OSC precisa avisar por telefone." in resumo
    assert tecnica.rotulos == ["Sim, suspender", "Não, deixar assim"]
    assert all(not cancelado for _, cancelado in (await encontros(banco)).values())

    confirmar = tecnica.ultima
    await tecnica.toca("Sim, suspender")
    assert tecnica.ultima.texto.startswith("Pronto! Suspensos: 3 encontros.")
    assert "Avisos na fila: 4 pessoas e 1 instrutor(a)." in tecnica.ultima.texto

    estado = await encontros(banco)
    e = semana.encontros
    assert [estado[e[k]][1] for k in (("T0", 2), ("T0", 4), ("T1", 3))] == [True] * 3
    assert not estado[e[("T0", 9)]][1] and not estado[e[("S1", 2)]][1]
    linhas = await fila(banco)
    lembretes = [(chat, estado) for c, chat, estado in linhas if c.startswith("lembrete:")]
    assert lembretes == [("701", "pendente")]  # os da T0 saíram; o da outra OSC fica
    avisos = sorted(chat for c, chat, _ in linhas if c.startswith("suspensao:"))
    assert avisos == ["501", "502", "503", "601", "800"]

    # o toque repetido no "Sim" não faz nada duas vezes
    await tecnica.toca("Sim, suspender", em=confirmar)
    assert await fila(banco) == linhas
    async with banco.connect() as c:
        assert (await c.execute(sa.select(sa.func.count()).select_from(Suspensao))).scalar() == 1
        movidos = (
            await c.execute(sa.select(sa.func.count()).select_from(SuspensaoEncontro))
        ).scalar()
        assert movidos == 3
