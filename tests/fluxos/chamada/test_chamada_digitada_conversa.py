"""A chamada digitada como conversa (R7, R16; achados 1, 12, 18 da issue 10): o que foi
entendido vem escrito acima da lista ("Anotei: ..."), nunca o contrário do que foi dito,
e o que não foi entendido não muda nada. Cancelar, voltar e ajuda dizem algo da chamada."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from armazenamento.banco import transacao
from fluxos.motor import Motor
from tests.conversa import Conversa
from tests.fluxos.chamada.conftest import HOJE_8H, Turma15
from tests.fluxos.chamada.dados_chamada import marcas, novo_encontro


def _faltas(conversa: Conversa) -> list[int]:
    return [int(r.split()[0]) for r in conversa.rotulos if r[0].isdigit() and "✅" not in r]


def _pessoas(conversa: Conversa) -> list[str]:
    return [r for r in conversa.rotulos if r[0].isdigit()]


async def test_r16_ausencia_e_presenca_digitadas_com_o_anotei(
    instrutor: Conversa, turma: Turma15, motor: Motor
) -> None:
    await instrutor.comando("chamada")

    [lista] = await instrutor.diz("faltaram 3 e 7")
    assert lista.texto.startswith("Anotei: faltaram 3 (Bruno C.) e 7 (Fábio N.).\n\nChamada")
    assert _faltas(instrutor) == [3, 7]

    [lista] = await instrutor.diz("ninguém veio")
    assert lista.texto.startswith("Anotei: todos faltaram.")
    assert len(_faltas(instrutor)) == 15

    [lista] = await instrutor.diz("só o 3 veio")
    assert lista.texto.startswith("Anotei: só veio 3 (Bruno C.).")
    assert _faltas(instrutor) == [n for n in range(1, 16) if n != 3]

    await instrutor.diz("todo mundo veio")
    assert _faltas(instrutor) == []
    [lista] = await instrutor.diz("só veio o 3 e o 7")
    assert lista.texto.startswith("Anotei: só vieram 3 (Bruno C.) e 7 (Fábio N.).")
    await instrutor.diz("todos")
    await instrutor.diz("faltou 3")
    [lista] = await instrutor.diz("3 não faltou")
    assert lista.texto.startswith("Anotei: veio 3 (Bruno C.).")
    assert _faltas(instrutor) == []

    await instrutor.diz("todos faltaram")
    [resumo] = await instrutor.diz("pronto")
    assert resumo.texto == "Chamada salva. 15 na turma: 0 presentes, 15 faltas."
    gravadas = await marcas(motor.banco, turma.encontro_id)
    assert {s for s, _ in gravadas.values()} == {"falta"}


async def test_r16_faltou_digitado_soma_so_troca_e_faixas(instrutor: Conversa) -> None:
    await instrutor.comando("chamada")

    await instrutor.diz("faltou 3")
    [lista] = await instrutor.diz("faltou 7")  # soma: o 3 continua com falta
    assert lista.texto.startswith("Anotei: faltou 7 (Fábio N.).")
    assert _faltas(instrutor) == [3, 7]
    await instrutor.diz("só faltou o 5")  # "só": troca
    assert _faltas(instrutor) == [5]
    await instrutor.diz("todos")
    [lista] = await instrutor.diz("de 3 a 7")
    assert lista.texto.startswith("Anotei: faltaram 3 (Bruno C.), 4 (Carla D.), 5 (Diego A.),")
    assert _faltas(instrutor) == [3, 4, 5, 6, 7]
    await instrutor.diz("todos")
    [lista] = await instrutor.diz("3-9")
    assert lista.texto.startswith("Anotei: faltaram 3, 4, 5, 6, 7, 8 e 9.")


async def test_r16_o_que_nao_foi_entendido_e_dito_e_nada_muda(instrutor: Conversa) -> None:
    await instrutor.comando("chamada")
    await instrutor.diz("faltou 3")
    antes = _pessoas(instrutor)

    for digitado, inicio in (
        ("-1", 'Não entendi "-1". Nada mudou.'),
        ("1.5", 'Não entendi "1.5". Nada mudou.'),
        ("faltou a Zuleica", 'Não entendi "Zuleica". Nada mudou.'),
        ("faltou 1000000", "O número 1000000 não está na lista. Os números vão de 1 a 15."),
        ("faltou " + "9" * 40, "Esse número não está na lista. Os números vão de 1 a 15."),
    ):
        [resposta] = await instrutor.diz(digitado)
        assert resposta.texto.startswith(inicio), digitado
        assert _pessoas(instrutor) == antes, digitado


async def test_r16_cancelar_ajuda_e_voltar_falam_da_chamada(
    instrutor: Conversa, turma: Turma15, motor: Motor
) -> None:
    await instrutor.comando("chamada")
    [ajuda] = await instrutor.diz("ajuda")
    assert ajuda.texto.startswith("Toque no nome para marcar: ✅ veio, ❌ faltou.")
    [volta] = await instrutor.diz("voltar")  # a lista abriu direto: não há escolha antes
    assert volta.texto.startswith("Não há pergunta antes desta lista.")
    await instrutor.diz("faltou 3")

    [cancelado] = await instrutor.diz("cancelar")

    assert cancelado.texto.startswith("Tudo bem, parei. A chamada não foi salva.")
    assert await marcas(motor.banco, turma.encontro_id) == {}


async def test_r16_voltar_da_lista_leva_a_escolha_da_aula(
    instrutor: Conversa, turma: Turma15, motor: Motor
) -> None:
    await novo_encontro(motor.banco, turma.turma_id, HOJE_8H - timedelta(days=2))
    await instrutor.comando("chamada")
    await instrutor.diz("faltou 3")
    await instrutor.toca("Outro dia")
    await instrutor.toca("10/1 8h T0")
    assert instrutor.ultima.texto.startswith("Chamada da turma T0")

    [escolha] = await instrutor.diz("voltar")

    assert escolha.texto == "De qual aula é a chamada?"


async def test_chamada_sem_aula_oferece_as_turmas(instrutor: Conversa, turma: Turma15) -> None:
    await instrutor.comando("chamada")
    await instrutor.toca("Concluir")
    async with transacao(instrutor.motor.banco) as c:
        await c.execute(sa.text("UPDATE encontro SET cancelado = true"))

    [resposta] = await instrutor.comando("chamada")
    assert "foi suspensa" in resposta.texto
    assert [b.rotulo for b in resposta.botoes] == ["Ver as turmas"]
    [resposta] = await instrutor.comando("chamada", str(turma.turma_id))
    assert [b.rotulo for b in resposta.botoes] == ["Ver a turma"]
    await instrutor.toca("Ver a turma")
    assert "T0" in instrutor.ultima.texto
