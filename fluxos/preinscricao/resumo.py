"""Resumo, correção de um dado e gravação da pré-inscrição com número de protocolo."""

from __future__ import annotations

from datetime import date
from typing import Any

from armazenamento import preinscricoes
from fluxos import alcance
from fluxos.estado import ORIGEM
from fluxos.passos import Contexto, Dizer, Opcao, Pergunta, Resposta, Resultado, Seguir
from fluxos.preinscricao import assistida as modo
from fluxos.preinscricao.apoio import (
    NAO,
    SIM,
    fechada,
    opcao,
    pergunta,
    repetir,
    rotulo,
    t,
)
from fluxos.preinscricao.ciclo import cadastro, ciclo_aberto, situacao_resumida
from fluxos.regras.cpf import mascarar_cpf
from fluxos.regras.idade import tem_idade_minima
from fluxos.regras.telefone import formatar_telefone
from mensagens.botoes import da_fila
from mensagens.catalogo import texto
from mensagens.formatos import data_por_extenso, quantos

# campo que se corrige -> passo que pergunta de novo
CAMPOS = {
    "nome": "nome",
    "nome_social": "nome_social",
    "nascimento": "nascimento",
    "cpf": "cpf",
    "telefone": "telefone",
    "bairro": "bairro",
    "prioridade": "prioridade",
    "cursos": "curso1",
    "turno": "turno",
    "escolaridade": "escolaridade",
}


def _nome_de(tabela: dict[int, Any], ident: int | None) -> str:
    linha = tabela.get(ident or 0)
    return str(linha.nome) if linha else ""


def _telefone(digitos: str) -> str:
    """Na assistida a pessoa pode não ter telefone (R3)."""
    return (
        formatar_telefone(digitos)
        if digitos
        else texto("preinscricao_assistida.valor.sem_telefone")
    )


def _prioridades(dados: dict[str, Any]) -> str:
    codigos = dados.get("prioridades")
    if codigos is None:
        return texto("valor.nao_informou")
    return (
        texto("valor.marcadas", quantas=quantos(len(codigos), "marcada"))
        if codigos
        else texto("valor.nenhuma")
    )


async def _linhas(ctx: Contexto) -> list[tuple[str, str]]:
    d = ctx.dados
    atual = await cadastro(ctx)
    cursos = [_nome_de(atual.cursos, d.get("curso1_id"))]
    if d.get("curso2_id"):
        cursos.append(_nome_de(atual.cursos, d["curso2_id"]))
    return [
        ("nome", d.get("nome", "")),
        ("nome_social", d.get("nome_social") or texto("valor.nao_usa")),
        ("nascimento", data_por_extenso(date.fromisoformat(d["nascimento"]))),
        ("cpf", mascarar_cpf(d["cpf"]) if d.get("cpf") else texto("valor.sem_cpf")),
        ("telefone", _telefone(d.get("telefone", ""))),
        ("bairro", _nome_de(atual.bairros, d.get("bairro_id")) or texto("valor.nao_sabe")),
        ("cras", _nome_de(atual.cras, d.get("cras_id")).removeprefix("CRAS ")),
        ("prioridade", _prioridades(d)),
        ("cursos", " e ".join(cursos)),
        ("turno", texto(f"turno.{d.get('turno', 'manha')}")),
        ("escolaridade", rotulo(ctx, f"escolaridade.{d.get('escolaridade', 'nao_estudou')}")),
    ]


async def perguntar_resumo(ctx: Contexto) -> Pergunta:
    linhas = "\n".join(f"{texto(f'campo.{c}')}: {v}" for c, v in await _linhas(ctx))
    return fechada(
        pergunta(
            ctx,
            "resumo",
            opcao(ctx, "confirmar", "preinscricao.resumo.botao_confirmar", SIM),
            opcao(ctx, "corrigir", "preinscricao.resumo.botao_corrigir", NAO),
            linhas=linhas,
        )
    )


async def receber_resumo(ctx: Contexto, resposta: Resposta) -> Resultado:
    if resposta.opcao == "corrigir":
        return Seguir("corrigir")
    if resposta.opcao == "confirmar":
        return await gravar(ctx)
    return repetir(ctx, "resumo.escolha")


async def perguntar_corrigir(ctx: Contexto) -> Pergunta:
    return fechada(pergunta(ctx, "corrigir", *(Opcao(c, texto(f"campo.{c}")) for c in CAMPOS)))


async def receber_corrigir(ctx: Contexto, resposta: Resposta) -> Resultado:
    passo = CAMPOS.get(resposta.opcao or "")
    if passo is None:
        return repetir(ctx, "corrigir.escolha")
    ctx.dados["_corrigir"] = True
    return Seguir(passo)


async def gravar(ctx: Contexto) -> Resultado:
    """Confere de novo período (R3), idade (R1) e CPF no ciclo, e grava com protocolo.

    Na assistida (R3) a pré-inscrição fica sem conversa e assinada pela equipe."""
    d = ctx.dados
    ciclo = await ciclo_aberto(ctx)
    if ciclo is None or ciclo.id is None:
        return Dizer((t(ctx, "fechou"),))
    nascimento = date.fromisoformat(d["nascimento"])
    if not tem_idade_minima(nascimento, ctx.hoje):
        return Dizer((t(ctx, "nascimento.menor"),))
    if d.get("cpf"):
        existente = await preinscricoes.buscar_por_cpf(ctx.conexao, ciclo.id, d["cpf"])
        if existente and ctx.assistida:
            return await modo.ja_existe(ctx, existente)
        if existente:
            return Dizer((t(ctx, "ja_inscrito"), await situacao_resumida(ctx, existente)))
    valores = {
        "ciclo_id": ciclo.id,
        "nome": d["nome"],
        "nome_social": d.get("nome_social", ""),
        "nascimento": nascimento,
        "cpf": d.get("cpf"),
        "telefone": d["telefone"],
        "bairro_id": d.get("bairro_id"),
        "cras_id": d["cras_id"],
        "prioridades": ",".join(d.get("prioridades") or []),
        "curso1_id": d["curso1_id"],
        "curso2_id": d.get("curso2_id"),
        "turno": d["turno"],
        "escolaridade": d["escolaridade"],
        "aviso_versao": d["aviso"],
        "situacao": "recebida",
        "criada_em": ctx.agora,
    }
    if ctx.assistida:
        return await modo.gravar(ctx, ciclo.ano, valores)
    numero = await preinscricoes.criar(
        ctx.conexao,
        valores | {"canal": ctx.canal, "chat_id": ctx.chat_id, "origem": d.get(ORIGEM, "")},
    )
    pronto = alcance.fim_da_preinscricao(ctx.canal, ciclo.ano, numero)
    oferta = await alcance.oferta_de_avisos(ctx, numero)  # só onde o canal não entrega depois
    return Dizer(
        tuple(filter(None, (pronto, oferta))),
        (Opcao(da_fila("status"), texto("cidadao.menu.botao_status")),),
    )
