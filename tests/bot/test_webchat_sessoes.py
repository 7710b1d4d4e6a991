"""Issue 9 §1, pelo app HTTP real: sessão só emitida pelo servidor, o endereço de quem
escreve atrás do proxy da Prefeitura e o limite de mensagens próprio da equipe.

Os ataques são os de um script: tokens inventados, um token emitido com um caractere
trocado, `X-Forwarded-For` forjado. O que se conta é o que ficou no banco (conversas
abertas) e o que cada pedido recebeu.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import AsyncIterator
from typing import Any

import pytest
import sqlalchemy as sa
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from armazenamento.banco import transacao
from armazenamento.modelos import Conversa, Segredo
from armazenamento.tempo import agora
from bot.servidor import criar_app_http
from bot.sessao_web import NOME_DO_SEGREDO, SessoesWeb
from fluxos.montagem import criar_motor_de_conversa
from mensagens.catalogo import texto
from tests.bot.test_webchat import montar_motor
from tests.bot.test_webchat_equipe import convidar_cras
from tests.bot.test_webchat_preinscricao import AGORA, CPF
from tests.conversa import Conversa as Pessoa
from tests.dados import semear_programa

Cliente = TestClient[web.Request, web.Application]
ERRO_SESSAO = {"erro": texto("web.erro.sessao"), "codigo": "sessao"}
START = {"tipo": "comando", "comando": "start"}
CHAVE = "c" * 40  # INCLUSAO_CHAVE_SESSAO de teste


@pytest.fixture
async def cliente(
    sessoes: async_sessionmaker[AsyncSession], motor_banco: AsyncEngine
) -> AsyncIterator[Cliente]:
    app = criar_app_http(montar_motor(sessoes), motor_banco, sessoes_novas_por_minuto=1000)
    async with TestClient(TestServer(app)) as c:
        yield c


async def conversas_web(banco: AsyncEngine) -> int:
    async with transacao(banco) as conexao:
        consulta = sa.select(sa.func.count()).where(sa.column("canal") == "web")
        return int((await conexao.execute(consulta.select_from(Conversa))).scalar_one())


async def pedir(cliente: Cliente, **pedido: Any) -> tuple[int, dict[str, Any]]:
    resp = await cliente.post("/api/conversa", json=pedido)
    return resp.status, await resp.json()


async def sessao_nova(cliente: Cliente, **cabecalhos: str) -> int:
    resp = await cliente.post("/api/conversa", json=START, headers=cabecalhos)
    return resp.status


def inventado(i: int) -> str:
    """Os dois formatos que um script tentaria: o antigo (43) e o novo com assinatura falsa."""
    if i % 2:
        return secrets.token_urlsafe(32)
    return secrets.token_urlsafe(24) + "." + secrets.token_urlsafe(32)


# ----- só vale a sessão que o servidor emitiu ---------------------------------------------


async def test_i9_300_tokens_inventados_abrem_0_conversas(
    cliente: Cliente, motor_banco: AsyncEngine
) -> None:
    respostas = [await pedir(cliente, sessao=inventado(i), **START) for i in range(300)]

    assert {status for status, _ in respostas} == {400}
    assert all(corpo == ERRO_SESSAO for _, corpo in respostas)
    assert await conversas_web(motor_banco) == 0


async def test_i9_token_emitido_vale_e_com_um_caractere_trocado_nao(
    cliente: Cliente, motor_banco: AsyncEngine
) -> None:
    status, inicio = await pedir(cliente, sessao=None, **START)
    assert status == 200
    sessao = inicio["sessao"]

    status, dados = await pedir(cliente, sessao=sessao, tipo="texto", texto="ajuda")
    assert (status, dados["sessao"]) == (200, sessao)
    alfabeto = string.ascii_letters + string.digits + "-_"
    for onde in range(len(sessao)):  # cada caractere: no número aleatório e na assinatura
        # na última, todas: algumas diferem só nos bits de sobra do base64
        for outra in alfabeto if onde == len(sessao) - 1 else "AB-":
            if sessao[onde] != outra:
                ruim = sessao[:onde] + outra + sessao[onde + 1 :]
                assert await pedir(cliente, sessao=ruim, **START) == (400, ERRO_SESSAO)
    assert await conversas_web(motor_banco) == 1


async def test_i9_sem_chave_no_ambiente_a_chave_e_do_banco_a_mesma_em_todo_processo(
    sessoes: async_sessionmaker[AsyncSession], motor_banco: AsyncEngine
) -> None:
    """Dois processos no mesmo banco (ou um reiniciado): a sessão de um vale no outro."""
    um = criar_app_http(montar_motor(sessoes), motor_banco)
    outro = criar_app_http(montar_motor(sessoes), motor_banco)
    async with TestClient(TestServer(um)) as c1, TestClient(TestServer(outro)) as c2:
        status, inicio = await pedir(c1, sessao=None, **START)
        assert status == 200
        status, _ = await pedir(c2, sessao=inicio["sessao"], tipo="texto", texto="ajuda")
        assert status == 200
    async with transacao(motor_banco) as conexao:
        guardadas = (await conexao.execute(sa.select(Segredo.nome))).scalars().all()  # type: ignore[call-overload]
    assert guardadas == [NOME_DO_SEGREDO]


async def test_i9_chave_do_ambiente_vale_em_todo_processo_e_nao_aceita_outra(
    sessoes: async_sessionmaker[AsyncSession], motor_banco: AsyncEngine
) -> None:
    do_banco = await SessoesWeb(motor_banco).emitir()
    com_chave = criar_app_http(montar_motor(sessoes), motor_banco, chave_sessao=CHAVE)
    async with TestClient(TestServer(com_chave)) as cliente:
        assert await pedir(cliente, sessao=do_banco, **START) == (400, ERRO_SESSAO)
        status, inicio = await pedir(cliente, sessao=None, **START)
    assert status == 200
    assert await SessoesWeb(motor_banco, CHAVE).valida(inicio["sessao"])
    assert not await SessoesWeb(motor_banco, "d" * 40).valida(inicio["sessao"])


async def test_i9_sem_trocar_de_sessao_o_limite_de_mensagens_vale(
    sessoes: async_sessionmaker[AsyncSession], motor_banco: AsyncEngine
) -> None:
    """Antes, um script inventava uma sessão por mensagem e nunca chegava ao limite."""
    app = criar_app_http(montar_motor(sessoes), motor_banco, limite_por_minuto=3)
    async with TestClient(TestServer(app)) as cliente:
        _, inicio = await pedir(cliente, sessao=None, **START)
        sessao = inicio["sessao"]
        seguintes = [await pedir(cliente, sessao=sessao, **START) for _ in range(5)]
        inventadas = [await pedir(cliente, sessao=inventado(i), **START) for i in range(5)]
    assert [s for s, _ in seguintes] == [200, 200, 429, 429, 429]
    assert {s for s, _ in inventadas} == {400}


# ----- o endereço atrás do proxy da Prefeitura --------------------------------------------


def _app(sessoes: async_sessionmaker[AsyncSession], banco: AsyncEngine, **op: Any) -> Any:
    return criar_app_http(montar_motor(sessoes), banco, sessoes_novas_por_minuto=2, **op)


async def test_i9_atras_do_proxy_um_abusivo_nao_impede_outro_endereco_de_comecar(
    sessoes: async_sessionmaker[AsyncSession], motor_banco: AsyncEngine
) -> None:
    app = _app(sessoes, motor_banco, proxies_confiaveis=("127.0.0.1", "10.0.0.0/8"))
    async with TestClient(TestServer(app)) as proxy:  # tudo chega pelo proxy (127.0.0.1)
        abusivo = [await sessao_nova(proxy, **{"X-Forwarded-For": "203.0.113.7"}) for _ in range(4)]
        # o abusivo escreve outro endereço à esquerda: o proxy acrescenta o de verdade
        forjado = await sessao_nova(proxy, **{"X-Forwarded-For": "198.51.100.9, 203.0.113.7"})
        # dois proxies na frente (o da Prefeitura e um interno): vale o primeiro de fora
        por_dois = await sessao_nova(proxy, **{"X-Forwarded-For": "203.0.113.7, 10.1.2.3"})
        outra = [await sessao_nova(proxy, **{"X-Forwarded-For": "198.51.100.9"}) for _ in range(2)]
    assert abusivo == [200, 200, 429, 429]
    assert (forjado, por_dois) == (429, 429)
    assert outra == [200, 200]


@pytest.mark.parametrize("proxies", [(), ("10.0.0.1",)], ids=["sem_proxy", "outro_proxy"])
async def test_i9_x_forwarded_for_de_quem_nao_e_proxy_confiavel_nao_burla_o_limite(
    sessoes: async_sessionmaker[AsyncSession],
    motor_banco: AsyncEngine,
    proxies: tuple[str, ...],
) -> None:
    app = _app(sessoes, motor_banco, proxies_confiaveis=proxies)
    async with TestClient(TestServer(app)) as direto:
        codigos = [
            await sessao_nova(direto, **{"X-Forwarded-For": f"198.51.100.{i}"}) for i in range(5)
        ]
    assert codigos == [200, 200, 429, 429, 429]


# ----- a equipe tem o seu limite ------------------------------------------------------------


async def test_i9_equipe_manda_mais_que_o_limite_do_cidadao_e_cidadao_e_barrado(
    sessoes: async_sessionmaker[AsyncSession], motor_banco: AsyncEngine
) -> None:
    await semear_programa(sessoes, agora().date())
    motor = criar_motor_de_conversa(motor_banco)
    app = criar_app_http(motor, motor_banco, limite_por_minuto=3, limite_equipe_por_minuto=8)
    convite = await convidar_cras(motor_banco)
    async with TestClient(TestServer(app)) as cliente:
        status, entrou = await pedir(cliente, sessao=None, texto=convite.token, **START)
        assert status == 200
        tecnica = entrou["sessao"]
        _, comecou = await pedir(cliente, sessao=None, **START)
        cidada = comecou["sessao"]
        da_equipe = [
            (await pedir(cliente, sessao=tecnica, tipo="comando", comando="menu"))[0]
            for _ in range(9)
        ]
        do_cidadao = [
            (await pedir(cliente, sessao=cidada, tipo="texto", texto="ajuda"))[0] for _ in range(4)
        ]
    assert da_equipe == [200] * 7 + [429, 429]  # 1 (o convite) + 7 = o limite da equipe
    assert do_cidadao == [200, 200, 429, 429]  # 1 (o start) + 2 = o limite do cidadão


# ----- as sessões de antes da assinatura -------------------------------------------------


async def test_i9_sessao_antiga_so_vale_se_e_a_identidade_de_alguem(
    sessoes: async_sessionmaker[AsyncSession], motor_banco: AsyncEngine
) -> None:
    """Depois da atualização, a equipe e quem já fez a pré-inscrição pelo site continuam
    quem são; uma sessão antiga que o banco não liga a ninguém recomeça."""
    await semear_programa(sessoes, AGORA.date())
    motor = criar_motor_de_conversa(motor_banco, relogio=lambda: AGORA)
    equipe, inscrita, desconhecida = (secrets.token_urlsafe(32) for _ in range(3))
    convite = await convidar_cras(motor_banco)
    # como ficaram antes da assinatura: feitas pelo motor com o token que a página inventou
    tecnica = Pessoa(criar_motor_de_conversa(motor_banco), chat_id=equipe, canal="web")
    await tecnica.comando("start", convite.token)  # o convite vale por 1 h a partir de agora
    maria = Pessoa(motor, chat_id=inscrita, canal="web")
    await maria.comando("start")
    for passo in PREINSCRICAO:
        await (maria.toca(passo[1:]) if passo.startswith("*") else maria.diz(passo))
    assert any(dita.texto.startswith("Pronto!") for dita in maria.ouvidas)
    app = criar_app_http(motor, motor_banco)
    async with TestClient(TestServer(app)) as cliente:
        da_equipe = await pedir(cliente, sessao=equipe, tipo="comando", comando="retomar")
        da_inscrita = await pedir(cliente, sessao=inscrita, tipo="comando", comando="retomar")
        de_ninguem = await pedir(cliente, sessao=desconhecida, tipo="comando", comando="retomar")
    assert (da_equipe[0], da_equipe[1]["sessao"], da_equipe[1]["equipe"]) == (200, equipe, True)
    assert (da_inscrita[0], da_inscrita[1]["sessao"]) == (200, inscrita)
    assert de_ninguem == (400, ERRO_SESSAO)


# "*" é tocar no botão; o resto é escrito
PREINSCRICAO = [
    "*Entendi, continuar", "Maria Aparecida da Silva", "*Não uso", "3/2/08", CPF,
    "(14) 99123-4567", "jardim europa", "*Pular", "*Confeitaria", "*Só esse", "manhã",
    "*Médio completo", "*Confirmar",
]  # fmt: skip
