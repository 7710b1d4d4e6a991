"""Conversas guardadas por outra versão dos fluxos (issue 9, §2).

Uma atualização pode renomear ou tirar um passo (ou um fluxo inteiro); a conversa de quem
parou ali fica no banco por até 30 dias. Antes, cada mensagem dessa pessoa levantava uma
exceção (só "cancelar" saía). Agora o estado guardado leva a versão do fluxo
(`Fluxo.versao`) e, ao carregar:

- fluxo, passo e versão conhecidos: nada muda;
- fluxo conhecido (ou renomeado: `Fluxo.antigos`) com passo que não existe ou versão
  diferente: o fluxo recomeça com uma nota curta, guardando as respostas que ele ainda
  conhece (`Passo.campos`), e pergunta o primeiro passo ainda sem resposta (todos
  respondidos: o resumo, onde a pessoa confere tudo);
- fluxo que não existe mais: a conversa sai dele (nada a guardar) e ouve a mesma nota.

A mensagem que chegou foi escrita para a pergunta antiga: não vale como resposta da nova
(a pessoa ouve a nota e a pergunta). Comandos e palavras globais ("cancelar", "menu",
"ajuda") e os botões de mensagens da fila continuam valendo como sempre.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timedelta

from armazenamento.conversas import LinhaConversa
from fluxos.estado import ORIGEM, Estado
from fluxos.navegacao import comando_escrito
from fluxos.passos import Fluxo
from fluxos.regras.texto import limpar
from fluxos.retencao import esquecer_se_parada
from mensagens.botoes import eh_da_fila
from mensagens.catalogo import texto
from mensagens.tipos import Entrada, Saida, Tipo

log = logging.getLogger(__name__)

NOTA = "entrada.fluxo_atualizado"  # o fluxo recomeçou com as respostas que servem
NOTA_SEM_FLUXO = "entrada.fluxo_saiu"  # o fluxo não existe mais: nada a guardar


def carregar_estado(
    linha: LinhaConversa | None,
    fluxos: Mapping[str, Fluxo],
    momento: datetime,
    validade: timedelta,
) -> tuple[Estado, list[Saida]]:
    """O estado guardado como vale agora: esquecido se a conversa estava parada há mais de
    `validade` (LGPD, `fluxos.retencao`, com a nota a dizer antes) e acertado para os
    fluxos desta versão (`Estado.reparado`)."""
    if linha is None:
        return Estado(), []
    estado = Estado.de_json(linha.fluxo, linha.passo, linha.versao, linha.dados)
    nota = esquecer_se_parada(estado, linha, momento, validade)
    acertar_versao(estado, fluxos)
    return estado, nota


def _fluxo_de(nome: str, fluxos: Mapping[str, Fluxo]) -> Fluxo | None:
    if nome in fluxos:
        return fluxos[nome]
    return next((f for f in fluxos.values() if nome in f.antigos), None)


def _em_dia(estado: Estado, fluxo: Fluxo) -> bool:
    """Mesmo nome, mesma versão e o passo ainda existe."""
    conhece = any(p.nome == estado.passo for p in fluxo.passos)
    return fluxo.nome == estado.fluxo and conhece and estado.versao_fluxo == fluxo.versao


def acertar_versao(estado: Estado, fluxos: Mapping[str, Fluxo]) -> None:
    """Recomeça com gentileza o fluxo de um estado de outra versão (ver o começo)."""
    if not estado.em_fluxo:
        return
    fluxo = _fluxo_de(estado.fluxo, fluxos)
    if fluxo is not None and _em_dia(estado, fluxo):
        return
    log.info(
        "conversa de outra versao: fluxo=%s passo=%s versao=%s",
        estado.fluxo,
        estado.passo,
        estado.versao_fluxo,
    )
    respostas = estado.respostas
    estado.limpar()  # a origem fica (`Estado.limpar`)
    estado.reparado = NOTA_SEM_FLUXO
    if fluxo is None:
        return
    estado.reparado = NOTA
    guardados = {c for p in fluxo.passos for c in p.campos} | {ORIGEM}
    estado.respostas = {k: v for k, v in respostas.items() if k in guardados}
    estado.fluxo, estado.versao_fluxo = fluxo.nome, fluxo.versao
    estado.passo, estado.historico = _onde_retomar(fluxo, estado.respostas)


def _onde_retomar(fluxo: Fluxo, respostas: Mapping[str, object]) -> tuple[str, list[str]]:
    """O primeiro passo da ordem (sem os ramos) ainda sem resposta; antes dele, o caminho
    que o "voltar" percorre. Um passo que não declara `campos` (o resumo) para ali."""
    caminho: list[str] = []
    for passo in fluxo.passos:
        if passo.ramo:
            continue
        if not passo.campos or any(c not in respostas for c in passo.campos):
            return passo.nome, caminho
        caminho.append(passo.nome)
    return (caminho.pop() if caminho else fluxo.passos[0].nome), caminho


def para_guardar(estado: Estado, fluxos: Mapping[str, Fluxo]) -> str:
    """O JSON do estado, com a versão do fluxo em que ele está agora."""
    fluxo = fluxos.get(estado.fluxo) if estado.em_fluxo else None
    estado.versao_fluxo = fluxo.versao if fluxo else 0
    return estado.para_json()


def vale_sem_reparo(entrada: Entrada, palavras: Mapping[str, str]) -> bool:
    """Comandos, palavras globais e botões da fila valem mesmo numa conversa acertada."""
    if entrada.tipo is Tipo.COMANDO:
        return True
    if entrada.tipo is Tipo.BOTAO:
        return eh_da_fila(entrada.valor)
    if entrada.tipo is Tipo.TEXTO:
        return comando_escrito(limpar(entrada.texto), [], palavras) is not None
    return False


def com_nota(saidas: list[Saida], chave: str) -> list[Saida]:
    """A nota vai antes da primeira mensagem (uma vez só)."""
    nota = texto(chave)
    if not saidas:
        return [Saida(nota)]
    if saidas[0].texto.startswith(nota):
        return saidas
    return [replace(saidas[0], texto=f"{nota}\n\n{saidas[0].texto}"), *saidas[1:]]
