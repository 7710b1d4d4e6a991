"""O `chat.js` de verdade no Node (quando a máquina tem), num DOM mínimo de mentira.

O que se olha é o que a pessoa percebe: o que a página pede ao servidor ao abrir e no
"Começar de novo" (a mesma sessão, sempre), o título da equipe e onde a página para
depois de uma resposta longa (na primeira linha da mensagem nova, não no fim).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from bot.webchat import _TEXTOS_JS, PASTA_WEB
from mensagens.catalogo import texto

NODE = shutil.which("node")
SESSAO = "S" * 43
# Um DOM mínimo: só o que o chat.js usa. O foco e a rolagem entram num registro, na ordem;
# um foco sem `preventScroll` rola até o elemento, como num navegador.
HARNESS = r"""
const vm = require("vm"), fs = require("fs");
const [codigo, textos, guardado, respostas, acoes] = [fs.readFileSync(process.argv[2], "utf8"),
  process.argv[3], JSON.parse(process.argv[4]), JSON.parse(process.argv[5]),
  JSON.parse(process.argv[6])];
const vistas = [];
class El {
  constructor(tag) { this.tagName = tag; this.children = []; this.attrs = {}; this.ouvintes = {};
                     this.className = ""; this.textContent = ""; }
  appendChild(c) { c.pai = this; this.children.push(c); return c; }
  removeChild(c) { this.children = this.children.filter((x) => x !== c); c.pai = null; }
  replaceChild(n, v) {  /* como no DOM: o novo sai de onde estava e entra no lugar do velho */
    this.children = this.children.filter((x) => x !== n);
    n.pai = this; this.children[this.children.indexOf(v)] = n; v.pai = null;
  }
  get parentNode() { return this.pai || null; }
  get firstChild() { return this.children[0] || null; }
  setAttribute(k, v) { this.attrs[k] = String(v); }
  addEventListener(nome, f) { (this.ouvintes[nome] = this.ouvintes[nome] || []).push(f); }
  disparar(nome) { (this.ouvintes[nome] || []).forEach((f) => f({ preventDefault() {} })); }
  scrollIntoView(topo) { vistas.push({ rolou: quem(this), topo: topo !== false }); }
  focus(op) { vistas.push({ foco: quem(this), rola: !(op && op.preventScroll) }); }
  querySelectorAll() { return []; }
}
const ids = {};
for (const id of ["conversa", "formulario", "campo", "enviar", "aviso", "subtitulo", "nova"]) {
  ids[id] = new El(id === "nova" ? "button" : "div");
}
ids.nova.textContent = "Começar de novo";
ids.campo.value = "";
ids.textos = new El("script"); ids.textos.textContent = textos;
function quem(el) {
  if (el.tagName === "li") { return "mensagem " + ids.conversa.children.indexOf(el); }
  if (el.tagName === "button") { return "botao " + el.textContent; }
  return el === ids.campo ? "campo" : el.tagName;
}
const pedidos = [], titulos = [];
const ctx = {
  document: { getElementById: (id) => ids[id], createElement: (t) => new El(t),
              createTextNode: (t) => ({ texto: t }), title: "" },
  localStorage: { getItem: (k) => (k in guardado ? guardado[k] : null),
                  setItem: (k, v) => { guardado[k] = v; },
                  removeItem: (k) => { delete guardado[k]; } },
  location: { search: "", pathname: "/", hash: "" },
  history: { replaceState() {} },
  fetch: (_url, op) => { pedidos.push(JSON.parse(op.body)); titulos.push(ctx.document.title);
    const r = respostas[Math.min(pedidos.length - 1, respostas.length - 1)];
    if (r.perdida) { return Promise.reject(new Error("a resposta se perdeu no caminho")); }
    return Promise.resolve({ status: r.status || 200, json: () => Promise.resolve(r) }); },
  URLSearchParams, AbortController, atob, Blob, URL, setTimeout, clearTimeout, crypto,
};
ctx.window = ctx;
const botoes = () => {
  const achados = [];
  const andar = (e) => {
    if (e.tagName === "button") { achados.push(e); }
    (e.children || []).forEach(andar);
  };
  andar(ids.conversa);
  return achados;
};
/* espera as promessas pendentes (o fetch falso responde na hora): sem relógio */
const esvaziar = async () => {
  for (let i = 0; i < 5; i++) { await new Promise((r) => setImmediate(r)); }
};
(async () => {
  vm.createContext(ctx);
  vm.runInContext(codigo, ctx);
  await esvaziar();
  for (const acao of acoes) {
    vistas.length = 0;
    if (acao === "nova") { ids.nova.disparar("click"); }
    else if (acao === "tentar") {
      ids.aviso.children.filter((b) => b.className === "tentar")[0].disparar("click");
    } else if (acao.startsWith("escrever:")) {
      ids.campo.value = acao.slice(9); ids.formulario.disparar("submit");
    }
    else if (acao === "ultimo") { botoes().slice(-1)[0].disparar("click"); }
    else { botoes().filter((b) => !b.disabled)[0].disparar("click"); }
    await esvaziar();
  }
  /* a conversa como ficou: cada elemento com o que a pessoa vê (texto, imagem, link) */
  const despejar = (e) => (e.tagName === undefined ? { texto: e.texto } : {
    tag: e.tagName, classe: e.className, texto: e.textContent, attrs: e.attrs,
    src: e.src, alt: e.alt, href: e.href, filhos: e.children.map(despejar) });
  console.log(JSON.stringify({ pedidos, vistas, guardado, subtitulo: ids.subtitulo.textContent,
                               titulo: ctx.document.title, titulos,
                               conversa: despejar(ids.conversa) }));
})();
"""
LONGA = {"texto": "Linha\n" * 80, "botoes": [{"rotulo": "Pôr de lado 1", "valor": "5.x"}]}


def rodar(
    tmp_path: Path,
    guardada: str,
    respostas: list[dict[str, Any]],
    acoes: Sequence[str] = (),
    equipe_antes: bool = False,
) -> dict[str, Any]:
    """Roda a página com a sessão `guardada` no localStorage (e o papel visto da última vez)."""
    if NODE is None:
        pytest.skip("sem Node.js nesta máquina: o chat.js não foi executado")
    harness = tmp_path / "harness.js"
    harness.write_text(HARNESS, encoding="utf-8")
    textos = json.dumps({k: texto(v) for k, v in _TEXTOS_JS.items()}, ensure_ascii=False)
    guardado = {"inclusao.sessao": guardada} if guardada else {}
    if equipe_antes:
        guardado["inclusao.equipe"] = "1"
    argumentos = [str(PASTA_WEB / "chat.js"), textos, json.dumps(guardado), json.dumps(respostas)]
    saida = subprocess.run(
        [NODE, str(harness), *argumentos, json.dumps(list(acoes))],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    dados: dict[str, Any] = json.loads(saida.stdout)
    return dados


def sem_id(pedidos: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Os pedidos sem o id de cada mensagem (aleatório), depois de ver que todo pedido tem."""
    assert all(re.fullmatch(r"[0-9a-f]{32}", p.get("id", "")) for p in pedidos), pedidos
    return [{k: v for k, v in p.items() if k != "id"} for p in pedidos]


def resposta(*mensagens: dict[str, Any], equipe: bool = False) -> dict[str, Any]:
    return {"sessao": SESSAO, "equipe": equipe, "mensagens": list(mensagens)}


TELA = {"texto": "O que você quer fazer?", "botoes": [{"rotulo": "Priorizar", "valor": "3.p"}]}


@pytest.mark.parametrize(
    ("guardada", "esperado"),
    [
        ("", {"tipo": "comando", "comando": "start", "sessao": None}),
        (SESSAO, {"tipo": "comando", "comando": "retomar", "sessao": SESSAO}),
    ],
    ids=["visitante_novo", "sessao_guardada"],
)
def test_pagina_aberta_retoma_a_sessao_guardada(
    tmp_path: Path, guardada: str, esperado: dict[str, Any]
) -> None:
    resultado = rodar(tmp_path, guardada, [resposta(TELA)])

    assert sem_id(resultado["pedidos"]) == [esperado]


def test_comecar_de_novo_manda_cancelar_na_mesma_sessao(tmp_path: Path) -> None:
    confirmar = {"texto": "Quer mesmo apagar as respostas?", "botoes": []}

    resultado = rodar(tmp_path, SESSAO, [resposta(TELA), resposta(confirmar)], ["nova"])

    assert sem_id(resultado["pedidos"]) == [
        {"tipo": "comando", "comando": "retomar", "sessao": SESSAO},
        {"tipo": "comando", "comando": "cancelar", "sessao": SESSAO},
    ]
    assert resultado["guardado"]["inclusao.sessao"] == SESSAO  # quem a pessoa é não muda


@pytest.mark.parametrize(
    ("equipe", "titulo", "subtitulo"),
    [
        (True, "web.pagina.titulo_equipe", "web.pagina.subtitulo_equipe"),
        (False, "web.pagina.titulo", "web.pagina.subtitulo"),
    ],
)
def test_titulo_e_subtitulo_conforme_quem_conversa(
    tmp_path: Path, equipe: bool, titulo: str, subtitulo: str
) -> None:
    resultado = rodar(tmp_path, SESSAO, [resposta(TELA, equipe=equipe)])

    assert (resultado["titulo"], resultado["subtitulo"]) == (texto(titulo), texto(subtitulo))


def test_equipe_ve_o_seu_titulo_ja_ao_abrir_a_pagina(tmp_path: Path) -> None:
    """No 2G a 1ª resposta pode demorar: o título da equipe vem do último papel visto."""
    resultado = rodar(tmp_path, SESSAO, [resposta(TELA, equipe=True)], equipe_antes=True)

    assert resultado["titulos"] == [texto("web.pagina.titulo_equipe")]  # antes da resposta
    assert resultado["guardado"]["inclusao.equipe"] == "1"


def test_papel_revogado_volta_ao_titulo_do_cidadao(tmp_path: Path) -> None:
    resultado = rodar(tmp_path, SESSAO, [resposta(TELA, equipe=False)], equipe_antes=True)

    assert resultado["titulo"] == texto("web.pagina.titulo")
    assert "inclusao.equipe" not in resultado["guardado"]


@pytest.mark.parametrize(
    "mensagens",
    [[LONGA], [{"texto": "Anotado.", "botoes": []}, LONGA]],
    ids=["uma_longa", "duas_mensagens"],
)
def test_resposta_longa_abre_na_primeira_linha(
    tmp_path: Path, mensagens: list[dict[str, Any]]
) -> None:
    """Depois de tocar num botão, o foco vai para o 1º botão novo (no fim da mensagem)
    sem rolar; a página para no começo da 1ª mensagem nova."""
    resultado = rodar(tmp_path, SESSAO, [resposta(TELA), resposta(*mensagens)], ["tocar"])

    # 0: a tela da abertura; 1: o "Priorizar" que a pessoa tocou; 2: a 1ª mensagem nova
    que_mudam = [v for v in resultado["vistas"] if v.get("rola", True)]
    assert que_mudam[-1] == {"rolou": "mensagem 2", "topo": True}
    assert {"foco": "botao Pôr de lado 1", "rola": False} in resultado["vistas"]


# ----- issue 9: "Tentar de novo" manda o mesmo id; sessão recusada recomeça sozinha ------


def test_i9_tentar_de_novo_reenvia_a_mesma_mensagem_com_o_mesmo_id(tmp_path: Path) -> None:
    ok = resposta({"texto": "Anotei.", "botoes": []})
    respostas = [resposta(TELA), {"perdida": True}, ok, ok]

    resultado = rodar(tmp_path, SESSAO, respostas, ["escrever:Ana", "tentar", "escrever:Ana"])

    abrir, perdida, de_novo, outra = resultado["pedidos"]
    assert perdida == de_novo == {**perdida, "tipo": "texto", "texto": "Ana", "sessao": SESSAO}
    assert len({abrir["id"], perdida["id"], outra["id"]}) == 3  # mesma frase, outra mensagem
    assert outra["texto"] == "Ana"


def test_i9_sessao_recusada_pelo_servidor_recomeca_com_uma_nova(tmp_path: Path) -> None:
    """Uma sessão de antes da assinatura (ou adulterada): a página avisa e começa de novo
    sozinha, guardando a sessão nova."""
    recusada = {"status": 400, "erro": texto("web.erro.sessao"), "codigo": "sessao"}
    nova = {"sessao": "N" * 76, "equipe": False, "mensagens": [TELA]}

    resultado = rodar(tmp_path, SESSAO, [recusada, nova])

    assert sem_id(resultado["pedidos"]) == [
        {"tipo": "comando", "comando": "retomar", "sessao": SESSAO},
        {"tipo": "comando", "comando": "start", "sessao": None},
    ]
    assert resultado["guardado"]["inclusao.sessao"] == "N" * 76


def test_mensagem_que_substitui_toma_o_lugar_do_balao_do_botao(tmp_path: Path) -> None:
    """A chamada marca e desmarca na mesma mensagem: o balão do botão tocado é trocado pelo
    novo, sem balão "eu" com o rótulo e sem outra mensagem no fim da conversa."""
    lista = {"texto": "Chamada", "botoes": [{"rotulo": "1 ✅ Ana S.", "valor": "4.m1"}]}
    nova = {**lista, "botoes": [{"rotulo": "1 ❌ Ana S.", "valor": "4.m1"}], "substituir": True}

    respostas = [resposta(TELA), resposta(lista), resposta(nova)]
    resultado = rodar(tmp_path, SESSAO, respostas, ["ultimo", "ultimo"])

    baloes = resultado["conversa"]["filhos"]
    assert [b["classe"] for b in baloes] == ["msg bot", "msg eu", "msg bot"]
    ultimo_botao = baloes[-1]["filhos"][-1]["filhos"][0]
    assert ultimo_botao["texto"] == "1 ❌ Ana S."
