"""O despachante da fila com o remetente do WhatsApp, de ponta a ponta: fila no banco →
desenho → cliente HTTP → Graph API falsa. Tempo de mentira (só anda quando mandado ou
quando o limite "dorme"), para ver pausa de canal e espera do par sem esperar de verdade.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from armazenamento import envios
from armazenamento.banco import transacao
from armazenamento.modelos import Envio, Inalcancavel
from bot.despachante import Despachante, pausa_o_canal
from bot.limite_envio import LimiteDeEnvio
from bot.resultado_envio import Repetir
from bot.whatsapp.graph import ClienteGraph, ConfigGraph
from bot.whatsapp.remetente import RemetenteWhatsApp
from mensagens.serializacao import saida_para_json
from mensagens.tipos import Botao, Saida
from tests.falsos.graph_api import GraphApiFalsa

INICIO = datetime(2027, 3, 1, 21, 0, tzinfo=UTC)
ANA, BETO = "5514991110001", "5514991110002"


class Tempo:
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
async def graph() -> AsyncIterator[GraphApiFalsa]:
    async with GraphApiFalsa() as falsa:
        yield falsa


@pytest.fixture
def tempo() -> Tempo:
    return Tempo()


@pytest.fixture
async def despachante(
    graph: GraphApiFalsa, motor_banco: AsyncEngine, tempo: Tempo
) -> AsyncIterator[Despachante]:
    cliente = ClienteGraph(ConfigGraph(graph.phone_number_id, graph.token, graph.base_url, ler=0.3))
    limite = LimiteDeEnvio(80, relogio=tempo.segundos, dormir=tempo.dormir)
    yield Despachante(
        motor_banco,
        "whatsapp",
        RemetenteWhatsApp(cliente),
        limite,
        dono="teste",
        max_tentativas=3,
        relogio=tempo.data,
    )
    await cliente.fechar()


async def enfileirar(banco: AsyncEngine, para: str, texto: str, chave: str) -> None:
    saida = Saida(texto, (Botao("Vou", "v1.vou"), Botao("Não vou poder", "v1.nao")))
    async with transacao(banco) as conexao:
        await envios.enfileirar(conexao, "whatsapp", para, saida_para_json(saida), chave, INICIO)


async def linhas(banco: AsyncEngine) -> dict[str, tuple[str, int, str | None]]:
    async with banco.connect() as conexao:
        consulta = select(Envio.chave, Envio.estado, Envio.tentativas, Envio.ultimo_erro)
        return {c: (e, t, u) for c, e, t, u in (await conexao.execute(consulta)).all()}


async def test_convocacoes_chegam_com_botoes_uma_vez_cada(
    despachante: Despachante, graph: GraphApiFalsa, motor_banco: AsyncEngine
) -> None:
    await enfileirar(motor_banco, ANA, "Convocação da Ana", "c:ana")
    await enfileirar(motor_banco, BETO, "Convocação do Beto", "c:beto")

    assert await despachante.esvaziar() == 2

    [vista] = graph.enviadas(ANA)
    assert (vista.texto, vista.opcoes) == ("Convocação da Ana", ("Vou", "Não vou poder"))
    assert graph.duplicadas() == 0
    assert {e for e, _, _ in (await linhas(motor_banco)).values()} == {"enviada"}


async def test_limite_do_par_adia_so_aquela_pessoa(
    despachante: Despachante,
    graph: GraphApiFalsa,
    motor_banco: AsyncEngine,
    tempo: Tempo,
) -> None:
    await enfileirar(motor_banco, ANA, "Para a Ana", "a")
    await enfileirar(motor_banco, BETO, "Para o Beto", "b")
    graph.falhar(131056, para=ANA)

    await despachante.esvaziar()

    assert graph.textos(BETO) == ["Para o Beto"]
    assert graph.textos(ANA) == []
    assert tempo.agora - INICIO < timedelta(seconds=1)  # o canal não parou 6 s
    tempo.andar(6)
    await despachante.esvaziar()
    assert graph.textos(ANA) == ["Para a Ana"]
    estado, tentativas, _ = (await linhas(motor_banco))["a"]
    assert (estado, tentativas) == ("enviada", 1)  # esperar o par não gasta tentativa


async def test_vazao_pausa_o_canal_e_nada_se_perde(
    despachante: Despachante,
    graph: GraphApiFalsa,
    motor_banco: AsyncEngine,
    tempo: Tempo,
) -> None:
    await enfileirar(motor_banco, ANA, "um", "1")
    await enfileirar(motor_banco, BETO, "dois", "2")
    graph.falhar(130429)

    await despachante.esvaziar()
    tempo.andar(1)
    await despachante.esvaziar()

    assert graph.textos(ANA) == ["um"] and graph.textos(BETO) == ["dois"]
    assert tempo.agora - INICIO >= timedelta(seconds=1)  # pausou o canal
    assert graph.duplicadas() == 0


async def test_sem_whatsapp_marca_a_pessoa_inalcancavel(
    despachante: Despachante, graph: GraphApiFalsa, motor_banco: AsyncEngine
) -> None:
    await enfileirar(motor_banco, ANA, "Convocação", "c")
    graph.falhar(131026)

    await despachante.esvaziar()

    estado, _, erro = (await linhas(motor_banco))["c"]
    assert estado == "falhou" and erro is not None and erro.startswith("whatsapp:131026 ")
    async with motor_banco.connect() as conexao:
        marcadas = (await conexao.execute(select(Inalcancavel.canal, Inalcancavel.chat_id))).all()
    assert [tuple(m) for m in marcadas] == [("whatsapp", ANA)]


async def test_fora_da_janela_sem_modelo_falha_visivel(
    despachante: Despachante, graph: GraphApiFalsa, motor_banco: AsyncEngine
) -> None:
    """Até o despacho do WhatsApp trocar pela mensagem aprovada (modelo), 131047 é falha
    com o código à vista, não uma repetição sem fim."""
    await enfileirar(motor_banco, ANA, "Lembrete", "l")
    graph.falhar(131047)

    await despachante.esvaziar()

    estado, _, erro = (await linhas(motor_banco))["l"]
    assert estado == "falhou" and erro is not None and erro.startswith("whatsapp:131047 ")
    assert graph.textos(ANA) == []


@pytest.mark.parametrize(
    ("resultado", "pausa"),
    [
        (Repetir(7.0, "429"), True),
        (Repetir(6.0, "par", so_esta_pessoa=True), False),
        (Repetir(0.0, "rede"), False),
    ],
)
def test_quem_pausa_o_canal(resultado: Repetir, pausa: bool) -> None:
    assert pausa_o_canal(resultado) is pausa
