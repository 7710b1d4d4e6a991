"""O cliente do Graph API contra a Graph API falsa (servidor aiohttp numa porta local): cada
resposta da Cloud API vira o resultado que o despachante sabe tratar."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import pytest

from bot.limite_envio import LimiteDeEnvio
from bot.resultado_envio import (
    Enviada,
    Falhou,
    ForaDaJanela,
    Inalcancavel,
    Incerta,
    Repetir,
    Resultado,
)
from bot.whatsapp.desenho import desenhar
from bot.whatsapp.graph import ClienteGraph, ConfigGraph
from mensagens.tipos import Botao, Saida
from tests.falsos.graph_api import GraphApiFalsa

PESSOA = "5514991234567"
# Dados pessoais de mentira: não podem aparecer em nenhum `motivo`.
NOME, CPF = "Maria Aparecida da Conceição", "123.456.789-09"
TEXTO = f"Olá, {NOME} (CPF {CPF}): amanhã tem aula às 19h."
LEITURA = 0.3  # segundos que o cliente espera a resposta (a trava do falso passa disso)


@pytest.fixture
async def graph() -> AsyncIterator[GraphApiFalsa]:
    async with GraphApiFalsa() as falsa:
        yield falsa


@pytest.fixture
async def cliente(graph: GraphApiFalsa) -> AsyncIterator[ClienteGraph]:
    config = ConfigGraph(graph.phone_number_id, graph.token, graph.base_url, ler=LEITURA)
    cliente = ClienteGraph(config)
    yield cliente
    await cliente.fechar()


def _texto(corpo: str = TEXTO, para: str = PESSOA) -> dict[str, object]:
    return desenhar(para, Saida(corpo))[0]


def _sem_dados_pessoais(resultado: Resultado, token: str) -> None:
    motivo = getattr(resultado, "motivo", "")
    for proibido in (NOME, CPF, "123.456.789", PESSOA, "991234567", "14 99123-4567", token):
        assert proibido not in motivo, motivo


async def test_mensagem_aceita_traz_o_wamid_e_vai_com_o_token(
    graph: GraphApiFalsa, cliente: ClienteGraph
) -> None:
    resultado = await cliente.enviar(_texto())

    [vista] = graph.enviadas(PESSOA)
    assert resultado == Enviada(vista.wamid)
    assert vista.wamid.startswith("wamid.")
    assert vista.texto == TEXTO
    [pedido] = graph.pedidos
    assert pedido.caminho == f"/v23.0/{graph.phone_number_id}/messages"
    assert pedido.cabecalhos["Authorization"] == f"Bearer {graph.token}"
    assert pedido.json is not None and pedido.json["to"] == PESSOA


async def test_base_com_barra_no_fim_vai_ao_mesmo_lugar(graph: GraphApiFalsa) -> None:
    cliente = ClienteGraph(ConfigGraph(graph.phone_number_id, graph.token, graph.base_url + "/"))
    try:
        assert isinstance(await cliente.enviar(_texto()), Enviada)
    finally:
        await cliente.fechar()


async def test_cada_mensagem_tem_um_wamid_proprio(cliente: ClienteGraph) -> None:
    resultados = [await cliente.enviar(_texto(f"aviso {i}")) for i in range(5)]
    ids = {r.id_provedor for r in resultados if isinstance(r, Enviada)}
    assert len(ids) == 5


# código do Graph -> (tipo do resultado, espera, só esta pessoa)
CODIGOS: list[tuple[int, type, float, bool]] = [
    (131047, ForaDaJanela, 0.0, False),  # mais de 24 h desde a última mensagem da pessoa
    (130429, Repetir, 1.0, False),  # vazão do número
    (80007, Repetir, 1.0, False),  # limite da conta
    (4, Repetir, 1.0, False),  # chamadas demais
    (131056, Repetir, 6.0, True),  # par: ~1 mensagem a cada 6 s à mesma pessoa
    (131026, Inalcancavel, 0.0, False),  # sem WhatsApp / não entregável
    (368, Inalcancavel, 0.0, False),  # bloqueio temporário por política
    (190, Repetir, 0.0, False),  # token vencido: configuração, não a linha
    (2, Repetir, 0.0, False),  # serviço fora um instante
    (131000, Repetir, 0.0, False),  # "something went wrong" (500)
    (131016, Repetir, 0.0, False),  # serviço indisponível (503)
    # modelo recusado (erro da configuração, vale para todas): a linha espera 1 h na fila
    (132001, Repetir, 3600.0, True),  # nome ou idioma que não existe
    (132000, Repetir, 3600.0, True),  # parâmetros em número errado
    (132007, Repetir, 3600.0, True),  # fora da política de formato
    (132015, Repetir, 3600.0, True),  # pausado por qualidade baixa
    (132016, Repetir, 3600.0, True),  # desativado
    (132005, Falhou, 0.0, False),  # o texto DESTA mensagem ficou longo demais
    (132012, Falhou, 0.0, False),  # um parâmetro DESTA mensagem no formato errado
    (131009, Falhou, 0.0, False),  # parâmetro inválido
    (987654, Falhou, 0.0, False),  # código que ninguém conhece: falha visível
]


@pytest.mark.parametrize(("codigo", "tipo", "espera", "so_pessoa"), CODIGOS)
async def test_codigo_do_graph_vira_resultado(
    graph: GraphApiFalsa,
    cliente: ClienteGraph,
    codigo: int,
    tipo: type,
    espera: float,
    so_pessoa: bool,
) -> None:
    graph.falhar(codigo)

    resultado = await cliente.enviar(_texto())

    assert type(resultado) is tipo
    assert resultado.motivo.startswith(f"whatsapp:{codigo} ")  # type: ignore[union-attr]
    if isinstance(resultado, Repetir):
        assert (resultado.depois_de, resultado.so_esta_pessoa) == (espera, so_pessoa)
    assert graph.enviadas(PESSOA) == []  # nada chegou
    _sem_dados_pessoais(resultado, graph.token)
    assert isinstance(await cliente.enviar(_texto()), Enviada)  # a seguinte passa


async def test_erro_so_para_uma_pessoa_nao_atinge_outra(
    graph: GraphApiFalsa, cliente: ClienteGraph
) -> None:
    graph.falhar(131056, para=PESSOA)

    outra = await cliente.enviar(_texto(para="5514990000001"))
    dela = await cliente.enviar(_texto())

    assert isinstance(outra, Enviada)
    assert isinstance(dela, Repetir) and dela.so_esta_pessoa


async def test_recuo_de_vazao_cresce_e_volta_ao_comeco_quando_passa(
    graph: GraphApiFalsa, cliente: ClienteGraph
) -> None:
    graph.falhar(130429, vezes=4)
    esperas = [getattr(await cliente.enviar(_texto()), "depois_de", None) for _ in range(4)]
    assert esperas == [1.0, 2.0, 4.0, 8.0]

    assert isinstance(await cliente.enviar(_texto()), Enviada)
    graph.falhar(80007)
    assert getattr(await cliente.enviar(_texto()), "depois_de", None) == 1.0


async def test_vazao_do_numero_passada_vira_repetir(
    graph: GraphApiFalsa, cliente: ClienteGraph
) -> None:
    graph.limitar(1, rajada=1)

    primeira = await cliente.enviar(_texto("um"))
    segunda = await cliente.enviar(_texto("dois"))

    assert isinstance(primeira, Enviada)
    assert isinstance(segunda, Repetir) and segunda.depois_de > 0
    assert graph.textos(PESSOA) == ["um"]


async def test_token_errado_repete_sem_mostrar_o_token(graph: GraphApiFalsa) -> None:
    errado = "EAAG-token-que-nao-vale-123"
    config = ConfigGraph(graph.phone_number_id, errado, graph.base_url)
    cliente = ClienteGraph(config)
    try:
        resultado = await cliente.enviar(_texto())
    finally:
        await cliente.fechar()

    assert isinstance(resultado, Repetir) and resultado.depois_de == 0
    assert resultado.motivo.startswith("whatsapp:190 ")
    assert errado not in resultado.motivo
    assert graph.enviadas(PESSOA) == []


@pytest.mark.parametrize(
    ("codigo", "mensagem", "detalhes"),
    [
        (131009, f"(#131009) Parameter value is not valid: to={PESSOA}", f"text.body '{TEXTO}'"),
        (131000, "Message failed", "Message failed for recipient Kátia Regina"),
        (132001, "Template name does not exist", "nome do modelo: convocacao_x"),
    ],
    ids=["ecoa_o_pedido", "nome_sem_numero", "modelo"],
)
async def test_motivo_leva_so_codigo_e_classe_nunca_o_texto_livre_do_graph(
    graph: GraphApiFalsa, cliente: ClienteGraph, codigo: int, mensagem: str, detalhes: str
) -> None:
    graph.falhar(codigo, mensagem=mensagem, detalhes=detalhes)

    resultado = await cliente.enviar(_texto())

    motivo = getattr(resultado, "motivo", "")
    assert motivo.startswith(f"whatsapp:{codigo} ")
    assert "(OAuthException, http " in motivo
    for livre in (mensagem, detalhes, "Kátia", "Parameter", "Template", "convocacao_x"):
        assert livre not in motivo, motivo
    _sem_dados_pessoais(resultado, graph.token)


# status HTTP sem o corpo de erro do Graph (um proxy na frente) -> tipo, espera > 0
HTTP: list[tuple[int, type, bool]] = [
    (500, Repetir, False),
    (502, Repetir, False),
    (503, Repetir, False),
    (504, Repetir, False),
    (401, Repetir, False),
    (429, Repetir, True),
    (400, Falhou, False),
    (404, Falhou, False),
]


@pytest.mark.parametrize(("status", "tipo", "espera"), HTTP)
async def test_status_http_sem_corpo_do_graph(
    graph: GraphApiFalsa, cliente: ClienteGraph, status: int, tipo: type, espera: bool
) -> None:
    graph.falhar_http(status)

    resultado = await cliente.enviar(_texto())

    assert type(resultado) is tipo
    assert f"http {status}" in resultado.motivo  # type: ignore[union-attr]
    if isinstance(resultado, Repetir):
        assert (resultado.depois_de > 0) is espera


async def test_conexao_derrubada_antes_de_responder_repete(
    graph: GraphApiFalsa, cliente: ClienteGraph
) -> None:
    graph.derrubar()

    resultado = await cliente.enviar(_texto())

    assert isinstance(resultado, Repetir) and resultado.depois_de == 0
    assert "aiohttp." in resultado.motivo
    assert graph.enviadas(PESSOA) == []
    assert isinstance(await cliente.enviar(_texto()), Enviada)


async def test_resposta_que_nao_vem_e_incerta_mesmo_que_a_pessoa_tenha_recebido(
    graph: GraphApiFalsa, cliente: ClienteGraph
) -> None:
    graph.travar()

    resultado = await cliente.enviar(_texto())
    graph.soltar()

    assert isinstance(resultado, Incerta)
    assert graph.textos(PESSOA) == [TEXTO]  # chegou: reenviar duplicaria


async def test_servidor_fora_do_ar_repete() -> None:
    tomada = socket.socket()
    tomada.bind(("127.0.0.1", 0))
    porta = tomada.getsockname()[1]
    tomada.close()  # ninguém escuta nessa porta
    cliente = ClienteGraph(ConfigGraph("1", "t", f"http://127.0.0.1:{porta}/v23.0"))
    try:
        resultado = await cliente.enviar(_texto())
    finally:
        await cliente.fechar()

    assert isinstance(resultado, Repetir) and resultado.depois_de == 0
    assert resultado.motivo.startswith("whatsapp: aiohttp.")


# payload que a Cloud API recusa (o desenho nunca produz; a validação do falso pega)
def _botoes(*titulos: str) -> dict[str, object]:
    botoes = tuple(Botao(t, f"v{i}") for i, t in enumerate(titulos))
    payload = desenhar(PESSOA, Saida("Escolha", botoes[:3]))[0]
    payload["interactive"]["action"]["buttons"] = [  # type: ignore[index]
        {"type": "reply", "reply": {"id": b.valor, "title": b.rotulo}} for b in botoes
    ]
    return payload


@pytest.mark.parametrize(
    ("payload", "trecho"),
    [
        (_botoes("Um título com mais de vinte"), "Button title length invalid"),
        (_botoes("a", "b", "c", "d"), "Invalid buttons count"),
        ({**_texto(), "text": {"body": "x" * 4097}}, "text.body length invalid"),
    ],
)
async def test_formato_recusado_falha_com_o_codigo_sem_o_texto_do_graph(
    graph: GraphApiFalsa, cliente: ClienteGraph, payload: dict[str, object], trecho: str
) -> None:
    resultado = await cliente.enviar(payload)

    assert isinstance(resultado, Falhou)
    assert resultado.motivo.startswith("whatsapp:131009 ")
    assert trecho not in resultado.motivo  # o texto livre do Graph nunca vai ao motivo
    assert graph.enviadas(PESSOA) == []


async def test_subir_arquivo_devolve_o_id_e_o_falso_guarda_o_conteudo(
    graph: GraphApiFalsa, cliente: ClienteGraph
) -> None:
    dados = "nome;bairro\nJoão;Centro\n".encode()

    id_midia = await cliente.subir_midia("lista.csv", "text/csv", dados)

    assert isinstance(id_midia, str)
    assert graph.midias[id_midia].dados == dados
    assert graph.midias[id_midia].nome == "lista.csv"
    [pedido] = graph.pedidos
    assert pedido.caminho.endswith("/media")
    assert pedido.cabecalhos["Authorization"] == f"Bearer {graph.token}"


async def test_subida_que_falha_de_passagem_repete(
    graph: GraphApiFalsa, cliente: ClienteGraph
) -> None:
    graph.falhar(131000, em="media")
    falha = await cliente.subir_midia("lista.csv", "text/csv", b"a;b\n")
    assert isinstance(falha, Repetir)

    graph.falhar_http(503, em="media")
    assert isinstance(await cliente.subir_midia("lista.csv", "text/csv", b"a;b\n"), Repetir)


class _Relogio:
    """Relógio de mentira para o limite: `dormir` só adianta o tempo."""

    def __init__(self) -> None:
        self.agora = 0.0

    def __call__(self) -> float:
        return self.agora

    async def dormir(self, segundos: float) -> None:
        self.agora += segundos


async def test_cada_mensagem_espera_a_vez_e_a_vazao_pausa_o_numero(graph: GraphApiFalsa) -> None:
    """O ritmo do número vale a cada POST de mensagem (uma Saida longa gasta uma vez por
    parte), logo antes de sair; um 130429 faz o número inteiro esperar."""
    relogio = _Relogio()
    limite = LimiteDeEnvio(2, relogio=relogio, dormir=relogio.dormir)
    config = ConfigGraph(graph.phone_number_id, graph.token, graph.base_url)
    cliente = ClienteGraph(config, limite=limite)
    try:
        for payload in desenhar(PESSOA, Saida("palavra " * 1000)):  # 2 partes
            assert isinstance(await cliente.enviar(payload), Enviada)
        await cliente.enviar(_texto())
        assert relogio.agora == pytest.approx(1.0)  # 3 mensagens a 2/s: 0; 0,5; 1,0

        graph.falhar(130429)
        recusa = await cliente.enviar(_texto("de novo"))
        antes = relogio.agora
        assert isinstance(await cliente.enviar(_texto("de novo")), Enviada)
    finally:
        await cliente.fechar()
    assert isinstance(recusa, Repetir) and recusa.depois_de > 0
    assert relogio.agora - antes == pytest.approx(recusa.depois_de)


async def test_erros_de_vazao_da_mesma_rajada_nao_dobram_o_recuo(
    graph: GraphApiFalsa, cliente: ClienteGraph
) -> None:
    """Envios em paralelo que já estavam no ar quando o primeiro 130429 chegou são o mesmo
    episódio: todos esperam 1 s (dobrar por eles pararia o canal 2 s, 4 s, 8 s)."""
    graph.falhar(130429, vezes=3)

    resultados = await asyncio.gather(*(cliente.enviar(_texto(f"{i}")) for i in range(3)))

    assert [getattr(r, "depois_de", None) for r in resultados] == [1.0, 1.0, 1.0]
    graph.falhar(130429)
    assert getattr(await cliente.enviar(_texto("depois")), "depois_de", None) == 2.0
