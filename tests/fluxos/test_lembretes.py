"""Lembrete de aula na véspera (R7, R16): quem recebe, quando, com que texto e uma vez só."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from armazenamento.modelos import Envio
from fluxos import lembretes
from fluxos.lembretes import gerar_lembretes
from mensagens.serializacao import saida_de_json
from tests.fluxos.dados_lembretes import AGORA, em_bauru, encontro, matricular, semear

_ENVIO = Envio.__table__  # type: ignore[attr-defined]


async def envios(banco: AsyncEngine) -> list[sa.Row[tuple[str, str, str, str, datetime]]]:
    consulta = sa.select(
        _ENVIO.c.canal, _ENVIO.c.chat_id, _ENVIO.c.chave, _ENVIO.c.conteudo, _ENVIO.c.proxima_em
    ).order_by(_ENVIO.c.chave)
    async with banco.connect() as c:
        return list((await c.execute(consulta)).all())


@pytest.fixture
async def turmas(sessoes: async_sessionmaker[AsyncSession]) -> dict[str, int]:
    return await semear(sessoes)


@pytest.mark.parametrize(
    ("agora", "aula", "lembra"),
    [
        # segunda 1º/3 às 18h em Bauru: a aula é terça, 2/3
        (em_bauru(2027, 3, 1, 18), em_bauru(2027, 3, 2, 0, 0), True),
        (em_bauru(2027, 3, 1, 18), em_bauru(2027, 3, 2, 14), True),
        (em_bauru(2027, 3, 1, 18), em_bauru(2027, 3, 2, 23, 59), True),
        (em_bauru(2027, 3, 1, 18), em_bauru(2027, 3, 3, 0, 0), False),  # depois de amanhã
        (em_bauru(2027, 3, 1, 18), em_bauru(2027, 3, 1, 20), False),  # hoje à noite
        (em_bauru(2027, 3, 1, 23, 59), em_bauru(2027, 3, 2, 14), True),
        (em_bauru(2027, 3, 1, 17, 59), em_bauru(2027, 3, 2, 14), False),  # antes da hora
        (em_bauru(2027, 3, 2, 0, 0), em_bauru(2027, 3, 2, 14), False),  # virou o dia: é hoje
        (em_bauru(2027, 3, 2, 0, 0), em_bauru(2027, 3, 3, 14), False),  # cedo demais
        # 23h30 em Bauru já é dia 2 em UTC: "amanhã" é o de Bauru, não o de UTC
        (datetime(2027, 3, 2, 2, 30, tzinfo=UTC), em_bauru(2027, 3, 2, 14), True),
        (datetime(2027, 3, 2, 2, 30, tzinfo=UTC), em_bauru(2027, 3, 3, 14), False),
        # aula às 23h de terça em Bauru (2h de quarta em UTC) ainda é "amanhã"
        (em_bauru(2027, 3, 1, 18), datetime(2027, 3, 3, 2, 0, tzinfo=UTC), True),
        (em_bauru(2027, 3, 1, 18), datetime(2027, 3, 2, 2, 59, tzinfo=UTC), False),
    ],
)
async def test_r7_lembrete_so_das_aulas_de_amanha_em_bauru(
    motor_banco: AsyncEngine, turmas: dict[str, int], agora: datetime, aula: datetime, lembra: bool
) -> None:
    eid = await encontro(motor_banco, turmas["T0"], aula)
    mid = await matricular(motor_banco, turmas["T0"], "501")
    assert await gerar_lembretes(motor_banco, agora.astimezone(UTC)) == int(lembra)
    chaves = [e.chave for e in await envios(motor_banco)]
    assert chaves == ([f"lembrete:{eid}:{mid}"] if lembra else [])


async def test_hora_do_lembrete_configuravel(
    motor_banco: AsyncEngine, turmas: dict[str, int]
) -> None:
    await encontro(motor_banco, turmas["T0"], em_bauru(2027, 3, 2, 14))
    await matricular(motor_banco, turmas["T0"], "501")
    assert await gerar_lembretes(motor_banco, em_bauru(2027, 3, 1, 17), hora_padrao=19) == 0
    assert await gerar_lembretes(motor_banco, em_bauru(2027, 3, 1, 19), hora_padrao=19) == 1


async def test_texto_e_botoes_do_lembrete(motor_banco: AsyncEngine, turmas: dict[str, int]) -> None:
    eid = await encontro(motor_banco, turmas["T0"], em_bauru(2027, 3, 2, 14))
    mid = await matricular(motor_banco, turmas["T0"], "501")
    await gerar_lembretes(motor_banco, AGORA)
    [envio] = await envios(motor_banco)
    assert (envio.canal, envio.chat_id, envio.chave) == ("telegram", "501", f"lembrete:{eid}:{mid}")
    assert envio.proxima_em == AGORA  # devido já: sai na próxima volta do despachante
    saida = saida_de_json(envio.conteudo)
    assert saida.texto == (
        "Amanhã, terça-feira, 2 de março, tem aula de Confeitaria às 14h. "
        "Local: rua Rio Branco, 14-60. Você vai?"
    )
    assert [(b.rotulo, b.valor) for b in saida.botoes] == [
        ("Vou", f"cmd:aula_vou {eid}"),
        ("Não vou poder", f"cmd:aula_falta {eid}"),
    ]
    assert all(len(b.rotulo) <= 20 for b in saida.botoes)  # WhatsApp


async def test_horario_quebrado_e_turma_sem_local(
    motor_banco: AsyncEngine, turmas: dict[str, int]
) -> None:
    async with motor_banco.begin() as c:
        await c.execute(sa.text("UPDATE turma SET local = '' WHERE codigo = 'T1'"))
    await encontro(motor_banco, turmas["T1"], em_bauru(2027, 3, 2, 19, 30))
    await matricular(motor_banco, turmas["T1"], "502")
    await gerar_lembretes(motor_banco, AGORA)
    [envio] = await envios(motor_banco)
    assert saida_de_json(envio.conteudo).texto == (
        "Amanhã, terça-feira, 2 de março, tem aula de Corte e costura às 19h30. Você vai?"
    )


async def test_aula_cancelada_nao_tem_lembrete(
    motor_banco: AsyncEngine, turmas: dict[str, int]
) -> None:
    await encontro(motor_banco, turmas["T0"], em_bauru(2027, 3, 2, 14), cancelado=True)
    await matricular(motor_banco, turmas["T0"], "501")
    assert await gerar_lembretes(motor_banco, AGORA) == 0
    assert await envios(motor_banco) == []


@pytest.mark.parametrize(
    ("vespera", "feriado"),
    [
        (date(2027, 7, 31), date(2027, 8, 1)),  # aniversário de Bauru
        (date(2027, 9, 6), date(2027, 9, 7)),  # Independência
        (date(2027, 7, 8), date(2027, 7, 9)),  # Revolução Constitucionalista (SP)
        (date(2027, 11, 19), date(2027, 11, 20)),  # Consciência Negra
    ],
)
async def test_feriado_nao_tem_lembrete(
    motor_banco: AsyncEngine, turmas: dict[str, int], vespera: date, feriado: date
) -> None:
    await encontro(motor_banco, turmas["T0"], em_bauru(feriado.year, feriado.month, feriado.day))
    await matricular(motor_banco, turmas["T0"], "501")
    agora = em_bauru(vespera.year, vespera.month, vespera.day, 18)
    assert await gerar_lembretes(motor_banco, agora) == 0


async def test_feriado_da_lista_extra_nao_tem_lembrete(
    motor_banco: AsyncEngine, turmas: dict[str, int]
) -> None:
    await encontro(motor_banco, turmas["T0"], em_bauru(2027, 3, 2, 14))
    await matricular(motor_banco, turmas["T0"], "501")
    extras = frozenset({date(2027, 3, 2)})
    assert await gerar_lembretes(motor_banco, AGORA, feriados_extras=extras) == 0
    assert await gerar_lembretes(motor_banco, AGORA) == 1


async def test_r16_so_matriculas_ativas_com_conversa(
    motor_banco: AsyncEngine, turmas: dict[str, int]
) -> None:
    eid = await encontro(motor_banco, turmas["T0"], em_bauru(2027, 3, 2, 14))
    await encontro(motor_banco, turmas["T2"], em_bauru(2027, 3, 3, 14))  # outra turma, outro dia
    recebem = {
        await matricular(motor_banco, turmas["T0"], "601"): "601",
        await matricular(motor_banco, turmas["T0"], "602", canal="whatsapp"): "602",
    }
    await matricular(motor_banco, turmas["T0"], "603", canal="web")  # web: só responde
    await matricular(motor_banco, turmas["T0"], "", canal="")  # pré-inscrição assistida
    await matricular(motor_banco, turmas["T0"], "", canal="telegram")
    for situacao in ("cancelada", "desistente", "concluida"):
        await matricular(motor_banco, turmas["T0"], f"7{situacao}", situacao=situacao)
    await matricular(motor_banco, turmas["T1"], "604")  # turma sem aula amanhã
    await matricular(motor_banco, turmas["T2"], "605")

    assert await gerar_lembretes(motor_banco, AGORA) == 2
    achados = {(e.chat_id, e.chave) for e in await envios(motor_banco)}
    assert achados == {(chat, f"lembrete:{eid}:{mid}") for mid, chat in recebem.items()}


async def test_rodar_de_novo_nao_duplica(motor_banco: AsyncEngine, turmas: dict[str, int]) -> None:
    await encontro(motor_banco, turmas["T0"], em_bauru(2027, 3, 2, 14))
    await encontro(motor_banco, turmas["T1"], em_bauru(2027, 3, 2, 19))
    for i in range(5):
        await matricular(motor_banco, turmas["T0"], f"80{i}")
        await matricular(motor_banco, turmas["T1"], f"81{i}")
    assert await gerar_lembretes(motor_banco, AGORA) == 10
    antes = await envios(motor_banco)
    assert await gerar_lembretes(motor_banco, em_bauru(2027, 3, 1, 21)) == 0
    assert await envios(motor_banco) == antes


async def test_varios_processos_ao_mesmo_tempo_nao_duplicam(
    url_banco: str, turmas: dict[str, int], motor_banco: AsyncEngine
) -> None:
    """Cada processo tem o seu motor; o que um cria o outro não cria de novo."""
    from armazenamento.banco import criar_motor

    await encontro(motor_banco, turmas["T0"], em_bauru(2027, 3, 2, 14))
    for i in range(30):
        await matricular(motor_banco, turmas["T0"], f"9{i:02d}")
    motores = [criar_motor(url_banco) for _ in range(3)]
    try:
        criados = await asyncio.gather(*(gerar_lembretes(m, AGORA) for m in motores))
    finally:
        for m in motores:
            await m.dispose()
    assert sum(criados) == 30
    assert len(await envios(motor_banco)) == 30


async def test_lotes_pequenos_cobrem_todos(
    motor_banco: AsyncEngine, turmas: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Turma maior que o lote: vários INSERT … SELECT (e commits), ninguém fica de fora."""
    monkeypatch.setattr(lembretes, "LOTE", 3)
    await encontro(motor_banco, turmas["T0"], em_bauru(2027, 3, 2, 8))
    await encontro(motor_banco, turmas["T0"], em_bauru(2027, 3, 2, 14))
    for i in range(10):
        await matricular(motor_banco, turmas["T0"], f"95{i}")
    await matricular(motor_banco, turmas["T0"], "960", situacao="cancelada")
    assert await gerar_lembretes(motor_banco, AGORA) == 20
    assert len({e.chave for e in await envios(motor_banco)}) == 20
