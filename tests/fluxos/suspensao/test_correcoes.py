"""R21: as respostas do /suspender que enganavam (achados 15 do teste de aceitação)."""

from __future__ import annotations

import sqlalchemy as sa

from armazenamento.modelos import Envio, Presenca
from fluxos.motor import Motor
from mensagens.serializacao import saida_de_json
from tests.conversa import Conversa
from tests.fluxos.suspensao.conftest import Relogio, Semana, encontros


async def _avisos(motor: Motor) -> dict[str, str]:
    async with motor.banco.connect() as c:
        linhas = (await c.execute(sa.select(Envio.chave, Envio.conteudo))).all()
    return {k: saida_de_json(v).texto for k, v in linhas if k.startswith("suspensao:")}


async def test_r21_outro_motivo_nao_vira_linha_de_motivo_no_aviso(
    motor: Motor, semana: Semana, tecnica: Conversa, instrutor: Conversa
) -> None:
    await tecnica.comando("suspender")
    await tecnica.toca("T0")
    await tecnica.diz("de 02/03 a 05/03")
    await tecnica.toca("Outro motivo")
    await tecnica.toca("Sim, suspender")
    avisos = await _avisos(motor)
    assert avisos and all("Motivo" not in t for t in avisos.values()), avisos
    pessoa = next(t for k, t in avisos.items() if ":pessoa:" in k)
    assert pessoa.startswith("Aviso do seu curso: estas aulas foram suspensas.\n- Confeitaria")
    assert "às 14h\nVocê não leva falta por elas." in pessoa


async def test_r21_motivo_conhecido_continua_no_aviso(
    motor: Motor, semana: Semana, tecnica: Conversa, instrutor: Conversa
) -> None:
    await tecnica.comando("suspender")
    await tecnica.toca("T0")
    await tecnica.diz("02/03")
    await tecnica.toca("Chuva ou enchente")
    await tecnica.toca("Suspender")
    await tecnica.toca("Sim, suspender")
    pessoa = next(t for k, t in (await _avisos(motor)).items() if ":pessoa:" in k)
    assert "às 14h\nMotivo: Chuva ou enchente.\nVocê não leva falta" in pessoa


async def test_r21_confirmacao_em_lote_so_aceita_um_sim_claro(
    motor: Motor, semana: Semana, tecnica: Conversa
) -> None:
    await tecnica.comando("suspender")
    await tecnica.toca("T0")
    await tecnica.diz("de 02/03 a 05/03")
    await tecnica.toca("Chuva ou enchente")
    for parcial in ("suspender", "suspende", "sim sus"):
        await tecnica.diz(parcial)
        assert tecnica.rotulos == ["Sim, suspender", "Não, deixar assim"], parcial
        assert not any(cancelado for _, cancelado in (await encontros(motor.banco)).values())
    await tecnica.diz("1")
    assert tecnica.ultima.texto.startswith("Pronto! Suspensos: 2 encontros.")


async def test_r21_sim_por_extenso_confirma(
    motor: Motor, semana: Semana, tecnica: Conversa
) -> None:
    await tecnica.comando("suspender")
    await tecnica.toca("T0")
    await tecnica.diz("02/03")
    await tecnica.toca("Chuva ou enchente")
    await tecnica.toca("Suspender")
    await tecnica.diz("confirmo")
    assert tecnica.ultima.texto.startswith("Pronto! Suspensos: 1 encontro.")


async def test_r21_ontem_diz_que_dia_passado_nao_se_suspende(
    motor: Motor, semana: Semana, tecnica: Conversa
) -> None:
    await tecnica.comando("suspender")
    await tecnica.toca("T0")
    for passado in ("ontem", "de 20/02 a 25/02"):
        await tecnica.diz(passado)
        assert tecnica.ultima.texto.startswith("Não dá para suspender dias que já passaram."), (
            passado
        )


async def test_r21_hoje_depois_da_chamada_diz_que_a_aula_ja_aconteceu(
    motor: Motor, semana: Semana, tecnica: Conversa, relogio: Relogio
) -> None:
    relogio.andar(hours=23)  # terça, 2/3, 17h em Bauru: a aula das 14h teve chamada
    async with motor.banco.begin() as c:
        await c.execute(
            sa.insert(Presenca.__table__).values(
                encontro_id=semana.encontros[("T0", 2)],
                matricula_id=semana.matriculas["501"],
                situacao="presente",
                origem="chamada",
                registrada_em=relogio.agora,
            )
        )
    await tecnica.comando("suspender")
    await tecnica.toca("T0")
    await tecnica.toca("Hoje")
    assert tecnica.ultima.texto.startswith(
        "As aulas desse período já tiveram chamada: aula que já aconteceu não se suspende."
    )


async def test_r21_sim_em_suspender_ou_remarcar_explica_as_duas(
    motor: Motor, semana: Semana, tecnica: Conversa
) -> None:
    await tecnica.comando("suspender")
    await tecnica.toca("T0")
    await tecnica.diz("02/03")
    await tecnica.toca("Chuva ou enchente")
    await tecnica.diz("sim")
    assert tecnica.ultima.texto.startswith(
        "Suspender: a aula não acontece e não conta falta. Remarcar: a aula passa para outro dia."
    )
    assert tecnica.rotulos == ["Suspender", "Remarcar"]
