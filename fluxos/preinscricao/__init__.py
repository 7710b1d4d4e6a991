"""Fluxo da pré-inscrição do cidadão (R1–R3) e o mesmo fluxo feito pela equipe (R3,
`assistida.py`). Desenho: `preinscricao.mmd`."""

from __future__ import annotations

from fluxos.passos import Fluxo, Passo
from fluxos.preinscricao import assistida, endereco, escolhas, identificacao, resumo, turno
from fluxos.preinscricao.apoio import FLUXO, FLUXO_ASSISTIDO

# `versao`: suba quando um passo mudar de nome, sair ou mudar o que pergunta; `campos`: o
# que cada passo guarda. Uma conversa guardada noutra versão retoma no primeiro passo sem
# resposta, com as respostas que ainda servem (`fluxos.versoes`).
PREINSCRICAO = Fluxo(
    nome=FLUXO,
    versao=1,
    passo_resumo="resumo",
    passos=(
        Passo(
            "aviso", identificacao.perguntar_aviso, identificacao.receber_aviso, campos=("aviso",)
        ),
        Passo(
            "aviso_completo",
            identificacao.perguntar_aviso_completo,
            identificacao.receber_aviso,
            ramo=True,
        ),
        Passo("nome", identificacao.perguntar_nome, identificacao.receber_nome, campos=("nome",)),
        Passo(
            "nome_social",
            identificacao.perguntar_nome_social,
            identificacao.receber_nome_social,
            campos=("nome_social",),
        ),
        Passo(
            "nascimento",
            identificacao.perguntar_nascimento,
            identificacao.receber_nascimento,
            campos=("nascimento",),
        ),
        Passo("cpf", identificacao.perguntar_cpf, identificacao.receber_cpf, campos=("cpf",)),
        Passo(
            "telefone",
            identificacao.perguntar_telefone,
            identificacao.receber_telefone,
            campos=("telefone",),
        ),
        Passo(
            "bairro",
            endereco.perguntar_bairro,
            endereco.receber_bairro,
            campos=("bairro_id", "cras_id"),  # "Não sei" e o CRAS escolhido: bairro_id None
        ),
        Passo("bairro_sugestao", endereco.perguntar_sugestao, endereco.receber_sugestao, ramo=True),
        Passo("cras", endereco.perguntar_cras, endereco.receber_cras, ramo=True),
        Passo(
            "prioridade",
            escolhas.perguntar_prioridade,
            escolhas.receber_prioridade,
            campos=("prioridades",),
        ),
        Passo(
            "curso1",
            escolhas.perguntar_curso1,
            escolhas.receber_curso1,
            campos=("curso1_id", "curso2_id"),
        ),
        Passo("curso2", escolhas.perguntar_curso2, escolhas.receber_curso2, ramo=True),
        Passo("turno", turno.perguntar_turno, turno.receber_turno, campos=("turno",)),
        Passo(
            "escolaridade",
            escolhas.perguntar_escolaridade,
            escolhas.receber_escolaridade,
            campos=("escolaridade",),
        ),
        Passo("resumo", resumo.perguntar_resumo, resumo.receber_resumo),
        Passo("corrigir", resumo.perguntar_corrigir, resumo.receber_corrigir, ramo=True),
    ),
)

# R3: os mesmos passos, na voz da equipe; a ajuda de cada passo vem de
# `preinscricao_assistida.<passo>.ajuda` (o motor procura pelo nome do fluxo).
PREINSCRICAO_ASSISTIDA = Fluxo(
    nome=FLUXO_ASSISTIDO,
    versao=PREINSCRICAO.versao,
    passo_resumo=PREINSCRICAO.passo_resumo,
    passos=tuple(assistida.embrulhar(p) for p in PREINSCRICAO.passos),
    da_equipe=True,
    assistida=True,
)
