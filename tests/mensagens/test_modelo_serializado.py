"""O modelo (template) de uma mensagem da fila volta igual da coluna `conteudo`."""

import pytest

from mensagens.serializacao import saida_de_json, saida_para_json
from mensagens.tipos import Botao, Modelo, Saida


def test_modelo_vai_e_volta_com_acentos_e_ordem() -> None:
    modelo = Modelo("convocacao", (("nome", "Conceição"), ("curso", "Panificação")))
    saida = Saida("Olá", (Botao("Sim", "cmd:conv_sim 1"),), modelo=modelo)
    lida = saida_de_json(saida_para_json(saida))
    assert lida == saida
    assert lida.modelo is not None and lida.modelo.valor("curso") == "Panificação"


def test_linha_antiga_sem_modelo_continua_legivel() -> None:
    assert saida_de_json('{"v":1,"texto":"oi","botoes":[],"pedir_contato":false}').modelo is None


@pytest.mark.parametrize(
    "modelo",
    ['"convocacao"', '{"chave":1,"valores":{}}', '{"chave":"x","valores":{"a":2}}', "[]"],
)
def test_modelo_malformado_e_recusado(modelo: str) -> None:
    bruto = '{"v":1,"texto":"oi","botoes":[],"pedir_contato":false,"modelo":' + modelo + "}"
    with pytest.raises(ValueError):
        saida_de_json(bruto)
