"""O QR code do código de vínculo (R3) no chat web: um anexo PNG aparece como imagem na
conversa (data: URL, que o CSP da página deixa), com o link de baixar embaixo; outro
anexo (a planilha) continua só com o link. O `chat.js` de verdade, no Node."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest

from bot.servidor import cabecalhos_de_seguranca
from mensagens.catalogo import texto
from mensagens.qr import qr_png
from tests.bot.test_webchat_pagina import SESSAO, resposta, rodar

QR = qr_png("https://t.me/bot_teste?start=vc-ABCDE23456", "codigo-2027-000001.png")
DADOS_QR = base64.b64encode(QR.dados).decode("ascii")
LEGENDA = "QR code da pré-inscrição 2027-000001"


def _anexo(nome: str, tipo: str, dados: str) -> dict[str, Any]:
    return {"texto": LEGENDA, "botoes": [], "anexo": {"nome": nome, "tipo": tipo, "dados": dados}}


def _mensagem(resultado: dict[str, Any]) -> list[dict[str, Any]]:
    """Os filhos do balão do assistente (a 1ª mensagem da conversa)."""
    filhos: list[dict[str, Any]] = resultado["conversa"]["filhos"][0]["filhos"]
    return filhos


def test_qr_code_aparece_como_imagem_com_o_link_de_baixar_embaixo(tmp_path: Path) -> None:
    resultado = rodar(tmp_path, SESSAO, [resposta(_anexo(QR.nome, QR.tipo, DADOS_QR))])

    texto_, imagem, link = _mensagem(resultado)
    assert texto_["tag"] == "p"
    assert imagem["tag"] == "img"
    assert imagem["src"] == f"data:image/png;base64,{DADOS_QR}"
    assert imagem["alt"] == f"{texto('web.anexo.imagem')}: {QR.nome}"
    assert link["tag"] == "a" and link["attrs"]["download"] == QR.nome
    assert link["texto"] == f"{texto('web.anexo.baixar')}: {QR.nome}"


@pytest.mark.parametrize(
    ("nome", "tipo", "dados"),
    [
        ("turma.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "UEsD"),
        ("pagina.png", "text/html", base64.b64encode(b"<script>x</script>").decode()),
        ("falso.png", "image/png", 'AAAA"onerror="x'),  # base64 sujo: nada de imagem
        ("vetor.svg", "image/svg+xml", base64.b64encode(b"<svg/>").decode()),
    ],
    ids=["planilha", "tipo_de_pagina", "base64_sujo", "svg"],
)
def test_outros_anexos_continuam_so_com_o_link(
    tmp_path: Path, nome: str, tipo: str, dados: str
) -> None:
    resultado = rodar(tmp_path, SESSAO, [resposta(_anexo(nome, tipo, dados))])

    tags = [f.get("tag") for f in _mensagem(resultado)]
    assert tags == ["p", "a"]


def test_csp_deixa_a_imagem_data_e_nada_de_fora() -> None:
    """A imagem vem de data: (no JSON); o CSP não abre para nenhum outro endereço."""
    politica = cabecalhos_de_seguranca()["Content-Security-Policy"]
    diretivas = dict(d.strip().split(" ", 1) for d in politica.split(";"))
    assert diretivas["img-src"] == "'self' data:"
    assert "http" not in politica and "*" not in politica
