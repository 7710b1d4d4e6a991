"""Leitura do webhook da Cloud API (issue 11, item 2): cada tipo de mensagem gravado em
tests/falsos/whatsapp/ vira a Entrada certa; campo que falta não quebra; de quem escreve só
valem o remetente e o perfil dele (o id canônico, com o banco: test_whatsapp_identidade)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.whatsapp.entrada import converter
from bot.whatsapp.lote import PayloadInvalido, id_curto, ler_lote
from mensagens.tipos import Entrada, Tipo

PASTA = Path(__file__).resolve().parent.parent / "falsos" / "whatsapp"
FONE = "5514991234567"
BSUID = "BR.1502576394655843"


def gravado(nome: str) -> bytes:
    return (PASTA / f"{nome}.json").read_bytes()


def entrada_de(nome: str) -> Entrada | None:
    lote = ler_lote(gravado(nome))
    assert len(lote.mensagens) == 1 and not lote.statuses and not lote.descartados
    mensagem = lote.mensagens[0]
    return converter(mensagem.corpo, mensagem.id_externo)


@pytest.mark.parametrize(
    ("arquivo", "tipo", "campos"),
    [
        ("texto", Tipo.TEXTO, {"texto": "oi"}),
        ("emoji", Tipo.TEXTO, {"texto": "Bom dia 😊🙏 Ação, pão e coração ❤️"}),
        ("comando", Tipo.COMANDO, {"comando": "frequencia", "texto": ""}),
        ("botao", Tipo.BOTAO, {"valor": "3.sim"}),
        ("lista", Tipo.BOTAO, {"valor": "3.tarde"}),
        ("botao_modelo", Tipo.BOTAO, {"valor": "cmd:conv_sim 12"}),
        ("contato_proprio", Tipo.CONTATO, {"valor": "+55 14 99123-4567", "contato_proprio": True}),
        ("contato_outro", Tipo.CONTATO, {"valor": "+55 14 3235-1111", "contato_proprio": False}),
        ("localizacao", Tipo.MIDIA, {"valor": "localizacao"}),
        ("imagem", Tipo.MIDIA, {"valor": "foto"}),
        ("audio", Tipo.MIDIA, {"valor": "audio"}),
        ("video", Tipo.MIDIA, {"valor": "video"}),
        ("documento", Tipo.MIDIA, {"valor": "documento"}),
        ("figurinha", Tipo.MIDIA, {"valor": "figurinha"}),
        ("reacao", Tipo.MIDIA, {"valor": "reacao"}),
        ("nao_suportado", Tipo.MIDIA, {"valor": "nao_suportado"}),
    ],
)
def test_cada_tipo_de_mensagem_vira_a_entrada_certa(
    arquivo: str, tipo: Tipo, campos: dict[str, object]
) -> None:
    entrada = entrada_de(arquivo)

    assert entrada is not None
    assert (entrada.canal, entrada.tipo) == ("whatsapp", tipo)
    assert (entrada.chat_id, entrada.usuario_id) == (FONE, FONE)
    assert entrada.id_externo.startswith("wamid.")
    for nome, valor in campos.items():
        assert getattr(entrada, nome) == valor, nome


def test_toque_guarda_a_mensagem_que_tinha_o_botao() -> None:
    entrada = entrada_de("botao")

    assert entrada is not None
    assert entrada.mensagem_id == "wamid.HBgNNTUxNDk5MTIzNDU2NxUCABEYEjQ0QkE5OTk5OTk5OTk5OTk5AA=="


@pytest.mark.parametrize(
    ("arquivo", "numero", "bsuid"),
    [
        ("texto", FONE, BSUID),
        ("texto_sem_bsuid", FONE, ""),  # payload antigo: só o número
        ("texto_so_bsuid", "", BSUID),  # nome de usuário, número escondido
        ("contato_outro", FONE, BSUID),  # o cartão de outra pessoa não conta
        ("contato_proprio", FONE, BSUID),
    ],
)
def test_identificadores_sao_so_os_do_remetente(arquivo: str, numero: str, bsuid: str) -> None:
    mensagem = ler_lote(gravado(arquivo)).mensagens[0]

    assert (mensagem.numero, mensagem.bsuid) == (numero, bsuid)
    assert mensagem.chat_id == (numero or bsuid)  # antes do canônico (o webhook resolve)


def test_corpo_com_o_id_canonico_e_dessa_pessoa() -> None:
    mensagem = ler_lote(gravado("texto_so_bsuid")).mensagens[0].com_pessoa("5514990000001")

    entrada = converter(mensagem.corpo, mensagem.id_externo)

    assert entrada is not None
    assert (entrada.chat_id, entrada.usuario_id) == ("5514990000001", "5514990000001")
    assert entrada.texto == "quero me inscrever"


@pytest.mark.parametrize(
    ("arquivo", "mudanca"),
    [
        ("sistema", ((FONE, BSUID), ("5514990000000",))),  # user_changed_number
        ("sistema_bsuid", ((BSUID,), ("BR.2602576394655999",))),  # user_changed_user_id
    ],
)
def test_aviso_de_troca_traz_os_ids_antigos_e_os_novos(
    arquivo: str, mudanca: tuple[tuple[str, ...], tuple[str, ...]]
) -> None:
    mensagem = ler_lote(gravado(arquivo)).mensagens[0]

    assert mensagem.mudanca == mudanca
    assert not mensagem.abre_janela


def test_aviso_do_sistema_e_guardado_mas_nao_e_respondido_nem_abre_janela() -> None:
    lote = ler_lote(gravado("sistema"))

    assert not lote.mensagens[0].abre_janela
    assert converter(lote.mensagens[0].corpo, lote.mensagens[0].id_externo) is None


def test_mensagem_so_com_o_essencial_vira_texto_vazio() -> None:
    entrada = entrada_de("sem_campos")

    assert entrada is not None
    assert (entrada.tipo, entrada.texto, entrada.chat_id) == (Tipo.TEXTO, "", FONE)


def test_texto_enorme_com_emoji_passa_inteiro() -> None:
    dados = json.loads(gravado("texto"))
    mensagem = dados["entry"][0]["changes"][0]["value"]["messages"][0]
    mensagem["text"]["body"] = "😊ç" * 32_768  # 64 K caracteres
    bruto = json.dumps(dados).encode()  # a Meta escapa: \ud83d\ude0a\u00e7...

    entrada = entrada_de_bytes(bruto)

    assert entrada is not None and entrada.texto == "😊ç" * 32_768


def test_meio_emoji_solto_vira_interrogacao() -> None:
    dados = json.loads(gravado("texto"))
    dados["entry"][0]["changes"][0]["value"]["messages"][0]["text"]["body"] = "oi \udcff"

    entrada = entrada_de_bytes(json.dumps(dados).encode())

    assert entrada is not None and entrada.texto == "oi ?"


def entrada_de_bytes(bruto: bytes) -> Entrada | None:
    mensagem = ler_lote(bruto).mensagens[0]
    return converter(mensagem.corpo, mensagem.id_externo)


@pytest.mark.parametrize(
    "bruto",
    [
        b"",
        b"nao e json",
        b"[]",
        b'{"object": "whatsapp_business_account"}',
        b'{"entry": "x"}',
        b'{"entry": [], "x": "\xff"}',  # não é UTF-8
    ],
)
def test_corpo_que_nao_e_webhook_e_recusado_sem_quebrar(bruto: bytes) -> None:
    with pytest.raises(PayloadInvalido):
        ler_lote(bruto)


@pytest.mark.parametrize(
    "valor",
    [
        {"messages": [{"type": "text", "text": {"body": "sem id"}, "from": FONE}]},
        {"messages": [{"id": "wamid.X", "type": "text"}]},  # sem remetente
        {"messages": [{"id": "wamid.X", "from": "55 14 9 9999", "type": "text"}]},
        {"messages": ["texto solto"]},
        {"statuses": [{"status": "read"}]},
        {"statuses": [{"id": "wamid.X"}]},
    ],
)
def test_item_malformado_e_deixado_de_lado_e_contado(valor: dict[str, object]) -> None:
    corpo = {"object": "whatsapp_business_account", "entry": [{"changes": [{"value": valor}]}]}

    lote = ler_lote(json.dumps(corpo).encode())

    assert (lote.mensagens, lote.statuses, lote.descartados) == ([], [], 1)


@pytest.mark.parametrize(
    ("arquivo", "situacao", "erro"),
    [
        ("status_sent", "sent", ""),
        ("status_delivered", "delivered", ""),
        ("status_read", "read", ""),
        ("status_failed", "failed", "131026"),  # só o código: o texto cita o número
    ],
)
def test_situacao_de_entrega_lida_com_o_codigo_do_erro(
    arquivo: str, situacao: str, erro: str
) -> None:
    lote = ler_lote(gravado(arquivo))

    assert not lote.mensagens
    [status] = lote.statuses
    assert (status.situacao, status.erro) == (situacao, erro)
    assert status.wamid.startswith("wamid.") and len(status.id_externo) <= 80


def test_wamid_comprido_cabe_nas_colunas_de_id() -> None:
    comprido = "wamid." + "A" * 120

    assert len(id_curto(comprido)) <= 80
    assert id_curto(comprido) == id_curto(comprido) != id_curto(comprido + "B")
    assert id_curto("wamid.curto") == "wamid.curto"


def test_lote_com_duas_pessoas_cada_mensagem_com_o_seu_contato() -> None:
    dados = json.loads(gravado("texto"))
    valor = dados["entry"][0]["changes"][0]["value"]
    outra = dict(valor["messages"][0], id="wamid.outra", **{"from": "5514990000001"})
    outra["from_user_id"] = "BR.777"
    valor["messages"].append(outra)
    valor["contacts"].append(
        {"profile": {"name": "Zé"}, "wa_id": "5514990000001", "user_id": "BR.777"}
    )

    lote = ler_lote(json.dumps(dados).encode())

    assert [(m.numero, m.bsuid) for m in lote.mensagens] == [
        (FONE, BSUID),
        ("5514990000001", "BR.777"),
    ]


def test_contato_de_outra_pessoa_nao_empresta_o_bsuid() -> None:
    dados = json.loads(gravado("texto_sem_bsuid"))
    valor = dados["entry"][0]["changes"][0]["value"]
    valor["contacts"] = [
        {"profile": {"name": "Outro"}, "wa_id": "5514990000009", "user_id": "BR.9"}
    ]

    mensagem = ler_lote(json.dumps(dados).encode()).mensagens[0]

    assert (mensagem.numero, mensagem.bsuid) == (FONE, "")


def test_codigo_de_erro_que_nao_e_numero_fica_de_fora() -> None:
    dados = json.loads(gravado("status_failed"))
    [status] = dados["entry"][0]["changes"][0]["value"]["statuses"]
    status["errors"] = [{"code": "Maria 5514991234567"}, {"code": 131047}]

    [lido] = ler_lote(json.dumps(dados).encode()).statuses

    assert lido.erro == "131047"
