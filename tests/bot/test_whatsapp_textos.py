"""Os textos do WhatsApp depois do teste do issue 11 (achados 8, 12 e 16), em tabelas:
o número das linhas de lista, o ✅ da aula já chamada que não se perde no corte, e a
quebra de linha num parâmetro de modelo (que a Meta não aceita)."""

from __future__ import annotations

import pytest

from bot.whatsapp.desenho import DESCRICAO_LINHA, TITULO_BOTAO, TITULO_LINHA, desenhar
from bot.whatsapp.modelo import parametro
from mensagens.catalogo import texto
from mensagens.tipos import Botao, Saida

PARAMETROS = [
    # (o texto do aviso, o parâmetro como a Meta recebe)
    (
        "Nova lista do CRAS:\nConfeitaria: 4\nA planilha vai junto.",
        "Nova lista do CRAS: Confeitaria: 4 · A planilha vai junto.",
    ),
    ("Primeira frase.\n\nSegunda frase.", "Primeira frase. Segunda frase."),
    ("• Maria\n• João", "Maria · João"),
    ("Pergunta?\nResposta", "Pergunta? Resposta"),
    ("uma   linha\tsó", "uma linha só"),
    ("\n\n", "-"),
]


@pytest.mark.parametrize(("aviso", "esperado"), PARAMETROS)
def test_16_parametro_de_modelo_sem_quebra_de_linha(aviso: str, esperado: str) -> None:
    assert parametro(aviso) == esperado


def _linhas(rotulos: list[str], numerar: bool = True) -> list[dict[str, str]]:
    botoes = tuple(Botao(r, f"1.{i}") for i, r in enumerate(rotulos))
    [lista] = desenhar("5514991234567", Saida("Escolha", botoes, numerar=numerar))
    rows: list[dict[str, str]] = lista["interactive"]["action"]["sections"][0]["rows"]
    return rows


LONGO = "Técnico em manutenção de computadores e redes para pequenas empresas do bairro"
LINHAS = [
    # (rótulos, a linha pedida, título, descrição)
    (["9 de Julho", "Centro", "Vila Falcão", "Nova Esperança"], 0, "9 de Julho", "ou digite 1"),
    (
        ["A", "B", "C", "D", "E", "F", "G", "H", "I", "Santa Cândida"],
        9,
        "Santa Cândida",
        "ou digite 10",
    ),
    (
        [LONGO, "B", "C", "D"],
        0,
        "Técnico em manutenção…",
        "…de computadores e redes para pequenas empresas do bairro · ou digite 1",
    ),
    ([LONGO * 2, "B", "C", "D"], 0, "Técnico em manutenção…", None),
]


@pytest.mark.parametrize(("rotulos", "qual", "titulo", "descricao"), LINHAS)
def test_8_linha_da_lista_mostra_o_numero_para_digitar(
    rotulos: list[str], qual: int, titulo: str, descricao: str | None
) -> None:
    linha = _linhas(rotulos)[qual]

    assert linha["title"] == titulo
    assert len(linha["title"]) <= TITULO_LINHA
    assert len(linha["description"]) <= DESCRICAO_LINHA
    if descricao is not None:
        assert linha["description"] == descricao
    assert linha["description"].endswith(f"ou digite {qual + 1}")  # o número nunca é cortado


def test_8_pergunta_que_nao_numera_nao_mostra_numero() -> None:
    linhas = _linhas(["1 ✅ Ana S.", "2 ❌ Bruno C.", "Todos presentes", "Concluir"], False)

    assert all("description" not in linha for linha in linhas)


def test_12_a_aula_ja_chamada_mostra_o_visto_mesmo_cortada() -> None:
    feita = texto("chamada.encontro.feita")
    rotulo = texto(
        "chamada.encontro.rotulo", data="29/11", hora="13h30", turma="COST-T1", feita=feita
    )
    outra = texto("chamada.encontro.rotulo", data="1/12", hora="13h30", turma="COST-T1", feita="")
    botoes = (Botao(rotulo, "3.e1"), Botao(outra, "3.e2"))

    [mensagem] = desenhar("5514991234567", Saida("Qual aula?", botoes))

    titulos = [b["reply"]["title"] for b in mensagem["interactive"]["action"]["buttons"]]
    assert titulos[0].startswith("✅ 29/11 13h30")
    assert not titulos[1].startswith("✅")
    assert all(len(t) <= TITULO_BOTAO for t in titulos)
