"""Entrar na equipe pelo convite (ARQUITETURA.md §7): link, código, uso único, validade,
tentativas limitadas, revogação na mensagem seguinte e o menu de cada papel (R24)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
import sqlalchemy as sa

from armazenamento.banco import transacao
from armazenamento.equipe import LIMITE_TENTATIVAS, acesso_de, resumo, revogar
from armazenamento.modelos import Convite, MembroEquipe
from fluxos.motor import Motor
from tests.conversa import Conversa
from tests.fluxos.conftest import AGORA
from tests.fluxos.equipe.conftest import Convidar


async def test_link_do_convite_liga_a_conversa_ao_papel(
    tecnica: Conversa, convidar: Convidar, motor: Motor
) -> None:
    convite = await convidar("osc")

    saidas = await tecnica.comando("start", convite.token)

    assert (
        "Pronto! Esta conversa agora é de técnico(a) da OSC Instituto Esperança." in saidas[0].texto
    )
    assert "Turmas" in tecnica.rotulos
    assert tecnica.ultima.comandos == (  # o "/" do Telegram muda
        "menu",
        "turmas",
        "chamada",
        "convocar",
        "listas",
        "preinscrever",
        "alertas",
        "atendimentos",
        "buscar",
        "suspender",
        "ajuda",
    )
    async with transacao(motor.banco) as conexao:
        acesso = await acesso_de(conexao, "teste", "900")
    assert acesso.papeis == {"osc"}


async def test_codigo_digitado_com_minusculas_e_sem_hifen_tambem_vale(
    tecnica: Conversa, convidar: Convidar
) -> None:
    convite = await convidar("cras")

    await tecnica.diz("entrar")
    assert "Digite o código do convite" in tecnica.ultima.texto
    await tecnica.diz(convite.codigo.replace("-", "").lower())

    assert "técnico(a) do CRAS Jardim Europa" in tecnica.ouvidas[-2].texto


async def test_codigo_errado_pede_de_novo_sem_mudar_nada(tecnica: Conversa, motor: Motor) -> None:
    await tecnica.comando("entrar")
    await tecnica.diz("ABCD-2345")

    assert "Esse convite não existe" in tecnica.ultima.texto
    assert "Digite o código do convite" in tecnica.ultima.texto
    async with transacao(motor.banco) as conexao:
        assert (
            await conexao.execute(sa.select(sa.func.count()).select_from(MembroEquipe))
        ).scalar_one() == 0


@pytest.mark.parametrize(
    ("estrago", "mensagem"),
    [
        ("vencido", "Esse convite venceu"),
        ("usado", "Esse convite já foi usado"),
        # sem a forma de convite: é um /start simples (issue 9, §3), não um convite errado
        ("malformado", "Olá! Aqui você faz a pré-inscrição"),
        ("adivinhado", "Esse convite não existe"),
    ],
)
async def test_convite_ruim_tem_resposta_clara(
    tecnica: Conversa, convidar: Convidar, motor: Motor, estrago: str, mensagem: str
) -> None:
    if estrago == "vencido":
        token = (await convidar("osc", validade=timedelta(seconds=-1))).token
    elif estrago == "usado":
        token = (await convidar("osc")).token
        await Conversa(motor, chat_id="901").comando("start", token)
    elif estrago == "malformado":
        token = "<script>💥" * 20
    else:
        token = (await convidar("osc")).token[:-2] + "xx"

    saidas = await tecnica.comando("start", token)

    assert mensagem in saidas[-1].texto
    async with transacao(motor.banco) as conexao:
        assert not (await acesso_de(conexao, "teste", "900")).equipe


async def test_o_banco_guarda_so_o_hash_do_convite(convidar: Convidar, motor: Motor) -> None:
    convite = await convidar("gestao")
    async with transacao(motor.banco) as conexao:
        linha = (await conexao.execute(sa.select(Convite.__table__))).one()  # type: ignore[attr-defined]
    guardado = " ".join(str(v) for v in linha)
    assert convite.token not in guardado and convite.codigo.replace("-", "") not in guardado
    assert linha.hash_token == resumo(convite.token)
    assert len(convite.token) >= 32  # 192 bits em base64url


async def test_dois_resgates_ao_mesmo_tempo_so_um_vence(convidar: Convidar, motor: Motor) -> None:
    convite = await convidar("instrutor")
    pessoas = [Conversa(motor, chat_id=str(910 + i)) for i in range(4)]

    respostas = await asyncio.gather(*(p.comando("start", convite.token) for p in pessoas))

    venceram = [r for r in respostas if "Pronto!" in r[0].texto]
    assert len(venceram) == 1
    assert sum("já foi usado" in r[-1].texto for r in respostas) == 3


async def test_tentativas_erradas_bloqueiam_ate_o_codigo_certo(
    tecnica: Conversa, convidar: Convidar, motor: Motor
) -> None:
    convite = await convidar("osc")
    for _ in range(LIMITE_TENTATIVAS):
        await tecnica.comando("entrar", "ZZZZ-ZZZZ")

    saidas = await tecnica.comando("entrar", convite.codigo)

    assert "muitas tentativas" in saidas[-1].texto
    outra = Conversa(motor, chat_id="902")  # o bloqueio é de quem errou, não do convite
    assert "Pronto!" in (await outra.comando("entrar", convite.codigo))[0].texto


async def test_revogado_perde_o_acesso_na_mensagem_seguinte(
    tecnica: Conversa, convidar: Convidar, motor: Motor
) -> None:
    await tecnica.comando("start", (await convidar("osc")).token)
    assert "Turmas" in (await tecnica.comando("menu"))[-1].texto or "Turmas" in tecnica.rotulos

    async with transacao(motor.banco) as conexao:
        membro_id = (await conexao.execute(sa.select(MembroEquipe.id))).scalar_one()
        assert await revogar(conexao, membro_id, AGORA) is not None

    saidas = await tecnica.comando("turmas")
    assert "não tem mais acesso da equipe" in saidas[-1].texto
    assert "Fazer pré-inscrição" in tecnica.rotulos  # o menu do cidadão
    assert "Turmas" not in [b.rotulo for b in (await tecnica.comando("menu"))[-1].botoes]


@pytest.mark.parametrize(
    ("papel", "no_menu"),
    [
        ("instrutor", ("menu", "turmas", "chamada", "ajuda")),
        (
            "osc",
            (
                "menu",
                "turmas",
                "chamada",
                "convocar",
                "listas",
                "preinscrever",
                "alertas",
                "atendimentos",
                "buscar",
                "suspender",
                "ajuda",
            ),
        ),
        (
            "cras",
            (
                "menu",
                "priorizar",
                "preinscrever",
                "alertas",
                "desistentes",
                "atendimentos",
                "buscar",
                "ajuda",
            ),
        ),
        ("acessuas", ("menu", "desistentes", "ajuda")),
        (
            "gestao",
            (
                "menu",
                "turmas",
                "chamada",
                "convocar",
                "priorizar",
                "listas",
                "preinscrever",
                "alertas",
                "desistentes",
                "atendimentos",
                "buscar",
                "suspender",
                "ajuda",
            ),
        ),
    ],
)
async def test_r24_cada_papel_ve_so_o_seu_menu(
    tecnica: Conversa, convidar: Convidar, papel: str, no_menu: tuple[str, ...]
) -> None:
    await tecnica.comando("start", (await convidar(papel)).token)

    assert tecnica.ultima.comandos == no_menu
    await tecnica.comando("start")  # /start de novo: o menu do papel, não a pré-inscrição
    assert tecnica.ultima.comandos == no_menu
    assert "pré-inscrição" not in tecnica.ultima.texto.lower()


async def test_r24_cidadao_que_pede_comando_da_equipe_ouve_nao_e_nada_muda(
    pessoa: Conversa,
) -> None:
    saidas = await pessoa.comando("turmas")

    assert "só para a equipe" in saidas[-1].texto
    assert saidas[-1].comandos is None


async def test_link_no_meio_da_preinscricao_entra_na_equipe(
    tecnica: Conversa, convidar: Convidar
) -> None:
    await tecnica.comando("start")  # cidadão: começa a pré-inscrição
    saidas = await tecnica.comando("start", (await convidar("gestao")).token)

    assert "gestão do programa" in saidas[0].texto
