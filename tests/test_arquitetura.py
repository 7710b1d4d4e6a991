"""A forma do projeto (ARQUITETURA §1 e §10): importações num só sentido e módulos pequenos.

bot → fluxos → armazenamento, mensagens. Lido com `ast`, sem importar nada: uma
importação proibida aparece aqui mesmo que o módulo nunca seja carregado nos testes.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parent.parent
PACOTES = ("bot", "fluxos", "armazenamento", "mensagens")

# pacote -> o que ele nunca importa (o transporte fica em bot/; o vocabulário não depende
# de ninguém do projeto)
PROIBIDOS: dict[str, frozenset[str]] = {
    "fluxos": frozenset({"telegram", "aiohttp", "bot"}),
    "armazenamento": frozenset({"fluxos", "bot", "telegram", "aiohttp"}),
    "mensagens": frozenset({"fluxos", "bot", "armazenamento", "telegram", "aiohttp"}),
}
LIMITE_LINHAS = 500  # §10: mirar em menos de 300; 500 já é demais


def _modulos(pacote: str) -> list[Path]:
    return sorted(p for p in (RAIZ / pacote).rglob("*.py") if "__pycache__" not in p.parts)


def _nome_do_modulo(caminho: Path) -> list[str]:
    partes = list(caminho.relative_to(RAIZ).with_suffix("").parts)
    return partes[:-1] if partes[-1] == "__init__" else partes


def _importados(codigo: str, pacote_atual: list[str]) -> Iterator[tuple[int, str]]:
    """(linha, nome completo importado), com importações relativas já resolvidas."""
    for no in ast.walk(ast.parse(codigo)):
        if isinstance(no, ast.Import):
            for apelido in no.names:
                yield no.lineno, apelido.name
        elif isinstance(no, ast.ImportFrom):
            if no.level:
                base = pacote_atual[: len(pacote_atual) - (no.level - 1)]
                yield no.lineno, ".".join([*base, *([no.module] if no.module else [])])
            elif no.module:
                yield no.lineno, no.module
        elif _eh_importacao_dinamica(no):
            yield no.lineno, str(no.args[0].value)  # type: ignore[attr-defined]


def _importados_do_arquivo(caminho: Path) -> Iterator[tuple[int, str]]:
    modulo = _nome_do_modulo(caminho)
    pacote_atual = modulo if caminho.name == "__init__.py" else modulo[:-1]
    return _importados(caminho.read_text(encoding="utf-8"), pacote_atual)


def _eh_importacao_dinamica(no: ast.AST) -> bool:
    """`import_module("x")` ou `__import__("x")` com o nome escrito no código."""
    if not (isinstance(no, ast.Call) and no.args and isinstance(no.args[0], ast.Constant)):
        return False
    nome = no.func.id if isinstance(no.func, ast.Name) else getattr(no.func, "attr", "")
    return nome in ("__import__", "import_module")


def test_ha_modulos_em_cada_pacote() -> None:
    """Se os pacotes mudarem de lugar, as verificações abaixo não podem passar em branco."""
    for pacote in PACOTES:
        assert _modulos(pacote), f"nenhum .py em {pacote}/"


@pytest.mark.parametrize("pacote", sorted(PROIBIDOS))
def test_importacoes_seguem_um_sentido(pacote: str) -> None:
    """ARQUITETURA §1: fluxos sem transporte; armazenamento e mensagens sem quem os usa."""
    proibidos = PROIBIDOS[pacote]
    violacoes = [
        f"{caminho.relative_to(RAIZ)}:{linha} importa {nome}"
        for caminho in _modulos(pacote)
        for linha, nome in _importados_do_arquivo(caminho)
        if nome.split(".")[0] in proibidos
    ]
    assert not violacoes, (
        f"{pacote}/ não pode importar {', '.join(sorted(proibidos))}:\n" + "\n".join(violacoes)
    )


def test_modulos_com_menos_de_500_linhas() -> None:
    """ARQUITETURA §10: uma ideia por módulo; um módulo enorme pede para ser dividido."""
    grandes = [
        f"{caminho.relative_to(RAIZ)}: {quantas} linhas"
        for pacote in PACOTES
        for caminho in _modulos(pacote)
        if (quantas := len(caminho.read_text(encoding="utf-8").splitlines())) > LIMITE_LINHAS
    ]
    assert not grandes, f"módulos com mais de {LIMITE_LINHAS} linhas:\n" + "\n".join(grandes)


def test_verificacao_acha_importacao_proibida() -> None:
    """A própria verificação: importações absolutas, relativas e dinâmicas são vistas."""
    codigo = (
        "import telegram.ext\nfrom aiohttp import web\nfrom ..bot import app\n"
        "from . import motor\nimport importlib\nimportlib.import_module('bot.cli')\n"
    )
    nomes = {nome for _, nome in _importados(codigo, ["fluxos"])}
    assert nomes == {"telegram.ext", "aiohttp", "bot", "fluxos", "importlib", "bot.cli"}


CODEC_DE_BOTOES = RAIZ / "mensagens" / "botoes.py"


def _montam_botao_a_mao(codigo: str) -> list[int]:
    """Linhas com um texto (ou f-string) que começa com "cmd:": o dado de botão montado à
    mão, fora do codec."""
    linhas: set[int] = set()
    for no in ast.walk(ast.parse(codigo)):
        if isinstance(no, ast.JoinedStr) and no.values:
            primeiro = no.values[0]
            if isinstance(primeiro, ast.Constant) and str(primeiro.value).startswith("cmd:"):
                linhas.add(no.lineno)
        elif isinstance(no, ast.Constant) and str(no.value).startswith("cmd:"):
            linhas.add(no.lineno)
    return sorted(linhas)


def test_dado_de_botao_so_pelo_codec() -> None:
    """ARQUITETURA §2 (issue 11): um codec tipado só para o dado dos botões
    (`mensagens.botoes`, conferido ao montar). Um "cmd:…" escrito à mão pula a conferência
    do tamanho e espalha o formato do fio."""
    violacoes = [
        f"{caminho.relative_to(RAIZ)}:{linha}"
        for pacote in PACOTES
        for caminho in _modulos(pacote)
        if caminho != CODEC_DE_BOTOES
        for linha in _montam_botao_a_mao(caminho.read_text(encoding="utf-8"))
    ]
    assert not violacoes, 'use mensagens.botoes (da_fila) em vez de "cmd:…":\n' + "\n".join(
        violacoes
    )


def test_verificacao_acha_botao_montado_a_mao() -> None:
    codigo = 'a = "cmd:turmas"\nb = f"cmd:turma {x}"\nc = "ver cmd: nada"\n"""doc cmd:x"""\n'
    assert _montam_botao_a_mao(codigo) == [1, 2]


# A unidade de trabalho (ARQUITETURA §4): consultas e instruções nunca confirmam; quem
# chama (o motor, o despachante, a tarefa agendada) abre a transação e faz o commit.
QUEM_CONFIRMA = {
    "armazenamento/banco.py": "define a unidade de trabalho (`transacao`, `unidade_de_trabalho`)",
    "armazenamento/sqlite_direto.py": "o adaptador do driver sqlite3: implementa `commit`",
    "armazenamento/migracao.py": "a migração (Alembic) roda na sua própria transação",
}


def _confirmam(codigo: str) -> list[int]:
    """Linhas que chamam `.commit()` ou `.begin()` (um `motor.begin()` confirma sozinho)."""
    return [
        no.lineno
        for no in ast.walk(ast.parse(codigo))
        if isinstance(no, ast.Call)
        and isinstance(no.func, ast.Attribute)
        and no.func.attr in ("commit", "begin")
    ]


def test_armazenamento_nunca_faz_commit() -> None:
    """Só as exceções listadas em `QUEM_CONFIRMA` (com o porquê) abrem ou fecham transação."""
    violacoes = [
        f"{caminho.relative_to(RAIZ)}:{linha}"
        for caminho in _modulos("armazenamento")
        if caminho.relative_to(RAIZ).as_posix() not in QUEM_CONFIRMA
        for linha in _confirmam(caminho.read_text(encoding="utf-8"))
    ]
    assert not violacoes, "armazenamento/ não confirma transação:\n" + "\n".join(violacoes)
    for nome in QUEM_CONFIRMA:  # uma exceção que sumiu não pode ficar na lista
        assert (RAIZ / nome).exists(), nome


def test_verificacao_acha_commit() -> None:
    codigo = "async def f(c, m):\n    await c.commit()\n    async with m.begin():\n        pass\n"
    assert _confirmam(codigo) == [2, 3]
