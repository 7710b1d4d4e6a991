"""R21 pelo motor: a técnica da OSC suspende uma semana; entradas ruins não mudam nada."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from armazenamento.modelos import Encontro, Envio
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


async def _ate_o_resumo(tecnica: Conversa, periodo: str = "de 02/03 a 05/03") -> None:
    await tecnica.comando("suspender")
    await tecnica.toca("T0")
    await tecnica.diz(periodo)
    await tecnica.toca("Chuva ou enchente")


async def test_r21_o_aviso_diz_as_datas_como_as_pessoas_falam(
    motor: Motor, semana: Semana, tecnica: Conversa, instrutor: Conversa
) -> None:
    await _ate_o_resumo(tecnica)
    await tecnica.toca("Sim, suspender")
    async with motor.banco.connect() as c:
        linhas = dict(
            (
                await c.execute(
                    sa.select(Envio.chat_id, Envio.conteudo).where(Envio.chave.like("suspensao:%"))
                )
            ).all()  # type: ignore[attr-defined]
        )
    assert saida_de_json(linhas["501"]).texto == (
        "Aviso do seu curso: estas aulas foram suspensas.\n"
        "- Confeitaria: terça-feira, 2 de março, às 14h\n"
        "- Confeitaria: quinta-feira, 4 de março, às 14h\n"
        "Motivo: Chuva ou enchente.\n"
        "Você não leva falta por elas. As outras aulas continuam como estavam."
    )
    assert saida_de_json(linhas["800"]).texto.startswith(
        "Aulas suspensas pela equipe do programa.\n"
        "- T0: terça-feira, 2 de março, às 14h\n"
        "- T0: quinta-feira, 4 de março, às 14h\n"
    )
    assert "601" not in linhas  # só a T0 foi escolhida


async def test_r21_nao_vou_poder_numa_aula_suspensa_responde_com_gentileza(
    motor: Motor, semana: Semana, tecnica: Conversa
) -> None:
    await _ate_o_resumo(tecnica)
    await tecnica.toca("Sim, suspender")
    pessoa = Conversa(motor, "501", "telegram")
    await pessoa.aperta(f"cmd:aula_falta {semana.encontros[('T0', 2)]}")
    assert pessoa.ultima.texto == "Essa aula foi cancelada. Não precisa avisar nada."
    await pessoa.aperta(f"cmd:aula_vou {semana.encontros[('T0', 2)]}")
    assert pessoa.ultima.texto == "Essa aula foi cancelada. Não precisa avisar nada."


async def test_r21_digitar_suspender_aulas_abre_a_conversa(tecnica: Conversa) -> None:
    await tecnica.diz("suspender aulas")
    assert tecnica.ultima.texto == "Suspender ou remarcar aulas. De quais turmas?"
    await tecnica.diz("t0")  # o código escrito, em minúsculas
    assert tecnica.ultima.texto.startswith("Quais dias?")
    await tecnica.toca("Amanhã")
    assert tecnica.ultima.texto == "Qual é o motivo?"
    await tecnica.diz("2")  # o número da opção
    assert tecnica.ultima.texto == "O que fazer com as aulas de terça-feira, 2 de março?"
    await tecnica.diz("suspender")
    assert tecnica.ultima.texto.startswith("Suspender 1 encontro de 1 turma (T0), terça-feira")
    assert "Motivo: Falta de energia." in tecnica.ultima.texto


PERIODOS_RUINS = [
    ("28/02", "Não dá para suspender dias que já passaram. Escolha hoje ou um dia depois de hoje."),
    ("05/03 a 02/03", "O último dia veio antes do primeiro. Escreva assim: de 10/03 a 14/03."),
    ("20/03", "Não há encontros nesse período. Confira os dias e escreva de novo."),
    ("02/03 a 20/06", "O período passa de dois meses. Escolha um período menor."),
    ("🌧️🌧️", "Não consegui entender os dias. Escreva assim: 10/03, ou de 10/03 a 14/03."),
    (
        "semana que vem talvez",
        "Não consegui entender os dias. Escreva assim: 10/03, ou de 10/03 a 14/03.",
    ),
    ("x" * 65_536, "Sua mensagem ficou muito longa: cabem até 300 letras."),
]


@pytest.mark.parametrize(("digitado", "nota"), PERIODOS_RUINS, ids=range(len(PERIODOS_RUINS)))
async def test_r21_periodo_ruim_explica_e_nada_muda(
    motor: Motor, tecnica: Conversa, digitado: str, nota: str
) -> None:
    await tecnica.comando("suspender")
    await tecnica.toca("T0")
    antes = await encontros(motor.banco), await fila(motor.banco)
    await tecnica.diz(digitado)
    assert tecnica.ultima.texto.startswith(nota), tecnica.ultima.texto
    assert "Quais dias?" in tecnica.ultima.texto  # a mesma pergunta, de novo
    assert (await encontros(motor.banco), await fila(motor.banco)) == antes


async def test_r24_turma_de_outra_osc_nao_e_encontrada(
    motor: Motor, semana: Semana, tecnica: Conversa
) -> None:
    await tecnica.comando("suspender")
    versao = tecnica.ultima.botoes[0].valor.partition(".")[0]
    antes = await encontros(motor.banco), await fila(motor.banco)
    await tecnica.diz("S1")  # o código da turma da Casa do Sol, escrito
    assert tecnica.ultima.texto.startswith("Não encontrado.")
    await tecnica.aperta(f"{versao}.turma:{semana.turmas['S1']}")  # botão forjado
    assert tecnica.ultima.texto.startswith("Esse botão é de uma mensagem antiga")
    await tecnica.aperta(f"cmd:suspender {semana.turmas['S1']}")  # comando forjado: recomeça
    assert tecnica.rotulos == ["Todas as turmas", "T0", "T1", "T2"]
    assert (await encontros(motor.banco), await fila(motor.banco)) == antes


async def test_r21_nao_no_resumo_deixa_tudo_como_esta(motor: Motor, tecnica: Conversa) -> None:
    antes = await encontros(motor.banco), await fila(motor.banco)
    await _ate_o_resumo(tecnica)
    await tecnica.diz("não")
    assert tecnica.ultima.texto == "Tudo bem, nada foi mudado."
    assert "Suspender aulas" in tecnica.rotulos  # de volta ao menu
    assert (await encontros(motor.banco), await fila(motor.banco)) == antes


async def test_r21_o_periodo_mudou_desde_o_resumo(
    motor: Motor, semana: Semana, tecnica: Conversa
) -> None:
    """Outra pessoa suspendeu uma das aulas depois do resumo: confere de novo, nada pela
    metade."""
    await _ate_o_resumo(tecnica)
    async with motor.banco.begin() as c:
        await c.execute(
            sa.update(Encontro.__table__)
            .where(Encontro.__table__.c.id == semana.encontros[("T0", 4)])
            .values(cancelado=True)
        )
    await tecnica.toca("Sim, suspender")
    assert tecnica.ultima.texto.startswith("As aulas desse período mudaram desde o resumo.")
    assert "Suspender 1 encontro de 1 turma (T0)" in tecnica.ultima.texto
    assert not [c for c, _, _ in await fila(motor.banco) if c.startswith("suspensao:")]
    await tecnica.toca("Sim, suspender")
    assert tecnica.ultima.texto.startswith("Pronto! Suspensos: 1 encontro.")
