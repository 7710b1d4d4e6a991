"""Saida neutra → mensagens da WhatsApp Cloud API (os JSONs de POST /messages, em ordem).

Limites da Cloud API (recusa a mensagem inteira com 400 se passar):

| o quê                        | limite | o que fazemos                                        |
|------------------------------|--------|------------------------------------------------------|
| botões de resposta           | 3      | 1–3 escolhas: botões                                 |
| título do botão              | 20     | cortado na palavra, com "…"                          |
| linhas de uma lista          | 10     | 4–10 escolhas: lista; mais: texto numerado           |
| título da linha              | 24     | cortado na palavra; o resto vai na descrição         |
| descrição da linha           | 72     | o resto do título, cortado, e "ou digite N"          |
| texto do botão da lista      | 20     | do catálogo (`whatsapp.lista.botao`)                 |
| corpo de mensagem interativa | 1024   | texto maior: partes antes, os botões na ÚLTIMA       |
| texto                        | 4096   | partido em parágrafo, depois linha, depois palavra   |
| legenda de documento/imagem  | 1024   | maior (ou com botões): o texto vai depois do arquivo |
| imagem (PNG, JPEG)           | 5 MB   | maior, ou outro tipo: vai como documento             |

Digitar o número ou o rótulo sempre funciona (o motor entende os dois), então cortar um
título não impede ninguém de escolher; cada linha de lista mostra o seu número na
descrição ("ou digite 9"), a não ser que a pergunta não numere (`Saida.numerar`). Com
mais de 10 escolhas o texto numera as opções (ou usa marcadores, se `numerar` é falso: a
pergunta já pede números de outra coisa, R2).

O WhatsApp não tem botão nativo de mandar o próprio telefone (`pedir_contato`): o texto da
pergunta, na variante `chave@whatsapp` do catálogo, pede para digitar. Menu "/"
(`comandos`) não existe: ignorado. Também não há edição de mensagem (`substituir`): a nova
mensagem vai abaixo. Os ids de botões e linhas são o `Botao.valor` como está.

Anexo: o documento sai com a legenda quando o texto cabe nela e não há botões; senão o
arquivo vai primeiro, sem legenda, e o texto (com os botões) depois, onde o dedo está. O
id da mídia só existe depois de subir o arquivo: o remetente o põe com `com_midia`. Uma
imagem PNG ou JPEG pequena (o QR code do vínculo, R3) vai como IMAGEM: aparece na conversa,
pronta para a câmera de outro celular (como documento, a pessoa teria de abrir o arquivo;
o Telegram faz o mesmo com `sendPhoto`).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from mensagens.canais import TOCAVEIS
from mensagens.catalogo import texto as do_catalogo
from mensagens.tipos import Anexo, Botao, Saida

LIMITE_TEXTO = 4096
LIMITE_CORPO = 1024
LIMITE_LEGENDA = 1024
MAX_BOTOES = 3
MAX_LINHAS = TOCAVEIS["whatsapp"]  # o mesmo número que os fluxos consultam
TITULO_BOTAO = 20
TITULO_LINHA = 24
DESCRICAO_LINHA = 72
RETICENCIAS = "…"
SEPARADOR_DESCRICAO = " · "
SEPARADORES = ("\n\n", "\n", " ")  # parágrafo, linha, palavra
LIMITE_IMAGEM = 5 * 1024 * 1024  # bytes de uma imagem na Cloud API
TIPOS_DE_IMAGEM = frozenset({"image/png", "image/jpeg"})
TIPOS_DE_ARQUIVO = ("document", "image")  # payloads que levam uma mídia subida antes

Payload = dict[str, Any]


def desenhar(para: str, saida: Saida) -> list[Payload]:
    """As mensagens que dizem `saida` a `para` (o wa_id), na ordem de envio."""
    partes: list[Payload] = []
    texto = saida.texto.strip()
    if saida.anexo is not None:
        if len(texto) <= LIMITE_LEGENDA and not saida.botoes:
            return [_documento(para, saida.anexo, texto)]
        partes.append(_documento(para, saida.anexo, ""))
    botoes = saida.botoes
    if len(botoes) > MAX_LINHAS:
        texto = _numerado(texto, botoes, saida.numerar)
        botoes = ()
    if not botoes:
        return partes + [_texto(para, pedaco) for pedaco in partir(texto, LIMITE_TEXTO)]
    cabeca, cauda = cauda_que_cabe(texto or do_catalogo("whatsapp.escolha"), LIMITE_CORPO)
    partes += [_texto(para, pedaco) for pedaco in partir(cabeca, LIMITE_TEXTO)]
    partes.append(_interativo(para, cauda, botoes, saida.numerar))
    return partes


def com_midia(payload: Payload, id_midia: str) -> Payload:
    """O payload de documento ou imagem com o id da mídia já subida."""
    tipo = payload["type"]
    return {**payload, tipo: {**payload[tipo], "id": id_midia}}


def e_imagem(anexo: Anexo) -> bool:
    """Vai como imagem (aparece na conversa) e não como documento para abrir."""
    return anexo.tipo in TIPOS_DE_IMAGEM and len(anexo.dados) <= LIMITE_IMAGEM


def cortar(rotulo: str, limite: int) -> tuple[str, str]:
    """(o que cabe em `limite`, já com "…" se cortou; o que sobrou). Corta entre palavras
    quando as palavras inteiras ocupam pelo menos um terço do espaço (senão, no meio da
    palavra longa: "Paralelepipedoextra…" diz mais que "…")."""
    rotulo = " ".join(unicodedata.normalize("NFC", rotulo).split())  # "ç" decomposto conta 2
    if len(rotulo) <= limite:
        return rotulo, ""
    corte = limite - len(RETICENCIAS)
    espaco = rotulo.rfind(" ", 0, corte + 1)
    if espaco >= limite // 3:
        corte = espaco
    visivel = rotulo[:corte].rstrip(" ,;:.-–(/")
    return visivel + RETICENCIAS, rotulo[corte:].strip()


def encurtar(rotulo: str, limite: int) -> str:
    return cortar(rotulo, limite)[0]


def partir(texto: str, limite: int) -> list[str]:
    """Texto em pedaços de até `limite`, cortando de preferência entre parágrafos, depois
    entre linhas, depois entre palavras (só no meio de uma palavra maior que o limite)."""
    pedacos: list[str] = []
    resto = texto.strip()
    while len(resto) > limite:
        corte = _corte(resto, limite)
        pedacos.append(resto[:corte].rstrip())
        resto = resto[corte:].lstrip()
    if resto:
        pedacos.append(resto)
    return pedacos


def cauda_que_cabe(texto: str, limite: int) -> tuple[str, str]:
    """(começo, fim) com o fim de até `limite`: o fim leva os botões, e o começo sai antes
    em mensagens de texto. Corta como `partir`, mas olhando do fim."""
    texto = texto.strip()
    if len(texto) <= limite:
        return "", texto
    inicio = len(texto) - limite  # o fim começa aqui ou depois
    for separador in SEPARADORES:
        pos = texto.find(separador, inicio)
        if pos != -1 and len(texto) - pos >= limite // 2:
            return texto[:pos].rstrip(), texto[pos:].strip()
    pos = texto.find(" ", inicio)
    pos = pos if pos != -1 else inicio
    return texto[:pos].rstrip(), texto[pos:].strip()


def _corte(texto: str, limite: int) -> int:
    for separador in SEPARADORES:
        pos = texto.rfind(separador, 0, limite + 1)
        if pos >= limite // 2:
            return pos
    pos = texto.rfind(" ", 0, limite + 1)
    return pos if pos > 0 else limite


def destinatario(chat_id: str) -> dict[str, str]:
    """O número (só dígitos) vai em `to`; o id de usuário da empresa (BSUID, "BR.1502…",
    de quem usa nome de usuário e esconde o número) vai em `recipient`."""
    return {"to": chat_id} if chat_id.isdigit() else {"recipient": chat_id}


def _base(para: str) -> Payload:
    return {"messaging_product": "whatsapp", "recipient_type": "individual", **destinatario(para)}


def _texto(para: str, corpo: str) -> Payload:
    return {**_base(para), "type": "text", "text": {"preview_url": False, "body": corpo}}


def _documento(para: str, anexo: Anexo, legenda: str) -> Payload:
    if e_imagem(anexo):  # a imagem da Cloud API não tem nome de arquivo
        imagem = {"caption": legenda} if legenda else {}
        return {**_base(para), "type": "image", "image": imagem}
    documento: dict[str, str] = {"filename": anexo.nome}
    if legenda:
        documento["caption"] = legenda
    return {**_base(para), "type": "document", "document": documento}


def _interativo(para: str, corpo: str, botoes: tuple[Botao, ...], numerar: bool) -> Payload:
    titulos = [encurtar(b.rotulo, TITULO_BOTAO) for b in botoes]
    if len(botoes) <= MAX_BOTOES and len(set(titulos)) == len(titulos):
        acao: dict[str, Any] = {
            "buttons": [
                {"type": "reply", "reply": {"id": b.valor, "title": titulo}}
                for b, titulo in zip(botoes, titulos, strict=True)
            ]
        }
        tipo = "button"
    else:  # 4–10, ou botões que ficariam com o mesmo título depois de cortados
        acao = {
            "button": encurtar(do_catalogo("whatsapp.lista.botao"), TITULO_BOTAO),
            "sections": [
                {"rows": [_linha(b, i if numerar else 0) for i, b in enumerate(botoes, 1)]}
            ],
        }
        tipo = "list"
    interativo = {"type": tipo, "body": {"text": corpo}, "action": acao}
    return {**_base(para), "type": "interactive", "interactive": interativo}


def _linha(botao: Botao, numero: int) -> dict[str, str]:
    """Uma linha da lista: o título (cortado) e, na descrição, o resto do rótulo e o
    número para quem prefere digitar ("ou digite 9"), que nunca é cortado. `numero` 0:
    a pergunta não numera (os números do texto são de outra coisa, R2)."""
    titulo, resto = cortar(botao.rotulo, TITULO_LINHA)
    linha = {"id": botao.valor, "title": titulo}
    sufixo = do_catalogo("whatsapp.lista.digite", numero=numero) if numero else ""
    cabe = DESCRICAO_LINHA - len(sufixo) - len(SEPARADOR_DESCRICAO)
    descricao = [encurtar(RETICENCIAS + resto, cabe)] if resto else []
    descricao += [sufixo] if sufixo else []
    if descricao:
        linha["description"] = SEPARADOR_DESCRICAO.join(descricao)
    return linha


def _numerado(texto: str, botoes: tuple[Botao, ...], numerar: bool) -> str:
    """Mais escolhas do que cabem numa lista: as opções no texto, para digitar."""
    if numerar:
        opcoes = [f"{i}. {b.rotulo}" for i, b in enumerate(botoes, start=1)]
        dica = do_catalogo("whatsapp.opcoes.digite")
    else:  # a pergunta já pede números de outra coisa: só marcadores
        opcoes = [f"• {b.rotulo}" for b in botoes]
        dica = do_catalogo("whatsapp.opcoes.digite_nome")
    return "\n\n".join(p for p in (texto, "\n".join(opcoes), dica) if p)
