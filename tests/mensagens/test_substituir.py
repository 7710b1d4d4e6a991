"""`Saida.substituir` (a chamada edita a mesma mensagem) atravessa a resposta guardada de
uma mensagem repetida e chega à página do chat web."""

from __future__ import annotations

from bot.webchat import saida_para_api
from mensagens.serializacao import saida_de_json, saida_para_json
from mensagens.tipos import Botao, Saida


def test_substituir_vai_e_volta_na_serializacao() -> None:
    saida = Saida("Chamada", (Botao("1 ✅ Ana S.", "4.m1"),), numerar=False, substituir=True)

    assert saida_de_json(saida_para_json(saida)).substituir
    assert not saida_de_json(saida_para_json(Saida("oi"))).substituir
    assert '"substituir"' not in saida_para_json(Saida("oi"))  # a conversa comum não paga


def test_pagina_recebe_substituir_so_quando_vale() -> None:
    assert saida_para_api(Saida("Chamada", substituir=True))["substituir"] is True
    assert "substituir" not in saida_para_api(Saida("Chamada"))
