"""/chamada no motor (R7, R16, R24): tocar, digitar, concluir, corrigir e a entrada ruim."""

from __future__ import annotations

import sqlalchemy as sa

from armazenamento.banco import transacao
from armazenamento.modelos import Matricula
from armazenamento.modelos_chamada import Chamada
from fluxos.motor import Motor
from tests.conversa import Conversa
from tests.fluxos.chamada.conftest import HOJE_8H, Relogio, Turma15
from tests.fluxos.chamada.dados_chamada import falta_avisada, marcas, matricular_nomes
from tests.fluxos.conftest import AGORA


def _botoes_de_pessoa(conversa: Conversa) -> list[str]:
    return [r for r in conversa.rotulos if r[0].isdigit()]


async def test_r16_toques_trocam_a_marca_na_mesma_mensagem_e_concluir_grava_tudo(
    instrutor: Conversa, turma: Turma15, motor: Motor
) -> None:
    [lista] = await instrutor.comando("chamada")

    assert lista.texto.startswith("Chamada da turma T0:")
    pessoas = [b.rotulo for b in lista.botoes if b.rotulo[0].isdigit()]
    assert len(pessoas) == 15
    assert pessoas[0] == "1 ✅ Ana L."  # em ordem de nome: Ana Lima antes de Ana Souza
    assert "13 ✅ Maria S." in pessoas
    assert all(len(r) <= 20 for r in lista.botoes and [b.rotulo for b in lista.botoes])
    assert [b.rotulo for b in lista.botoes][-2:] == ["Todos presentes", "Concluir"]

    [tocada] = await instrutor.toca("3 ✅ Bruno C.")
    assert tocada.substituir  # o canal edita a mensagem do botão
    assert "3 ❌ Bruno C." in instrutor.rotulos
    [tocada] = await instrutor.toca("13 ✅ Maria S.")
    assert "13 ❌ Maria S." in instrutor.rotulos
    assert (await marcas(motor.banco, turma.encontro_id)) == {}  # nada gravado ainda

    [resumo] = await instrutor.toca("Concluir")

    assert resumo.texto == "Chamada salva. 15 na turma: 13 presentes, 2 faltas."
    assert not resumo.substituir
    gravadas = await marcas(motor.banco, turma.encontro_id)
    assert set(gravadas) == set(turma.matriculas)
    assert {o for _, o in gravadas.values()} == {"chamada"}
    assert sorted(s for s, _ in gravadas.values()).count("falta") == 2


async def test_r16_falta_avisada_vem_marcada_e_o_instrutor_pode_dar_presenca(
    instrutor: Conversa, turma: Turma15, motor: Motor
) -> None:
    await falta_avisada(motor.banco, turma.encontro_id, turma.matriculas[4])  # Diego Alves

    await instrutor.comando("chamada")
    assert "5 📝 Diego A." in instrutor.rotulos
    [resumo] = await instrutor.toca("Concluir")
    assert resumo.texto == "Chamada salva. 15 na turma: 14 presentes, 1 falta (1 avisada)."
    gravadas = await marcas(motor.banco, turma.encontro_id)
    assert gravadas[turma.matriculas[4]] == ("falta_justificada", "chamada")
    assert len(gravadas) == 15

    await instrutor.comando("chamada")  # corrigir: ele veio, afinal
    await instrutor.toca("5 📝 Diego A.")
    assert "5 ✅ Diego A." in instrutor.rotulos
    await instrutor.toca("5 ✅ Diego A.")  # tocar de novo volta para a falta avisada
    assert "5 📝 Diego A." in instrutor.rotulos
    await instrutor.toca("Todos presentes")
    [resumo] = await instrutor.toca("Concluir")
    assert resumo.texto == "Chamada salva. 15 na turma: todos presentes."
    assert (await marcas(motor.banco, turma.encontro_id))[turma.matriculas[4]] == (
        "presente",
        "chamada",
    )


async def test_r16_chamada_digitada(instrutor: Conversa, turma: Turma15, motor: Motor) -> None:
    await instrutor.comando("chamada")

    [lista] = await instrutor.diz("faltaram 3 e 7")
    assert not lista.substituir  # digitado: mensagem nova
    assert {"3 ❌ Bruno C.", "7 ❌ Fábio N."} <= set(instrutor.rotulos)
    await instrutor.diz("só faltou a Maria")
    assert "13 ❌ Maria S." in instrutor.rotulos
    assert "3 ✅ Bruno C." in instrutor.rotulos
    [resumo] = await instrutor.diz("pronto")

    assert resumo.texto == "Chamada salva. 15 na turma: 14 presentes, 1 falta."
    gravadas = await marcas(motor.banco, turma.encontro_id)
    assert [m for m, (s, _) in gravadas.items() if s == "falta"] == [turma.matriculas[12]]


async def test_r16_nome_de_duas_pessoas_pergunta_qual_e_nada_muda(
    instrutor: Conversa, turma: Turma15
) -> None:
    await instrutor.comando("chamada")
    antes = _botoes_de_pessoa(instrutor)

    [resposta] = await instrutor.diz("só faltou a Ana")

    assert "Tem mais de uma pessoa com o nome Ana: 1 (Ana L.), 2 (Ana S.)." in resposta.texto
    assert _botoes_de_pessoa(instrutor) == antes
    await instrutor.diz("2")
    assert "2 ❌ Ana S." in instrutor.rotulos


async def test_numero_fora_da_lista_explica_e_nada_muda(
    instrutor: Conversa, turma: Turma15
) -> None:
    await instrutor.comando("chamada")
    antes = _botoes_de_pessoa(instrutor)

    [resposta] = await instrutor.diz("faltaram 3 e 30")

    assert resposta.texto.startswith("O número 30 não está na lista. Os números vão de 1 a 15.")
    assert _botoes_de_pessoa(instrutor) == antes


async def test_botao_antigo_ou_forjado_nao_muda_nada(
    instrutor: Conversa, turma: Turma15, motor: Motor
) -> None:
    [velha] = await instrutor.comando("chamada")
    await instrutor.diz("faltou 3")  # mensagem nova: os botões da velha não valem mais

    [resposta] = await instrutor.toca("5 ✅ Diego A.", em=velha)
    assert "mensagem antiga" in resposta.texto.lower() or "antiga" in resposta.texto
    assert "5 ✅ Diego A." in instrutor.rotulos
    versao = instrutor.ultima.botoes[0].valor.partition(".")[0]
    [resposta] = await instrutor.aperta(f"{versao}.m999999")  # matrícula que não está na lista
    assert "antiga" in resposta.texto
    [resposta] = await instrutor.aperta(f"{versao}.m{turma.matriculas[0]}x")
    assert "antiga" in resposta.texto
    assert (await marcas(motor.banco, turma.encontro_id)) == {}


async def test_r24_turma_que_nao_e_sua_nao_encontrada(instrutor: Conversa, turma: Turma15) -> None:
    for argumento in (str(turma.outra_turma_id), "999999", "abc"):
        [resposta] = await instrutor.comando("chamada", argumento)
        assert resposta.texto == "Não encontrado."
    [resposta] = await instrutor.aperta(f"cmd:chamada {turma.outra_turma_id}")
    assert resposta.texto == "Não encontrado."


async def test_aula_que_ainda_nao_aconteceu(
    instrutor: Conversa, turma: Turma15, relogio: Relogio
) -> None:
    relogio.andar(days=-1)  # ontem: a aula de hoje é amanhã

    [resposta] = await instrutor.comando("chamada")

    assert "ainda não aconteceu" in resposta.texto
    assert "T0" in resposta.texto


async def test_fora_da_janela_nao_grava(
    instrutor: Conversa, turma: Turma15, motor: Motor, relogio: Relogio
) -> None:
    await instrutor.comando("chamada")
    await instrutor.toca("3 ✅ Bruno C.")
    relogio.andar(days=8)  # a lista ficou aberta no celular mais de uma semana

    [resposta] = await instrutor.toca("Concluir")

    assert "foi há mais de 7 dias" in resposta.texto
    assert (await marcas(motor.banco, turma.encontro_id)) == {}
    [resposta] = await instrutor.comando("chamada")  # só a próxima aula, ainda por vir
    assert "16 de fevereiro, 14h ainda não aconteceu" in resposta.texto


async def test_r21_aula_suspensa(instrutor: Conversa, turma: Turma15, motor: Motor) -> None:
    await instrutor.comando("chamada")
    async with transacao(motor.banco) as c:  # a OSC suspendeu a aula com a lista aberta
        await c.execute(
            sa.text("UPDATE encontro SET cancelado = true WHERE id = :e"), {"e": turma.encontro_id}
        )

    [resposta] = await instrutor.toca("Concluir")
    assert "foi suspensa" in resposta.texto
    assert (await marcas(motor.banco, turma.encontro_id)) == {}
    [resposta] = await instrutor.comando("chamada")
    assert "foi suspensa" in resposta.texto


async def test_r16_corrigir_no_dia_seguinte_parte_do_que_foi_salvo(
    instrutor: Conversa, turma: Turma15, motor: Motor, relogio: Relogio
) -> None:
    await instrutor.comando("chamada")
    await instrutor.diz("faltaram 3 e 7")
    await instrutor.diz("pronto")
    relogio.andar(days=1)

    [escolha] = await instrutor.comando("chamada")
    assert escolha.texto == "De qual aula é a chamada?"
    assert [b.rotulo for b in escolha.botoes] == ["✅ 10/1 8h T0"]
    [lista] = await instrutor.toca("✅ 10/1 8h T0")
    assert "Esta chamada já foi feita" in lista.texto
    assert {"3 ❌ Bruno C.", "7 ❌ Fábio N."} <= set(instrutor.rotulos)
    await instrutor.toca("7 ❌ Fábio N.")
    [resumo] = await instrutor.toca("Concluir")

    assert resumo.texto == "Chamada salva. 15 na turma: 14 presentes, 1 falta."
    gravadas = await marcas(motor.banco, turma.encontro_id)
    assert len(gravadas) == 15
    assert [m for m, (s, _) in gravadas.items() if s == "falta"] == [turma.matriculas[2]]
    async with transacao(motor.banco) as c:
        correcoes = (await c.execute(sa.select(Chamada.correcoes))).scalar_one()  # type: ignore[call-overload]
    assert correcoes == 1


async def test_quem_saiu_fica_de_fora_e_quem_entrou_vai_junto(
    instrutor: Conversa, turma: Turma15, motor: Motor
) -> None:
    await instrutor.comando("chamada")
    async with transacao(motor.banco) as c:
        await c.execute(
            sa.update(Matricula)
            .where(Matricula.id == turma.matriculas[0])  # type: ignore[arg-type]
            .values(situacao="desistente")
        )
    [nova] = await matricular_nomes(motor.banco, turma.turma_id, ["Zeca Moura"], AGORA)

    [resumo] = await instrutor.toca("Concluir")

    assert resumo.texto == "Chamada salva. 15 na turma: todos presentes."
    gravadas = await marcas(motor.banco, turma.encontro_id)
    assert turma.matriculas[0] not in gravadas
    assert gravadas[nova] == ("presente", "chamada")


async def test_varias_aulas_hoje_pergunta_qual(
    instrutor: Conversa, turma: Turma15, motor: Motor
) -> None:
    from tests.fluxos.chamada.dados_chamada import novo_encontro

    await novo_encontro(motor.banco, turma.turma_id, HOJE_8H.replace(hour=14))  # 11h em Bauru

    [escolha] = await instrutor.comando("chamada")

    assert [b.rotulo for b in escolha.botoes] == ["10/1 11h T0", "10/1 8h T0"]
    await instrutor.diz("2")  # digitar o número escolhe
    assert instrutor.ultima.texto.startswith("Chamada da turma T0: domingo, 10 de janeiro, 8h.")


async def test_tela_da_turma_leva_a_chamada_e_a_abertura_fica_na_auditoria(
    instrutor: Conversa, turma: Turma15, motor: Motor
) -> None:
    await instrutor.comando("turma", str(turma.turma_id))
    assert instrutor.rotulos[0] == "Fazer chamada"

    await instrutor.toca("Fazer chamada")
    assert instrutor.ultima.texto.startswith("Chamada da turma T0:")
    await instrutor.toca("3 ✅ Bruno C.")
    await instrutor.toca("3 ❌ Bruno C.")

    async with transacao(motor.banco) as c:
        acoes = (
            await c.execute(
                sa.text("SELECT acao, alvo FROM auditoria WHERE acao = 'turma.chamada'")
            )
        ).all()
    assert [tuple(a) for a in acoes] == [("turma.chamada", str(turma.encontro_id))]


async def test_chamada_digitada_como_palavra(instrutor: Conversa, turma: Turma15) -> None:
    for escrito in ("fazer chamada", "Chamada"):
        await instrutor.diz("cancelar")
        [lista] = await instrutor.diz(escrito)
        assert lista.texto.startswith("Chamada da turma T0:"), escrito


async def test_outro_dia_leva_a_aula_passada_dentro_da_janela(
    instrutor: Conversa, turma: Turma15, motor: Motor
) -> None:
    from datetime import timedelta

    from tests.fluxos.chamada.dados_chamada import novo_encontro

    passado = await novo_encontro(motor.banco, turma.turma_id, HOJE_8H - timedelta(days=2))
    await novo_encontro(motor.banco, turma.turma_id, HOJE_8H - timedelta(days=9))  # fora

    [lista] = await instrutor.comando("chamada")
    assert lista.texto.startswith("Chamada da turma T0: domingo, 10 de janeiro")
    [escolha] = await instrutor.toca("Outro dia")

    assert [b.rotulo for b in escolha.botoes] == ["10/1 8h T0", "8/1 8h T0"]
    await instrutor.toca("8/1 8h T0")
    await instrutor.toca("Concluir")
    assert len(await marcas(motor.banco, passado)) == 15
    assert await marcas(motor.banco, turma.encontro_id) == {}
