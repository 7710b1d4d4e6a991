"""O remetente do WhatsApp de ponta a ponta: Saida → desenho → cliente HTTP → Graph API
falsa, e o que a pessoa vê na conversa."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.resultado_envio import Enviada, Falhou, Inalcancavel, Incerta, Repetir
from bot.whatsapp.graph import ClienteGraph, ConfigGraph
from bot.whatsapp.remetente import RemetenteWhatsApp
from mensagens.tipos import Anexo, Botao, Saida
from tests.falsos.graph_api import GraphApiFalsa

PESSOA = "5514991234567"
CONVOCACAO = Saida(
    "Sua vaga no curso de Informática básica está garantida. Você vai poder ir?",
    (Botao("Vou", "v1.conv.sim"), Botao("Não vou poder", "v1.conv.nao")),
)
LONGA = Saida(
    "\n\n".join(f"Regra {i}: " + "leia com atenção " * 40 for i in range(9)),
    (Botao("Entendi", "v1.ok"),),
)
PLANILHA = Anexo("lista-turma.xlsx", "application/vnd.ms-excel", b"PK\x03\x04 planilha")


@pytest.fixture
async def graph() -> AsyncIterator[GraphApiFalsa]:
    async with GraphApiFalsa() as falsa:
        yield falsa


@pytest.fixture
async def remetente(graph: GraphApiFalsa) -> AsyncIterator[RemetenteWhatsApp]:
    cliente = ClienteGraph(ConfigGraph(graph.phone_number_id, graph.token, graph.base_url, ler=0.3))
    yield RemetenteWhatsApp(cliente)
    await cliente.fechar()


async def test_pergunta_com_botoes_chega_como_botoes(
    graph: GraphApiFalsa, remetente: RemetenteWhatsApp
) -> None:
    resultado = await remetente.enviar(PESSOA, CONVOCACAO)

    [vista] = graph.enviadas(PESSOA)
    assert resultado == Enviada(vista.wamid)
    assert vista.tipo == "botoes"
    assert vista.texto == CONVOCACAO.texto
    assert vista.opcoes == ("Vou", "Não vou poder")
    assert vista.id_de("Não vou poder") == "v1.conv.nao"


async def test_texto_longo_chega_em_partes_com_os_botoes_no_fim(
    graph: GraphApiFalsa, remetente: RemetenteWhatsApp
) -> None:
    resultado = await remetente.enviar(PESSOA, LONGA)

    vistas = graph.enviadas(PESSOA)
    assert len(vistas) >= 2
    assert [v.tipo for v in vistas[:-1]] == ["texto"] * (len(vistas) - 1)
    assert vistas[-1].opcoes == ("Entendi",)
    assert resultado == Enviada(vistas[-1].wamid)  # o status que importa é o da pergunta
    assert " ".join(v.texto for v in vistas).split() == LONGA.texto.split()


async def test_parte_que_falha_no_meio_nao_repete_as_que_ja_sairam(
    graph: GraphApiFalsa, remetente: RemetenteWhatsApp
) -> None:
    graph.falhar(130429, depois=1)  # a 2ª parte bate na vazão

    primeira = await remetente.enviar(PESSOA, LONGA)
    assert isinstance(primeira, Repetir)
    assert primeira.motivo.startswith("parte 2/")
    assert len(graph.enviadas(PESSOA)) == 1

    segunda = await remetente.enviar(PESSOA, LONGA)  # o despachante tenta de novo

    assert isinstance(segunda, Enviada)
    assert graph.duplicadas() == 0
    assert " ".join(graph.textos(PESSOA)).split() == LONGA.texto.split()


async def test_falha_final_esquece_o_progresso(
    graph: GraphApiFalsa, remetente: RemetenteWhatsApp
) -> None:
    graph.falhar(131026, depois=1)
    assert isinstance(await remetente.enviar(PESSOA, LONGA), Inalcancavel)

    # A mesma Saida pedida de novo (outro aviso igual, dias depois) sai inteira.
    assert isinstance(await remetente.enviar(PESSOA, LONGA), Enviada)
    assert graph.textos(PESSOA)[0] == graph.textos(PESSOA)[1]


async def test_resposta_perdida_numa_parte_e_incerta_e_nao_reenvia(
    graph: GraphApiFalsa, remetente: RemetenteWhatsApp
) -> None:
    graph.travar()

    resultado = await remetente.enviar(PESSOA, CONVOCACAO)
    graph.soltar()

    assert isinstance(resultado, Incerta)
    assert len(graph.enviadas(PESSOA)) == 1  # chegou; o despachante não reenvia Incerta


async def test_planilha_sobe_e_chega_como_documento(
    graph: GraphApiFalsa, remetente: RemetenteWhatsApp
) -> None:
    resultado = await remetente.enviar(PESSOA, Saida("Lista da turma B", anexo=PLANILHA))

    [vista] = graph.enviadas(PESSOA)
    assert resultado == Enviada(vista.wamid)
    assert vista.tipo == "documento"
    assert vista.texto == "Lista da turma B"
    assert vista.arquivo is not None
    assert (vista.arquivo.nome, vista.arquivo.tipo, vista.arquivo.dados) == (
        PLANILHA.nome,
        PLANILHA.tipo,
        PLANILHA.dados,
    )


async def test_planilha_ja_subida_nao_sobe_de_novo_na_nova_tentativa(
    graph: GraphApiFalsa, remetente: RemetenteWhatsApp
) -> None:
    saida = Saida("Lista da turma B", anexo=PLANILHA)
    graph.falhar(131000)  # o documento falha depois de subir

    assert isinstance(await remetente.enviar(PESSOA, saida), Repetir)
    assert isinstance(await remetente.enviar(PESSOA, saida), Enviada)

    subidas = [p for p in graph.pedidos if p.caminho.endswith("/media")]
    assert len(subidas) == 1
    assert len(graph.enviadas(PESSOA)) == 1


async def test_subida_que_falha_nao_manda_nada(
    graph: GraphApiFalsa, remetente: RemetenteWhatsApp
) -> None:
    graph.falhar(2, em="media")

    resultado = await remetente.enviar(PESSOA, Saida("Lista", anexo=PLANILHA))

    assert isinstance(resultado, Repetir)
    assert graph.enviadas(PESSOA) == []


@pytest.mark.parametrize(
    ("saida", "motivo"),
    [
        (Saida("   "), "texto vazio"),
        (
            Saida("x", anexo=Anexo("grande.bin", "application/octet-stream", b"0" * (101 << 20))),
            "anexo grande demais",
        ),
    ],
)
async def test_o_que_nao_pode_sair_falha_sem_pedir_nada(
    graph: GraphApiFalsa, remetente: RemetenteWhatsApp, saida: Saida, motivo: str
) -> None:
    resultado = await remetente.enviar(PESSOA, saida)

    assert isinstance(resultado, Falhou) and resultado.motivo.startswith(motivo)
    assert graph.pedidos == []
