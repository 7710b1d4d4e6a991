"""O link de um toque para o Telegram vira link de verdade na página do chat (issue 8,
item 1), rodando o `chat.js` de verdade no Node (quando a máquina tem) num DOM mínimo.

Só `t.me` e `wa.me` viram <a>; o resto continua texto (nada vira HTML).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import pytest

from bot.webchat import PASTA_WEB

NODE = shutil.which("node")
HARNESS = r"""
const vm = require("vm"), fs = require("fs");
const codigo = fs.readFileSync(process.argv[1], "utf8");
const resposta = JSON.parse(process.argv[2]);
class El {
  constructor(tag) { this.tagName = tag; this.children = []; this.attrs = {};
                     this.className = ""; this.textContent = ""; }
  appendChild(c) { this.children.push(c); return c; }
  removeChild(c) { this.children = this.children.filter((x) => x !== c); }
  get firstChild() { return this.children[0] || null; }
  setAttribute(k, v) { this.attrs[k] = String(v); }
  addEventListener() {}
  scrollIntoView() {}
  focus() {}
  querySelectorAll() { return []; }
}
const ids = {};
for (const id of ["conversa", "formulario", "campo", "enviar", "aviso", "subtitulo", "nova"]) {
  ids[id] = new El("div");
}
ids.textos = new El("script"); ids.textos.textContent = "{}";
const ctx = {
  document: { getElementById: (id) => ids[id], createElement: (t) => new El(t),
              createTextNode: (t) => ({ texto: t }), title: "" },
  localStorage: { getItem: () => null, setItem() {}, removeItem() {} },
  window: { location: { search: "", pathname: "/", hash: "" }, history: {} },
  fetch: () => Promise.resolve({ status: 200, json: () => Promise.resolve(resposta) }),
  setTimeout: () => 0, clearTimeout() {}, URLSearchParams, atob, Uint8Array, JSON,
};
ctx.window.AbortController = undefined;
vm.runInNewContext(codigo, ctx);
setImmediate(() => {
  const baloes = ids.conversa.children.map((li) => li.children[0].children.slice(1).map(
    (n) => (n.tagName === "a"
      ? { link: n.href, texto: n.textContent, rel: n.rel, target: n.target }
      : { texto: n.texto })));
  console.log(JSON.stringify(baloes));
});
"""


def _rodar(texto: str) -> list[list[dict[str, Any]]]:
    assert NODE is not None
    resposta = {"sessao": "S" * 43, "mensagens": [{"texto": texto, "botoes": []}]}
    feito = subprocess.run(
        [NODE, "-e", HARNESS, str(PASTA_WEB / "chat.js"), json.dumps(resposta)],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    resultado: list[list[dict[str, Any]]] = json.loads(feito.stdout)
    return resultado


@pytest.mark.skipif(NODE is None, reason="sem Node nesta máquina: o chat.js não roda aqui")
@pytest.mark.parametrize(
    ("texto", "links"),
    [
        (
            "Toque no link:\nNo Telegram: https://t.me/bot?start=pi-AbC_9-x\n\nSe não, ...",
            ["https://t.me/bot?start=pi-AbC_9-x"],
        ),
        (
            "No WhatsApp: https://wa.me/5514999999999?text=oi",
            ["https://wa.me/5514999999999?text=oi"],
        ),
        ("Veja https://exemplo.com/golpe e http://t.me/x", []),  # só t.me e wa.me, só https
        ('<a href="https://t.me/x">oi</a>', ["https://t.me/x"]),  # o resto fica texto
    ],
)
def test_link_de_canal_vira_link_de_um_toque(texto: str, links: list[str]) -> None:
    [balao] = _rodar(texto)
    assert [n["link"] for n in balao if "link" in n] == links
    assert "".join(n["texto"] for n in balao) == texto  # nada do texto se perde


WA = (
    "https://wa.me/5514999990000?text=Quero%20receber%20os%20avisos."
    "%20C%C3%B3digo%3A%20ABCD-EFGH-2345"
)


@pytest.mark.skipif(NODE is None, reason="sem Node nesta máquina: o chat.js não roda aqui")
def test_link_do_whatsapp_com_o_texto_pronto_abre_fora_da_pagina() -> None:
    """O link wa.me inteiro (com %20, %C3%B3 e o ponto do texto) vira UM <a> que abre em
    outra aba sem dar acesso à página (noopener); o ponto final da frase fica fora."""
    oferta = f"No Telegram: https://t.me/bot?start=pi-x\nNo WhatsApp: {WA}.\nSe o link não abrir"
    [balao] = _rodar(oferta)
    links = [n for n in balao if "link" in n]
    assert [n["link"] for n in links] == ["https://t.me/bot?start=pi-x", WA]
    assert all(n["target"] == "_blank" and n["rel"] == "noopener noreferrer" for n in links)
    assert "".join(n["texto"] for n in balao) == oferta
