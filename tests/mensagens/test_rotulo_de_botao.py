"""Nomes em botões (limite de 20 caracteres do WhatsApp): cortados entre palavras, nunca
no meio de uma ("Maria Aparecida S.", não "Maria Aparecida da…" nem "Maria Aparec")."""

from __future__ import annotations

import pytest

from mensagens.formatos import LIMITE_BOTAO, rotulo_de_botao


@pytest.mark.parametrize(
    ("nome", "rotulo"),
    [
        ("Maria Aparecida da Silva Santos", "Maria Aparecida S."),
        ("Maria Aparecida da Silva", "Maria Aparecida S."),
        ("Ana Beatriz Conceição", "Ana Beatriz C."),
        ("José dos Santos Oliveira", "José dos Santos O."),
        ("Maria da Conceição Aparecida", "Maria A."),
        ("Pessoa 01 da Silva", "Pessoa 01 da Silva"),  # cabe: fica inteiro
        ("  Maria   Silva  ", "Maria Silva"),
        ("Joaquina Valentina de Souza", "Joaquina S."),  # com o 2º nome passaria de 20
        ("Francisca Auxiliadora Ribeiro", "Francisca R."),
        ("Maximilianopolitano Souza", "Maximilianopolitano…"),
        ("Anastacioflorisbelasilva", "Anastacioflorisbela…"),  # uma palavra só: não há jeito
        ("maria aparecida da silva", "maria aparecida S."),
    ],
)
def test_nome_de_pessoa_no_botao(nome: str, rotulo: str) -> None:
    assert rotulo_de_botao(nome, pessoa=True) == rotulo


@pytest.mark.parametrize(
    ("nome", "rotulo"),
    [
        ("Confeitaria e Panificação Artesanal", "Confeitaria…"),
        ("Núcleo Habitacional Mary Dota", "Núcleo Habitacional…"),
        ("Instituto Esperança de Bauru", "Instituto Esperança…"),
        ("Jardim Europa", "Jardim Europa"),
        ("CONF-MANHA-2027-TURMA-A", "CONF-MANHA-2027-TUR…"),
        ("Corte e Costura Básico Turma A", "Corte e Costura…"),
        ("Informática Básica para Iniciantes", "Informática Básica…"),
        ("", ""),
    ],
)
def test_curso_turma_ou_instituicao_no_botao(nome: str, rotulo: str) -> None:
    assert rotulo_de_botao(nome) == rotulo


@pytest.mark.parametrize(
    "nome",
    [
        "Maria Aparecida da Silva Santos",
        "A B C D E F G H I J K L M N O P",
        "Joaquina " * 10,
        "x" * 200,
        "Ana de da do dos das e Souza Lima Pereira",
    ],
)
@pytest.mark.parametrize("pessoa", [True, False])
def test_rotulo_sempre_cabe_e_nao_corta_palavra_que_coube(nome: str, pessoa: bool) -> None:
    rotulo = rotulo_de_botao(nome, pessoa=pessoa)
    assert 0 < len(rotulo) <= LIMITE_BOTAO
    palavras = rotulo.removesuffix("…").split()
    if len(palavras) > 1:  # cada palavra do começo está inteira no nome
        assert all(p in nome.split() for p in palavras[:-1])
