"""A OSC cancela uma matrícula (issue 8, item 1): motivo de uma lista fechada (guardado como
código), confirmação, aviso pela fila uma vez só onde o canal entrega, e a `situação` da
pessoa mostra o cancelamento. E a OSC vê quem fez pelo site sem receber aviso."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from armazenamento.banco import transacao
from armazenamento.modelos import Matricula, PreInscricao
from fluxos.motor import Motor
from mensagens.catalogo import texto
from tests.conversa import Conversa
from tests.fluxos.convocacao.conftest import (
    chat,
    convocar_direto,
    encaminhar,
    id_da_turma,
    mensagens,
    pessoa,
    total_de_envios,
)
from tests.fluxos.equipe.conftest import Convidar


@pytest.fixture
async def osc(tecnica: Conversa, convidar: Convidar) -> Conversa:
    await tecnica.comando("start", (await convidar("osc")).token)
    return tecnica


async def _matriculada(motor: Motor, canal: str = "telegram") -> tuple[int, list[int]]:
    """Turma T0 com a pessoa 1 matriculada (confirmou) pelo `canal`; a 2 na lista."""
    ids = await encaminhar(motor.banco, 16)
    turma = await id_da_turma(motor.banco)
    convocacoes = await convocar_direto(motor, turma, 15)
    await pessoa(motor, 1).aperta(f"cmd:conv_sim {convocacoes[0]}")
    if canal != "telegram":
        async with transacao(motor.banco) as c:
            await c.execute(
                sa.update(PreInscricao).where(PreInscricao.id == ids[0]).values(canal=canal)  # type: ignore[arg-type]
            )
    return turma, ids


async def _motivo_guardado(motor: Motor, preinscricao_id: int) -> tuple[str, str]:
    async with transacao(motor.banco) as c:
        linha = (
            await c.execute(
                sa.select(Matricula.situacao, Matricula.motivo_cancelamento).where(  # type: ignore[call-overload]
                    Matricula.preinscricao_id == preinscricao_id
                )
            )
        ).one()
    return (linha.situacao, linha.motivo_cancelamento)


@pytest.mark.parametrize(
    ("rotulo", "codigo"),
    [
        ("Pediu para sair", "pediu_sair"),
        ("Não veio no início", "nao_veio"),
        ("Mudou de cidade", "mudou"),
        ("Erro na matrícula", "erro"),
        ("Outro motivo", "outro"),
    ],
)
async def test_r5_cancelar_guarda_o_motivo_como_codigo(
    osc: Conversa, motor: Motor, rotulo: str, codigo: str
) -> None:
    turma, ids = await _matriculada(motor)
    await osc.comando("conv_pessoa", f"{turma} {ids[0]}")
    await osc.toca("Cancelar matrícula")
    await osc.toca(rotulo)
    assert f"Motivo: {rotulo}." in osc.ultima.texto
    assert await _motivo_guardado(motor, ids[0]) == ("ativa", "")  # só pergunta

    await osc.toca("Sim, cancelar")

    assert await _motivo_guardado(motor, ids[0]) == ("cancelada", codigo)


async def test_r5_desistir_na_pergunta_do_motivo_nao_cancela(osc: Conversa, motor: Motor) -> None:
    turma, ids = await _matriculada(motor)
    await osc.comando("conv_pessoa", f"{turma} {ids[0]}")
    await osc.toca("Cancelar matrícula")
    await osc.toca("Não")
    assert osc.rotulos[0] == "Cancelar matrícula"  # de volta à tela da pessoa
    await osc.toca("Cancelar matrícula")
    await osc.toca("Pediu para sair")
    await osc.toca("Não")
    assert await _motivo_guardado(motor, ids[0]) == ("ativa", "")


@pytest.mark.parametrize("escrito", ["voltar", "não"])
async def test_r5_voltar_escrito_no_motivo_volta_a_pessoa(
    osc: Conversa, motor: Motor, escrito: str
) -> None:
    turma, ids = await _matriculada(motor)
    await osc.comando("conv_pessoa", f"{turma} {ids[0]}")
    await osc.toca("Cancelar matrícula")

    await osc.diz(escrito)

    assert osc.rotulos[0] == "Cancelar matrícula"  # de volta à tela da pessoa, não ao menu
    assert await _motivo_guardado(motor, ids[0]) == ("ativa", "")


async def test_r5_botao_repetido_nao_cancela_nem_avisa_duas_vezes(
    osc: Conversa, motor: Motor
) -> None:
    turma, ids = await _matriculada(motor)
    sim = f"cmd:conv_cancelar {turma} {ids[0]} pediu_sair sim"

    await osc.comando("conv_cancelar", f"{turma} {ids[0]} pediu_sair sim")
    envios = await total_de_envios(motor.banco)
    segunda = await osc.comando("conv_cancelar", f"{turma} {ids[0]} erro sim")
    antigo = await osc.aperta(f"99.{sim}")

    assert segunda[0].texto == texto("equipe.convocacao.nao_ativa")
    assert antigo[0].texto.startswith(texto("comum.mensagem_antiga"))
    assert await total_de_envios(motor.banco) == envios
    avisos = [m for m in await mensagens(motor.banco, chat(1)) if "cancelada" in m.texto]
    assert len(avisos) == 1
    assert avisos[0].texto.startswith(
        "Sua matrícula no curso de Confeitaria foi cancelada pela instituição"
    )
    assert await _motivo_guardado(motor, ids[0]) == ("cancelada", "pediu_sair")


@pytest.mark.parametrize(
    "argumento",
    ["{t} {p} inventado sim", "{t} {p} pediu_sair talvez", "{t} {p} pediu_sair sim sim"],
)
async def test_r5_motivo_forjado_nao_muda_nada(osc: Conversa, motor: Motor, argumento: str) -> None:
    turma, ids = await _matriculada(motor)
    saidas = await osc.comando("conv_cancelar", argumento.format(t=turma, p=ids[0]))
    assert saidas[0].texto == texto("equipe.nao_encontrado")
    assert await _motivo_guardado(motor, ids[0]) == ("ativa", "")


@pytest.mark.parametrize(("canal", "avisada"), [("telegram", True), ("web", False)])
async def test_r5_a_pessoa_e_avisada_onde_o_canal_entrega_e_a_situacao_mostra(
    osc: Conversa, motor: Motor, canal: str, avisada: bool
) -> None:
    turma, ids = await _matriculada(motor, canal)
    antes = len(await mensagens(motor.banco, chat(1)))
    await osc.comando("conv_cancelar", f"{turma} {ids[0]} nao_veio sim")

    assert (len(await mensagens(motor.banco, chat(1))) > antes) is avisada
    [situacao, *_] = await Conversa(motor, chat_id=chat(1), canal=canal).comando("status")
    assert "Situação: sua matrícula no curso de Confeitaria foi cancelada" in situacao.texto
    assert texto("situacao.motivo.nao_veio") in situacao.texto
    assert "vai chamar você" not in situacao.texto  # UMA história, a mais recente


async def test_osc_ve_quem_fez_pelo_site_e_nao_recebe_aviso(osc: Conversa, motor: Motor) -> None:
    ids = await encaminhar(motor.banco, 3, sem_chat=[3])
    async with transacao(motor.banco) as c:  # a 2ª fez pelo site e não ligou ao Telegram
        await c.execute(
            sa.update(PreInscricao).where(PreInscricao.id == ids[1]).values(canal="web")  # type: ignore[arg-type]
        )
    turma = await id_da_turma(motor.banco)
    await convocar_direto(motor, turma, 3)

    await osc.comando("conv_situacao", str(turma))
    linhas = osc.ultima.texto.splitlines()

    assert any(
        linha.startswith("- Pessoa 02 da Silva")
        and "Fez pelo site, não recebe aviso: ligue" in linha
        for linha in linhas
    )
    assert any(
        linha.startswith("- Pessoa 03 da Silva") and "Sem conversa no chat: ligue" in linha
        for linha in linhas
    )
    await osc.toca("Pessoa 02 da Silva")
    assert texto("alcance.osc.pelo_site") in osc.ultima.texto
    assert osc.rotulos[:2] == ["Confirmou (telefone)", "Recusou (telefone)"]


@pytest.mark.parametrize(("canal", "avisos"), [("telegram", 1), ("web", 0)])
async def test_lista_acabou_so_vai_pela_fila_onde_o_canal_entrega(
    motor: Motor, convidar: Convidar, canal: str, avisos: int
) -> None:
    """A técnica que entrou pelo site não fica com avisos parados na fila (ela vê as vagas
    em "Convocar"); a do Telegram recebe o aviso."""
    tecnica = Conversa(motor, chat_id="900", canal=canal)
    await tecnica.comando("start", (await convidar("osc")).token)
    await encaminhar(motor.banco, 15)
    turma = await id_da_turma(motor.banco)
    convocacoes = await convocar_direto(motor, turma, 15)

    await pessoa(motor, 1).aperta(f"cmd:conv_nao {convocacoes[0]}")  # a lista acabou

    assert len(await mensagens(motor.banco, "900")) == avisos
