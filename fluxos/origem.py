"""O que vem depois do /start: um convite, um link, ou a etiqueta de um cartaz (issue 9, §3).

Um cartaz ou QR code de campanha leva `t.me/<bot>?start=cartaz-cras-norte`. Antes, toda
carga do /start era tratada como convite da equipe: a tentativa errada ficava anotada
(5 toques no cartaz travavam a pessoa) e as respostas dadas se perdiam. Agora:

- a carga com forma de convite (token do link, 32 caracteres; código curto como foi
  impresso, "ABCD-2345", com o alfabeto do convite) e as outras formas conhecidas (o link
  de avisos `pi-…`; cada forma nova entra em `fluxos.montagem.FORMAS_DO_START`) seguem
  para quem as atende;
- qualquer outra carga é um /start simples: mantém as respostas e retoma a pergunta;
- se ela nomeia uma origem configurada (`INCLUSAO_ORIGENS`), a conversa guarda de onde a
  pessoa veio (`Estado`, chave `ORIGEM`), e a pré-inscrição gravada leva essa origem.

O texto da carga nunca vai para o log: alguém pode escrever "/start" e o CPF.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable

from armazenamento.equipe import ALFABETO_CODIGO, TAMANHO_CODIGO, normalizar_codigo
from fluxos.estado import ORIGEM
from fluxos.passos import Contexto

log = logging.getLogger(__name__)

TAMANHO_TOKEN_CONVITE = 32  # secrets.token_urlsafe(24) (`armazenamento.equipe`)
_TOKEN = re.compile(rf"[A-Za-z0-9_-]{{{TAMANHO_TOKEN_CONVITE}}}")
# o código curto como foi impresso ("ABCD-2345"): oito letras soltas ("campanha") são uma
# etiqueta (o link do convite leva o token; o código se digita com "entrar")
_CODIGO = re.compile(r"[A-Za-z0-9]{4}[\s-][A-Za-z0-9]{4}")
# a carga do `start` do Telegram: até 64 letras, números, _ e -
FORMA_DE_ORIGEM = re.compile(r"[A-Za-z0-9_-]{1,64}")

Forma = Callable[[str], bool]


def tem_forma_de_convite(argumento: str) -> bool:
    """O token do link do convite ou o código curto como foi impresso (com hífen)."""
    bruto = argumento.strip()
    if _TOKEN.fullmatch(bruto):
        return True
    codigo = normalizar_codigo(bruto)
    return (
        _CODIGO.fullmatch(bruto) is not None
        and len(codigo) == TAMANHO_CODIGO
        and all(c in ALFABETO_CODIGO for c in codigo)
    )


def origem_configurada(argumento: str, origens: Iterable[str]) -> str:
    """A origem configurada que a carga nomeia (sem diferença de maiúsculas), ou ""."""
    chave = argumento.strip().lower()
    return next((o for o in origens if o.lower() == chave), "")


def ler_origens(valor: str, formas: Iterable[Forma] = ()) -> frozenset[str]:
    """ "cartaz-cras-norte, radio" → as origens. ValueError se uma não cabe no /start do
    Telegram ou tem a forma de um convite ou link (nunca seria lida como origem)."""
    origens = [o.strip() for o in valor.split(",") if o.strip()]
    for origem in origens:
        if not FORMA_DE_ORIGEM.fullmatch(origem):
            raise ValueError(f"use só letras, números, _ e - (até 64): {origem!r}")
        if tem_forma_de_convite(origem) or any(forma(origem) for forma in formas):
            raise ValueError(f"tem a forma de um convite ou link: {origem!r}")
    return frozenset(origens)


def separar_carga(ctx: Contexto, argumento: str, formas: Iterable[Forma]) -> str:
    """A carga que segue para o /start (convite, link); "" quando é um /start simples,
    depois de guardar a origem na conversa, se for uma configurada."""
    if tem_forma_de_convite(argumento) or any(forma(argumento) for forma in formas):
        return argumento
    origem = origem_configurada(argumento, ctx.ajustes.origens)
    if origem:
        ctx.dados[ORIGEM] = origem  # a mais recente vale (`Estado.limpar` a mantém)
        log.info("start com origem configurada: %s (canal=%s)", origem, ctx.canal)
    else:
        log.info("start com carga sem forma conhecida: tratado como /start (canal=%s)", ctx.canal)
    return ""
