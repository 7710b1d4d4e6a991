"""Os casos da issue 9 §4 pelo webhook de verdade: a adolescente de 14 anos recusada ("nada
é gravado") e o CPF digitado antes de "cancelar" ficavam para sempre no update cru da caixa
de entrada. Passado o prazo, nada deles sobra em tabela nenhuma com texto de mensagem."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from armazenamento.modelos import Conversa, Envio, Recebida
from armazenamento.tempo import FUSO, agora
from fluxos.retencao import Limpeza, Prazos, aplicar_retencao
from mensagens.catalogo import texto
from tests.bot.test_caixa_entrada import (  # noqa: F401  (as fixtures do webhook)
    CHAT,
    OUTRO_CHAT,
    ApiLenta,
    Cliente,
    api,
    app,
    cliente,
    postar,
)
from tests.falsos import updates_telegram as tg

CPF = "52998224725"
NOME_MENOR, NOME_ADULTO = "Joana Menina Souza", "Pedro Adulto Santos"
TABELAS_COM_TEXTO = (
    Recebida.__table__.c.corpo,  # type: ignore[attr-defined]
    Conversa.__table__.c.dados,  # type: ignore[attr-defined]
    Envio.__table__.c.conteudo,  # type: ignore[attr-defined]
)


async def escrever(cliente: Cliente, chat: int, textos: list[str], primeiro_id: int) -> None:
    for n, escrito in enumerate(textos):
        corpo = (
            tg.comando(chat, escrito)
            if escrito.startswith("/")
            else tg.mensagem_texto(chat, escrito)
        )
        corpo["update_id"] = primeiro_id + n
        assert await postar(cliente, corpo) == 200


async def texto_guardado(banco: AsyncEngine) -> str:
    """Todo texto de mensagem guardado no banco, junto."""
    partes: list[str] = []
    async with banco.connect() as conexao:
        for coluna in TABELAS_COM_TEXTO:
            partes.extend(map(str, (await conexao.execute(sa.select(coluna))).scalars()))
    return "\n".join(partes)


async def test_lgpd_menor_recusada_e_cpf_cancelado_somem_da_caixa_de_entrada(
    cliente: Cliente, api: ApiLenta, motor_banco: AsyncEngine
) -> None:
    hoje = agora().astimezone(FUSO).date()
    nascimento = date(hoje.year - 14, 1, 1).strftime("%d/%m/%Y")
    inicio = ["/start", "Entendi, continuar"]
    await escrever(cliente, CHAT, [*inicio, NOME_MENOR, "Não uso", nascimento], 1000)
    assert "nada foi guardado" in api.enviadas(CHAT)[-1]["text"]
    adulto = [*inicio, NOME_ADULTO, "Não uso", "01/01/1990", CPF, "cancelar"]
    await escrever(cliente, OUTRO_CHAT, [*adulto, texto("escolhas.cancelar.botao_sim")], 2000)

    guardado = await texto_guardado(motor_banco)
    assert NOME_MENOR in guardado and CPF in guardado  # hoje: no update cru, para sempre?

    prazos = Prazos()
    antes = agora() + prazos.entrada - timedelta(minutes=1)
    assert await aplicar_retencao(motor_banco, antes, prazos) == Limpeza()
    depois = agora() + prazos.entrada + timedelta(minutes=1)
    assert (await aplicar_retencao(motor_banco, depois, prazos)).entradas == 13

    guardado = await texto_guardado(motor_banco)
    for dado in (NOME_MENOR, nascimento, NOME_ADULTO, CPF):
        assert dado not in guardado
