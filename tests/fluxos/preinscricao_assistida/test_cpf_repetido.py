"""Issue 9, item 2: o CPF já inscrito na pré-inscrição não é oráculo.

Antes, a data errada ouvia "com outra data de nascimento" e a certa via o registro, sem
trava. Agora: a MESMA resposta, texto igual, com a data certa ou errada. Como nada ali se
adivinha, nada conta na trava do registro: contar só daria a quem sabe um CPF um jeito de
travar o vínculo da pessoa de verdade (achado do teste de ataque).
"""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from armazenamento.equipe import LIMITE_TENTATIVAS
from armazenamento.modelos import Envio
from armazenamento.modelos_vinculo import TentativaRegistro
from fluxos.motor import Motor
from mensagens.catalogo import texto
from tests.conversa import Conversa
from tests.fluxos.preinscricao_assistida.conftest import (
    CPF_ANA,
    Equipe,
    linhas,
    preinscrever_com_codigo,
    preinscricoes,
)

NEUTRA = texto("preinscricao.cpf.de_outra_pessoa")
Sessoes = async_sessionmaker[AsyncSession]


async def preinscrever_com_o_cpf(quem: Conversa, nascimento: str) -> list[str]:
    """Começa a própria pré-inscrição com o CPF de Ana; devolve o que ouviu no fim."""
    await quem.comando("start")
    await quem.toca("Entendi, continuar")
    await quem.diz("Fulano de Tal")
    await quem.toca("Não uso")
    await quem.diz(nascimento)
    return [s.texto for s in await quem.diz(CPF_ANA)]


@pytest.mark.parametrize(
    ("caso", "nascimento", "erros"),
    [
        ("data_certa", "12/05/1990", 0),
        ("data_errada", "13/05/1990", 0),
        ("outro_ano", "12/05/1991", 0),
    ],
)
async def test_r3_cpf_repetido_da_a_mesma_resposta_com_qualquer_data(
    motor: Motor, equipe: Equipe, sessoes: Sessoes, caso: str, nascimento: str, erros: int
) -> None:
    await preinscrever_com_codigo(equipe)
    ouvido = await preinscrever_com_o_cpf(Conversa(motor, chat_id="200"), nascimento)
    assert ouvido == [NEUTRA], caso  # nem o número, nem a situação, nem "outra data"
    assert len(await linhas(sessoes, TentativaRegistro)) == erros
    (pre,) = await preinscricoes(sessoes)
    assert pre.chat_id == ""


async def test_r3_cpf_repetido_muitas_vezes_nao_trava_o_vinculo_da_dona(
    motor: Motor, equipe: Equipe, sessoes: Sessoes
) -> None:
    """Quem sabe o CPF repete a pré-inscrição de muitos chats: a dona, com o código, liga."""
    codigo = await preinscrever_com_codigo(equipe, canal="telegram")
    for n in range(LIMITE_TENTATIVAS * 2):
        ouvido = await preinscrever_com_o_cpf(Conversa(motor, chat_id=f"p{n}"), "01/02/1980")
        assert ouvido == [NEUTRA]
    dona = Conversa(motor, chat_id="dona")
    await dona.diz("vincular")
    await dona.diz(codigo)
    await dona.diz("12/05/1990")
    assert len(await linhas(sessoes, TentativaRegistro)) == 0
    assert not [e for e in await linhas(sessoes, Envio) if e.chave.startswith("vinculo:trava:")]
    (pre,) = await preinscricoes(sessoes)
    assert pre.chat_id == "dona"
