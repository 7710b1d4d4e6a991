"""Imagem no WhatsApp: o QR code do vínculo (R3) vai como IMAGEM, que aparece na conversa
pronta para a câmera (como documento, a pessoa teria de abrir o arquivo para ver o QR);
o que não é PNG/JPEG pequeno continua como documento. A Graph API falsa recusa imagem com
nome de arquivo ou de outro tipo, como a real."""

from __future__ import annotations

import pytest

from bot.whatsapp.desenho import LIMITE_IMAGEM, com_midia, desenhar
from mensagens.qr import qr_png
from mensagens.tipos import Anexo, Botao, Saida
from tests.falsos.graph_respostas import Midia
from tests.falsos.graph_validacao import validar

PESSOA = "5514991234567"
QR = qr_png("https://t.me/bot_teste?start=vc-ABCDE23456", "codigo-2027-000001.png")
LEGENDA = "QR code do código ABCDE-23456 (pré-inscrição 2027-000001)."


@pytest.mark.parametrize(
    ("anexo", "tipo"),
    [
        (QR, "image"),
        (Anexo("foto.jpg", "image/jpeg", b"\xff\xd8" + b"0" * 100), "image"),
        (Anexo("lista.xlsx", "application/vnd.ms-excel", b"PK"), "document"),
        (Anexo("desenho.svg", "image/svg+xml", b"<svg/>"), "document"),
        (Anexo("grande.png", "image/png", b"\x89PNG" + b"0" * LIMITE_IMAGEM), "document"),
    ],
    ids=["qr_png", "jpeg", "planilha", "svg", "png_grande_demais_para_imagem"],
)
def test_so_png_ou_jpeg_pequeno_vai_como_imagem(anexo: Anexo, tipo: str) -> None:
    [parte] = desenhar(PESSOA, Saida("", anexo=anexo))

    assert parte["type"] == tipo
    midias = {"9": Midia(anexo.nome, anexo.tipo, anexo.dados)}
    assert validar(com_midia(parte, "9"), midias) is None


def test_qr_code_com_legenda_e_botao_vai_imagem_e_depois_o_texto() -> None:
    sozinho = desenhar(PESSOA, Saida(LEGENDA, anexo=QR))
    com_botao = desenhar(PESSOA, Saida(LEGENDA, (Botao("Ver a pessoa", "v1.ver"),), anexo=QR))

    assert sozinho == [
        {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": PESSOA,
            "type": "image",
            "image": {"caption": LEGENDA},
        }
    ]
    assert [p["type"] for p in com_botao] == ["image", "interactive"]
    assert "caption" not in com_botao[0]["image"]


@pytest.mark.parametrize(
    "imagem",
    [
        {"id": "9", "filename": "qr.png"},
        {"id": "8"},  # a mídia subida é um SVG
        {"id": "404"},
    ],
    ids=["com_nome", "svg", "sem_midia"],
)
def test_graph_falsa_recusa_imagem_que_a_real_recusa(imagem: dict[str, str]) -> None:
    midias = {
        "9": Midia("qr.png", "image/png", QR.dados),
        "8": Midia("x.svg", "image/svg+xml", b"<svg/>"),
    }
    corpo = {"messaging_product": "whatsapp", "to": PESSOA, "type": "image", "image": imagem}

    assert validar(corpo, midias) is not None
