"""O catálogo de textos inteiro: bem formado, completo e escrito como pede o LINGUAGEM.md.

Uma chave que falta só aparece quando alguém chega naquele passo; um `{campo}` sem valor
aparece cru para a pessoa; um rótulo longo é cortado no WhatsApp. Tudo isso se vê aqui,
antes de chegar a alguém.
"""

from __future__ import annotations

import ast
import re
import string
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, unescape

from fluxos.preinscricao.escolhas import ESCOLARIDADES, TURNOS
from fluxos.preinscricao.resumo import CAMPOS
from mensagens.catalogo import LINGUA_PADRAO, PASTA_LOCALE, carregar

RAIZ = Path(__file__).resolve().parents[2]
PASTA_PO = PASTA_LOCALE / LINGUA_PADRAO / "LC_MESSAGES"
ARQUIVOS_PO = sorted(PASTA_PO.glob("*.po"))
# catálogos que o cidadão lê (os da equipe, quando vierem, têm outro público)
DO_CIDADAO = frozenset(
    {
        "comum",
        "preinscricao",
        "cidadao",
        "programa",
        "telegram",
        "web",
        "terminal",
        "lembretes",
        "convocacao",
        "vinculo",
        "escolhas",
        "acessuas",  # o aviso à pessoa que desistiu (R19)
        "frequencia",
    }
)

LIMITE_BOTAO = 20  # WhatsApp: título de botão de resposta
LIMITE_LINHA_DE_LISTA = 24  # WhatsApp: título de linha de lista (4 a 10 opções)
LIMITE_PALAVRAS = 30  # LINGUAGEM.md pede ~20; 30 é o teto que não se discute
SEM_LIMITE_DE_FRASE = frozenset({"preinscricao.aviso.completo"})  # o texto legal completo
_CAMPO_VALIDO = re.compile(r"[a-z_][a-z0-9_]*")


def _msgids_brutos(arquivo: Path) -> Iterator[str]:
    """Cada msgid como está no arquivo, para achar repetições (o babel guarda só a última)."""
    linhas = arquivo.read_text(encoding="utf-8").splitlines()
    for i, linha in enumerate(linhas):
        if not linha.startswith("msgid "):
            continue
        partes = [linha.removeprefix("msgid ").strip()]
        for seguinte in linhas[i + 1 :]:
            if not seguinte.startswith('"'):
                break
            partes.append(seguinte.strip())
        yield "".join(unescape(p) for p in partes)


@pytest.fixture(scope="module")
def catalogo() -> dict[str, str]:
    return carregar(LINGUA_PADRAO)


# ----- (a) os arquivos ----------------------------------------------------------------------


def test_ha_catalogos_do_cidadao() -> None:
    assert {p.stem for p in ARQUIVOS_PO} >= DO_CIDADAO


@pytest.mark.parametrize("arquivo", ARQUIVOS_PO, ids=lambda p: p.name)
def test_po_abre_sem_repeticao_e_sem_texto_vazio(arquivo: Path) -> None:
    """Um .po quebrado derruba o bot na partida; um msgstr vazio mostra a chave à pessoa."""
    with arquivo.open("rb") as f:
        catalogo = read_po(f, locale=LINGUA_PADRAO, abort_invalid=True)
    repetidas = [k for k, n in Counter(_msgids_brutos(arquivo)).items() if n > 1]
    assert not repetidas, f"{arquivo.name}: chaves repetidas {repetidas}"
    vazias = [m.id for m in catalogo if m.id and not str(m.string).strip()]
    assert not vazias, f"{arquivo.name}: msgstr vazio em {vazias}"


def test_nenhuma_chave_em_dois_arquivos() -> None:
    """Cada parte do catálogo é dona das suas chaves: a mesma chave em dois lugares é erro."""
    donos: dict[str, list[str]] = {}
    for arquivo in ARQUIVOS_PO:
        for chave in _msgids_brutos(arquivo):
            if chave:
                donos.setdefault(chave, []).append(arquivo.name)
    repetidas = {k: v for k, v in donos.items() if len(v) > 1}
    assert not repetidas, f"chaves em mais de um arquivo: {repetidas}"


# ----- (b) toda chave usada existe ----------------------------------------------------------


@dataclass(frozen=True)
class Uso:
    """Uma chave escrita no código, onde está e com quais campos é preenchida."""

    chave: str
    onde: str
    campos: frozenset[str] | None  # None: há **campos (não dá para saber)


def _texto_literal(no: ast.expr | None) -> str | None:
    return no.value if isinstance(no, ast.Constant) and isinstance(no.value, str) else None


def _campos_da_chamada(chamada: ast.Call) -> frozenset[str] | None:
    if any(k.arg is None for k in chamada.keywords):
        return None
    return frozenset(str(k.arg) for k in chamada.keywords)


def _chave_da_chamada(chamada: ast.Call, eh_preinscricao: bool) -> str | None:
    """A chave completa quando escrita por extenso; f-strings ficam para os testes de família."""
    funcao = chamada.func
    nome = funcao.id if isinstance(funcao, ast.Name) else getattr(funcao, "attr", "")
    args = chamada.args
    if eh_preinscricao and args and isinstance(args[0], ast.Name) and args[0].id == "ctx":
        args = args[1:]  # as ajudas de apoio.py recebem antes o modo (o Contexto, R3)
    if nome in ("texto", "existe") and args:
        return _texto_literal(args[0])
    if nome in ("texto_em", "opcao") and len(args) > 1:
        return _texto_literal(args[1])
    if not (eh_preinscricao and args and (literal := _texto_literal(args[0]))):
        return None
    # fluxos/preinscricao/apoio.py: t(ctx, …), repetir() e pergunta() põem o prefixo do fluxo
    return {
        "t": f"preinscricao.{literal}",
        "repetir": f"preinscricao.{literal}",
        "pergunta": f"preinscricao.{literal}.pergunta",
    }.get(nome)


def _arvores() -> Iterator[tuple[Path, ast.AST]]:
    for pacote in ("bot", "fluxos"):
        for caminho in sorted((RAIZ / pacote).rglob("*.py")):
            yield caminho.relative_to(RAIZ), ast.parse(caminho.read_text(encoding="utf-8"))


def _usos_no_codigo() -> list[Uso]:
    """Chaves passadas por extenso a texto(), texto_em(), existe(), opcao(), t()..."""
    usos = []
    for relativo, arvore in _arvores():
        eh_preinscricao = relativo.parts[:2] == ("fluxos", "preinscricao")
        for no in ast.walk(arvore):
            if isinstance(no, ast.Call):
                chave = _chave_da_chamada(no, eh_preinscricao)
                if chave is not None:
                    usos.append(Uso(chave, f"{relativo}:{no.lineno}", _campos_da_chamada(no)))
    return usos


def _literais_com_jeito_de_chave(catalogo: dict[str, str]) -> list[Uso]:
    """Chaves guardadas em variáveis e tabelas ("web.erro.grande", "comum.midia").

    Os argumentos das chamadas acima ficam de fora: `repetir("turno.escolha")` é a chave
    "preinscricao.turno.escolha", não "turno.escolha".
    """
    prefixos = sorted({chave.split(".")[0] for chave in catalogo})
    forma = re.compile(rf"(?:{'|'.join(prefixos)})(?:\.[a-z0-9_]+)+")
    usos = []
    for relativo, arvore in _arvores():
        eh_preinscricao = relativo.parts[:2] == ("fluxos", "preinscricao")
        ja_vistos = {
            id(arg)
            for no in ast.walk(arvore)
            if isinstance(no, ast.Call) and _chave_da_chamada(no, eh_preinscricao) is not None
            for arg in no.args
        }
        for no in ast.walk(arvore):
            if not isinstance(no, ast.Constant) or id(no) in ja_vistos:
                continue
            valor = _texto_literal(no)
            if valor and forma.fullmatch(valor):
                usos.append(Uso(valor, f"{relativo}:{no.lineno}", None))
    return usos


def test_busca_de_chaves_acha_as_chamadas() -> None:
    """Se a busca parar de achar chamadas (renomearam `texto`?), o teste abaixo vira enfeite."""
    chaves = {u.chave for u in _usos_no_codigo()}
    assert {
        "comum.continuar",  # texto() no motor
        "cidadao.menu.botao_preinscricao",  # texto() em fluxos
        "preinscricao.aviso.completo",  # t()
        "preinscricao.nome.pergunta",  # pergunta()
        "preinscricao.cpf.erro",  # repetir()
        "preinscricao.cpf.botao_sem_cpf",  # opcao()
        "telegram.contato.botao",  # texto() em bot
    } <= chaves


def test_toda_chave_escrita_no_codigo_existe(catalogo: dict[str, str]) -> None:
    usos = _usos_no_codigo() + _literais_com_jeito_de_chave(catalogo)
    faltando = sorted({f"{u.onde}: {u.chave}" for u in usos if u.chave not in catalogo})
    assert not faltando, "chaves que não estão no catálogo:\n" + "\n".join(faltando)


def test_busca_de_chaves_acha_as_guardadas_em_tabelas(catalogo: dict[str, str]) -> None:
    achadas = {u.chave for u in _literais_com_jeito_de_chave(catalogo)}
    assert {"web.erro.grande", "comum.midia", "comum.cancelado"} <= achadas
    assert "turno.escolha" not in achadas  # é argumento de repetir(), já conferido


def test_chaves_da_pagina_web_existem(catalogo: dict[str, str]) -> None:
    """index.html traz `{{web.chave}}`, trocado pelo texto do catálogo ao servir a página."""
    pagina = (RAIZ / "bot" / "web" / "index.html").read_text(encoding="utf-8")
    marcas = set(re.findall(r"\{\{(web\.[a-z0-9_.]+)\}\}", pagina))
    assert marcas, "a página não usa mais o catálogo?"
    assert marcas <= catalogo.keys(), f"faltam no catálogo: {sorted(marcas - catalogo.keys())}"


def test_familias_montadas_com_f_string_existem(catalogo: dict[str, str]) -> None:
    """texto(f"turno.{v}"), texto(f"campo.{c}")...: o código monta a chave com um valor."""
    familia = (
        [f"turno.{v}" for v in TURNOS]
        + [f"escolaridade.{v}" for v in ESCOLARIDADES]
        + [f"campo.{c}" for c in [*CAMPOS, "cras"]]
        + ["situacao.recebida"]  # padrão da tabela de pré-inscrições
    )
    assert {"manha", "tarde", "noite"} == set(TURNOS)
    faltando = [chave for chave in familia if chave not in catalogo]
    assert not faltando, f"faltam no catálogo: {faltando}"


def test_chamadas_preenchem_os_campos_do_texto(catalogo: dict[str, str]) -> None:
    """`texto()` sem campos devolve o modelo cru: um `{anos}` chegaria assim à pessoa."""
    erros = []
    for uso in _usos_no_codigo():
        if uso.campos is None or uso.chave not in catalogo:
            continue
        pedidos = _campos_do_texto(catalogo[uso.chave])
        if pedidos != uso.campos:
            erros.append(
                f"{uso.onde}: {uso.chave} pede {sorted(pedidos)}, recebe {sorted(uso.campos)}"
            )
    assert not erros, "\n".join(erros)


# ----- (c) os {campos} ----------------------------------------------------------------------


def _campos_do_texto(modelo: str) -> frozenset[str]:
    return frozenset(nome for _, nome, _, _ in string.Formatter().parse(modelo) if nome is not None)


def test_campos_sao_nomes_validos_e_o_texto_formata(catalogo: dict[str, str]) -> None:
    """`{nome}` simples: nem `{}` posicional, nem `{0}`, nem chave solta que quebra o format."""
    erros = []
    for chave, modelo in catalogo.items():
        try:
            campos = _campos_do_texto(modelo)
            invalidos = [c for c in campos if not _CAMPO_VALIDO.fullmatch(c)]
            if invalidos:
                erros.append(f"{chave}: campos inválidos {invalidos}")
                continue
            modelo.format(**dict.fromkeys(campos, "X"))
        except (ValueError, KeyError, IndexError) as erro:
            erros.append(f"{chave}: {type(erro).__name__}: {erro}")
    assert not erros, "\n".join(erros)


# ----- (d) rótulos que cabem no WhatsApp ----------------------------------------------------


def test_botoes_cabem_no_whatsapp(catalogo: dict[str, str]) -> None:
    """LINGUAGEM.md regra 7: botões com até 20 caracteres (o WhatsApp corta o resto)."""
    longos = [
        f"{chave}: {texto!r} ({len(texto)})"
        for chave, texto in catalogo.items()
        if ".botao" in chave and not chave.startswith("apelidos.") and len(texto) > LIMITE_BOTAO
    ]
    assert not longos, f"botões com mais de {LIMITE_BOTAO} caracteres:\n" + "\n".join(longos)


@pytest.mark.parametrize(
    ("prefixo", "limite"),
    [
        ("turno.", LIMITE_BOTAO),  # 3 opções: viram botões de resposta, não lista
        ("escolaridade.", LIMITE_LINHA_DE_LISTA),
        ("campo.", LIMITE_LINHA_DE_LISTA),
    ],
)
def test_rotulos_de_lista_cabem_no_whatsapp(
    catalogo: dict[str, str], prefixo: str, limite: int
) -> None:
    rotulos = {k: v for k, v in catalogo.items() if k.startswith(prefixo)}
    assert rotulos
    longos = [f"{k}: {v!r} ({len(v)})" for k, v in rotulos.items() if len(v) > limite]
    assert not longos, f"rótulos com mais de {limite} caracteres:\n" + "\n".join(longos)


# ----- (e) linguagem simples ----------------------------------------------------------------


def _frases(texto: str) -> Iterator[str]:
    """Cada linha separada em frases por . ? ! (itens de lista ficam um por linha)."""
    for linha in texto.splitlines():
        yield from re.split(r"[.?!…]+(?:\s+|$)", linha)


def _palavras(frase: str) -> int:
    return sum(1 for p in frase.split() if re.search(r"\w", p))


def test_frases_curtas(catalogo: dict[str, str]) -> None:
    """LINGUAGEM.md regra 1: frases curtas (até ~20 palavras); acima de 30 é para reescrever."""
    longas = [
        f"{chave} ({_palavras(frase)} palavras): {frase.strip()!r}"
        for chave, texto in catalogo.items()
        if chave not in SEM_LIMITE_DE_FRASE
        for frase in _frases(texto)
        if _palavras(frase) > LIMITE_PALAVRAS
    ]
    assert not longas, "frases longas demais:\n" + "\n".join(longas)


PALAVRAS_QUE_CULPAM = re.compile(
    r"\binválid[oa]s?\b|\busuári[oa]\s*\(a\)|\b[oa]\s*\([oa]\)\s*usuári", re.IGNORECASE
)


@pytest.mark.parametrize("arquivo", ARQUIVOS_PO, ids=lambda p: p.name)
def test_sem_palavras_que_culpam_ou_afastam(arquivo: Path) -> None:
    """LINGUAGEM.md regras 2 e 5: nada de "inválido" nem de "o(a) usuário(a)"."""
    if arquivo.stem not in DO_CIDADAO:
        pytest.skip("catálogo da equipe")
    with arquivo.open("rb") as f:
        catalogo = read_po(f, locale=LINGUA_PADRAO)
    achados = [
        f"{m.id}: {m.string!r}"
        for m in catalogo
        if m.id and PALAVRAS_QUE_CULPAM.search(str(m.string))
    ]
    assert not achados, "\n".join(achados)


def test_filtro_de_palavras_acha_os_exemplos_do_guia() -> None:
    for ruim in ("CPF inválido.", "Data Inválida", "o(a) usuário(a) deverá", "o usuário(a)"):
        assert PALAVRAS_QUE_CULPAM.search(ruim), ruim
    assert not PALAVRAS_QUE_CULPAM.search("Esse CPF não confere. Você pode escrever de novo.")
