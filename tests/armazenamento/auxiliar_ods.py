"""Um .ods mínimo como o LibreOffice grava (zip com content.xml), sem arquivo binário no
repositório: data em `office:date-value`, hora em `office:time-value` (PT14H00M00S)."""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
_MANIFESTO = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def _celula(valor: object) -> str:
    if valor is None:
        return "<table:table-cell/>"
    if isinstance(valor, datetime | date):
        tipo, atributo, mostrado = "date", "office:date-value", f"{valor:%d/%m/%y}"
        bruto = valor.isoformat()
    elif isinstance(valor, time):
        tipo, atributo, mostrado = "time", "office:time-value", f"{valor:%H:%M:%S}"
        bruto = f"PT{valor.hour:02d}H{valor.minute:02d}M{valor.second:02d}S"
    elif isinstance(valor, int | float):
        tipo, atributo, mostrado, bruto = "float", "office:value", str(valor), str(valor)
    else:
        texto = escape(str(valor))
        celula = f'<table:table-cell office:value-type="string"><text:p>{texto}</text:p>'
        return celula + "</table:table-cell>"
    return (
        f'<table:table-cell office:value-type="{tipo}" {atributo}={quoteattr(bruto)}>'
        f"<text:p>{escape(mostrado)}</text:p></table:table-cell>"
    )


def escrever_ods(tabelas: dict[str, list[list[object]]], caminho: Path) -> Path:
    abas = "".join(
        f"<table:table table:name={quoteattr(nome)}>"
        + "".join(
            "<table:table-row>" + "".join(_celula(v) for v in fila) + "</table:table-row>"
            for fila in filas
        )
        + "</table:table>"
        for nome, filas in tabelas.items()
    )
    conteudo = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_NS} '
        f'office:version="1.2"><office:body><office:spreadsheet>{abas}'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(caminho, "w") as arquivo:
        arquivo.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        arquivo.writestr("META-INF/manifest.xml", _MANIFESTO, zipfile.ZIP_DEFLATED)
        arquivo.writestr("content.xml", conteudo, zipfile.ZIP_DEFLATED)
    return caminho
