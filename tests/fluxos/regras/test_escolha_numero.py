"""Número digitado numa lista cujo rótulo também começa com número (achado 8 do issue 11):
"9" na lista dos CRAS de Bauru, onde há o "9 de Julho" e uma 9ª opção.

A regra (`fluxos.regras.escolha`, a mesma em todos os canais): o número é a posição, a não
ser que um rótulo comece com ele; aí é esse rótulo se a posição não existe (ou é ele
mesmo), e dúvida (nenhuma, e o passo pergunta qual) se a posição é OUTRA opção.
"""

from __future__ import annotations

import pytest

from fluxos.passos import Opcao
from fluxos.regras.escolha import casar_escolha, numero_em_duvida

# os CRAS de Bauru, na ordem da lista do WhatsApp (o 9 de Julho em 1º, o Nova Esperança em 9º)
CRAS_DE_BAURU = [
    "9 de Julho",
    "Distrito de Tibiriçá",
    "Fortunato Rocha Lima",
    "Jardim Vânia Maria",
    "Mary Dota",
    "Ferradura Mirim",
    "Centro",
    "Vila Falcão",
    "Nova Esperança",
    "Santa Cândida",
]
POUCOS = ["Centro", "9 de Julho", "Vila Falcão"]  # só 3: não há posição 9
NA_NONA = ["A", "B", "C", "D", "E", "F", "G", "H", "9 de Julho", "Centro"]  # o 9 é ele mesmo
DOIS_COM_9 = ["9 de Julho", "9 de Abril", "Centro"]


def _opcoes(rotulos: list[str]) -> list[Opcao]:
    return [Opcao(str(i), r) for i, r in enumerate(rotulos, start=1)]


CASOS = [
    # (lista, numerar, digitado, rótulo escolhido ou None, opções em dúvida)
    (CRAS_DE_BAURU, True, "9", None, ["9 de Julho", "Nova Esperança"]),
    (CRAS_DE_BAURU, True, "9.", None, ["9 de Julho", "Nova Esperança"]),
    (CRAS_DE_BAURU, True, "1", "9 de Julho", []),  # a posição dele, sem dúvida
    (CRAS_DE_BAURU, True, "10", "Santa Cândida", []),
    (CRAS_DE_BAURU, True, "11", None, []),
    (CRAS_DE_BAURU, True, "9 de julho", "9 de Julho", []),
    (CRAS_DE_BAURU, True, "nova esperanca", "Nova Esperança", []),
    (POUCOS, True, "9", "9 de Julho", []),  # não há 9ª: é o rótulo
    (POUCOS, True, "2", "9 de Julho", []),
    (NA_NONA, True, "9", "9 de Julho", []),  # a 9ª é ele mesmo
    (DOIS_COM_9, True, "9", None, ["9 de Julho", "9 de Abril"]),
    # a pergunta não numera (os números do texto são de outra coisa): nada muda
    (CRAS_DE_BAURU, False, "9", None, []),
    (POUCOS, False, "9", None, []),
    (CRAS_DE_BAURU, True, "-9", None, []),
    (CRAS_DE_BAURU, True, "9 10", None, []),
]


@pytest.mark.parametrize(("lista", "numerar", "digitado", "escolhido", "duvida"), CASOS)
def test_numero_sozinho_diante_de_rotulo_que_comeca_com_numero(
    lista: list[str], numerar: bool, digitado: str, escolhido: str | None, duvida: list[str]
) -> None:
    opcoes = _opcoes(lista)
    valor = casar_escolha(digitado, opcoes, numerar=numerar)

    assert (lista[int(valor) - 1] if valor else None) == escolhido
    assert [o.rotulo for o in numero_em_duvida(digitado, opcoes, numerar)] == duvida
