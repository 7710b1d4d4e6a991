"""O QR code do código de vínculo (R3): a equipe recebe a imagem junto do código, e o link
dela (`t.me/<bot>?start=vc-<código>`) abre o vínculo perguntando só o nascimento."""

from __future__ import annotations

from types import MappingProxyType

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from fluxos.ajustes import Ajustes
from fluxos.montagem import criar_motor_de_conversa
from fluxos.motor import Motor
from mensagens.catalogo import texto
from mensagens.qr import TIPO_PNG, qr_png
from tests.conversa import Conversa
from tests.dados import semear_programa
from tests.fluxos.conftest import AGORA
from tests.fluxos.preinscricao_assistida.conftest import (
    CPF_ANA,
    Equipe,
    codigo_em,
    preinscricoes,
)
from tests.fluxos.preinscricao_assistida.roteiro import ate_o_resumo

MODELO = "https://t.me/inclusao_bot?start={token}"


@pytest.fixture
async def motor(sessoes: async_sessionmaker[AsyncSession]) -> Motor:
    await semear_programa(sessoes, AGORA.date())
    ajustes = Ajustes(links_de_canal=MappingProxyType({"telegram": MODELO}))
    return criar_motor_de_conversa(sessoes.kw["bind"], relogio=lambda: AGORA, ajustes=ajustes)


async def test_r3_equipe_recebe_o_qr_code_e_ele_abre_o_vinculo(
    motor: Motor, equipe: Equipe, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    tecnica = await equipe("osc")
    await tecnica.comando("preinscrever")
    await ate_o_resumo(tecnica, cpf=CPF_ANA)
    await tecnica.toca("Confirmar")
    _pronto, com_codigo, imagem = tecnica.ouvidas[-3:]
    codigo = codigo_em(com_codigo.texto)
    assert texto("vinculo_codigo.equipe.qr_a_seguir") in com_codigo.texto
    assert [b.rotulo for b in com_codigo.botoes] == ["Fazer outra"]
    link = MODELO.format(token="vc-" + codigo.replace("-", ""))
    assert imagem.anexo is not None
    assert (imagem.anexo.nome, imagem.anexo.tipo) == ("codigo-2027-000001.png", TIPO_PNG)
    assert imagem.anexo.dados == qr_png(link, "x").dados  # o QR code é deste link
    assert imagem.anexo.dados.startswith(b"\x89PNG")
    assert codigo in imagem.texto

    celular = Conversa(motor, chat_id="700", canal="telegram")
    await celular.comando("start", link.rpartition("start=")[2])
    assert celular.ultima.texto == texto("vinculo_codigo.nascimento.pergunta")
    await celular.diz("12/05/1990")
    (pre,) = await preinscricoes(sessoes)
    assert (pre.canal, pre.chat_id) == ("telegram", "700")
