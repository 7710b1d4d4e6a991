"""R5/R24: a técnica da OSC convoca pela conversa (/convocar), vê a situação, anota
respostas por telefone e cancela matrículas; quem não tem o papel ou o escopo não vê nada.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from armazenamento.banco import transacao
from armazenamento.modelos import Auditoria, Encontro, Turma
from fluxos.motor import Motor
from mensagens.catalogo import texto
from tests.conversa import Conversa
from tests.fluxos.conftest import AGORA
from tests.fluxos.convocacao.conftest import (
    chat,
    convocacao_de,
    convocar_direto,
    encaminhar,
    id_da_turma,
    mensagens,
    outra_osc_com_turma,
    pessoa,
    situacoes,
    total_de_envios,
)
from tests.fluxos.equipe.conftest import Convidar

NAO_ENCONTRADO = texto("equipe.nao_encontrado")
MENSAGEM_ANTIGA = texto("comum.mensagem_antiga")


@pytest.fixture
async def osc(tecnica: Conversa, convidar: Convidar) -> Conversa:
    """A técnica da OSC do cadastro (Instituto Esperança), já com o papel."""
    await tecnica.comando("start", (await convidar("osc")).token)
    return tecnica


async def _auditoria(motor: Motor) -> list[tuple[str, str]]:
    async with transacao(motor.banco) as c:
        linhas = await c.execute(
            sa.select(Auditoria.acao, Auditoria.alvo).order_by(Auditoria.id)  # type: ignore[call-overload]
        )
        return [(a, b) for a, b in linhas.all()]


async def test_r5_convocar_para_as_vagas_pela_conversa(osc: Conversa, motor: Motor) -> None:
    await encaminhar(motor.banco, 40)
    turma = await id_da_turma(motor.banco)

    await osc.toca("Convocar")
    assert osc.ultima.texto.startswith("Para qual turma você quer convocar?")
    assert osc.rotulos == ["T0", "T1", "T2"]
    await osc.toca("T0")
    painel = osc.ultima
    assert "15 vagas: 0 matriculados, 0 aguardando resposta, 15 sem ninguém." in painel.texto
    assert "Na lista, ainda sem chamar: 40." in painel.texto
    assert "Próximo encontro: terça-feira, 16 de fevereiro, às 14h." in painel.texto
    assert osc.rotulos == [
        "Convocar para vagas",
        "Convocar 1 pessoa",
        "Ver situação",
        "Outra turma",
    ]

    saidas = await osc.toca("Convocar para vagas")

    assert saidas[0].texto == (
        "Convoquei 15 pessoas. O prazo para responder vai até quarta-feira, 13 de janeiro."
    )
    assert "15 vagas: 0 matriculados, 15 aguardando resposta, 0 sem ninguém." in saidas[-1].texto
    assert osc.rotulos == ["Ver situação", "Outra turma"]
    assert await situacoes(motor.banco, turma) == {"pendente": 15, "matriculados": 0}
    assert len(await mensagens(motor.banco, chat(15))) == 1
    assert await mensagens(motor.banco, chat(16)) == []

    envios = await total_de_envios(motor.banco)
    velho = next(b.valor for b in painel.botoes if b.rotulo == "Convocar para vagas")
    [antigo] = await osc.aperta(velho)  # o botão da tela de antes
    assert antigo.texto.startswith(MENSAGEM_ANTIGA)
    digitado, _painel = await osc.comando("conv_vagas", str(turma))  # ou digitado de novo
    assert digitado.texto == texto("equipe.convocacao.sem_vagas")
    assert await total_de_envios(motor.banco) == envios


async def test_r5_convocar_uma_pessoa_mostra_quem_e(osc: Conversa, motor: Motor) -> None:
    ids = await encaminhar(motor.banco, 3)
    turma = await id_da_turma(motor.banco)
    await osc.comando("convocar", str(turma))

    await osc.toca("Convocar 1 pessoa")
    assert osc.ultima.texto == (
        "Próxima da lista: Pessoa 01 da Silva (posição 1), escolheu manhã, curso como 1ª opção."
        "\nConvocar agora?"
    )
    assert osc.rotulos == ["Convocar", "Voltar"]
    saidas = await osc.toca("Convocar")

    assert saidas[0].texto.startswith("Convoquei Pessoa 01 da Silva.")
    assert saidas[-1].texto.startswith("Pessoa 01 da Silva, turma T0.\nSituação: aguardando")
    assert await situacoes(motor.banco, turma) == {"pendente": 1, "matriculados": 0}
    de_novo, _painel = await osc.comando("conv_um", f"{turma} {ids[0]}")  # a mesma, de novo
    assert de_novo.texto == texto("equipe.convocacao.ja_chamada")
    assert await situacoes(motor.banco, turma) == {"pendente": 1, "matriculados": 0}
    assert [a for a, _ in await _auditoria(motor)] == ["convocar.proxima", "convocar.pessoa"]


async def test_r5_situacao_mostra_telefone_de_quem_nao_tem_chat_e_anota_por_telefone(
    osc: Conversa, motor: Motor
) -> None:
    ids = await encaminhar(motor.banco, 4, sem_chat=[2])
    turma = await id_da_turma(motor.banco)
    convocacoes = await convocar_direto(motor, turma, 3)
    await pessoa(motor, 1).aperta(f"cmd:conv_sim {convocacoes[0]}")
    await pessoa(motor, 3).aperta(f"cmd:conv_nao {convocacoes[2]}")  # chama a 4ª

    await osc.comando("conv_situacao", str(turma))

    situacao = osc.ultima.texto
    assert "Matriculados (1):\n- Pessoa 01 da Silva" in situacao
    assert (
        "- Pessoa 02 da Silva (escolheu manhã, curso como 1ª opção). "
        "Sem conversa no chat: ligue para (14) 99000-0002"
    ) in situacao
    assert "Recusaram (1):\n- Pessoa 03 da Silva" in situacao
    assert "(14) 99000-0001" not in situacao  # quem tem chat não precisa de ligação
    assert osc.rotulos == [
        "Pessoa 01 da Silva",
        "Pessoa 02 da Silva",
        "Pessoa 04 da Silva",
        "Voltar",
    ]
    assert ("convocar.situacao", str(turma)) in await _auditoria(motor)

    await osc.toca("Pessoa 02 da Silva")
    assert "Telefone: (14) 99000-0002." in osc.ultima.texto
    assert "Não tem conversa no chat" in osc.ultima.texto
    assert osc.rotulos == ["Confirmou (telefone)", "Recusou (telefone)", "Voltar"]
    saidas = await osc.toca("Confirmou (telefone)")

    assert (
        saidas[0].texto
        == "Anotei: Pessoa 02 da Silva confirmou por telefone e está matriculado(a)."
    )
    assert await situacoes(motor.banco, turma) == {
        "confirmada": 2,
        "recusada": 1,
        "pendente": 1,
        "matriculados": 2,
    }
    velho, _situacao = await osc.comando("conv_tel", f"{turma} {ids[1]} nao")  # toque atrasado
    assert velho.texto == texto("equipe.convocacao.ja_respondida")
    assert (await situacoes(motor.banco, turma))["matriculados"] == 2


async def test_r5_recusa_por_telefone_chama_o_proximo(osc: Conversa, motor: Motor) -> None:
    ids = await encaminhar(motor.banco, 2, sem_chat=[1])
    turma = await id_da_turma(motor.banco)
    await convocar_direto(motor, turma, 1)

    saidas = await osc.comando("conv_tel", f"{turma} {ids[0]} nao")

    assert saidas[0].texto == "Anotei: Pessoa 01 da Silva não pode fazer o curso."
    assert saidas[1].texto == "Chamei da lista: 1 pessoa."
    assert len(await mensagens(motor.banco, chat(2))) == 1


async def test_r5_cancelar_matricula_libera_a_vaga_e_chama_o_proximo(
    osc: Conversa, motor: Motor
) -> None:
    ids = await encaminhar(motor.banco, 16)
    turma = await id_da_turma(motor.banco)
    convocacoes = await convocar_direto(motor, turma, 15)
    await pessoa(motor, 1).aperta(f"cmd:conv_sim {convocacoes[0]}")

    await osc.comando("conv_situacao", str(turma))
    await osc.toca("Pessoa 01 da Silva")
    assert osc.rotulos == ["Cancelar matrícula", "Voltar"]
    await osc.toca("Cancelar matrícula")
    assert osc.ultima.texto == "Por que cancelar a matrícula de Pessoa 01 da Silva na turma T0?"
    assert osc.rotulos == [
        "Pediu para sair",
        "Não veio no início",
        "Mudou de cidade",
        "Erro na matrícula",
        "Outro motivo",
        "Não",
    ]
    await osc.toca("Mudou de cidade")
    pergunta = osc.ultima
    assert pergunta.texto == (
        "Cancelar a matrícula de Pessoa 01 da Silva na turma T0? Motivo: Mudou de cidade. "
        "A pessoa recebe um aviso e a vaga vai para a próxima pessoa da lista."
    )
    saidas = await osc.toca("Sim, cancelar")

    assert [s.texto for s in saidas[:2]] == [
        "Matrícula de Pessoa 01 da Silva cancelada.",
        "Chamei da lista: 1 pessoa.",
    ]
    assert await situacoes(motor.banco, turma) == {
        "confirmada": 1,
        "pendente": 15,
        "matriculados": 0,
    }
    [_, aviso] = await mensagens(motor.banco, chat(1))
    assert aviso.texto.startswith("Sua matrícula no curso de Confeitaria foi cancelada")
    assert len(await mensagens(motor.banco, chat(16))) == 1

    envios = await total_de_envios(motor.banco)
    [antigo] = await osc.aperta(pergunta.botoes[0].valor)
    assert antigo.texto.startswith(MENSAGEM_ANTIGA)
    saidas = await osc.comando("conv_cancelar", f"{turma} {ids[0]} mudou sim")
    assert saidas[0].texto == texto("equipe.convocacao.nao_ativa")
    assert await total_de_envios(motor.banco) == envios
    [resposta] = await pessoa(motor, 1).aperta(f"cmd:conv_sim {convocacoes[0]}")
    assert resposta.texto.startswith(texto("convocacao.matricula_cancelada"))
    assert (await situacoes(motor.banco, turma))["matriculados"] == 0


@pytest.mark.parametrize("papel", ["cidadao", "instrutor", "cras", "acessuas"])
async def test_r24_convocar_negado_para_quem_nao_e_osc_nem_gestao(
    tecnica: Conversa, convidar: Convidar, motor: Motor, papel: str
) -> None:
    await encaminhar(motor.banco, 5)
    turma = await id_da_turma(motor.banco)
    if papel != "cidadao":
        await tecnica.comando("start", (await convidar(papel)).token)

    for comando, argumento in [("convocar", ""), ("conv_vagas", str(turma))]:
        [resposta] = await tecnica.comando(comando, argumento)
        assert resposta.texto.startswith(("Isso é só para a equipe", "Isso não faz parte"))
    assert await situacoes(motor.banco, turma) == {"matriculados": 0}


async def test_r24_turma_de_outra_osc_nao_encontrada(
    tecnica: Conversa, convidar: Convidar, motor: Motor
) -> None:
    ids = await encaminhar(motor.banco, 5)
    turma = await id_da_turma(motor.banco)
    convocacoes = await convocar_direto(motor, turma, 2)
    await pessoa(motor, 1).aperta(f"cmd:conv_sim {convocacoes[0]}")
    outra_osc, outra_turma = await outra_osc_com_turma(motor.banco)
    await tecnica.comando("start", (await convidar("osc", osc_id=outra_osc)).token)
    envios = await total_de_envios(motor.banco)

    await tecnica.comando("convocar")
    assert tecnica.rotulos == ["X1"]  # só a turma da sua OSC
    alvo = f"{turma} {ids[0]}"
    for comando, argumento in [
        ("convocar", str(turma)),
        ("conv_vagas", str(turma)),
        ("conv_um", str(turma)),
        ("conv_um", f"{turma} {ids[3]}"),
        ("conv_situacao", str(turma)),
        ("conv_pessoa", alvo),
        ("conv_cancelar", f"{alvo} sim"),
        ("conv_tel", f"{turma} {ids[1]} nao"),
        ("conv_pessoa", f"{outra_turma} {ids[0]}"),  # a pessoa não é da turma dela
        ("conv_vagas", "abc"),
        ("conv_pessoa", str(outra_turma)),
    ]:
        [resposta] = await tecnica.comando(comando, argumento)
        assert resposta.texto == NAO_ENCONTRADO, (comando, argumento)

    assert await situacoes(motor.banco, turma) == {
        "confirmada": 1,
        "pendente": 1,
        "matriculados": 1,
    }
    assert await total_de_envios(motor.banco) == envios
    assert await _auditoria(motor) == []  # nenhum nome saiu do banco
    assert await convocacao_de(motor.banco, turma, ids[1]) == convocacoes[1]


async def test_r24_gestao_ve_todas_as_turmas(
    tecnica: Conversa, convidar: Convidar, motor: Motor
) -> None:
    await outra_osc_com_turma(motor.banco)
    await tecnica.comando("start", (await convidar("gestao")).token)

    await tecnica.comando("convocar")

    assert tecnica.rotulos == ["T0", "T1", "T2", "X1"]
    await tecnica.toca("X1")
    assert "Sem encontros por vir: cadastre os encontros antes de convocar." in tecnica.ultima.texto
    assert tecnica.rotulos == ["Ver situação", "Outra turma"]  # sem data, sem convocar


def test_cada_grupo_da_situacao_tem_titulo_e_estado_no_catalogo() -> None:
    """As chaves montadas com f-string ("equipe.convocacao.grupo.{g}") existem."""
    from fluxos.equipe.convocacao_apoio import GRUPOS
    from mensagens.catalogo import existe

    faltando = [
        chave
        for g in GRUPOS
        for chave in (f"equipe.convocacao.grupo.{g}", f"equipe.convocacao.estado.{g}")
        if not existe(chave)
    ]
    assert faltando == []


async def test_r5_turma_que_ja_terminou_nao_aparece_para_convocar(
    tecnica: Conversa, convidar: Convidar, motor: Motor
) -> None:
    """Uma turma de ciclo passado (todos os encontros já aconteceram) sai da lista; a que
    ainda não tem encontro cadastrado fica, para a OSC saber que falta cadastrar."""
    _, sem_encontros = await outra_osc_com_turma(motor.banco)
    async with transacao(motor.banco) as c:
        t0 = (await c.execute(sa.select(Turma.id).where(Turma.codigo == "T0"))).scalar_one()  # type: ignore[call-overload]
        await c.execute(
            sa.update(Encontro)
            .where(Encontro.turma_id == t0)
            .values(inicio=AGORA.replace(year=2026))
        )  # type: ignore[arg-type]
    await tecnica.comando("start", (await convidar("gestao")).token)

    await tecnica.comando("convocar")

    assert tecnica.rotulos == ["T1", "T2", "X1"]
    assert sem_encontros > 0
