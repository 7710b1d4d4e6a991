"""O passo do bairro na conversa: "Jardim Europa II" e "Falcão" não são anotados sem
perguntar (o nome inteiro, com abreviação ou sem acento, é: ver regras/test_bairros.py)."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from fluxos.motor import Motor
from tests.conversa import Conversa
from tests.fluxos.test_preinscricao_entradas_ruins import estado, ir_ate


@pytest.mark.parametrize(
    ("digitado", "sugerido"),
    [
        ("Jardim Europa II", "Jardim Europa"),
        ("vila falcao 2", "Vila Falcão"),
        ("Europa", "Jardim Europa"),
        ("Falcão", "Vila Falcão"),
        ("jaragua", "Parque Jaraguá"),
    ],
)
async def test_bairro_a_mais_ou_sem_o_tipo_pergunta_antes(
    motor: Motor, sessoes: async_sessionmaker[AsyncSession], digitado: str, sugerido: str
) -> None:
    p = Conversa(motor)
    await ir_ate(p, sessoes, "bairro")
    await p.diz(digitado)
    assert (await estado(sessoes))[0] == "bairro_sugestao"
    assert p.rotulos[0] == sugerido
    assert p.rotulos[-1] == "Nenhum desses"

    saidas = await p.toca(sugerido)
    assert f"Anotei: {sugerido}" in "\n".join(s.texto for s in saidas)


@pytest.mark.parametrize(("resposta", "anotado"), [("sim", True), ("isso", True), ("não", False)])
async def test_sim_digitado_escolhe_a_unica_sugestao(
    motor: Motor, sessoes: async_sessionmaker[AsyncSession], resposta: str, anotado: bool
) -> None:
    """Com uma sugestão só, a pergunta é de sim ou não: "sim" anota, "não" pergunta de novo."""
    p = Conversa(motor)
    await ir_ate(p, sessoes, "bairro")
    await p.diz("Falcão")
    assert p.rotulos == ["Vila Falcão", "Nenhum desses"]

    saidas = await p.diz(resposta)

    assert ("Anotei: Vila Falcão" in "\n".join(s.texto for s in saidas)) is anotado
    passo = (await estado(sessoes))[0]
    assert passo != "bairro_sugestao" if anotado else passo == "bairro"
