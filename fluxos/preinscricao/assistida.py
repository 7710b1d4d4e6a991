"""Pré-inscrição assistida (R3): a equipe da OSC ou do CRAS faz por quem não tem internet.

São os passos da pré-inscrição do cidadão, embrulhados (`embrulhar`) num fluxo com
`Fluxo.assistida`: o motor põe `Contexto.assistida` e as perguntas falam com a equipe
sobre a pessoa. O que muda além do texto:

- telefone digitado (o contato da própria equipe não é o da pessoa) ou "Não tem telefone";
- quem pode: técnico(a) de OSC ou de CRAS e gestão, conferido a cada resposta (uma
  revogação no meio vale na resposta seguinte, e nada é gravado);
- a pré-inscrição fica com `registrada_por` (o vínculo da equipe) e SEM conversa: o chat
  da equipe não é dono dela; a pessoa liga o próprio chat depois (`fluxos.vinculo`);
- o fim mostra o número e o código de vínculo (com o QR code) para entregar à pessoa, e o
  botão "Fazer outra".
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date
from typing import Any

from armazenamento import preinscricoes
from armazenamento.acesso import Acesso, Papel
from armazenamento.auditoria import registrar_leitura
from armazenamento.preinscricoes import Situacao as Feita
from fluxos.equipe.codigo_vinculo import entregar_codigo
from fluxos.passos import Contexto, Dizer, Opcao, Passo, Resposta, Resultado
from fluxos.preinscricao.apoio import FLUXO
from fluxos.preinscricao.ciclo import protocolo_de, situacao_da_preinscricao
from mensagens.botoes import da_fila
from mensagens.catalogo import texto
from mensagens.formatos import protocolo

log = logging.getLogger(__name__)

PAPEIS = frozenset({Papel.OSC, Papel.CRAS, Papel.GESTAO})
COMANDO = "preinscrever"
# códigos da auditoria (montados, para não parecerem chaves do catálogo):
ACAO_GRAVADA = f"{FLUXO}.assistida"  # "preinscricao.assistida": a equipe criou a pré-inscrição
ACAO_CONSULTA = f"{FLUXO}.cpf_existente"  # a equipe viu a que já existia com o CPF


def quem_registra(acesso: Acesso) -> int | None:
    """O vínculo que assina: o primeiro com um papel que pode fazer a assistida."""
    return next((v.id for v in acesso.vinculos if v.papel in PAPEIS), None)


def fazer_outra() -> Opcao:
    return Opcao(da_fila(COMANDO), texto("preinscricao_assistida.botao_outra"))


def embrulhar(passo: Passo) -> Passo:
    """O mesmo passo, só para quem tem o papel (o modo vem em `ctx.assistida`)."""

    async def receber(ctx: Contexto, resposta: Resposta) -> Resultado:
        if quem_registra(ctx.acesso) is None:
            log.info("preinscricao assistida interrompida: sem papel (canal=%s)", ctx.canal)
            chave = "equipe.negado.equipe" if ctx.acesso.equipe else "equipe.negado.cidadao"
            return Dizer((texto(chave),))
        resultado = await passo.receber(ctx, resposta)
        if isinstance(resultado, Dizer) and not resultado.opcoes:
            return replace(resultado, opcoes=(fazer_outra(),))  # "Agora não", menor de 16...
        return resultado

    return Passo(passo.nome, passo.perguntar, receber, passo.ramo, passo.campos)


async def ja_existe(ctx: Contexto, existente: Feita) -> Dizer:
    """O CPF já tem pré-inscrição no ciclo: a equipe vê o número e a situação; nada novo."""
    await registrar_leitura(
        ctx.conexao, quem_registra(ctx.acesso), ACAO_CONSULTA, existente.id, ctx.agora
    )
    nascimento = ctx.dados.get("nascimento")
    if nascimento and existente.nascimento != date.fromisoformat(nascimento):
        numero = await protocolo_de(ctx, existente)
        aviso = texto("preinscricao_assistida.cpf.outra_data", protocolo=numero)
        return Dizer((aviso,), (fazer_outra(),))
    situacao = await situacao_da_preinscricao(ctx, existente)
    return Dizer((texto("preinscricao_assistida.ja_inscrito"), situacao), (fazer_outra(),))


async def gravar(ctx: Contexto, ano: int, valores: dict[str, Any]) -> Dizer:
    """Grava sem conversa, assinada por quem registrou, com a linha da auditoria."""
    membro = quem_registra(ctx.acesso)
    if membro is None:  # `embrulhar` já confere; sem quem assine, nada se grava
        return Dizer((texto("equipe.negado.equipe"),))
    numero = await preinscricoes.criar(
        ctx.conexao, valores | {"canal": "", "chat_id": "", "registrada_por": membro}
    )
    await registrar_leitura(ctx.conexao, membro, ACAO_GRAVADA, numero, ctx.agora)
    log.info("preinscricao assistida gravada: preinscricao=%d membro=%d", numero, membro)
    numero_da_pessoa = protocolo(ano, numero)
    pronto = texto("preinscricao_assistida.pronto", protocolo=numero_da_pessoa)
    # o código de vínculo: com ele (e não com CPF e nascimento) a pessoa liga o celular
    codigo, qr = await entregar_codigo(ctx, numero, numero_da_pessoa)
    return Dizer((pronto, codigo), (fazer_outra(),), arquivos=qr)
