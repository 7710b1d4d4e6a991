"""/frequencia do cidadão como conversa (R16): uma mensagem curta com as horas, o
percentual e quantas aulas ainda dá para faltar; digitada de vários jeitos, pelo botão do
menu e pelo comando; com cuidado quando 75% não dá mais; clara sem matrícula."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from armazenamento.banco import transacao
from armazenamento.modelos import PreInscricao, VinculoCanal
from fluxos.motor import Motor
from mensagens.catalogo import texto
from tests.conversa import Conversa
from tests.fluxos.conftest import AGORA
from tests.fluxos.dados_frequencia import PRIMEIRO, chamadas, encontros, matricular, turma

CHAT = "100"  # a conversa da `pessoa`


async def _com_marcas(motor: Motor, codigo: str, total: int, chat_id: str = CHAT) -> int:
    """Uma turma com `total` encontros de 4 h (3 h + 1 h), as chamadas dos primeiros
    conforme `codigo` ("PPPF") e a matrícula desta conversa."""
    t0 = await turma(motor.banco)
    ids = await encontros(motor.banco, t0, total)
    eu = await matricular(motor.banco, t0, "Maria Souza", chat_id=chat_id)
    await chamadas(motor.banco, ids, {eu: codigo})
    return eu


@pytest.mark.parametrize(
    "pedido",
    ["frequência", "Frequencia", "minha frequência", "Minhas faltas", "quantas faltas?"],
)
async def test_r16_frequencia_digitada_exatamente_75_por_cento(
    pessoa: Conversa, motor: Motor, pedido: str
) -> None:
    """12 de 16 horas: exatamente 75% (vale); dos 4 encontros que faltam, pode faltar 1."""
    await _com_marcas(motor, "PPPF", 8)

    [resposta] = await pessoa.diz(pedido)

    assert resposta.texto == (
        "Confeitaria: você participou de 12 de 16 horas de aula até agora. "
        "Sua frequência é 75%.\n"
        "Você ainda pode faltar 1 aula e continuar com 75%."
    )


async def test_r16_frequencia_pelo_comando_pelo_menu_e_com_erro_de_digitacao(
    pessoa: Conversa, motor: Motor
) -> None:
    await _com_marcas(motor, "PP", 10)  # 8 de 8 h; 40 h no total: pode faltar 2
    esperado = texto("frequencia.cidadao.pode_faltar.acima", aulas="2 aulas")

    assert (await pessoa.comando("frequencia"))[-1].texto.endswith(esperado)
    await pessoa.diz("menu")
    assert "Minha frequência" in pessoa.rotulos
    await pessoa.toca("Minha frequência")
    assert pessoa.ultima.texto.endswith(esperado)
    assert "100%" in pessoa.ultima.texto
    for digitado in ("frequensia", "como está minha frequencia?"):
        assert (await pessoa.diz(digitado))[-1].texto.endswith(esperado), digitado


@pytest.mark.parametrize(
    ("codigo", "total", "chave"),
    [
        ("PPPF", 7, "frequencia.cidadao.nao_falte.acima"),  # 75% e nenhuma folga
        ("F", 4, "frequencia.cidadao.nao_falte.abaixo"),  # 0% agora, 75% se vier a todas
        ("PPFF", 12, "frequencia.cidadao.pode_faltar.abaixo"),
        ("PPPP", 4, "frequencia.cidadao.terminou_com_75"),
    ],
)
async def test_r16_o_que_ainda_da(
    pessoa: Conversa, motor: Motor, codigo: str, total: int, chave: str
) -> None:
    await _com_marcas(motor, codigo, total)
    [resposta] = await pessoa.comando("frequencia")
    assert resposta.texto.endswith(texto(chave, aulas="1 aula"))


async def test_r16_quem_nao_alcanca_mais_ouve_com_cuidado(pessoa: Conversa, motor: Motor) -> None:
    """Nem vindo a todas chega a 75%: diz isso sem bronca e aponta onde pedir ajuda."""
    await _com_marcas(motor, "FF", 4)

    [resposta] = await pessoa.diz("minha frequência")

    assert resposta.texto.startswith("Confeitaria: você participou de 0 de 8 horas")
    assert "não dá mais para chegar aos 75%" in resposta.texto
    assert "Continue vindo" in resposta.texto
    assert '"preciso de ajuda"' in resposta.texto
    assert "instituição do curso" in resposta.texto


async def test_r16_r21_suspenso_nao_conta_e_matricula_atrasada_nao_tem_falta_de_antes(
    pessoa: Conversa, motor: Motor
) -> None:
    """Os 2 primeiros encontros foram antes da matrícula (a chamada deles não a marcou);
    o 4º foi suspenso (e até teve uma marca por engano): nada disso conta."""
    t0 = await turma(motor.banco)
    ids = await encontros(motor.banco, t0, 7, suspensos=frozenset({3}))
    depois = PRIMEIRO + timedelta(days=8)  # entrou depois do 2º encontro
    eu = await matricular(motor.banco, t0, "Maria", chat_id=CHAT, criada_em=depois)
    outra = await matricular(motor.banco, t0, "Bia")
    await chamadas(motor.banco, ids, {eu: "--PF", outra: "PPPP"})

    [resposta] = await pessoa.comando("frequencia")

    assert "participou de 4 de 4 horas" in resposta.texto
    assert "100%" in resposta.texto
    # valem para ela 16 h (4 encontros): 12 h bastam, pode faltar 1
    assert resposta.texto.endswith(texto("frequencia.cidadao.pode_faltar.acima", aulas="1 aula"))


async def test_r16_antes_da_primeira_chamada(pessoa: Conversa, motor: Motor) -> None:
    await _com_marcas(motor, "", 4)
    [resposta] = await pessoa.diz("frequência")
    assert resposta.texto == texto("frequencia.cidadao.sem_aula", curso="Confeitaria")


async def test_sem_matricula_e_sem_preinscricao(pessoa: Conversa, motor: Motor) -> None:
    [resposta] = await pessoa.diz("frequência")
    assert resposta.texto == texto("frequencia.cidadao.sem_inscricao")
    assert pessoa.rotulos == ["Fazer pré-inscrição", "Fiz com a equipe"]

    t0 = await turma(motor.banco)
    await matricular(motor.banco, t0, "Maria", chat_id=CHAT, situacao="cancelada")
    [resposta] = await pessoa.diz("quantas faltas")
    assert resposta.texto == texto("frequencia.cidadao.sem_matricula")
    await pessoa.toca("Ver minha inscrição")
    assert "Situação" in pessoa.ultima.texto


async def test_r16_duas_pessoas_na_mesma_conversa_e_conversa_ligada_de_outro_canal(
    motor: Motor,
) -> None:
    """Mãe e filho no mesmo Telegram: um bloco para cada um, com o nome. O chat do site
    que levou os avisos para o Telegram continua vendo a frequência (como a situação)."""
    t0 = await turma(motor.banco)
    ids = await encontros(motor.banco, t0, 4)
    mae = await matricular(motor.banco, t0, "Maria Souza", chat_id="70", canal="telegram")
    filho = await matricular(motor.banco, t0, "João Souza", chat_id="70", canal="telegram")
    await chamadas(motor.banco, ids, {mae: "PP", filho: "PF"})
    async with transacao(motor.banco) as c:
        pre = (await c.execute(sa.select(sa.func.min(PreInscricao.id)))).scalar_one()
        await c.execute(
            sa.insert(VinculoCanal.__table__).values(
                preinscricao_id=pre,
                canal="telegram",
                origem_canal="web",
                origem_chat_id="w1",
                hash_token="x" * 64,
                criado_em=AGORA,
                expira_em=AGORA,
                usado_em=AGORA,
            )
        )

    [resposta] = await Conversa(motor, chat_id="70", canal="telegram").diz("frequência")
    maria, joao = resposta.texto.split("\n\n")
    assert maria.startswith("Maria Souza:\nConfeitaria: você participou de 8 de 8 horas")
    assert joao.startswith("João Souza:\nConfeitaria: você participou de 4 de 8 horas")

    [resposta] = await Conversa(motor, chat_id="w1", canal="web").comando("frequencia")
    assert "participou de 8 de 8 horas" in resposta.texto


async def test_frequencia_no_meio_da_preinscricao_nao_perde_nada(pessoa: Conversa) -> None:
    await pessoa.comando("start")
    await pessoa.toca("Entendi, continuar")
    pergunta = pessoa.ultima.texto
    saidas = await pessoa.diz("frequência")
    assert saidas[-1].texto.endswith(pergunta)
