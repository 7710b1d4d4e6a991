"""Despachante da fila de envio, de ponta a ponta: fila no banco → Bot API falsa por HTTP.

O tempo é de mentira (um relógio que só anda quando o teste manda), para ver recuo,
429 e arrendamento sem esperar de verdade.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Bot
from telegram.request import HTTPXRequest

from armazenamento import envios
from armazenamento.banco import transacao
from armazenamento.modelos import Envio, Inalcancavel
from bot.despachante import Despachante
from bot.limite_envio import LimiteDeEnvio
from bot.remetente_telegram import (
    RemetenteTelegram,
)
from mensagens.serializacao import saida_de_json, saida_para_json
from mensagens.tipos import Anexo, Botao, Saida
from tests.falsos.servidor_bot_api import ServidorBotApi

TOKEN = "123456:DESPACHO"
INICIO = datetime(2027, 3, 1, 21, 0, tzinfo=UTC)


class Tempo:
    """O mesmo tempo falso para o despachante (datas) e para o limite (segundos)."""

    def __init__(self) -> None:
        self.agora = INICIO

    def data(self) -> datetime:
        return self.agora

    def segundos(self) -> float:
        return (self.agora - INICIO).total_seconds()

    async def dormir(self, segundos: float) -> None:
        self.agora += timedelta(seconds=segundos)

    def andar(self, segundos: float) -> None:
        self.agora += timedelta(seconds=segundos)


@pytest.fixture
async def api() -> AsyncIterator[ServidorBotApi]:
    async with ServidorBotApi(TOKEN) as servidor:
        yield servidor


@pytest.fixture
def tempo() -> Tempo:
    return Tempo()


@pytest.fixture
async def despachante(
    api: ServidorBotApi, motor_banco: AsyncEngine, tempo: Tempo
) -> AsyncIterator[Despachante]:
    pedido = HTTPXRequest(connection_pool_size=4, read_timeout=0.5, connect_timeout=0.5)
    async with Bot(TOKEN, base_url=f"{api.url}/bot", request=pedido) as bot:
        limite = LimiteDeEnvio(30, relogio=tempo.segundos, dormir=tempo.dormir)
        yield Despachante(
            motor_banco,
            "telegram",
            RemetenteTelegram(bot),
            limite,
            dono="teste",
            max_tentativas=3,
            relogio=tempo.data,
        )


async def enfileirar(
    banco: AsyncEngine, chat: int, texto: str, chave: str, quando: datetime
) -> None:
    saida = Saida(texto, (Botao("Vou", "aula:vou"), Botao("Não vou poder", "aula:falta")))
    async with transacao(banco) as conexao:
        await envios.enfileirar(
            conexao, "telegram", str(chat), saida_para_json(saida), chave, quando
        )


async def estados(banco: AsyncEngine) -> dict[str, str]:
    async with banco.connect() as conexao:
        linhas = await conexao.execute(select(Envio.chave, Envio.estado))
        return dict(linhas.all())


async def test_envia_cada_linha_uma_vez_com_os_botoes(
    despachante: Despachante, api: ServidorBotApi, motor_banco: AsyncEngine
) -> None:
    for i in range(20):
        await enfileirar(motor_banco, 100 + i, f"Lembrete {i}", f"l:{i}", INICIO)
    await enfileirar(motor_banco, 100, "Lembrete 0", "l:0", INICIO)  # mesma chave: não duplica

    assert await despachante.esvaziar() == 20

    assert api.total_aceitas == 20 and api.duplicadas() == 0
    assert api.enviadas(105) == ["Lembrete 5"]
    teclado = api.chamadas_de("sendMessage")[0]["reply_markup"]["inline_keyboard"]
    assert [b["text"] for linha in teclado for b in linha] == ["Vou", "Não vou poder"]
    assert set((await estados(motor_banco)).values()) == {"enviada"}


async def test_so_envia_o_que_ja_venceu(
    despachante: Despachante, api: ServidorBotApi, motor_banco: AsyncEngine, tempo: Tempo
) -> None:
    await enfileirar(motor_banco, 1, "agora", "a", INICIO)
    await enfileirar(motor_banco, 2, "amanhã", "b", INICIO + timedelta(days=1))
    assert await despachante.esvaziar() == 1
    tempo.andar(86_400)
    assert await despachante.esvaziar() == 1
    assert api.enviadas(2) == ["amanhã"]


async def test_r429_espera_exatamente_o_pedido_e_nao_perde_nada(
    despachante: Despachante, api: ServidorBotApi, motor_banco: AsyncEngine, tempo: Tempo
) -> None:
    await enfileirar(motor_banco, 1, "um", "1", INICIO)
    await enfileirar(motor_banco, 2, "dois", "2", INICIO)
    api.falhar("sendMessage", 429, retry_after=7)

    await despachante.esvaziar()  # o 1º levou 429: o canal pausa 7 s e a linha volta depois

    assert tempo.agora - INICIO >= timedelta(seconds=7)
    assert api.enviadas(1) == ["um"] and api.enviadas(2) == ["dois"]
    assert api.duplicadas() == 0
    async with motor_banco.connect() as conexao:
        tentativas = dict((await conexao.execute(select(Envio.chave, Envio.tentativas))).all())
    assert tentativas == {"1": 1, "2": 1}  # o 429 não gastou tentativa


async def test_bloqueado_403_para_de_receber(
    despachante: Despachante, api: ServidorBotApi, motor_banco: AsyncEngine, tempo: Tempo
) -> None:
    await enfileirar(motor_banco, 9, "convocação", "c", INICIO)
    await enfileirar(motor_banco, 9, "lembrete", "l", INICIO + timedelta(hours=1))
    api.falhar("sendMessage", 403)

    await despachante.esvaziar()
    tempo.andar(7200)
    await despachante.esvaziar()

    assert api.enviadas(9) == []
    assert await estados(motor_banco) == {"c": "falhou", "l": "falhou"}
    async with motor_banco.connect() as conexao:
        bloqueados = (await conexao.execute(select(Inalcancavel.chat_id))).scalars().all()
    assert bloqueados == ["9"]


async def test_erro_do_servidor_tenta_de_novo_e_desiste_depois_de_n(
    despachante: Despachante, api: ServidorBotApi, motor_banco: AsyncEngine, tempo: Tempo
) -> None:
    await enfileirar(motor_banco, 5, "aviso", "x", INICIO)
    api.falhar("sendMessage", 502, vezes=10)
    for _ in range(3):
        await despachante.esvaziar()
        tempo.andar(600)  # passa o recuo
    await despachante.esvaziar()
    async with motor_banco.connect() as conexao:
        linha = (await conexao.execute(select(Envio.estado, Envio.ultimo_erro))).one()
    assert linha.estado == "falhou"
    assert "desistiu após 3 tentativas" in linha.ultimo_erro
    assert api.enviadas(5) == []


async def test_erro_de_rede_uma_vez_depois_envia(
    despachante: Despachante, api: ServidorBotApi, motor_banco: AsyncEngine, tempo: Tempo
) -> None:
    await enfileirar(motor_banco, 5, "aviso", "x", INICIO)
    api.resetar_conexoes(1)
    await despachante.esvaziar()
    assert api.enviadas(5) == []
    tempo.andar(600)
    await despachante.esvaziar()
    assert api.enviadas(5) == ["aviso"]


async def test_resposta_que_nao_chega_nao_e_reenviada(
    despachante: Despachante, api: ServidorBotApi, motor_banco: AsyncEngine, tempo: Tempo
) -> None:
    """A requisição saiu e a resposta não veio: talvez tenha chegado. Reenviar às cegas
    duplicaria; a linha fica "incerta", visível para a equipe."""
    await enfileirar(motor_banco, 5, "convocação", "x", INICIO)
    api.travar(1, segundos=5)
    await despachante.esvaziar()
    tempo.andar(3600)
    await despachante.esvaziar()
    assert (await estados(motor_banco)) == {"x": "incerta"}
    assert api.enviadas(5) == ["convocação"]  # chegou uma vez só


async def test_arrendamento_vencido_volta_para_a_fila(
    despachante: Despachante, api: ServidorBotApi, motor_banco: AsyncEngine, tempo: Tempo
) -> None:
    """Um despachante que morreu depois de reivindicar: outro pega as linhas depois do prazo."""
    await enfileirar(motor_banco, 1, "um", "1", INICIO)
    async with transacao(motor_banco) as conexao:
        morto = await envios.reivindicar(
            conexao, "telegram", 10, INICIO, timedelta(minutes=2), "morto"
        )
    assert len(morto) == 1
    assert await despachante.esvaziar() == 0  # ainda arrendada
    tempo.andar(121)
    assert await despachante.esvaziar() == 1
    assert api.enviadas(1) == ["um"]


async def test_arquivo_entregue_nao_fica_guardado_na_fila(
    despachante: Despachante, api: ServidorBotApi, motor_banco: AsyncEngine
) -> None:
    """A planilha de uma OSC sai inteira; depois de entregue, a linha guarda só o nome do
    arquivo (ARQUITETURA.md §8: dado pessoal não fica copiado sem necessidade)."""
    planilha = Anexo("lista.xlsx", "application/vnd.ms-excel", b"NOMES E TELEFONES" * 100)
    async with transacao(motor_banco) as conexao:
        await envios.enfileirar(
            conexao,
            "telegram",
            "300",
            saida_para_json(Saida("Sua lista", anexo=planilha)),
            "p:1",
            INICIO,
        )
    await enfileirar(motor_banco, 301, "Lembrete", "l:1", INICIO)

    assert await despachante.esvaziar() == 2

    [documento] = api.documentos(300)
    assert documento["document"].dados == planilha.dados
    async with motor_banco.connect() as conexao:
        guardados = dict((await conexao.execute(select(Envio.chave, Envio.conteudo))).all())
    guardada = saida_de_json(guardados["p:1"])
    assert guardada.texto == "Sua lista" and guardada.anexo is not None
    assert guardada.anexo.nome == "lista.xlsx" and guardada.anexo.dados == b""
    assert "NOMES" not in guardados["p:1"]
    assert saida_de_json(guardados["l:1"]).texto == "Lembrete"  # as outras não mudam
