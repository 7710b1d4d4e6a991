"""Casar uma resposta digitada com as opções de uma pergunta (um casador para todos os passos).

Quem digita em vez de tocar escreve "sim", "de manhã", "confrimo", "Tarde!". Cada opção
pode declarar um papel (`SIM` ou `NAO`): numa pergunta de sim/não, "ok", "pode",
"nao" valem pela opção que significa isso. Na dúvida (duas opções parecidas) ou longe
demais, não casa: a pessoa recebe a explicação do passo e nada muda.

Pergunta fechada (a resposta é sempre uma das opções): uma PARTE do rótulo também escolhe,
se só uma opção a tem ("informatica" é "Informática básica", "aprovar" é "Aprovar e
enviar"). Cada palavra digitada (sem artigo nem "de") precisa estar no rótulo ou num
apelido da opção (`apelidos`: "segundo grau completo" é "Médio completo"): inteira, no
começo (4+ letras) ou com um erro pequeno (palavras de 5+ letras). Duas opções com a
palavra ("superior") é dúvida: não casa. Só números ("6") nunca casam assim.

Número de opção: só um inteiro positivo sozinho ("2", "2." ou "2)") numa pergunta que
numera as opções. "-1", "+1" ou "1,5" nunca escolhem nada (issue 9, §3). Rótulo que
começa com número ("9 de Julho"), numa pergunta que numera: "9" é esse rótulo quando a
posição 9 não existe (ou é ele mesmo); se a posição 9 é OUTRA opção, é dúvida
(`numero_em_duvida`): não escolhe nenhuma, e o passo pergunta qual das duas (quem digita
"9" na lista do CRAS quase sempre quis o 9 de Julho, mas a lista do WhatsApp mostra "ou
digite 9" no Nova Esperança).

Pergunta aberta (`fechada=False`: o passo também aceita texto livre, como o nome social, o
CPF, o bairro ou a busca da equipe) só casa o número, o rótulo (sem acento, maiúsculas,
artigo na frente) e as palavras de sim/não: uma resposta livre parecida com uma opção
("Claro Silva", "Jardim Sao", "Costura Silva") nunca é engolida por ela.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

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
# o número de uma opção: "2", "2." ou "2)"; "-1", "+1", "1,5" ou "2 3" nunca são um número
# de opção (a pontuação não pode sumir antes: "-1" normalizado viraria "1")
_NUMERO_DE_OPCAO = re.compile(r"(\d{1,3})[.)]?")
NOTA_MINIMA = 80  # erro pequeno de digitação: "confrimo", "manah", "escolaridde"
NOTA_MINIMA_ABERTA = 90  # pergunta aberta: só um tropeço ("nenhum" por "Nenhuma")
VANTAGEM_MINIMA = 10  # o segundo colocado precisa ficar bem atrás; senão é dúvida
MINIMO_PARA_PARECIDO = 4  # "ok", "n", "s" nunca casam por semelhança
MINIMO_DO_COMECO = 4  # "info" é começo de "informatica"; "inf" não
MINIMO_PARA_ERRO = 5  # "costrua" é "costura"; "tade" não é "tarde"
NOTA_DE_VIZINHA = 75  # "incompleta" fica perto de "completo" também: com erro, é dúvida


class Escolha(Protocol):
    """O que o casador precisa de uma opção (ver `fluxos.passos.Opcao`)."""

    @property
    def valor(self) -> str: ...
    @property
    def rotulo(self) -> str: ...
    @property
    def papel(self) -> str: ...
    @property
    def apelidos(self) -> tuple[str, ...]: ...


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
    apelidos = tuple(_forma(a) for a in opcao.apelidos)
    if opcao.valor.isdigit():
        return (_forma(opcao.rotulo), *apelidos)
    return (_forma(opcao.rotulo), _forma(opcao.valor), *apelidos)


def casar_escolha(
    digitado: str, opcoes: Sequence[Escolha], numerar: bool = True, fechada: bool = True
) -> str | None:
    """O valor da opção que a pessoa quis dizer, ou None (nada casou ou ficou em dúvida).

    Ordem: número da opção (se a pergunta numera), rótulo, apelido ou valor (com as
    variações de `_forma`), palavra de sim/não (se a pergunta tem opção com esse papel),
    parte do rótulo ou de um apelido (só na pergunta fechada) e rótulo com erro pequeno
    de digitação (bem pequeno na pergunta aberta).
    """
    if not opcoes or len(digitado) > LIMITE_TEXTO:
        return None
    numero = _NUMERO_DE_OPCAO.fullmatch(digitado.strip())
    if numero:  # só números: só o começo do rótulo ("9 de Julho"), nunca o sim/não
        pelo_numero = _pelo_numero(int(numero.group(1)), opcoes, numerar)
        return pelo_numero[0].valor if len(pelo_numero) == 1 else None
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
        return _parte(digitado, opcoes) or _parecido(forma, opcoes, NOTA_MINIMA)
    # aberta: o texto livre que só acrescenta uma palavra ("Vila Falcão 2") nunca casa
    mesmo_tamanho = [o for o in opcoes if len(_forma(o.rotulo).split()) == len(forma.split())]
    return _parecido(forma, mesmo_tamanho, NOTA_MINIMA_ABERTA)


def _pelo_numero(numero: int, opcoes: Sequence[Escolha], numerar: bool) -> list[Escolha]:
    """As opções que o número sozinho pode ser: a da posição (se a pergunta numera) e as
    de rótulo que começa com ele. Mais de uma é dúvida. Sem `numerar`, os números do texto
    são de outra coisa ("1 ✅ Ana S." da chamada, R2): nenhuma."""
    if not numerar:
        return []
    comecam = [o for o in opcoes if normalizar(o.rotulo).split()[:1] == [str(numero)]]
    na_posicao = opcoes[numero - 1] if 1 <= numero <= len(opcoes) else None
    if na_posicao is None or na_posicao in comecam:
        return comecam or ([na_posicao] if na_posicao else [])
    return [*comecam, na_posicao]


def numero_em_duvida(
    digitado: str, opcoes: Sequence[Escolha], numerar: bool = True
) -> tuple[Escolha, ...]:
    """As opções entre as quais um número sozinho fica em dúvida ("9": o "9 de Julho" e a
    9ª opção), para o passo perguntar qual; vazio se não há dúvida."""
    numero = _NUMERO_DE_OPCAO.fullmatch(digitado.strip())
    achadas = _pelo_numero(int(numero.group(1)), opcoes, numerar) if numero else []
    return tuple(achadas) if len(achadas) > 1 else ()


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


# quão perto uma palavra digitada fica de uma palavra da opção (menor é mais perto)
_IGUAL, _COMECO, _COM_ERRO, _VIZINHA, _LONGE = range(5)


def _palavras(texto: str) -> tuple[str, ...]:
    """As palavras que contam: normalizadas, sem letras repetidas, sem artigo nem "de"."""
    palavras = _REPETIDAS.sub(r"\1", normalizar(texto)).split()
    return tuple(p for p in palavras if p not in _NA_FRENTE)


def _distancia(digitada: str, da_opcao: str) -> int:
    if digitada == da_opcao:
        return _IGUAL
    if len(digitada) >= MINIMO_DO_COMECO and da_opcao.startswith(digitada):
        return _COMECO
    if min(len(digitada), len(da_opcao)) >= MINIMO_PARA_ERRO:
        if OSA.distance(digitada, da_opcao) <= 1:
            return _COM_ERRO
        if fuzz.ratio(digitada, da_opcao) >= NOTA_DE_VIZINHA:
            return _VIZINHA
    return _LONGE


def _quao_perto(digitadas: tuple[str, ...], opcao: Escolha) -> int:
    """A distância da opção: a da palavra digitada mais longe, no rótulo ou apelido mais
    perto. Uma palavra que não está na opção deixa a opção `_LONGE`."""
    melhor = _LONGE
    for frase in (opcao.rotulo, *opcao.apelidos):
        suas = _palavras(frase)
        if suas:
            pior = max(min(_distancia(d, s) for s in suas) for d in digitadas)
            melhor = min(melhor, pior)
    return melhor


def _parte(digitado: str, opcoes: Sequence[Escolha]) -> str | None:
    """A única opção que tem todas as palavras digitadas ("costura" → "Corte e costura").
    Outra opção com elas é dúvida; com erro de digitação, outra só parecida também é."""
    digitadas = _palavras(digitado)
    if not digitadas or all(p.isdigit() for p in digitadas):
        return None  # "6" na lista do CRAS nunca é o botão "Pôr de lado 6"
    distancias = [_quao_perto(digitadas, o) for o in opcoes]
    casam = [i for i, d in enumerate(distancias) if d <= _COM_ERRO]
    if len(casam) != 1:
        return None
    escolhida = casam[0]
    if distancias[escolhida] == _COM_ERRO and sum(d <= _VIZINHA for d in distancias) > 1:
        return None
    return opcoes[escolhida].valor
