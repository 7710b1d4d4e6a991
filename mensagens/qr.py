"""QR code (PNG) de um link, para a câmera do celular abrir sem digitar nada.

`segno` gera o PNG sozinho (sem Pillow). Correção de erro "M": aguenta papel amassado ou
um pouco de sombra; `scale` 8 dá uma imagem de uns 300 px, nítida impressa ou na tela.
"""

from __future__ import annotations

import io

import segno

from mensagens.tipos import Anexo

TIPO_PNG = "image/png"


def qr_png(link: str, nome: str) -> Anexo:
    """O QR code do link como anexo PNG (`nome` é o nome do arquivo)."""
    qr = segno.make(link, error="m", micro=False)
    saida = io.BytesIO()
    qr.save(saida, kind="png", scale=8, border=4)
    return Anexo(nome, TIPO_PNG, saida.getvalue())
