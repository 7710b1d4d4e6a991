"""A fila do WhatsApp de ponta a ponta: banco real → despachante real → remetente da fila
(janela, modelo, limite diário, espaço à mesma pessoa) → cliente HTTP → Graph API falsa.
Tempo de mentira, explícito: só anda quando o teste manda (ou quando o limite "dorme").
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from armazenamento import envios, janelas
from armazenamento.banco import transacao
from armazenamento.limite_diario import ESPERA_LIMITE
from armazenamento.modelos import Envio, Inalcancavel
from bot.config_modelos import ConfigFila
from bot.despachante import Despachante
from bot.limite_envio import LimiteDeEnvio
from bot.whatsapp.fila import ESPACO, SEM_MODELO, RemetenteFilaWhatsApp
from bot.whatsapp.graph import ClienteGraph, ConfigGraph
from bot.whatsapp.modelo import parametro
from bot.whatsapp.remetente import RemetenteWhatsApp
from fluxos.avisos_fila import com_modelo, para_equipe
from mensagens.serializacao import saida_para_json
from mensagens.tipos import Anexo, Botao, Saida
from tests.falsos.graph_api import GraphApiFalsa

INICIO = datetime(2027, 3, 1, 15, 0, tzinfo=UTC)
ANA, BETO, CAIO, DUDA = "5514991110001", "5514991110002", "5514991110003", "5514991110004"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOTOES = (Botao("Confirmo", "v1.conv.sim.12"), Botao("Não posso", "v1.conv.nao.12"))


def convocacao(nome: str = "Ana") -> Saida:
    """Uma convocação como o fluxo a grava (texto livre + o modelo com os dados)."""
    return com_modelo(
        Saida(f"Boa notícia, {nome}! Você foi chamada.\nLocal: rua Rio Branco, 14-60.", BOTOES),
        "convocacao",
        nome=nome,
        curso="Confeitaria",
        quando="terça-feira, 16 de fevereiro, às 14h",
        local="rua Rio Branco, 14-60",
        prazo="quarta-feira, 13 de janeiro",
    )


class Tempo:
    def __init__(self) -> None:
        self.agora = INICIO

    def data(self) -> datetime:
        return self.agora

    def segundos(self) -> float:
        return (self.agora - INICIO).total_seconds()

    async def dormir(self, segundos: float) -> None:
        self.agora += timedelta(seconds=segundos)

    def andar(self, **quanto: float) -> None:
        self.agora += timedelta(**quanto)


@pytest.fixture
def tempo() -> Tempo:
    return Tempo()


@pytest.fixture
async def graph() -> AsyncIterator[GraphApiFalsa]:
    async with GraphApiFalsa() as falsa:
        yield falsa


Fabrica = Callable[..., Despachante]


@pytest.fixture
async def fazer(
    graph: GraphApiFalsa, motor_banco: AsyncEngine, tempo: Tempo
) -> AsyncIterator[Fabrica]:
    """Um despachante do WhatsApp (um "processo") com a configuração pedida."""
    clientes: list[ClienteGraph] = []

    def criar(dono: str = "p1", **config: Any) -> Despachante:
        cliente = ClienteGraph(ConfigGraph(graph.phone_number_id, graph.token, graph.base_url))
        clientes.append(cliente)
        fila = RemetenteFilaWhatsApp(
            motor_banco, RemetenteWhatsApp(cliente), cliente, ConfigFila(**config), tempo.data
        )
        limite = LimiteDeEnvio(80, relogio=tempo.segundos, dormir=tempo.dormir)
        return Despachante(
            motor_banco, "whatsapp", fila, limite, dono=dono, max_tentativas=3, relogio=tempo.data
        )

    yield criar
    for cliente in clientes:
        await cliente.fechar()


async def enfileirar(
    banco: AsyncEngine, para: str, saida: Saida, chave: str, quando: datetime
) -> None:
    async with transacao(banco) as conexao:
        await envios.enfileirar(conexao, "whatsapp", para, saida_para_json(saida), chave, quando)


async def escreveu(banco: AsyncEngine, quem: str, quando: datetime) -> None:
    async with transacao(banco) as conexao:
        await janelas.registrar_entrada(conexao, "whatsapp", quem, quando)


async def linha(banco: AsyncEngine, chave: str) -> Any:
    async with banco.connect() as conexao:
        consulta = sa.select(Envio).where(Envio.chave == chave)  # type: ignore[arg-type]
        return (await conexao.execute(consulta)).one()


def modelos_enviados(graph: GraphApiFalsa) -> list[dict[str, Any]]:
    """Os pedidos de modelo que a Graph API aceitou ou recusou, em ordem."""
    return [p.json for p in graph.pedidos if p.json and p.json.get("type") == "template"]


# ----- a janela ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("escreveu_ha", "folga_min", "sai_como", "modelo_gravado"),
    [
        (timedelta(hours=1), 10, "botoes", ""),  # dentro: livre, com os botões
        (timedelta(hours=23, minutes=49), 10, "botoes", ""),  # 11 min antes do fim
        (timedelta(hours=23, minutes=51), 10, "modelo", "convocacao"),  # na borda: folga
        (timedelta(hours=23, minutes=51), 5, "botoes", ""),  # folga menor: ainda livre
        (timedelta(hours=24), 10, "modelo", "convocacao"),  # fechou
        (None, 10, "modelo", "convocacao"),  # nunca escreveu
    ],
)
async def test_dentro_da_janela_livre_fora_modelo(
    fazer: Fabrica,
    graph: GraphApiFalsa,
    motor_banco: AsyncEngine,
    escreveu_ha: timedelta | None,
    folga_min: int,
    sai_como: str,
    modelo_gravado: str,
) -> None:
    if escreveu_ha is not None:
        await escreveu(motor_banco, ANA, INICIO - escreveu_ha)
    await enfileirar(motor_banco, ANA, convocacao(), "c:ana", INICIO)

    assert await fazer(folga=timedelta(minutes=folga_min)).esvaziar() == 1

    [vista] = graph.enviadas(ANA)
    assert vista.tipo == sai_como
    envio = await linha(motor_banco, "c:ana")
    assert (envio.estado, envio.modelo) == ("enviada", modelo_gravado)


async def test_modelo_leva_os_dados_na_ordem_e_os_botoes_no_payload(
    fazer: Fabrica, graph: GraphApiFalsa, motor_banco: AsyncEngine
) -> None:
    await enfileirar(motor_banco, ANA, convocacao(), "c:ana", INICIO)

    await fazer().esvaziar()

    [pedido] = modelos_enviados(graph)
    assert pedido["to"] == ANA
    modelo = pedido["template"]
    assert (modelo["name"], modelo["language"]) == ("convocacao_curso", {"code": "pt_BR"})
    corpo, *botoes = modelo["components"]
    assert [p["text"] for p in corpo["parameters"]] == [
        "Ana",
        "Confeitaria",
        "terça-feira, 16 de fevereiro, às 14h",
        "rua Rio Branco, 14-60",
        "quarta-feira, 13 de janeiro",
    ]
    # tocar "Confirmo" no modelo manda ao motor o mesmo valor do botão da mensagem livre
    assert [(b["sub_type"], b["index"], b["parameters"][0]["payload"]) for b in botoes] == [
        ("quick_reply", "0", "v1.conv.sim.12"),
        ("quick_reply", "1", "v1.conv.nao.12"),
    ]


async def test_ordem_dos_parametros_vem_da_configuracao(
    fazer: Fabrica, graph: GraphApiFalsa, motor_banco: AsyncEngine
) -> None:
    from bot.config_modelos import ler_config_fila

    config = ler_config_fila({"WHATSAPP_MODELO_CONVOCACAO": "chamada_v2:pt_BR:curso,nome"})
    await enfileirar(motor_banco, ANA, convocacao(), "c:ana", INICIO)

    await fazer(modelos=config.modelos).esvaziar()

    [pedido] = modelos_enviados(graph)
    assert pedido["template"]["name"] == "chamada_v2"
    assert [p["text"] for p in pedido["template"]["components"][0]["parameters"]] == [
        "Confeitaria",
        "Ana",
    ]


async def test_aviso_sem_modelo_fora_da_janela_nao_sai_livre_as_cegas(
    fazer: Fabrica, graph: GraphApiFalsa, motor_banco: AsyncEngine
) -> None:
    await enfileirar(motor_banco, ANA, Saida("Um aviso qualquer"), "a", INICIO)

    await fazer().esvaziar()

    assert graph.pedidos == []
    envio = await linha(motor_banco, "a")
    assert (envio.estado, envio.ultimo_erro) == ("falhou", SEM_MODELO)


async def test_131047_a_mesma_linha_sai_de_novo_como_modelo_uma_vez(
    fazer: Fabrica, graph: GraphApiFalsa, motor_banco: AsyncEngine
) -> None:
    await escreveu(motor_banco, ANA, INICIO - timedelta(hours=2))  # a nossa conta: aberta
    await enfileirar(motor_banco, ANA, convocacao(), "c:ana", INICIO)
    graph.falhar(131047, para=ANA)  # a Meta discorda: fora da janela

    assert await fazer().esvaziar() == 1

    assert [v.tipo for v in graph.enviadas(ANA)] == ["modelo"]
    assert graph.duplicadas() == 0
    envio = await linha(motor_banco, "c:ana")
    assert (envio.estado, envio.modelo, envio.tentativas) == ("enviada", "convocacao", 1)


# ----- os erros do Graph no envio do modelo ----------------------------------------------


@pytest.mark.parametrize(
    ("codigo", "estado", "erro_comeca", "inalcancavel", "adiada_s"),
    [
        (131026, "falhou", "whatsapp:131026", True, None),
        (368, "falhou", "whatsapp:368", True, None),
        (130429, "pendente", "whatsapp:130429", False, 1.0),  # recuo da vazão, o canal pausa
        (80007, "pendente", "whatsapp:80007", False, 1.0),
        (131056, "pendente", "whatsapp:131056", False, 6.0),  # só esta pessoa espera
        (999999, "falhou", "whatsapp:999999", False, None),  # desconhecido: visível
    ],
)
async def test_cada_codigo_de_erro(
    fazer: Fabrica,
    graph: GraphApiFalsa,
    motor_banco: AsyncEngine,
    tempo: Tempo,
    codigo: int,
    estado: str,
    erro_comeca: str,
    inalcancavel: bool,
    adiada_s: float | None,
) -> None:
    await enfileirar(motor_banco, ANA, convocacao(), "c:ana", INICIO)
    graph.falhar(codigo, para=ANA)

    await fazer().rodar_uma_vez()

    envio = await linha(motor_banco, "c:ana")
    assert envio.estado == estado
    assert envio.ultimo_erro.startswith(erro_comeca)
    assert graph.enviadas(ANA) == []
    async with motor_banco.connect() as conexao:
        marcada = (
            await conexao.execute(sa.select(sa.func.count()).select_from(Inalcancavel))
        ).scalar()
    assert bool(marcada) is inalcancavel
    if adiada_s is not None:
        assert envio.tentativas == 0  # esperar a vez não gasta tentativa
        assert envio.proxima_em == tempo.agora + timedelta(seconds=adiada_s)


# ----- o espaço entre mensagens à mesma pessoa --------------------------------------------


async def test_mesma_pessoa_espera_6_s_as_outras_nao(
    fazer: Fabrica, graph: GraphApiFalsa, motor_banco: AsyncEngine, tempo: Tempo
) -> None:
    for quem in (ANA, BETO):
        await escreveu(motor_banco, quem, INICIO - timedelta(hours=1))
    await enfileirar(motor_banco, ANA, Saida("Primeira para a Ana"), "a1", INICIO)
    await enfileirar(motor_banco, ANA, Saida("Segunda para a Ana"), "a2", INICIO)
    await enfileirar(motor_banco, BETO, Saida("Para o Beto"), "b1", INICIO)
    despachante = fazer()

    await despachante.rodar_uma_vez()

    assert graph.textos(ANA) == ["Primeira para a Ana"]
    assert graph.textos(BETO) == ["Para o Beto"]  # o Beto não esperou a Ana
    primeira, segunda = await linha(motor_banco, "a1"), await linha(motor_banco, "a2")
    assert (segunda.estado, segunda.ultimo_erro) == ("pendente", ESPACO)
    assert segunda.proxima_em == primeira.enviado_em + timedelta(seconds=6)

    tempo.agora = segunda.proxima_em - timedelta(seconds=1)
    assert await despachante.rodar_uma_vez() == 0  # ainda não
    tempo.agora = segunda.proxima_em
    await despachante.rodar_uma_vez()
    assert graph.textos(ANA) == ["Primeira para a Ana", "Segunda para a Ana"]


# ----- o limite diário de pessoas alcançadas por modelo -----------------------------------


async def test_limite_2_conta_pessoas_unicas_e_o_resto_espera_na_ordem(
    fazer: Fabrica, graph: GraphApiFalsa, motor_banco: AsyncEngine, tempo: Tempo
) -> None:
    await enfileirar(motor_banco, ANA, convocacao("Ana"), "ana1", INICIO)
    await enfileirar(motor_banco, BETO, convocacao("Beto"), "beto1", INICIO)
    await enfileirar(motor_banco, CAIO, convocacao("Caio"), "caio1", INICIO)
    await enfileirar(motor_banco, ANA, convocacao("Ana"), "ana2", INICIO + timedelta(seconds=30))
    despachante = fazer(limite_diario=2)

    await despachante.esvaziar()
    tempo.andar(minutes=1)
    await despachante.esvaziar()  # a 2ª da Ana: ela já conta, não gasta vaga

    assert [v.tipo for v in graph.enviadas(ANA)] == ["modelo", "modelo"]
    assert [v.tipo for v in graph.enviadas(BETO)] == ["modelo"]
    assert graph.enviadas(CAIO) == []
    caio = await linha(motor_banco, "caio1")
    assert (caio.estado, caio.ultimo_erro, caio.tentativas) == ("pendente", ESPERA_LIMITE, 0)
    # a vaga abre quando a 1ª pessoa alcançada completa 24 h do último modelo que recebeu
    ana, beto = await linha(motor_banco, "ana1"), await linha(motor_banco, "beto1")
    assert caio.proxima_em == ana.enviado_em + timedelta(hours=24)

    tempo.agora = caio.proxima_em  # a Ana recebeu de novo depois: ainda ocupa a vaga
    await despachante.esvaziar()
    assert graph.enviadas(CAIO) == []
    caio = await linha(motor_banco, "caio1")
    assert caio.proxima_em == beto.enviado_em + timedelta(hours=24)

    tempo.agora = caio.proxima_em  # o Beto completou 24 h: a vaga é do Caio
    await despachante.esvaziar()
    assert [v.tipo for v in graph.enviadas(CAIO)] == ["modelo"]


async def test_limite_1_segura_na_ordem_da_fila(
    fazer: Fabrica, graph: GraphApiFalsa, motor_banco: AsyncEngine, tempo: Tempo
) -> None:
    await enfileirar(motor_banco, ANA, convocacao("Ana"), "ana", INICIO)
    await enfileirar(motor_banco, BETO, convocacao("Beto"), "beto", INICIO)
    await enfileirar(motor_banco, CAIO, convocacao("Caio"), "caio", INICIO)
    despachante = fazer(limite_diario=1)
    await despachante.esvaziar()
    tempo.andar(hours=2)
    await enfileirar(motor_banco, DUDA, convocacao("Duda"), "duda", tempo.agora)
    await despachante.esvaziar()

    ordem: list[str] = []
    for _ in range(3):
        tempo.andar(hours=24)
        await despachante.esvaziar()
        ordem += [quem for quem in (BETO, CAIO, DUDA) if graph.enviadas(quem) and quem not in ordem]

    assert [v.tipo for v in graph.enviadas(ANA)] == ["modelo"]
    assert ordem == [BETO, CAIO, DUDA]  # um por dia, na ordem em que entraram na fila


async def test_limite_conta_todos_os_processos_pelo_banco(
    fazer: Fabrica, graph: GraphApiFalsa, motor_banco: AsyncEngine
) -> None:
    await enfileirar(motor_banco, ANA, convocacao("Ana"), "ana", INICIO)
    await fazer("processo-1", limite_diario=1).esvaziar()
    await enfileirar(motor_banco, BETO, convocacao("Beto"), "beto", INICIO)

    await fazer("processo-2", limite_diario=1).esvaziar()  # outro processo, memória vazia

    assert graph.enviadas(BETO) == []
    assert (await linha(motor_banco, "beto")).ultimo_erro == ESPERA_LIMITE


async def test_mensagem_livre_dentro_da_janela_nao_gasta_o_limite(
    fazer: Fabrica, graph: GraphApiFalsa, motor_banco: AsyncEngine
) -> None:
    await escreveu(motor_banco, ANA, INICIO - timedelta(hours=1))
    await enfileirar(motor_banco, ANA, convocacao("Ana"), "ana", INICIO)
    await enfileirar(motor_banco, BETO, convocacao("Beto"), "beto", INICIO)

    await fazer(limite_diario=1).esvaziar()

    assert [v.tipo for v in graph.enviadas(ANA)] == ["botoes"]
    assert [v.tipo for v in graph.enviadas(BETO)] == ["modelo"]


async def test_lista_com_planilha_fora_da_janela_vai_no_modelo_com_documento(
    fazer: Fabrica, graph: GraphApiFalsa, motor_banco: AsyncEngine
) -> None:
    planilha = Anexo("lista-2027-cras-norte.xlsx", XLSX, b"PK\x03\x04 planilha")
    aviso = para_equipe(Saida("Chegou a lista do CRAS Norte: 12 pessoas.", anexo=planilha))
    await enfileirar(motor_banco, ANA, aviso, "lista", INICIO)

    await fazer().esvaziar()

    [pedido] = modelos_enviados(graph)
    assert pedido["template"]["name"] == "lista_osc"
    cabeca, corpo = pedido["template"]["components"]
    documento = cabeca["parameters"][0]["document"]
    assert graph.midias[documento["id"]].dados == b"PK\x03\x04 planilha"
    assert documento["filename"] == "lista-2027-cras-norte.xlsx"
    assert corpo["parameters"] == [
        {"type": "text", "text": "Chegou a lista do CRAS Norte: 12 pessoas."}
    ]
    assert (await linha(motor_banco, "lista")).modelo == "lista_osc"


@pytest.mark.parametrize(
    ("valor", "vira"),
    [
        # sem quebra de linha: " · " onde a linha não acabava em pontuação (achado 16)
        ("Turma T0\nConfeitaria\n\n12 pessoas", "Turma T0 · Confeitaria · 12 pessoas"),
        ("muitos      espaços", "muitos espaços"),
        ("", "-"),  # a Meta recusa parâmetro vazio
        ("x" * 800, "x" * 699 + "…"),
    ],
)
def test_parametro_como_a_meta_aceita(valor: str, vira: str) -> None:
    assert parametro(valor) == vira


async def test_modelo_que_nao_saiu_e_depois_vai_livre_nao_conta_como_modelo(
    fazer: Fabrica, graph: GraphApiFalsa, motor_banco: AsyncEngine, tempo: Tempo
) -> None:
    await enfileirar(motor_banco, ANA, convocacao(), "c:ana", INICIO)
    graph.falhar(130429, para=ANA)  # o modelo foi reservado e voltou: vazão
    despachante = fazer(limite_diario=1)
    await despachante.rodar_uma_vez()
    await escreveu(motor_banco, ANA, tempo.agora)  # a Ana escreveu nesse meio-tempo
    tempo.andar(seconds=2)

    await despachante.esvaziar()

    assert [v.tipo for v in graph.enviadas(ANA)] == ["botoes"]
    envio = await linha(motor_banco, "c:ana")
    assert (envio.estado, envio.modelo) == ("enviada", "")  # nem custo nem vaga do limite
    await enfileirar(motor_banco, BETO, convocacao("Beto"), "c:beto", tempo.agora)
    await despachante.esvaziar()
    assert [v.tipo for v in graph.enviadas(BETO)] == ["modelo"]
