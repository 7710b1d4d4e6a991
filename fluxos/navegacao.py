"""Textos digitados fora de uma pergunta: o "entrar CÓDIGO" numa linha só, o rótulo de um
botão escrito por inteiro e a nota de uma tela da equipe que não entendeu a resposta.

Separado do motor (`fluxos/motor.py`) para que ele não cresça; nada aqui grava nada.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from armazenamento.codigos_vinculo import ler_codigo
from armazenamento.equipe import TAMANHO_CODIGO
from fluxos.forma_codigo import COMANDO as CODIGO_AVISOS
from fluxos.forma_codigo import codigo_na_mensagem
from fluxos.passos import Opcao
from fluxos.regras.texto import normalizar
from mensagens.catalogo import texto

# "entrar 72VX-PFQN", "/entrar Q55C-BAKR", "Entrar: 72vx pfqn", ou o token do link colado.
# Só com o formato do código: "entrar no curso" continua sendo resposta da pergunta.
_METADE = TAMANHO_CODIGO // 2
_ENTRAR = re.compile(
    r"/?entrar[\s:=,.;-]+"
    rf"(?P<codigo>[A-Za-z0-9]{{{_METADE}}}[\s-]?[A-Za-z0-9]{{{_METADE}}}|[A-Za-z0-9_-]{{20,80}})",
    re.I,
)


# "vincular ABCDE-23456" numa mensagem só (o código de vínculo da equipe, R3), como o
# "/vincular CÓDIGO"; "vincular" sozinho continua pedindo o código
_VINCULAR = re.compile(r"/?vincular[\s:=,.;-]+(?P<codigo>[A-Za-z0-9][A-Za-z0-9 -]{5,20})", re.I)
# "responder 2", "responder pedido 2", "responder nº 2": o botão Responder do alerta (R20)
_RESPONDER = re.compile(
    r"/?responder\s+(?:(?:ao\s+)?pedido\s+)?(?:n[º°o.]*\s*)?(?P<n>\d{1,9})", re.I
)
# "convocar" digitado no meio de uma resposta a um pedido de ajuda: o comando, com o aviso
# de que não foi para a pessoa (montado em `fluxos.montagem`)
COMANDO_NO_RECADO = "comando_no_recado"
# o que cada mídia que o assistente não lê ouve; a reação (👍) não ouve nada (None)
_MIDIAS = {"reacao": None, "localizacao": "comum.localizacao"}


def chave_da_midia(tipo: str) -> str | None:
    """A explicação para uma mídia (`Entrada.valor`); None: não pede resposta."""
    return _MIDIAS.get(tipo, "comum.midia")


def codigo_de_entrar(limpo: str) -> str | None:
    """O código do convite quando a pessoa escreve "entrar" e o código na mesma mensagem."""
    achado = _ENTRAR.fullmatch(limpo)
    return achado.group("codigo").strip() if achado else None


def opcao_exata(opcoes: Sequence[Opcao], chave: str) -> str | None:
    """A opção cujo rótulo (ou apelido) é o texto escrito (sem acento nem caixa). "voltar"
    numa tela com um botão [Voltar à lista] (ou um botão que volta, com o apelido
    "voltar": [Não], [Resumo]) escolhe o botão, não a palavra global (que iria ao menu)."""
    rotulos = [(o.valor, normalizar(o.rotulo)) for o in opcoes]
    achadas = [
        o.valor
        for o in opcoes
        if chave in (normalizar(o.rotulo), *(normalizar(a) for a in o.apelidos))
    ]
    if not achadas and chave == "voltar":
        achadas = [valor for valor, rotulo in rotulos if rotulo.startswith("voltar ")]
    return achadas[0] if len(achadas) == 1 else None


def comando_escrito(
    limpo: str,
    opcoes: Sequence[Opcao],
    palavras: Mapping[str, str],
    equipe: Mapping[str, str] | None = None,
    canal: str = "",
) -> tuple[str, str] | None:
    """O comando que o texto é: "entrar CÓDIGO", "vincular CÓDIGO", a mensagem com o código
    de avisos do WhatsApp (`fluxos.codigo_avisos`) ou uma palavra global ("menu",
    "voltar"), a não ser que ela seja o rótulo de um botão da tela (aí vale o botão).
    `equipe` (só para quem é da equipe): as palavras do menu que valem aqui ("convocar"
    no meio de uma resposta a um pedido de ajuda), e "responder 2" vale o botão Responder."""
    codigo = codigo_de_entrar(limpo)
    if codigo:
        return "entrar", codigo
    vincular = _VINCULAR.fullmatch(limpo)
    if vincular and ler_codigo(vincular.group("codigo")):
        return "vincular", vincular.group("codigo").strip()
    responder = _RESPONDER.fullmatch(limpo) if equipe is not None else None
    if responder:
        return "ajuda_responder", responder.group("n")
    de_avisos = codigo_na_mensagem(limpo, canal)
    if de_avisos is not None:
        return CODIGO_AVISOS, de_avisos
    chave = normalizar(limpo)
    if opcao_exata(opcoes, chave) is not None:
        return None
    palavra = palavras.get(chave)  # "menu", "ajuda": as globais valem como sempre
    no_menu = (equipe or {}).get(chave)
    return (palavra, "") if palavra else (COMANDO_NO_RECADO, no_menu) if no_menu else None


def nao_entendi(limpo: str, numerar: bool) -> str:
    """A nota de uma tela da equipe que não entendeu: com a lista numerada no próprio texto
    (`numerar` falso), um número sozinho é uma posição, não uma opção."""
    if not numerar and limpo.strip().isdigit():
        return texto("navegacao.nao_entendi.numero")
    return texto("navegacao.nao_entendi")
