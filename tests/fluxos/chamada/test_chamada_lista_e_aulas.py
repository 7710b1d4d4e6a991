"""A lista e as aulas da chamada (R16, R21; achados 2, 5, 6 e 13 da issue 10): quem entrou
depois da aula não está nela; dois celulares: vence a última chamada inteira, como ela
estava na tela; o toque duplo não desfaz; só aula que já começou; a aula pelo dia escrito."""

from __future__ import annotations

from datetime import timedelta

from fluxos.motor import Motor
from tests.conversa import Conversa
from tests.fluxos.chamada.conftest import HOJE_8H, Relogio, Turma15
from tests.fluxos.chamada.dados_chamada import marcas, matricular_nomes, novo_encontro
from tests.fluxos.conftest import AGORA
from tests.fluxos.equipe.conftest import Convidar


def _marca(conversa: Conversa, numero: int) -> str:
    [rotulo] = [r for r in conversa.rotulos if r.startswith(f"{numero} ")]
    return rotulo.split()[1]


async def test_r16_quem_se_matriculou_depois_nao_esta_na_chamada_da_aula_antiga(
    instrutor: Conversa, turma: Turma15, motor: Motor
) -> None:
    antiga = await novo_encontro(motor.banco, turma.turma_id, HOJE_8H - timedelta(days=3))
    [nova] = await matricular_nomes(motor.banco, turma.turma_id, ["Zuleica Tardia"], AGORA)

    await instrutor.comando("chamada")  # a de hoje: a Zuleica, matriculada hoje, está
    assert "16 ✅ Zuleica T." in instrutor.rotulos
    await instrutor.toca("Outro dia")
    await instrutor.toca("7/1 8h T0")

    assert not [r for r in instrutor.rotulos if "Zuleica" in r]
    [resposta] = await instrutor.diz("faltou a zuleica")
    assert resposta.texto.startswith('Não entendi "zuleica"')
    [resumo] = await instrutor.toca("Concluir")
    assert resumo.texto == "Chamada salva. 15 na turma: todos presentes."
    assert nova not in await marcas(motor.banco, antiga)


async def test_r16_dois_celulares_vence_a_ultima_lista_inteira_como_estava_na_tela(
    instrutor: Conversa, convidar: Convidar, turma: Turma15, motor: Motor
) -> None:
    outro = Conversa(motor, chat_id="901")
    await outro.comando("start", (await convidar("instrutor", turma_id=turma.turma_id)).token)
    await instrutor.comando("chamada")
    await outro.comando("chamada")

    await instrutor.toca("3 ✅ Bruno C.")
    await instrutor.toca("Concluir")  # A: só o 3 faltou
    await outro.toca("7 ✅ Fábio N.")  # B ainda mostra o 3 com ✅
    assert _marca(outro, 3) == "✅"
    await outro.toca("Concluir")

    gravadas = await marcas(motor.banco, turma.encontro_id)
    faltas = [turma.matriculas.index(m) + 1 for m, (s, _) in gravadas.items() if s == "falta"]
    assert faltas == [7]  # exatamente o que B mostrava, nunca 3 e 7
    assert len(gravadas) == 15


async def test_r16_entrou_depois_de_a_lista_abrir_vai_com_a_marca_do_banco(
    instrutor: Conversa, turma: Turma15, motor: Motor
) -> None:
    from tests.fluxos.chamada.dados_chamada import falta_avisada

    await instrutor.comando("chamada")
    await instrutor.toca("3 ✅ Bruno C.")
    novas = await matricular_nomes(motor.banco, turma.turma_id, ["Zeca Moura", "Yara Luz"], AGORA)
    await falta_avisada(motor.banco, turma.encontro_id, novas[1])

    [resumo] = await instrutor.toca("Concluir")

    assert resumo.texto == "Chamada salva. 17 na turma: 15 presentes, 2 faltas (1 avisada)."
    gravadas = await marcas(motor.banco, turma.encontro_id)
    assert gravadas[novas[0]] == ("presente", "chamada")
    assert gravadas[novas[1]] == ("falta_justificada", "chamada")


async def test_r16_toque_duplo_e_copia_antiga_nao_desfazem(
    instrutor: Conversa, turma: Turma15, motor: Motor
) -> None:
    [lista] = await instrutor.comando("chamada")

    await instrutor.toca("3 ✅ Bruno C.")
    [de_novo] = await instrutor.toca("3 ✅ Bruno C.", em=lista)  # o 2º toque, da tela velha

    assert de_novo.substituir
    assert _marca(instrutor, 3) == "❌"
    await instrutor.toca("3 ❌ Bruno C.")  # um toque de verdade na tela nova: volta
    assert _marca(instrutor, 3) == "✅"

    [copia] = await instrutor.diz("faltou 5")  # uma lista nova (mensagem nova)
    [recusa] = await instrutor.toca("5 ✅ Diego A.", em=lista)  # a cópia de antes
    assert "antiga" in recusa.texto
    assert _marca(instrutor, 5) == "❌"
    await instrutor.toca("7 ✅ Fábio N.", em=copia)
    await instrutor.toca("7 ✅ Fábio N.", em=copia)
    assert _marca(instrutor, 7) == "❌"
    await instrutor.toca("Concluir")
    gravadas = await marcas(motor.banco, turma.encontro_id)
    assert sorted(
        turma.matriculas.index(m) + 1 for m, (s, _) in gravadas.items() if s == "falta"
    ) == [5, 7]


async def test_r16_aula_de_mais_tarde_ainda_nao_e_oferecida_nem_concluida(
    instrutor: Conversa, turma: Turma15, motor: Motor, relogio: Relogio
) -> None:
    tarde = await novo_encontro(motor.banco, turma.turma_id, HOJE_8H + timedelta(hours=6))  # 14h

    [lista] = await instrutor.comando("chamada")  # ao meio-dia: só a das 8h

    assert lista.texto.startswith("Chamada da turma T0: domingo, 10 de janeiro, 8h.")
    versao = lista.botoes[0].valor.partition(".")[0]
    [forjado] = await instrutor.aperta(f"{versao}.e{tarde}")
    assert "antiga" in forjado.texto
    await instrutor.diz("cancelar")
    relogio.andar(hours=1, minutes=35)  # 13h35: a chamada das 14h já abre
    [escolha] = await instrutor.comando("chamada")
    assert [b.rotulo for b in escolha.botoes] == ["10/1 14h T0", "10/1 8h T0"]


async def test_r16_a_aula_pelo_dia_escrito(
    instrutor: Conversa, turma: Turma15, motor: Motor
) -> None:
    await novo_encontro(motor.banco, turma.turma_id, HOJE_8H - timedelta(days=2))
    await novo_encontro(motor.banco, turma.turma_id, HOJE_8H - timedelta(hours=3))  # 5h
    await instrutor.comando("chamada")
    assert instrutor.ultima.texto == "De qual aula é a chamada?"

    for digitado, esperado in (
        ("hoje", "Tem mais de uma aula em 10/1."),
        ("10/1", "Tem mais de uma aula em 10/1."),
        ("ontem", "Não tem aula de 9/1 para fazer a chamada."),
        ("xyz", "Toque numa das aulas abaixo, ou escreva o dia"),
    ):
        [resposta] = await instrutor.diz(digitado)
        assert resposta.texto.startswith(esperado), digitado
    [lista] = await instrutor.diz("8/1")
    assert lista.texto.startswith("Chamada da turma T0: sexta-feira, 8 de janeiro, 8h.")
    await instrutor.diz("cancelar")
    await instrutor.comando("chamada")
    [lista] = await instrutor.diz("sexta")
    assert lista.texto.startswith("Chamada da turma T0: sexta-feira, 8 de janeiro, 8h.")
