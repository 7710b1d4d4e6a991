"""Navegar como as pessoas escrevem: "entrar CÓDIGO" numa linha só (em qualquer ponto da
conversa), telas da equipe que não entenderam a resposta ficam onde estavam, o nome de um
comando do menu vale sempre para quem tem o papel, e o acesso revogado é dito com clareza."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from armazenamento.banco import transacao
from armazenamento.equipe import LIMITE_TENTATIVAS, ConviteNovo, Escopo, criar_convite, revogar
from armazenamento.modelos import MembroEquipe, Turma
from fluxos.motor import Motor
from fluxos.navegacao import codigo_de_entrar
from mensagens.catalogo import texto
from tests.conversa import Conversa
from tests.fluxos.priorizacao.conftest import AGORA, Entrar, Relogio, Semente


async def _convite(motor: Motor, cras_id: int) -> ConviteNovo:
    async with transacao(motor.banco) as conexao:
        return await criar_convite(
            conexao, Escopo("cras", cras_id=cras_id), AGORA, timedelta(days=90)
        )


ESCRITOS = [
    lambda codigo: f"entrar {codigo}",
    lambda codigo: f"/entrar {codigo}",
    lambda codigo: "Entrar: " + codigo.lower().replace("-", " "),
]


@pytest.mark.parametrize("escrever", ESCRITOS, ids=["entrar", "/entrar", "Entrar:"])
@pytest.mark.parametrize("onde", ["periodo_encerrado", "aviso_de_privacidade", "no_nome"])
async def test_entrar_e_o_codigo_numa_mensagem_so_vale_em_qualquer_ponto(
    motor: Motor, relogio: Relogio, semente: Semente, escrever: object, onde: str
) -> None:
    convite = await _convite(motor, semente.cras["Europa"])
    pessoa = Conversa(motor, chat_id="950")
    if onde == "periodo_encerrado":
        relogio.fechar()
    else:
        await pessoa.diz("oi")  # começa a pré-inscrição: o aviso de privacidade
        if onde == "no_nome":
            await pessoa.toca("Entendi, continuar")

    assert callable(escrever)
    saidas = await pessoa.diz(escrever(convite.codigo))

    assert "Pronto! Esta conversa agora é de técnico(a) do CRAS Jardim Europa" in saidas[0].texto
    assert "Priorizar" in pessoa.rotulos


@pytest.mark.parametrize(
    ("como", "argumento"),
    [("entrar", ""), ("start", "AAAABBBBCCCC"), ("start", "pi-" + "x" * 32)],
    ids=["entrar_sozinho", "convite_errado", "link_errado"],
)
async def test_entrar_ou_link_errado_no_meio_da_preinscricao_nao_apaga_respostas(
    motor: Motor, como: str, argumento: str
) -> None:
    pessoa = Conversa(motor, chat_id="955")
    await pessoa.diz("oi")
    await pessoa.toca("Entendi, continuar")
    await pessoa.diz("Joana Souza")  # agora pergunta o nome social

    if como == "entrar":
        await pessoa.diz("entrar")
    else:
        await pessoa.comando(como, argumento)

    assert texto("preinscricao.nome_social.pergunta") in pessoa.ultima.texto
    await pessoa.toca("Não uso")
    assert "data de nascimento" in pessoa.ultima.texto  # seguiu de onde estava


async def test_entrar_com_codigo_errado_numa_linha_conta_as_tentativas(
    motor: Motor, semente: Semente
) -> None:
    pessoa = Conversa(motor, chat_id="951")
    for _ in range(LIMITE_TENTATIVAS):
        assert "Esse convite não existe" in (await pessoa.diz("entrar ABCD-2345"))[-1].texto
    convite = await _convite(motor, semente.cras["Europa"])

    saidas = await pessoa.diz(f"entrar {convite.codigo}")

    assert "muitas tentativas erradas" in saidas[-1].texto


async def test_instrutor_revogado_que_escreve_turmas_ouve_que_perdeu_o_acesso(
    motor: Motor, entrar: Entrar
) -> None:
    async with transacao(motor.banco) as conexao:
        turma_id = (await conexao.execute(sa.select(sa.func.min(Turma.id)))).scalar_one()
    instrutor = await entrar("instrutor", "952", turma_id=turma_id)
    async with transacao(motor.banco) as conexao:
        membro = (await conexao.execute(sa.select(sa.func.max(MembroEquipe.id)))).scalar_one()
        assert await revogar(conexao, membro, AGORA) is not None

    saidas = await instrutor.diz("turmas")

    assert saidas[-1].texto.startswith("Esta conversa não tem mais acesso da equipe.")
    assert "pré-inscrições" not in saidas[-1].texto
    assert instrutor.rotulos[0] == "Fazer pré-inscrição"  # o menu do cidadão


@pytest.mark.parametrize("onde", ["buscar", "preinscrever"])
@pytest.mark.parametrize("digitado", ["joana", "retomar"])
async def test_r24_revogado_no_meio_de_um_fluxo_da_equipe_sai_dele_e_ouve_que_perdeu(
    motor: Motor, entrar: Entrar, semente: Semente, onde: str, digitado: str
) -> None:
    """Revogado no meio da busca ou da pré-inscrição assistida: a mensagem seguinte (uma
    resposta ou o "retomar" da página recarregada) diz que o acesso acabou; nada da
    equipe é repetido nem buscado."""
    tecnica = await entrar("cras", "953", cras_id=semente.cras["Europa"])
    await tecnica.comando(onde)
    async with transacao(motor.banco) as conexao:
        membro = (await conexao.execute(sa.select(sa.func.max(MembroEquipe.id)))).scalar_one()
        assert await revogar(conexao, membro, AGORA) is not None

    if digitado == "retomar":
        saidas = await tecnica.comando("retomar")
    else:
        saidas = await tecnica.diz(digitado)

    assert saidas[-1].texto.startswith("Esta conversa não tem mais acesso da equipe.")
    assert tecnica.rotulos[0] == "Fazer pré-inscrição"  # o menu do cidadão
    await tecnica.diz("joana")  # e a busca não continua
    assert "Não encontrado" not in tecnica.ultima.texto


async def test_sem_acesso_de_quem_nunca_foi_da_equipe_e_so_o_menu(motor: Motor) -> None:
    pessoa = Conversa(motor, chat_id="954")
    saidas = await pessoa.comando("sem_acesso")
    assert "acesso da equipe" not in saidas[-1].texto


@pytest.mark.parametrize("digitado", ["joao", "qualquer coisa", "7"])
async def test_resposta_que_nao_e_opcao_repete_a_tela_do_cras(
    tecnica_europa: Conversa, digitado: str
) -> None:
    await tecnica_europa.comando("priorizar")
    antes = tecnica_europa.rotulos

    await tecnica_europa.diz(digitado)

    assert tecnica_europa.ultima.texto == "Não entendi. Toque numa opção ou escreva o nome dela."
    assert tecnica_europa.rotulos == antes
    await tecnica_europa.toca("Ver lista")  # os botões da tela continuam valendo
    assert tecnica_europa.ultima.texto.startswith("Lista do CRAS Jardim Europa")


async def test_voltar_escrito_escolhe_o_botao_voltar_da_tela(tecnica_europa: Conversa) -> None:
    await tecnica_europa.comando("priorizar")
    await tecnica_europa.toca("Ver lista")
    await tecnica_europa.toca(tecnica_europa.rotulos[0])  # Pôr de lado 1
    assert "fica de lado?" in tecnica_europa.ultima.texto

    await tecnica_europa.diz("voltar")

    assert tecnica_europa.ultima.texto.startswith("Lista do CRAS Jardim Europa")


async def test_voltar_na_lista_do_cras_volta_ao_resumo(tecnica_europa: Conversa) -> None:
    """A única saída da lista é [Resumo]: "voltar" escolhe ela, não o menu."""
    await tecnica_europa.comando("priorizar")
    await tecnica_europa.toca("Ver lista")

    await tecnica_europa.diz("voltar")

    assert tecnica_europa.ultima.texto.startswith("CRAS Jardim Europa, ciclo 2027")


@pytest.mark.parametrize(
    ("papel", "escrito", "comeco"),
    [
        ("cras", "priorizar", "CRAS Jardim Europa, ciclo 2027"),
        ("cras", "Priorizar", "CRAS Jardim Europa, ciclo 2027"),
        ("cras", "buscar", "Quem você procura?"),
        ("osc", "Listas dos CRAS", ""),
        ("osc", "pré-inscrever", "Pré-inscrição com a equipe"),
        ("osc", "priorizar", "Isso não faz parte do seu papel."),  # a negativa de sempre
    ],
)
async def test_comando_do_menu_escrito_sem_tela_pendente(
    entrar: Entrar, semente: Semente, papel: str, escrito: str, comeco: str
) -> None:
    escopo = {"cras_id": semente.cras["Europa"]} if papel == "cras" else {}
    if papel == "osc":
        escopo = {"osc_id": semente.osc["Esperança"]}
    pessoa = await entrar(papel, "953", **escopo)
    await pessoa.comando("turma", "999")  # uma resposta sem botões: nenhuma tela pendente
    assert pessoa.rotulos == []

    saidas = await pessoa.diz(escrito)

    assert "Não entendi" not in saidas[-1].texto
    assert saidas[-1].texto.startswith(comeco)


@pytest.mark.parametrize(
    ("escrito", "codigo"),
    [
        ("entrar 72VX-PFQN", "72VX-PFQN"),
        ("/entrar Q55C-BAKR", "Q55C-BAKR"),
        ("Entrar: 72vx pfqn", "72vx pfqn"),
        ("ENTRAR 72VXPFQN", "72VXPFQN"),
        ("entrar no curso", None),  # não tem o formato do código: é resposta da pergunta
        ("entrar na turma", None),
        ("entrar", None),  # sozinho: o assistente pede o código
    ],
)
def test_o_que_conta_como_entrar_e_o_codigo(escrito: str, codigo: str | None) -> None:
    assert codigo_de_entrar(escrito) == codigo


async def test_codigo_errado_no_meio_da_preinscricao_nao_apaga_as_respostas(
    motor: Motor,
) -> None:
    pessoa = Conversa(motor, chat_id="954")
    await pessoa.diz("oi")
    await pessoa.toca("Entendi, continuar")
    await pessoa.diz("Maria Aparecida da Silva")
    pergunta = pessoa.ultima.texto

    await pessoa.diz("entrar ABCD-2345")

    assert pessoa.ultima.texto.startswith("Esse convite não existe")
    assert pessoa.ultima.texto.endswith(pergunta)  # a mesma pergunta, sem perder o nome
    await pessoa.comando("voltar")
    assert "nome completo" in pessoa.ultima.texto
