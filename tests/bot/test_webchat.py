"""Chat web de ponta a ponta: servidor aiohttp de verdade, Motor de verdade, SQLite de verdade.

O fluxo de teste é pequeno e vive aqui (duas perguntas, uma com botões), para não depender
do fluxo da pré-inscrição, que muda sempre.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.servidor import criar_app_http
from bot.webchat import LIMITE_CORPO, PASTA_WEB, Limitador
from fluxos.motor import Acao, Comando, Dizer, Iniciar, Motor
from fluxos.passos import (
    Contexto,
    Dizer,
    Fluxo,
    Opcao,
    Passo,
    Pergunta,
    Repetir,
    Resposta,
    Resultado,
    Seguir,
)
from mensagens.catalogo import texto

Cliente = TestClient[web.Request, web.Application]
SAUDACAO = "Olá! Vamos testar."
PERGUNTA_COR = "Qual cor você prefere?"
PERGUNTA_NOME = "Qual é o seu nome?\nExemplo: Maria"


async def _perguntar_cor(_ctx: Contexto) -> Pergunta:
    return Pergunta(PERGUNTA_COR, [Opcao("azul", "Azul"), Opcao("verde", "Verde")])


async def _receber_cor(ctx: Contexto, resposta: Resposta) -> Resultado:
    if not resposta.opcao:
        return Repetir("Toque em uma das cores.")
    ctx.dados["cor"] = resposta.opcao
    return Seguir()


async def _perguntar_nome(_ctx: Contexto) -> Pergunta:
    return Pergunta(PERGUNTA_NOME)


async def _receber_nome(ctx: Contexto, resposta: Resposta) -> Resultado:
    return Dizer((f"Anotei: {resposta.texto} ({ctx.dados['cor']}).",))


FLUXO_TESTE = Fluxo(
    "teste",
    (
        Passo("cor", _perguntar_cor, _receber_cor),
        Passo("nome", _perguntar_nome, _receber_nome),
    ),
)


def _responder(acao: Acao) -> Comando:
    async def comando(_ctx: Contexto, _argumento: str) -> Acao:
        return acao

    return comando


def montar_motor(sessoes: async_sessionmaker[AsyncSession], **extras: Comando) -> Motor:
    """Motor real com o fluxo de teste; `extras` acrescenta comandos (ex.: um que falha)."""
    comandos: dict[str, Comando] = {
        "start": _responder(Iniciar("teste", nota=SAUDACAO)),
        "desconhecido": _responder(Dizer(("Não conheço esse comando.",))),
        "menu": _responder(Dizer(("Menu:",), (Opcao("cmd:start", "Começar"),))),
        "texto": _responder(Dizer(("Escreva menu.",))),
        **extras,
    }
    return Motor(sessoes.kw["bind"], {"teste": FLUXO_TESTE}, comandos)


@pytest.fixture
async def cliente(
    sessoes: async_sessionmaker[AsyncSession], motor_banco: AsyncEngine
) -> AsyncIterator[Cliente]:
    app = criar_app_http(montar_motor(sessoes), motor_banco)
    async with TestClient(TestServer(app)) as c:
        yield c


async def conversar(cliente: Cliente, **pedido: Any) -> dict[str, Any]:
    resp = await cliente.post("/api/conversa", json={"sessao": None, **pedido})
    assert resp.status == 200, await resp.text()
    assert resp.content_type == "application/json"
    dados: dict[str, Any] = await resp.json()
    return dados


async def comecar(cliente: Cliente) -> dict[str, Any]:
    return await conversar(cliente, tipo="comando", comando="start")


# ----- a página ---------------------------------------------------------------------


async def test_pagina_tem_o_script_e_nada_de_fora(cliente: Cliente) -> None:
    resp = await cliente.get("/")
    assert resp.status == 200
    assert resp.content_type == "text/html"
    pagina = await resp.text()
    assert '<html lang="pt-BR">' in pagina
    assert re.search(r'<script src="static/chat\.js\?v=\w+" defer>', pagina)
    assert texto("web.pagina.cabecalho") in pagina
    assert 'role="log"' in pagina and 'aria-live="polite"' in pagina
    assert '<label for="campo"' in pagina
    assert "{{" not in pagina
    total = len(pagina.encode())
    for nome in ("chat.js", "chat.css"):
        arquivo = await cliente.get(f"/static/{nome}")
        assert arquivo.status == 200
        corpo = await arquivo.text()
        total += len(corpo.encode())
        assert not re.search(r"https?://|url\(|@import|import\(", corpo), nome
    assert not re.search(r"https?://|=\"//", pagina)
    assert total < 30 * 1024


async def test_arquivos_vao_comprimidos_e_ficam_no_cache(cliente: Cliente) -> None:
    resp = await cliente.get("/static/chat.js", headers={"Accept-Encoding": "gzip"})
    assert resp.headers["Content-Encoding"] == "gzip"
    assert "immutable" in resp.headers["Cache-Control"]
    de_novo = await cliente.get("/static/chat.js", headers={"If-None-Match": resp.headers["ETag"]})
    assert de_novo.status == 304


def test_script_nunca_escreve_html() -> None:
    """O que vem do servidor entra como texto: nada de innerHTML e parecidos."""
    script = (PASTA_WEB / "chat.js").read_text(encoding="utf-8")
    for perigoso in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert perigoso not in script
    assert "textContent" in script
    assert "white-space: pre-line" in (PASTA_WEB / "chat.css").read_text(encoding="utf-8")


# ----- a conversa -------------------------------------------------------------------


async def test_primeira_mensagem_cria_a_sessao_e_cumprimenta(cliente: Cliente) -> None:
    dados = await comecar(cliente)
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}\.[A-Za-z0-9_-]{43}", dados["sessao"])
    [mensagem] = dados["mensagens"]
    assert mensagem["texto"] == f"{SAUDACAO}\n\n{PERGUNTA_COR}"
    assert [b["rotulo"] for b in mensagem["botoes"]] == ["Azul", "Verde"]


async def test_cada_pessoa_tem_a_sua_sessao(cliente: Cliente) -> None:
    assert (await comecar(cliente))["sessao"] != (await comecar(cliente))["sessao"]


async def test_tocar_no_botao_avanca_e_quebras_de_linha_ficam(cliente: Cliente) -> None:
    inicio = await comecar(cliente)
    verde = inicio["mensagens"][0]["botoes"][1]["valor"]
    dados = await conversar(cliente, sessao=inicio["sessao"], tipo="botao", valor=verde)
    assert dados["sessao"] == inicio["sessao"]
    assert dados["mensagens"] == [{"texto": PERGUNTA_NOME, "botoes": []}]


async def test_recarregar_a_pagina_continua_a_conversa(
    cliente: Cliente, sessoes: async_sessionmaker[AsyncSession], motor_banco: AsyncEngine
) -> None:
    inicio = await comecar(cliente)
    sessao = inicio["sessao"]
    azul = inicio["mensagens"][0]["botoes"][0]["valor"]
    await conversar(cliente, sessao=sessao, tipo="botao", valor=azul)
    # Outro servidor (ou o mesmo reiniciado): o estado está no banco, não na memória.
    outro_app = criar_app_http(montar_motor(sessoes), motor_banco)
    async with TestClient(TestServer(outro_app)) as outro:
        volta = await conversar(outro, sessao=sessao, tipo="comando", comando="start")
        assert volta["mensagens"][0]["texto"] == f"{texto('comum.continuar')}\n\n{PERGUNTA_NOME}"
        fim = await conversar(outro, sessao=sessao, tipo="texto", texto="Ana")
    assert fim["mensagens"][0]["texto"] == "Anotei: Ana (azul)."


async def test_html_enviado_volta_como_texto_puro(cliente: Cliente) -> None:
    inicio = await comecar(cliente)
    sessao = inicio["sessao"]
    azul = inicio["mensagens"][0]["botoes"][0]["valor"]
    await conversar(cliente, sessao=sessao, tipo="botao", valor=azul)
    ataque = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    dados = await conversar(cliente, sessao=sessao, tipo="texto", texto=ataque)
    assert dados["mensagens"][0]["texto"] == f"Anotei: {ataque} (azul)."


async def test_botao_antigo_nao_quebra_nada(cliente: Cliente) -> None:
    inicio = await comecar(cliente)
    sessao = inicio["sessao"]
    azul = inicio["mensagens"][0]["botoes"][0]["valor"]
    await conversar(cliente, sessao=sessao, tipo="botao", valor=azul)
    dados = await conversar(cliente, sessao=sessao, tipo="botao", valor=azul)
    assert dados["mensagens"][0]["texto"].startswith(texto("comum.mensagem_antiga"))


# ----- pedidos ruins ----------------------------------------------------------------


@pytest.mark.parametrize(
    "sessao",
    ["abc", "A" * 42 + "!", "../" * 15, "A" * 44, 12345, ["x"], "' OR 1=1 --" + "a" * 32],
)
async def test_sessao_forjada_recebe_400(cliente: Cliente, sessao: object) -> None:
    resp = await cliente.post(
        "/api/conversa", json={"sessao": sessao, "tipo": "comando", "comando": "start"}
    )
    assert resp.status == 400
    assert await resp.json() == {"erro": texto("web.erro.sessao"), "codigo": "sessao"}


@pytest.mark.parametrize(
    "corpo",
    [
        "{",
        "[]",
        '"oi"',
        "\xff\xfe",
        '{"tipo": "contato", "valor": "1199"}',
        '{"tipo": "texto", "texto": 5}',
        '{"tipo": "botao", "valor": ""}',
        '{"tipo": "botao", "valor": "' + "1" * 500 + '"}',
        '{"tipo": "comando", "comando": "convite"}',
        '{"sessao": null}',
    ],
)
async def test_json_ruim_recebe_400_com_texto_do_catalogo(cliente: Cliente, corpo: str) -> None:
    resp = await cliente.post(
        "/api/conversa", data=corpo.encode("latin-1"), headers={"Content-Type": "application/json"}
    )
    assert resp.status == 400
    assert await resp.json() == {"erro": texto("web.erro.formato"), "codigo": "formato"}


async def test_mensagem_de_64kb_recebe_413_em_json(cliente: Cliente) -> None:
    grande = {"sessao": None, "tipo": "texto", "texto": "a" * 64 * 1024}
    resp = await cliente.post("/api/conversa", json=grande)
    assert resp.status == 413
    assert await resp.json() == {"erro": texto("web.erro.grande"), "codigo": "grande"}


async def test_corpo_grande_sem_tamanho_declarado_recebe_413(cliente: Cliente) -> None:
    async def pedacos() -> AsyncIterator[bytes]:
        yield b'{"tipo": "texto", "texto": "'
        for _ in range(8):
            yield b"a" * (LIMITE_CORPO // 4)
        yield b'"}'

    resp = await cliente.post("/api/conversa", data=pedacos())
    assert resp.status == 413
    assert (await resp.json())["codigo"] == "grande"


async def test_mensagens_demais_recebem_429_gentil(
    sessoes: async_sessionmaker[AsyncSession], motor_banco: AsyncEngine
) -> None:
    app = criar_app_http(montar_motor(sessoes), motor_banco, limite_por_minuto=3)
    async with TestClient(TestServer(app)) as cliente:
        sessao = (await comecar(cliente))["sessao"]
        for _ in range(2):
            await conversar(cliente, sessao=sessao, tipo="texto", texto="oi")
        resp = await cliente.post(
            "/api/conversa", json={"sessao": sessao, "tipo": "texto", "texto": "oi"}
        )
        assert resp.status == 429
        assert resp.headers["Retry-After"] == "60"
        assert (await resp.json())["erro"] == texto("web.erro.muitas")
        # A outra pessoa não é afetada.
        await comecar(cliente)


async def test_sessoes_novas_demais_do_mesmo_endereco_recebem_429(
    sessoes: async_sessionmaker[AsyncSession], motor_banco: AsyncEngine
) -> None:
    app = criar_app_http(montar_motor(sessoes), motor_banco, sessoes_novas_por_minuto=2)
    async with TestClient(TestServer(app)) as cliente:
        sessao = (await comecar(cliente))["sessao"]
        await comecar(cliente)
        resp = await cliente.post("/api/conversa", json={"tipo": "comando", "comando": "start"})
        assert resp.status == 429
        # Quem já tem sessão continua conversando.
        await conversar(cliente, sessao=sessao, tipo="texto", texto="ajuda")


def test_limitador_libera_de_novo_depois_de_um_minuto() -> None:
    agora = [0.0]
    limitador = Limitador(2, relogio=lambda: agora[0])
    assert limitador.permitir("a") and limitador.permitir("a")
    assert not limitador.permitir("a")
    assert limitador.permitir("b")
    agora[0] = 60.0
    assert limitador.permitir("a")
