"""O comando `inclusao` de verdade, num processo à parte, como o operador o usa.

Cada processo leva uns segundos só para importar as bibliotecas; por isso todos sobem
juntos, uma vez por módulo, cada um na sua pasta e com o seu banco: no SQLite, um arquivo
novo na pasta (a partida migra); no PostgreSQL, um banco novo já migrado (lá quem migra é
o `inclusao migrar`, que recebe um banco vazio).
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from armazenamento.banco import criar_motor
from bot.cli import main
from bot.cli_banco import descrever
from tests.conftest import BancosAvulsos

RAIZ = Path(__file__).resolve().parents[2]
# Só uma guarda contra processo travado, nunca medida: leva 3 a 5 s numa máquina folgada,
# mas os seis processos da `rodadas` juntos, numa máquina de 2 núcleos carregada, levaram
# 62 s (o primeiro quase estourava os 60 s de antes).
PRAZO = 300.0
pytestmark = pytest.mark.timeout(3 * PRAZO)
VARIAVEIS_DO_PROJETO = (
    "DATABASE_URL",
    "INCLUSAO_HTTP",
    "INCLUSAO_LOG",
    "TELEGRAM_TOKEN",
    "TELEGRAM_BASE_URL",
    "TELEGRAM_WEBHOOK_URL",
    "TELEGRAM_SECRET_TOKEN",
)

NOME, CPF, TELEFONE = "Maria Aparecida da Silva", "529.982.247-25", "(14) 99123-4567"
# A demonstração tem 6 cursos em ordem alfabética; "2" é Confeitaria (manhã e tarde).
PREINSCRICAO = [
    "1",  # Entendi, continuar
    NOME,
    "Não uso",
    "03/02/2008",
    CPF,
    TELEFONE,
    "jardim europa",
    "Pular",
    "Confeitaria",
    "Só esse",
    "Tarde",
    "Médio completo",
    "Confirmar",
    "situação",
]

CSV_RUIM = {
    "cras.csv": "nome,endereco\nCRAS Noroeste,avenida Daniel Pacífico\n",
    "bairros.csv": "nome,cras\nVila Falcão,CRAS Noroeste\nCentro,CRAS Marte\n",
    "ciclos.csv": "ano,preinscricao_inicio,preinscricao_fim\n2027,31/02/2027,31/03/2027\n",
}
TOML_RUIM = """\
[[cras]]
nome = "CRAS Noroeste"

[[bairros]]
nome = "Vila Falcão"
cras = "CRAS Noroeste"

[[bairros]]
nome = "Centro"
cras = "CRAS Marte"

[[ciclos]]
ano = 2027
preinscricao_inicio = "05/01/2027"
preinscricao_fim = "01/01/2027"
"""


@dataclass(frozen=True)
class Rodada:
    """Um `inclusao ...` que terminou: código de saída, o que escreveu, a pasta e o banco."""

    codigo: int
    saida: str
    erros: str
    pasta: Path
    banco: str  # DATABASE_URL do processo

    def contar(self, tabela: str) -> int:
        async def contar() -> int:
            motor = criar_motor(self.banco)
            try:
                async with motor.connect() as conexao:
                    resultado = await conexao.exec_driver_sql(f"SELECT count(*) FROM {tabela}")
                    return int(resultado.scalar_one())
            finally:
                await motor.dispose()

        return asyncio.run(contar())


def _banco(pasta: Path, nome: str, tipo_banco: str, bancos_avulsos: BancosAvulsos) -> str:
    if tipo_banco == "sqlite":
        return f"sqlite+aiosqlite:///{pasta / 'inclusao.db'}"
    return bancos_avulsos.novo(migrado=nome != "migrar")


def _ambiente(banco: str, **extras: str) -> dict[str, str]:
    ambiente = {k: v for k, v in os.environ.items() if k not in VARIAVEIS_DO_PROJETO}
    caminhos = [str(RAIZ), *filter(None, [os.environ.get("PYTHONPATH")])]
    ambiente.update(
        PYTHONPATH=os.pathsep.join(caminhos),
        DATABASE_URL=banco,
        PYTHONIOENCODING="utf-8",
        **extras,
    )
    return ambiente


def _preparar_csv(pasta: Path) -> str:
    (pasta / "planilhas").mkdir()
    for nome, conteudo in CSV_RUIM.items():
        (pasta / "planilhas" / nome).write_text(conteudo, encoding="utf-8")
    return "planilhas"


def _preparar_toml(pasta: Path) -> str:
    (pasta / "programa.toml").write_text(TOML_RUIM, encoding="utf-8")
    return "programa.toml"


@pytest.fixture(scope="module")
def rodadas(
    tmp_path_factory: pytest.TempPathFactory, tipo_banco: str, bancos_avulsos: BancosAvulsos
) -> dict[str, Rodada]:
    """Sobe todos os processos de uma vez e espera cada um terminar."""
    pastas = {
        nome: tmp_path_factory.mktemp(nome)
        for nome in ("ajuda", "demo", "csv", "toml", "migrar", "conversar", "conversar_quieto")
    }
    bancos = {
        nome: _banco(pasta, nome, tipo_banco, bancos_avulsos) for nome, pasta in pastas.items()
    }
    planos: dict[str, tuple[list[str], str | None, dict[str, str]]] = {
        "ajuda": (["--help"], None, {}),
        "demo": (["importar", "demo"], None, {}),
        "csv": (["importar", _preparar_csv(pastas["csv"])], None, {}),
        "toml": (["importar", _preparar_toml(pastas["toml"])], None, {}),
        "migrar": (["migrar"], None, {}),
        # DEBUG: nem no registro mais falante aparecem os dados digitados
        "conversar": (
            ["conversar", "--chat", "caixa-1"],
            "".join(f"{linha}\n" for linha in PREINSCRICAO),
            {"INCLUSAO_LOG": "DEBUG"},
        ),
        # sem INCLUSAO_LOG: o registro não se mistura com a conversa (só avisos e erros)
        "conversar_quieto": (
            ["conversar"],
            "".join(f"{linha}\n" for linha in PREINSCRICAO),
            {},
        ),
    }
    processos = {
        nome: subprocess.Popen(
            [sys.executable, "-m", "bot.cli", *argumentos],
            cwd=pastas[nome],
            env=_ambiente(bancos[nome], **extras),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        for nome, (argumentos, _entrada, extras) in planos.items()
    }
    resultados: dict[str, Rodada] = {}
    try:
        for nome, processo in processos.items():
            saida, erros = processo.communicate(input=planos[nome][1], timeout=PRAZO)
            resultados[nome] = Rodada(processo.returncode, saida, erros, pastas[nome], bancos[nome])
    finally:
        for processo in processos.values():
            if processo.poll() is None:
                processo.kill()
                processo.wait()
    return resultados


def test_ajuda_lista_os_comandos_em_portugues(rodadas: dict[str, Rodada]) -> None:
    ajuda = rodadas["ajuda"]
    assert ajuda.codigo == 0, ajuda.erros
    assert "Assistente do Programa de Inclusão Produtiva de Bauru." in ajuda.saida
    for comando, explicacao in [
        ("iniciar", "sobe o chat web (e o Telegram, se houver TELEGRAM_TOKEN)"),
        ("conversar", "conversa com o assistente aqui no terminal"),
        ("importar", "carrega CRAS, bairros, OSCs, cursos, turmas e ciclo"),
        ("migrar", "aplica as migrações do banco (necessário no PostgreSQL)"),
    ]:
        assert re.search(rf"^\s+{comando}\s+{re.escape(explicacao)}$", ajuda.saida, re.M), comando


def test_importar_demo_mostra_o_que_carregou(rodadas: dict[str, Rodada]) -> None:
    demo = rodadas["demo"]
    assert demo.codigo == 0, demo.erros
    linhas = demo.saida.splitlines()
    assert linhas[0] == f"Importado de demo.toml para o banco {descrever(demo.banco)}."
    if demo.banco.startswith("sqlite"):
        assert descrever(demo.banco) == str(demo.pasta.resolve() / "inclusao.db")
    for esperado in ["cras: 10 — cras (novas: 10,", "oscs: 3 — oscs", "ciclos: 1 — ciclos"]:
        assert any(linha.startswith(esperado) for linha in linhas), (esperado, linhas)
    assert "encontros: 276 — encontros (novas: 276, alteradas: 0, iguais: 0)" in linhas
    assert demo.contar("ciclo") == 1
    assert demo.contar("curso") == 6


@pytest.mark.parametrize(
    ("rodada", "problemas"),
    [
        (
            "csv",
            [
                "  bairros.csv, linha 3: o bairro 'Centro' cita o CRAS 'CRAS Marte'",
                "  ciclos.csv, linha 2: preinscricao_inicio: data inválida '31/02/2027'",
            ],
        ),
        (
            "toml",
            [
                "  bairros, linha 2: o bairro 'Centro' cita o CRAS 'CRAS Marte'",
                "  ciclos, linha 1: o fim da pré-inscrição (01/01/2027) vem antes do início",
            ],
        ),
    ],
)
def test_importar_arquivo_errado_nao_grava_nada(
    rodadas: dict[str, Rodada], rodada: str, problemas: list[str]
) -> None:
    resultado = rodadas[rodada]
    assert resultado.codigo == 1
    assert resultado.saida == ""
    linhas = resultado.erros.splitlines()
    assert "Nada foi importado: 2 problema(s)." in linhas
    for problema in problemas:
        assert any(linha.startswith(problema) for linha in linhas), (problema, linhas)
    for tabela in ("cras", "bairro", "ciclo"):
        assert resultado.contar(tabela) == 0, tabela


def test_migrar_deixa_o_banco_na_ultima_versao(rodadas: dict[str, Rodada]) -> None:
    migrar = rodadas["migrar"]
    assert migrar.codigo == 0, migrar.erros
    assert migrar.saida.strip() == "Banco na última versão."
    assert migrar.contar("alembic_version") == 1
    assert migrar.contar("ciclo") == 0  # migrar não carrega a demonstração


def test_conversar_faz_a_preinscricao_pelo_terminal(rodadas: dict[str, Rodada]) -> None:
    conversa = rodadas["conversar"]
    assert conversa.codigo == 0, conversa.erros
    assert conversa.saida.startswith("Conversa pelo terminal.")
    assert "  1) Entendi, continuar" in conversa.saida
    assert "  2) Confeitaria" in conversa.saida
    protocolo = re.search(r"Sua pré-inscrição foi feita\. Número: (\d{4}-000001)\.", conversa.saida)
    assert protocolo, conversa.saida[-800:]
    assert conversa.saida.count(protocolo.group(1)) >= 2  # e "situação" mostra o mesmo número
    assert conversa.contar("preinscricao") == 1


def test_registro_da_conversa_nao_leva_dados_pessoais(rodadas: dict[str, Rodada]) -> None:
    erros = rodadas["conversar"].erros
    assert "demonstração" in erros  # o registro existe e fala do que importa
    digitos = {re.sub(r"\D", "", CPF), re.sub(r"\D", "", TELEFONE)}
    for proibido in [CPF, TELEFONE, *digitos, "99123-4567", "Aparecida", "caixa-1"]:
        assert proibido not in erros, proibido


def test_conversar_sem_inclusao_log_nao_mostra_info_no_meio_da_conversa(
    rodadas: dict[str, Rodada],
) -> None:
    quieto = rodadas["conversar_quieto"]
    assert quieto.codigo == 0, quieto.erros
    assert "Sua pré-inscrição foi feita" in quieto.saida
    assert " INFO " not in quieto.erros, quieto.erros[:800]
    assert " DEBUG " not in quieto.erros
    # com INCLUSAO_LOG escrito, vale o que foi pedido (o DEBUG da outra rodada mostra INFO)
    assert " INFO " in rodadas["conversar"].erros


def test_configuracao_invalida_diz_o_que_corrigir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("INCLUSAO_HTTP", "8080")
    assert main(["migrar"]) == 2
    erros = capsys.readouterr().err
    assert erros.startswith("Configuração inválida: INCLUSAO_HTTP deve ser HOST:PORTA")
    assert not (tmp_path / "dados").exists()  # nada foi criado


@pytest.mark.usefixtures("niveis_de_registro")
def test_importar_arquivo_que_nao_existe_diz_qual(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    url_banco: str,
) -> None:
    """Problema do arquivo todo: sem "linha 0", que não quer dizer nada para o operador."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", url_banco)
    assert main(["importar", "programa-2027.toml"]) == 1
    erros = capsys.readouterr().err.splitlines()
    assert erros[:2] == [
        "Nada foi importado: 1 problema(s).",
        "  programa-2027.toml: arquivo ou pasta não encontrado",
    ]
