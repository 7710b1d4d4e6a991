"""R4/R24: a OSC pega de novo, em /listas, a planilha das listas que os CRAS lhe
mandaram — só as pessoas encaminhadas a ela (a lista do CRAS se divide entre as OSCs
pelos cursos)."""

from __future__ import annotations

import sqlalchemy as sa

from armazenamento.banco import transacao
from armazenamento.modelos import Auditoria, Priorizacao
from fluxos.motor import Motor
from tests.conversa import Conversa
from tests.fluxos.priorizacao.conftest import (
    Entrar,
    Relogio,
    Semente,
    abrir_planilha,
    aprovar_e_enviar,
    contar,
    envios,
)


async def _enviar_europa(entrar: Entrar, semente: Semente, relogio: Relogio) -> None:
    tecnica = await entrar("cras", "901", cras_id=semente.cras["Europa"])
    relogio.fechar()
    saidas = await aprovar_e_enviar(tecnica, semente.cras["Europa"])
    assert saidas[-1].texto.startswith("Pronto!")


async def test_r4_osc_que_entra_depois_pega_a_planilha_so_com_a_sua_gente(
    entrar: Entrar, semente: Semente, relogio: Relogio, motor: Motor
) -> None:
    await _enviar_europa(entrar, semente, relogio)  # a Aurora não tinha ninguém no chat
    assert await contar(motor.banco, "envio") == 0
    aurora = await entrar("osc", "7101", canal="telegram", osc_id=semente.osc["Aurora"])
    assert "Listas dos CRAS" in aurora.rotulos  # está no menu de quem entra

    saidas = await aurora.toca("Listas dos CRAS")

    texto = saidas[0].texto
    assert texto.startswith("Listas dos CRAS para Instituto Aurora, ciclo 2027:")
    assert "CRAS Jardim Europa: 2 pessoas." in texto
    [saida] = [s for s in saidas if s.anexo is not None]  # a planilha vem na resposta
    assert await envios(motor.banco) == []
    assert saida.texto == "Lista do CRAS Jardim Europa: 2 pessoas."
    assert saida.anexo is not None
    linhas = abrir_planilha(saida.anexo.dados)
    assert [(x["Posição"], x["Nome"], x["Curso"]) for x in linhas] == [
        (1, "Bruno Souza", "Marcenaria"),
        (7, "Fabio Melo", "Marcenaria"),  # ninguém de lado: 7º da lista
    ]
    assert linhas[1]["CPF"] == "***.287.938-**"
    async with transacao(motor.banco) as conexao:
        lista_id = (await conexao.execute(sa.select(Priorizacao.id))).scalar_one()
        auditoria = (
            await conexao.execute(sa.select(Auditoria.acao, Auditoria.alvo).order_by(Auditoria.id))
        ).all()
    assert auditoria[-1] == ("listas.planilha", str(lista_id))


async def test_r4_pedir_de_novo_manda_de_novo(
    entrar: Entrar, semente: Semente, relogio: Relogio, motor: Motor
) -> None:
    await _enviar_europa(entrar, semente, relogio)
    esperanca = await entrar("osc", "7102", canal="telegram", osc_id=semente.osc["Esperança"])
    await esperanca.comando("listas")
    relogio.agora = relogio.agora.replace(minute=5)

    saidas = await esperanca.comando("listas")

    [saida] = [s for s in saidas if s.anexo is not None]
    nomes = {x["Nome"] for x in abrir_planilha(saida.anexo.dados)}  # type: ignore[union-attr]
    assert nomes == {
        "Bruno Souza",
        "Carla Dias",
        "Eva Prado",
        "Ana Lima",
        "Davi Reis",
        "Gabi Nunes",
    }


async def test_r24_osc_nao_pega_a_lista_de_outra(
    entrar: Entrar, semente: Semente, relogio: Relogio, motor: Motor
) -> None:
    await _enviar_europa(entrar, semente, relogio)
    aurora = await entrar("osc", "7101", canal="telegram", osc_id=semente.osc["Aurora"])
    antes = await contar(motor.banco, "auditoria")

    saidas = await aurora.aperta(f"cmd:listas {semente.osc['Esperança']}")

    assert saidas[-1].texto == "Não encontrado."
    assert await contar(motor.banco, "envio") == 0
    assert await contar(motor.banco, "auditoria") == antes


async def test_r4_antes_do_envio_nao_ha_lista(entrar: Entrar, semente: Semente) -> None:
    aurora = await entrar("osc", "7101", canal="telegram", osc_id=semente.osc["Aurora"])

    saidas = await aurora.comando("listas")

    assert saidas[-1].texto == (
        "Nenhuma lista de CRAS chegou ainda para Instituto Aurora no ciclo 2027."
    )


async def test_r4_no_chat_do_site_a_planilha_vem_na_resposta(
    entrar: Entrar, semente: Semente, relogio: Relogio, motor: Motor
) -> None:
    await _enviar_europa(entrar, semente, relogio)
    site = await entrar("osc", "7103", canal="web", osc_id=semente.osc["Aurora"])

    saidas = await site.comando("listas")

    [saida] = [s for s in saidas if s.anexo is not None]
    assert saida.anexo is not None and saida.anexo.nome.endswith(".xlsx")
    assert await contar(motor.banco, "envio") == 0


async def test_r24_gestao_escolhe_a_osc(
    entrar: Entrar, semente: Semente, relogio: Relogio, motor: Motor
) -> None:
    await _enviar_europa(entrar, semente, relogio)
    gestao = await entrar("gestao", "7150", canal="telegram")

    await gestao.comando("listas")
    assert gestao.ultima.texto.startswith("De qual OSC?")
    assert gestao.rotulos == ["Instituto Aurora", "Instituto Esperança"]
    saidas = await gestao.toca("Instituto Aurora")

    assert "CRAS Jardim Europa: 2 pessoas." in saidas[0].texto
    assert [s.anexo.nome for s in gestao.ouvidas if s.anexo is not None] != []


async def test_r24_tecnica_do_cras_nao_usa_listas(tecnica_europa: Conversa) -> None:
    saidas = await tecnica_europa.comando("listas")

    assert saidas[-1].texto.startswith("Isso não faz parte do seu papel")
