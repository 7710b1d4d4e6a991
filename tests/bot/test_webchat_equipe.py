"""O convite da equipe no chat do site (`/?convite=TOKEN`) e o anexo como link de baixar.

A API é testada pelo servidor aiohttp de verdade com o motor de verdade. O `chat.js` roda
no Node (quando a máquina tem): um DOM mínimo de mentira em volta, o script de verdade
dentro, e o que se olha é o que ele pede ao servidor e o que põe na página.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from armazenamento.banco import transacao
from armazenamento.equipe import ConviteNovo, Escopo, acesso_de, criar_convite
from armazenamento.modelos import Cras
from armazenamento.tempo import agora
from bot.servidor import criar_app_http
from bot.webchat import _TEXTOS_JS, PASTA_WEB, ler_pedido
from fluxos.montagem import criar_motor_de_conversa
from mensagens.catalogo import texto
from mensagens.tipos import Tipo
from tests.bot.test_webchat_pagina import sem_id
from tests.dados import semear_programa

Cliente = TestClient[web.Request, web.Application]


@pytest.fixture
async def cliente(
    sessoes: async_sessionmaker[AsyncSession], motor_banco: AsyncEngine
) -> AsyncIterator[Cliente]:
    await semear_programa(sessoes, agora().date())
    app = criar_app_http(criar_motor_de_conversa(motor_banco), motor_banco)
    async with TestClient(TestServer(app)) as c:
        yield c


async def convidar_cras(banco: AsyncEngine) -> ConviteNovo:
    async with transacao(banco) as conexao:
        cras_id = (await conexao.execute(sa.select(sa.func.min(Cras.id)))).scalar_one()
        escopo = Escopo("cras", cras_id=cras_id)
        return await criar_convite(conexao, escopo, agora(), timedelta(hours=1))


async def conversar(cliente: Cliente, **pedido: Any) -> dict[str, Any]:
    resp = await cliente.post("/api/conversa", json=pedido)
    assert resp.status == 200, await resp.text()
    dados: dict[str, Any] = await resp.json()
    return dados


async def papeis(banco: AsyncEngine, sessao: str) -> frozenset[str]:
    async with transacao(banco) as conexao:
        return (await acesso_de(conexao, "web", sessao)).papeis


# ----- a API ---------------------------------------------------------------------------


async def test_start_com_o_convite_liga_a_sessao_nova_ao_papel(
    cliente: Cliente, motor_banco: AsyncEngine
) -> None:
    convite = await convidar_cras(motor_banco)

    dados = await conversar(cliente, tipo="comando", comando="start", texto=convite.token)

    primeira = dados["mensagens"][0]["texto"]
    assert primeira == (  # o site não recebe avisos: diz onde olhar, sem prometer "por aqui"
        "Pronto! Esta conversa agora é de técnico(a) do CRAS Jardim Europa.\n\n"
        + texto("alcance.equipe.sem_aviso")
        + " "
        + texto("alcance.equipe.sem_aviso.alertas")  # R17, R20: onde ver alertas e pedidos
    )
    assert await papeis(motor_banco, dados["sessao"]) == {"cras"}
    # o mesmo link aberto de novo (recarregar sem o chat.js limpar o endereço): nada muda
    de_novo = await conversar(
        cliente, sessao=dados["sessao"], tipo="comando", comando="start", texto=convite.token
    )
    assert de_novo["mensagens"][0]["texto"] == texto("equipe.convite.usado")
    assert await papeis(motor_banco, dados["sessao"]) == {"cras"}


async def test_entrar_com_o_codigo_liga_a_sessao(
    cliente: Cliente, motor_banco: AsyncEngine
) -> None:
    convite = await convidar_cras(motor_banco)
    inicio = await conversar(cliente, tipo="comando", comando="start")
    sessao = inicio["sessao"]
    await conversar(cliente, sessao=sessao, tipo="comando", comando="cancelar")

    await conversar(cliente, sessao=sessao, tipo="comando", comando="entrar", texto=convite.codigo)

    assert await papeis(motor_banco, sessao) == {"cras"}


@pytest.mark.parametrize("escrito", ["entrar {c}", "/entrar {c}", "Entrar: {c}"])
async def test_entrar_e_o_codigo_digitados_numa_mensagem_na_caixa_de_texto(
    cliente: Cliente, motor_banco: AsyncEngine, escrito: str
) -> None:
    """O convite impresso diz "escreva 'entrar' e depois o código": numa mensagem só também
    vale, mesmo com o aviso de privacidade da pré-inscrição na tela."""
    convite = await convidar_cras(motor_banco)
    inicio = await conversar(cliente, tipo="comando", comando="start")

    dados = await conversar(
        cliente, sessao=inicio["sessao"], tipo="texto", texto=escrito.format(c=convite.codigo)
    )

    assert dados["mensagens"][0]["texto"].startswith("Pronto! Esta conversa agora é de")
    assert await papeis(motor_banco, inicio["sessao"]) == {"cras"}


async def test_entrar_com_o_codigo_no_meio_da_preinscricao(
    cliente: Cliente, motor_banco: AsyncEngine
) -> None:
    convite = await convidar_cras(motor_banco)
    inicio = await conversar(cliente, tipo="comando", comando="start")

    await conversar(
        cliente, sessao=inicio["sessao"], tipo="comando", comando="entrar", texto=convite.codigo
    )

    assert await papeis(motor_banco, inicio["sessao"]) == {"cras"}


@pytest.mark.parametrize(
    ("pedido", "esperado"),
    [
        ({"tipo": "comando", "comando": "start", "texto": "abc"}, (Tipo.COMANDO, "start", "abc")),
        (
            {"tipo": "comando", "comando": "entrar", "texto": "ABCD-2345"},
            (Tipo.COMANDO, "entrar", "ABCD-2345"),
        ),
        ({"tipo": "comando", "comando": "entrar"}, (Tipo.COMANDO, "entrar", "")),
        ({"tipo": "comando", "comando": "turmas"}, None),  # só os comandos da página
        ({"tipo": "comando", "comando": "start", "texto": 123}, None),
    ],
)
def test_ler_pedido_aceita_o_convite_e_o_codigo(
    pedido: dict[str, Any], esperado: tuple[Tipo, str, str] | None
) -> None:
    lido = ler_pedido(pedido)

    if esperado is None:
        assert lido == "formato"
    else:
        assert not isinstance(lido, str)
        assert (lido.tipo, lido.comando, lido.texto) == esperado


# ----- o chat.js -----------------------------------------------------------------------

NODE = shutil.which("node")
# Um DOM mínimo: só o que o chat.js usa. Imprime os pedidos, as trocas de endereço e os links.
HARNESS = r"""
const vm = require("vm"), fs = require("fs");
const [codigo, busca, textos, resposta] = [
  fs.readFileSync(process.argv[2], "utf8"), process.argv[3], process.argv[4],
  JSON.parse(process.argv[5])];
class El {
  constructor(tag) { this.tagName = tag; this.children = []; this.attrs = {}; }
  appendChild(c) { this.children.push(c); return c; }
  removeChild(c) { this.children = this.children.filter((x) => x !== c); }
  get firstChild() { return this.children[0] || null; }
  setAttribute(k, v) { this.attrs[k] = String(v); }
  addEventListener() {} scrollIntoView() {} focus() {}
  querySelectorAll() { return []; }
}
const ids = {};
for (const id of ["conversa", "formulario", "campo", "enviar", "aviso", "nova"]) {
  ids[id] = new El("div");
}
ids.textos = new El("script"); ids.textos.textContent = textos;
const pedidos = [], trocas = [];
const ctx = {
  document: { getElementById: (id) => ids[id], createElement: (t) => new El(t),
              createTextNode: (t) => ({ texto: t }) },
  localStorage: { getItem: () => null, setItem() {}, removeItem() {} },
  location: { search: busca, pathname: "/", hash: "" },
  history: { replaceState: (_e, _t, url) => trocas.push(url) },
  fetch: (_url, op) => { pedidos.push(JSON.parse(op.body));
    return Promise.resolve({ status: 200, json: () => Promise.resolve(resposta) }); },
  URLSearchParams, AbortController, atob, Blob, URL, setTimeout, clearTimeout,
};
ctx.window = ctx;
vm.createContext(ctx);
vm.runInContext(codigo, ctx);
setTimeout(() => {
  const links = [];
  const andar = (e) => {
    if (e.tagName === "a") links.push({ download: e.attrs.download, href: e.href,
                                        texto: e.textContent, classe: e.className });
    (e.children || []).forEach(andar);
  };
  andar(ids.conversa);
  console.log(JSON.stringify({ pedidos, trocas, links }));
}, 50);
"""
TOKEN = "abcdEFGH1234_-ijklMNOP5678qrstUV"


def rodar_chat_js(tmp_path: Path, busca: str, mensagens: list[dict[str, Any]]) -> dict[str, Any]:
    if NODE is None:
        pytest.skip("sem Node.js nesta máquina: o chat.js não foi executado")
    harness = tmp_path / "harness.js"
    harness.write_text(HARNESS, encoding="utf-8")
    textos = json.dumps({k: texto(v) for k, v in _TEXTOS_JS.items()}, ensure_ascii=False)
    resposta = json.dumps({"sessao": "s" * 43, "mensagens": mensagens})
    saida = subprocess.run(
        [NODE, str(harness), str(PASTA_WEB / "chat.js"), busca, textos, resposta],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    dados: dict[str, Any] = json.loads(saida.stdout)
    return dados


def test_pagina_com_convite_manda_o_start_uma_vez_e_limpa_o_endereco(tmp_path: Path) -> None:
    resultado = rodar_chat_js(tmp_path, f"?x=1&convite={TOKEN}", [])

    assert sem_id(resultado["pedidos"]) == [
        {"tipo": "comando", "comando": "start", "texto": TOKEN, "sessao": None}
    ]
    assert resultado["trocas"] == ["/?x=1"]  # recarregar não manda o convite de novo


@pytest.mark.parametrize("busca", ["", "?x=1", "?convite=<script>", "?convite=" + "a" * 65])
def test_pagina_sem_convite_valido_so_comeca(tmp_path: Path, busca: str) -> None:
    resultado = rodar_chat_js(tmp_path, busca, [])

    assert sem_id(resultado["pedidos"]) == [{"tipo": "comando", "comando": "start", "sessao": None}]
    assert resultado["trocas"] == []


def test_anexo_vira_link_de_baixar_sem_virar_pagina(tmp_path: Path) -> None:
    anexo = {"nome": "lista.xlsx", "tipo": "text/html", "dados": "PGI+b2k8L2I+"}  # "<b>oi</b>"

    resultado = rodar_chat_js(tmp_path, "", [{"texto": "Sua lista.", "botoes": [], "anexo": anexo}])

    [link] = resultado["links"]
    assert link["download"] == "lista.xlsx"
    assert link["texto"] == f"{texto('web.anexo.baixar')}: lista.xlsx"
    assert link["href"].startswith("blob:")  # Blob application/octet-stream: nunca HTML no site
    assert link["classe"] == "anexo"


def test_script_continua_sem_escrever_html() -> None:
    script = (PASTA_WEB / "chat.js").read_text(encoding="utf-8")
    for proibido in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert proibido not in script
    assert 'type: "application/octet-stream"' in script
