"""Conversa guardada por outra versão do fluxo (issue 9, §2): passo que não existe mais,
fluxo que não existe mais, versão antiga. A próxima mensagem não explode: a pessoa ouve
uma nota curta e continua, com as respostas que o fluxo de agora conhece.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from armazenamento.banco import transacao
from armazenamento.conversas import salvar_conversa
from armazenamento.modelos import Conversa as LinhaConversa
from fluxos.estado import Estado
from fluxos.motor import Motor
from fluxos.passos import Fluxo, Passo, Pergunta, Resposta, Resultado, Seguir
from fluxos.preinscricao import PREINSCRICAO
from fluxos.versoes import acertar_versao
from mensagens.catalogo import texto
from tests.conversa import Conversa
from tests.fluxos.conftest import AGORA
from tests.fluxos.test_preinscricao import CPF

NOTA = texto("entrada.fluxo_atualizado")
NOTA_SEM_FLUXO = texto("entrada.fluxo_saiu")
ATE_NASCIMENTO = {
    "aviso": "2026-11",
    "nome": "Maria Aparecida da Silva",
    "nome_social": "",
    "nascimento": "2008-02-03",
}


async def guardar(
    motor: Motor, fluxo: str, passo: str, respostas: dict[str, Any], **extra: Any
) -> None:
    """Grava a conversa do chat "100" como uma versão anterior do programa deixaria."""
    dados = json.dumps({"r": respostas, "h": [], "o": [], **extra})
    async with transacao(motor.banco) as conexao:
        await salvar_conversa(conexao, "teste", "100", fluxo, passo, 7, dados, AGORA)


async def guardada(sessoes: async_sessionmaker[AsyncSession]) -> LinhaConversa:
    async with sessoes() as s:
        return (await s.execute(select(LinhaConversa))).scalar_one()


async def test_passo_que_nao_existe_mais_retoma_com_as_respostas(
    motor: Motor, pessoa: Conversa, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    respostas = {**ATE_NASCIMENTO, "apelido": "Cida", "_sugestoes": [3]}
    await guardar(motor, "preinscricao", "apelido", respostas, vf=PREINSCRICAO.versao)

    await pessoa.diz("Cida")  # a resposta do passo antigo não vale para o novo

    assert pessoa.ultima.texto == f"{NOTA}\n\n{texto('preinscricao.cpf.pergunta')}"
    linha = await guardada(sessoes)
    assert linha.passo == "cpf"
    assert json.loads(linha.dados)["r"] == ATE_NASCIMENTO  # o que o fluxo não conhece sai
    assert json.loads(linha.dados)["vf"] == PREINSCRICAO.versao

    await pessoa.diz(CPF)  # e continua normalmente, sem a nota
    assert pessoa.ultima.texto == texto("preinscricao.telefone.pergunta")
    await pessoa.comando("voltar")  # o caminho do "voltar" foi refeito
    assert pessoa.ultima.texto.endswith(texto("preinscricao.cpf.pergunta"))


async def test_fluxo_que_nao_existe_mais_sai_dele_com_a_nota(
    motor: Motor, pessoa: Conversa, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    await guardar(motor, "cadastro_antigo", "rua", {"nome": "Maria"})

    saidas = await pessoa.diz("Rua Rio Branco, 14-60")

    assert saidas[0].texto.startswith(NOTA_SEM_FLUXO)  # e ouve o começo, como no /start
    assert pessoa.rotulos == ["Entendi, continuar", "Saber mais", "Agora não"]
    linha = await guardada(sessoes)
    assert (linha.fluxo, linha.passo) == ("preinscricao", "aviso")
    assert json.loads(linha.dados)["r"] == {}  # nada do fluxo que sumiu

    await pessoa.toca("Entendi, continuar")  # e segue dali
    assert pessoa.ultima.texto == texto("preinscricao.nome.pergunta")


async def test_versao_antiga_no_cpf_numerado_nao_escolhe_sem_cpf(
    motor: Motor, pessoa: Conversa, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    """Uma atualização sobe a versão da pré-inscrição (aqui: 1 → 2). A conversa guardada
    na versão 1 (sem "vf"), com "1) Não tenho CPF" na tela: o "1" não vale como o botão
    antigo; a pessoa ouve a nota e a pergunta de agora."""
    motor.fluxos[PREINSCRICAO.nome] = replace(PREINSCRICAO, versao=2)
    sem_cpf = ["sem_cpf", "Não tenho CPF", "nao"]
    await guardar(motor, "preinscricao", "cpf", ATE_NASCIMENTO, o=[sem_cpf], n=True, f=False)

    await pessoa.diz("1")

    assert pessoa.ultima.texto == f"{NOTA}\n\n{texto('preinscricao.cpf.pergunta')}"
    linha = await guardada(sessoes)
    assert "cpf" not in json.loads(linha.dados)["r"]
    assert json.loads(linha.dados)["vf"] == 2
    await pessoa.diz("1")  # agora é a pergunta nova: "1" é um CPF curto demais
    assert texto("preinscricao.cpf.tamanho") in pessoa.ultima.texto


async def test_cancelar_numa_conversa_de_outra_versao_continua_valendo(
    motor: Motor, pessoa: Conversa
) -> None:
    await guardar(motor, "preinscricao", "apelido", ATE_NASCIMENTO)

    await pessoa.diz("cancelar")

    assert pessoa.ultima.texto.startswith(NOTA)
    assert texto("escolhas.cancelar.pergunta") in pessoa.ultima.texto


async def test_conversa_em_dia_nao_ouve_a_nota(pessoa: Conversa) -> None:
    await pessoa.comando("start")
    await pessoa.toca("Entendi, continuar")
    await pessoa.diz("Maria Aparecida da Silva")

    assert all(NOTA not in s.texto for s in pessoa.ouvidas)


# --- a regra, com fluxos pequenos de verdade -------------------------------------------


async def _pergunta(_ctx: Any) -> Pergunta:
    return Pergunta("?")


async def _segue(_ctx: Any, _r: Resposta) -> Resultado:
    return Seguir()


def _passo(nome: str, *campos: str, ramo: bool = False) -> Passo:
    return Passo(nome, _pergunta, _segue, ramo=ramo, campos=campos)


CADASTRO = Fluxo(
    "cadastro",
    (
        _passo("nome", "nome"),
        _passo("apelido", "apelido", ramo=True),
        _passo("cpf", "cpf"),
        _passo("bairro", "bairro_id", "cras_id"),
        _passo("resumo"),
    ),
    versao=3,
    antigos=("ficha",),
)
TUDO = {"nome": "Ana", "cpf": None, "bairro_id": None, "cras_id": 2}

# (fluxo, passo, versão, respostas guardadas) → (fluxo, passo, respostas, nota, histórico)
CASOS = [
    # em dia: nada muda
    ("cadastro", "cpf", 3, {"nome": "Ana"}, ("cadastro", "cpf", {"nome": "Ana"}, "", [])),
    # passo que saiu: primeiro passo sem resposta; o que o fluxo não conhece sai
    (
        "cadastro",
        "rua",
        3,
        {"nome": "Ana", "rua": "x", "_tmp": 1},
        ("cadastro", "cpf", {"nome": "Ana"}, "entrada.fluxo_atualizado", ["nome"]),
    ),
    # versão antiga, passo conhecido: o mesmo acerto
    (
        "cadastro",
        "bairro",
        2,
        {"nome": "Ana", "cpf": None},
        (
            "cadastro",
            "bairro",
            {"nome": "Ana", "cpf": None},
            "entrada.fluxo_atualizado",
            ["nome", "cpf"],
        ),
    ),
    # bairro com só uma das duas respostas: pergunta o bairro de novo
    (
        "cadastro",
        "x",
        1,
        {"nome": "Ana", "cpf": "1", "cras_id": 2},
        (
            "cadastro",
            "bairro",
            {"nome": "Ana", "cpf": "1", "cras_id": 2},
            "entrada.fluxo_atualizado",
            ["nome", "cpf"],
        ),
    ),
    # tudo respondido: o resumo (um passo sem campos para ali)
    (
        "cadastro",
        "x",
        1,
        TUDO,
        ("cadastro", "resumo", TUDO, "entrada.fluxo_atualizado", ["nome", "cpf", "bairro"]),
    ),
    # fluxo renomeado: acha pelo nome antigo
    (
        "ficha",
        "cpf",
        3,
        {"nome": "Ana"},
        ("cadastro", "cpf", {"nome": "Ana"}, "entrada.fluxo_atualizado", ["nome"]),
    ),
    # fluxo que não existe: sai dele, sem respostas
    ("sumiu", "a", 1, {"nome": "Ana"}, ("", "", {}, "entrada.fluxo_saiu", [])),
    # fora de fluxo: nada a acertar
    ("", "", 1, {}, ("", "", {}, "", [])),
]


@pytest.mark.parametrize(("fluxo", "passo", "versao", "respostas", "esperado"), CASOS)
def test_acertar_versao(
    fluxo: str,
    passo: str,
    versao: int,
    respostas: dict[str, Any],
    esperado: tuple[str, str, dict[str, Any], str, list[str]],
) -> None:
    estado = Estado(fluxo=fluxo, passo=passo, respostas=dict(respostas), versao_fluxo=versao)

    acertar_versao(estado, {CADASTRO.nome: CADASTRO})

    obtido = (estado.fluxo, estado.passo, estado.respostas, estado.reparado)
    assert obtido == esperado[:4]
    if estado.reparado:
        assert estado.historico == esperado[4]
