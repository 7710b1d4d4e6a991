"""A Graph API falsa recusa o que a Cloud API real recusa: senão os testes do desenho, que
se conferem contra ela, não provariam nada."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import aiohttp
import pytest

from tests.falsos.graph_api import GraphApiFalsa
from tests.falsos.graph_validacao import validar

BOTOES: dict[str, Any] = {
    "messaging_product": "whatsapp",
    "to": "5514991234567",
    "type": "interactive",
    "interactive": {
        "type": "button",
        "body": {"text": "Vai poder ir?"},
        "action": {
            "buttons": [
                {"type": "reply", "reply": {"id": "v1.sim", "title": "Vou"}},
                {"type": "reply", "reply": {"id": "v1.nao", "title": "Não vou poder"}},
            ]
        },
    },
}
LISTA: dict[str, Any] = {
    "messaging_product": "whatsapp",
    "to": "5514991234567",
    "type": "interactive",
    "interactive": {
        "type": "list",
        "body": {"text": "Qual turno?"},
        "action": {
            "button": "Ver opções",
            "sections": [{"rows": [{"id": f"v1.t{i}", "title": f"Turno {i}"} for i in range(4)]}],
        },
    },
}
TEXTO: dict[str, Any] = {
    "messaging_product": "whatsapp",
    "to": "5514991234567",
    "type": "text",
    "text": {"body": "Olá"},
}


def _mudar(base: dict[str, Any], mudanca: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    payload = copy.deepcopy(base)
    mudanca(payload)
    return payload


def _botoes(p: dict[str, Any]) -> list[dict[str, Any]]:
    return p["interactive"]["action"]["buttons"]


def _linhas(p: dict[str, Any]) -> list[dict[str, Any]]:
    return p["interactive"]["action"]["sections"][0]["rows"]


def _botao(i: int) -> dict[str, Any]:
    return {"type": "reply", "reply": {"id": f"v1.{i}", "title": f"Opção {i}"}}


def _linha(i: int) -> dict[str, Any]:
    return {"id": f"v1.t{i}", "title": f"Turno {i}"}


RECUSADOS = [
    ("título de botão > 20", BOTOES, lambda p: _botoes(p)[0]["reply"].update(title="x" * 21)),
    ("4 botões", BOTOES, lambda p: _botoes(p).extend([_botao(3), _botao(4)])),
    ("id de botão > 256", BOTOES, lambda p: _botoes(p)[0]["reply"].update(id="x" * 257)),
    ("ids de botão repetidos", BOTOES, lambda p: _botoes(p)[1]["reply"].update(id="v1.sim")),
    ("corpo interativo > 1024", BOTOES, lambda p: p["interactive"]["body"].update(text="x" * 1025)),
    ("11 linhas", LISTA, lambda p: _linhas(p).extend(_linha(i) for i in range(4, 11))),
    ("título de linha > 24", LISTA, lambda p: _linhas(p)[0].update(title="x" * 25)),
    ("descrição > 72", LISTA, lambda p: _linhas(p)[0].update(description="x" * 73)),
    ("id de linha > 200", LISTA, lambda p: _linhas(p)[0].update(id="x" * 201)),
    ("ids de linha repetidos", LISTA, lambda p: _linhas(p)[1].update(id="v1.t0")),
    ("botão da lista > 20", LISTA, lambda p: p["interactive"]["action"].update(button="x" * 21)),
    ("texto > 4096", TEXTO, lambda p: p["text"].update(body="x" * 4097)),
    ("texto vazio", TEXTO, lambda p: p["text"].update(body="")),
    ("sem destinatário", TEXTO, lambda p: p.pop("to")),
]


@pytest.mark.parametrize(("caso", "base", "mudanca"), RECUSADOS, ids=[c[0] for c in RECUSADOS])
def test_recusa_o_que_a_cloud_api_recusa(
    caso: str, base: dict[str, Any], mudanca: Callable[[dict[str, Any]], None]
) -> None:
    assert validar(base, {}) is None  # o de partida é válido
    assert validar(_mudar(base, mudanca), {}) is not None, caso


def test_limites_exatos_passam() -> None:
    def no_limite(p: dict[str, Any]) -> None:
        _botoes(p)[0]["reply"].update(title="x" * 20, id="i" * 256)
        p["interactive"]["body"]["text"] = "x" * 1024

    assert validar(_mudar(BOTOES, no_limite), {}) is None
    dez = _mudar(LISTA, lambda p: _linhas(p).extend(_linha(i) for i in range(4, 10)))
    assert len(_linhas(dez)) == 10 and validar(dez, {}) is None


async def test_recusa_por_http_com_o_corpo_de_erro_do_graph() -> None:
    async with GraphApiFalsa() as graph, aiohttp.ClientSession() as sessao:
        payload = _mudar(BOTOES, lambda p: _botoes(p)[0]["reply"].update(title="x" * 21))
        async with sessao.post(
            f"{graph.base_url}/{graph.phone_number_id}/messages",
            json=payload,
            headers={"Authorization": f"Bearer {graph.token}"},
        ) as resposta:
            corpo = await resposta.json()
            status = resposta.status

    assert status == 400
    erro = corpo["error"]
    assert erro["code"] == 131009
    assert erro["message"] == "(#131009) Parameter value is not valid"
    assert "Button title length invalid" in erro["error_data"]["details"]
    assert erro["type"] == "OAuthException" and erro["fbtrace_id"]
    assert graph.enviadas("5514991234567") == []


async def test_modelo_aceito_mostra_nome_idioma_e_parametros() -> None:
    modelo = {
        "messaging_product": "whatsapp",
        "to": "5514991234567",
        "type": "template",
        "template": {
            "name": "convocacao_curso",
            "language": {"code": "pt_BR"},
            "components": [
                {
                    "type": "body",
                    "parameters": [
                        {"type": "text", "text": "Informática básica"},
                        {"type": "text", "text": "03/03"},
                    ],
                }
            ],
        },
    }
    async with GraphApiFalsa() as graph, aiohttp.ClientSession() as sessao:
        async with sessao.post(
            f"{graph.base_url}/{graph.phone_number_id}/messages",
            json=modelo,
            headers={"Authorization": f"Bearer {graph.token}"},
        ) as resposta:
            assert resposta.status == 200
        [vista] = graph.enviadas("5514991234567")

    assert (vista.tipo, vista.texto, vista.idioma) == ("modelo", "convocacao_curso", "pt_BR")
    assert vista.parametros == ("Informática básica", "03/03")
