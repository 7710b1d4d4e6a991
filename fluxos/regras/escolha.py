"""Casar uma resposta digitada com as opções de uma pergunta (um casador para todos os passos).

Quem digita em vez de tocar escreve "sim", "de manhã", "confrimo", "Tarde!". Cada opção
pode declarar um papel (`SIM` ou `NAO`): numa pergunta de sim/não, "ok", "pode",
"nao" valem pela opção que significa isso. Na dúvida (duas opções parecidas) ou longe
demais, não casa: a pessoa recebe a explicação do passo e nada muda.

Pergunta aberta (`fechada=False`: o passo também aceita texto livre, como o nome social, o
CPF ou o bairro) só casa o número, o rótulo (sem acento, maiúsculas, artigo na frente) e
as palavras de sim/não: uma resposta livre parecida com uma opção ("Claro Silva", "Jardim
Sao") nunca é engolida por ela.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from rapidfuzz import fuzz, process

from fluxos.regras.texto import LIMITE_TEXTO, normalizar

SIM = "sim"
NAO = "nao"

# já normalizadas (minúsculas, sem acento, sem pontuação) e com letras repetidas juntas
PALAVRAS_SIM = frozenset(
    {
        "sim",
        "s",
        "ss",
        "isso",
        "iso",
        "isso mesmo",
        "ok",
        "okay",
        "pode",
        "pode ser",
        "claro",
        "confirmo",
        "confirmar",
        "certo",
        "ta certo",
        "esta certo",
        "tudo certo",
        "entendi",
        "ta bom",
        "ta",
        "beleza",
        "blz",
        "quero",
        "aceito",
        "vou",
        "vou sim",
        "sim vou",
        "sim confirmo",
        "confirmo sim",
        "yes",
        "uhum",
        "aham",
        "positivo",
        "com certeza",
        "sim senhor",
        "sim senhora",
        "correto",
    }
)
PALAVRAS_NAO = frozenset(
    {
        "nao",
        "n",
        "nn",
        "no",
        "nops",
        "nop",
        "negativo",
        "nao quero",
        "nao posso",
        "nao vou",
        "nao vou poder",
        "nao tenho",
        "nao tem",
        "nao da",
        "nao consigo",
        "agora nao",
        "nao obrigado",
        "nao obrigada",
    }
)
# artigos e preposições que a pessoa põe na frente: "de manhã", "a tarde", "pela manha"
_NA_FRENTE = frozenset(
    {"a", "o", "as", "os", "de", "da", "do", "das", "dos", "na", "no", "em", "pela", "pelo", "e"}
    | {"ensino", "so"}  # "ensino médio completo", "só à noite"
)
_REPETIDAS = re.compile(r"(.)\1+")
NOTA_MINIMA = 80  # erro pequeno de digitação: "confrimo", "manah", "escolaridde"
NOTA_MINIMA_ABERTA = 90  # pergunta aberta: só um tropeço ("nenhum" por "Nenhuma")
VANTAGEM_MINIMA = 10  # o segundo colocado precisa ficar bem atrás; senão é dúvida
MINIMO_PARA_PARECIDO = 4  # "ok", "n", "s" nunca casam por semelhança


class Escolha(Protocol):
    """O que o casador precisa de uma opção (ver `fluxos.passos.Opcao`)."""

    @property
    def valor(self) -> str: ...
    @property
    def rotulo(self) -> str: ...
    @property
    def papel(self) -> str: ...


def _sem_frente(texto: str) -> str:
    """Tira artigos e preposições do começo ("pela manha" → "manha")."""
    palavras = texto.split()
    while len(palavras) > 1 and palavras[0] in _NA_FRENTE:
        palavras.pop(0)
    return " ".join(palavras)


def _forma(texto: str) -> str:
    """A forma comparável: normalizada, sem artigo na frente, sem letras repetidas
    ("Siiim!!" → "sim", "De manhã" → "manha")."""
    return _REPETIDAS.sub(r"\1", _sem_frente(normalizar(texto)))


_FORMAS_SIM = frozenset(_REPETIDAS.sub(r"\1", p) for p in PALAVRAS_SIM)
_FORMAS_NAO = frozenset(_REPETIDAS.sub(r"\1", p) for p in PALAVRAS_NAO)


def palavra_de_sim_ou_nao(digitado: str) -> str | None:
    """`SIM`, `NAO` ou None: o que a pessoa disse, se foi uma palavra de sim ou de não."""
    forma = _forma(digitado)
    if forma in _FORMAS_SIM:
        return SIM
    if forma in _FORMAS_NAO:
        return NAO
    return None


def _formas(opcao: Escolha) -> tuple[str, ...]:
    """Rótulo e valor comparáveis; valor só de números (id de curso, de bairro) não vale:
    "12" digitado não pode escolher o bairro de id 12."""
    if opcao.valor.isdigit():
        return (_forma(opcao.rotulo),)
    return (_forma(opcao.rotulo), _forma(opcao.valor))


def casar_escolha(
    digitado: str, opcoes: Sequence[Escolha], numerar: bool = True, fechada: bool = True
) -> str | None:
    """O valor da opção que a pessoa quis dizer, ou None (nada casou ou ficou em dúvida).

    Ordem: número da opção (se a pergunta numera), rótulo ou valor (com as variações de
    `_forma`), palavra de sim/não (se a pergunta tem opção com esse papel) e rótulo com
    erro pequeno de digitação (bem pequeno na pergunta aberta).
    """
    if not opcoes or len(digitado) > LIMITE_TEXTO:
        return None
    alvo = normalizar(digitado)
    if numerar and alvo.isdigit() and len(alvo) <= 3 and 1 <= int(alvo) <= len(opcoes):
        return opcoes[int(alvo) - 1].valor
    forma = _forma(digitado)
    if not forma:
        return None
    iguais = {o.valor for o in opcoes if forma in _formas(o)}
    if len(iguais) == 1:
        return iguais.pop()
    if iguais:
        return None  # dois rótulos iguais: melhor perguntar de novo
    papel = palavra_de_sim_ou_nao(digitado)
    if papel is not None:
        com_papel = [o.valor for o in opcoes if o.papel == papel]
        return com_papel[0] if len(com_papel) == 1 else None
    if fechada:
        return _parecido(forma, opcoes, NOTA_MINIMA)
    # aberta: o texto livre que só acrescenta uma palavra ("Vila Falcão 2") nunca casa
    mesmo_tamanho = [o for o in opcoes if len(_forma(o.rotulo).split()) == len(forma.split())]
    return _parecido(forma, mesmo_tamanho, NOTA_MINIMA_ABERTA)


def _parecido(forma: str, opcoes: Sequence[Escolha], nota_minima: float) -> str | None:
    """Rótulo com erro pequeno de digitação, se um só fica perto."""
    if len(forma) < MINIMO_PARA_PARECIDO or not opcoes:
        return None
    notas = process.extract(
        forma, [_forma(o.rotulo) for o in opcoes], scorer=fuzz.ratio, limit=2, score_cutoff=0
    )
    if not notas or notas[0][1] < nota_minima:
        return None
    if len(notas) > 1 and notas[0][1] - notas[1][1] < VANTAGEM_MINIMA:
        return None
    return opcoes[notas[0][2]].valor
