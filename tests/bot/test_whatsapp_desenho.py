"""O desenho de uma Saida em mensagens da Cloud API: dentro dos limites que a Meta recusa
(conferidos pela mesma validação da Graph API falsa), sem perder texto nem opção."""

from __future__ import annotations

import re

import pytest

from bot.whatsapp.desenho import (
    DESCRICAO_LINHA,
    LIMITE_CORPO,
    LIMITE_TEXTO,
    TITULO_BOTAO,
    TITULO_LINHA,
    cauda_que_cabe,
    cortar,
    desenhar,
    partir,
)
from mensagens.catalogo import no_canal, texto
from mensagens.tipos import Anexo, Botao, Saida
from tests.falsos.graph_validacao import validar

PESSOA = "5514991234567"
MIDIA = {"1": object()}  # um id de mídia que a validação aceita


def _validos(partes: list[dict]) -> list[dict]:
    """Toda parte passa na validação da Cloud API (o documento, com um id de mídia)."""
    for parte in partes:
        if parte["type"] == "document":
            parte = {**parte, "document": {**parte["document"], "id": "1"}}
        assert validar(parte, MIDIA) is None, parte
    return partes


def _opcoes(n: int, rotulo: str = "Opção") -> tuple[Botao, ...]:
    return tuple(Botao(f"{rotulo} {i}", f"v1.op{i}") for i in range(1, n + 1))


def _palavras(texto: str) -> list[str]:
    return texto.split()


def _texto_visto(partes: list[dict]) -> str:
    corpos = []
    for parte in partes:
        if parte["type"] == "text":
            corpos.append(parte["text"]["body"])
        elif parte["type"] == "interactive":
            corpos.append(parte["interactive"]["body"]["text"])
        elif parte["type"] == "document":
            corpos.append(parte["document"].get("caption", ""))
    return "\n".join(corpos)


# rótulo -> título do botão (até 20), cortado entre palavras quando dá
ROTULOS_DE_BOTAO = [
    ("Sim", "Sim"),
    ("Não vou poder", "Não vou poder"),
    ("Exatamente vinte letr", "Exatamente vinte…"),  # 21: corta na palavra
    ("Educação de jovens e adultos", "Educação de jovens…"),
    ("Informática básica — manhã", "Informática básica…"),
    ("Paralelepipedoextraordinário", "Paralelepipedoextra…"),  # uma palavra só: corta nela
    ("Atenção,  ação   já", "Atenção, ação já"),  # espaços repetidos não gastam título
    ("Educac\u0327a\u0303o profissional", "Educação…"),  # acento decomposto conta 1
]


@pytest.mark.parametrize(("rotulo", "titulo"), ROTULOS_DE_BOTAO)
def test_titulo_de_botao_cortado_com_bom_senso(rotulo: str, titulo: str) -> None:
    [parte] = _validos(desenhar(PESSOA, Saida("Escolha:", (Botao(rotulo, "v1.x"),))))

    [botao] = parte["interactive"]["action"]["buttons"]
    assert botao["reply"]["title"] == titulo
    assert len(botao["reply"]["title"]) <= TITULO_BOTAO
    assert botao["reply"]["id"] == "v1.x"  # o valor vai como está


# quantas opções -> como a pessoa as vê
QUANTIDADES = [(1, "button"), (2, "button"), (3, "button"), (4, "list"), (10, "list")]


@pytest.mark.parametrize(("quantas", "tipo"), QUANTIDADES)
def test_ate_3_botoes_e_ate_10_lista(quantas: int, tipo: str) -> None:
    botoes = _opcoes(quantas)
    [parte] = _validos(desenhar(PESSOA, Saida("Qual turno?", botoes)))

    interativo = parte["interactive"]
    assert interativo["type"] == tipo
    assert interativo["body"]["text"] == "Qual turno?"
    if tipo == "button":
        ids = [b["reply"]["id"] for b in interativo["action"]["buttons"]]
    else:
        assert interativo["action"]["button"] == "Ver opções"
        ids = [linha["id"] for s in interativo["action"]["sections"] for linha in s["rows"]]
    assert ids == [b.valor for b in botoes]


def test_mais_de_10_opcoes_vao_numeradas_no_texto() -> None:
    botoes = _opcoes(11, "Bairro")
    [parte] = _validos(desenhar(PESSOA, Saida("Em que bairro você mora?", botoes)))

    assert parte["type"] == "text"
    corpo = parte["text"]["body"]
    assert corpo.startswith("Em que bairro você mora?")
    assert "1. Bairro 1\n" in corpo and "\n11. Bairro 11" in corpo
    assert corpo.endswith(texto("whatsapp.opcoes.digite"))


def test_sem_numerar_quando_a_pergunta_ja_pede_numeros() -> None:
    pergunta = "Digite os números das situações que valem para você: 1) ... 2) ..."
    botoes = _opcoes(12, "Situação")
    [parte] = _validos(desenhar(PESSOA, Saida(pergunta, botoes, numerar=False)))

    corpo = parte["text"]["body"]
    assert "• Situação 12" in corpo
    assert not re.search(r"^\d+\. ", corpo, re.MULTILINE)  # nenhuma opção numerada


# rótulo de linha -> (título até 24, descrição até 72 com o resto e o número para digitar,
# que nunca é cortado: achado 8 do issue 11)
ROTULOS_DE_LINHA = [
    ("Manhã", "Manhã", "ou digite 1"),
    ("Ensino médio completo", "Ensino médio completo", "ou digite 1"),
    (
        "Ensino fundamental incompleto (até o 9º ano)",
        "Ensino fundamental…",
        "…incompleto (até o 9º ano) · ou digite 1",
    ),
    (
        "Técnico em administração com ênfase em gestão de pequenos negócios e associações"
        " de bairro",
        "Técnico em…",
        "…administração com ênfase em gestão de pequenos negócios… · ou digite 1",
    ),
]


@pytest.mark.parametrize(("rotulo", "titulo", "descricao"), ROTULOS_DE_LINHA)
def test_linha_da_lista_com_titulo_curto_e_o_resto_na_descricao(
    rotulo: str, titulo: str, descricao: str | None
) -> None:
    botoes = (Botao(rotulo, "v1.alvo"), *_opcoes(3))
    [parte] = _validos(desenhar(PESSOA, Saida("Escolaridade?", botoes)))

    linha = parte["interactive"]["action"]["sections"][0]["rows"][0]
    assert linha["title"] == titulo
    assert linha.get("description") == descricao
    assert len(linha["title"]) <= TITULO_LINHA
    assert len(linha.get("description", "")) <= DESCRICAO_LINHA


def test_botoes_que_ficariam_iguais_depois_do_corte_viram_lista() -> None:
    botoes = (
        Botao("Ensino fundamental completo", "v1.fc"),
        Botao("Ensino fundamental incompleto", "v1.fi"),
    )
    [parte] = _validos(desenhar(PESSOA, Saida("Escolaridade?", botoes)))

    assert parte["interactive"]["type"] == "list"
    descricoes = [r["description"] for r in parte["interactive"]["action"]["sections"][0]["rows"]]
    assert descricoes == ["…completo · ou digite 1", "…incompleto · ou digite 2"]


def test_texto_de_5000_caracteres_vira_duas_mensagens_cortadas_no_paragrafo() -> None:
    paragrafos = [f"Parágrafo {i}: " + "informação importante " * 30 for i in range(8)]
    longo = "\n\n".join(paragrafos)
    assert len(longo) > 5000

    partes = _validos(desenhar(PESSOA, Saida(longo)))

    assert [p["type"] for p in partes] == ["text", "text"]
    corpos = [p["text"]["body"] for p in partes]
    assert all(len(c) <= LIMITE_TEXTO for c in corpos)
    assert corpos[1].startswith("Parágrafo ")  # cortou entre parágrafos
    assert _palavras(_texto_visto(partes)) == _palavras(longo)


def test_texto_longo_com_botoes_leva_os_botoes_na_ultima_parte() -> None:
    longo = "\n".join(f"Linha {i} com acentuação: ção, ã, é." for i in range(160))
    assert len(longo) > 5000
    botoes = _opcoes(3)

    partes = _validos(desenhar(PESSOA, Saida(longo, botoes)))

    assert [p["type"] for p in partes][-1] == "interactive"
    assert all(p["type"] == "text" for p in partes[:-1])
    assert len(partes[-1]["interactive"]["body"]["text"]) <= LIMITE_CORPO
    assert partes[-1]["interactive"]["body"]["text"].endswith(
        "Linha 159 com acentuação: ção, ã, é."
    )
    assert _palavras(_texto_visto(partes)) == _palavras(longo)


def test_palavra_maior_que_o_limite_e_cortada_nela_mesma() -> None:
    partes = _validos(desenhar(PESSOA, Saida("a" * 5000)))
    assert [len(p["text"]["body"]) for p in partes] == [4096, 904]


CORTES = [
    # (texto, limite) -> pedaços
    ("um dois três", 100, ["um dois três"]),
    ("um dois\n\ntrês quatro", 12, ["um dois", "três quatro"]),
    ("um\n\ndois três quatro", 12, ["um\n\ndois", "três quatro"]),  # parágrafo cedo demais
    ("primeira linha\nsegunda linha", 20, ["primeira linha", "segunda linha"]),
    ("", 10, []),
]


@pytest.mark.parametrize(("corpo", "limite", "pedacos"), CORTES)
def test_partir(corpo: str, limite: int, pedacos: list[str]) -> None:
    assert partir(corpo, limite) == pedacos


def test_cauda_que_cabe_prefere_o_ultimo_paragrafo() -> None:
    corpo = "Aviso longo. " * 100 + "\n\nVocê vai poder ir?"
    cabeca, cauda = cauda_que_cabe(corpo, 1024)
    assert cauda == "Você vai poder ir?" or len(cauda) <= 1024
    assert cauda.endswith("Você vai poder ir?")
    assert _palavras(cabeca + " " + cauda) == _palavras(corpo)


def test_cortar_devolve_o_resto() -> None:
    assert cortar("Educação de jovens e adultos", 20) == ("Educação de jovens…", "e adultos")


def test_documento_com_legenda_quando_cabe() -> None:
    anexo = Anexo("lista.xlsx", "application/vnd.ms-excel", b"dados")
    [parte] = _validos(desenhar(PESSOA, Saida("Lista da turma", anexo=anexo)))

    assert parte["type"] == "document"
    assert parte["document"] == {"filename": "lista.xlsx", "caption": "Lista da turma"}


@pytest.mark.parametrize(
    ("saida_texto", "botoes", "tipos"),
    [
        ("x " * 600, (), ["document", "text"]),  # legenda longa demais: texto depois
        ("Lista pronta.", _opcoes(2), ["document", "interactive"]),  # botões por último
        ("", (), ["document"]),
    ],
)
def test_documento_vem_primeiro_e_o_texto_depois(
    saida_texto: str, botoes: tuple[Botao, ...], tipos: list[str]
) -> None:
    anexo = Anexo("lista.xlsx", "application/vnd.ms-excel", b"dados")
    partes = _validos(desenhar(PESSOA, Saida(saida_texto, botoes, anexo=anexo)))

    assert [p["type"] for p in partes] == tipos
    assert "caption" not in partes[0]["document"] or len(tipos) == 1


def test_botoes_sem_texto_ganham_um_corpo() -> None:
    [parte] = _validos(desenhar(PESSOA, Saida("", _opcoes(2))))
    assert parte["interactive"]["body"]["text"] == texto("whatsapp.escolha")


def test_contato_menu_e_substituir_nao_mudam_o_desenho() -> None:
    base = desenhar(PESSOA, Saida("Qual é o seu telefone?"))
    outra = Saida("Qual é o seu telefone?", pedir_contato=True, comandos=("x",), substituir=True)
    assert desenhar(PESSOA, outra) == base


def test_no_whatsapp_a_pergunta_do_telefone_pede_para_digitar() -> None:
    with no_canal("whatsapp"):
        pergunta = texto("preinscricao.telefone.pergunta_contato")
    assert "Toque" not in pergunta
    assert "Escreva" in pergunta


def test_texto_de_catalogo_do_botao_da_lista_cabe() -> None:
    assert len(texto("whatsapp.lista.botao")) <= 20
