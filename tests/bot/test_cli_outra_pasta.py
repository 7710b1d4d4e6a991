"""O `inclusao` rodado de outra pasta: nunca um banco novo e vazio, nunca um convite inútil.

Antes, `inclusao convite` rodado fora do projeto criava `./dados/inclusao.db` ali e
mostrava um convite que ninguém conseguiria usar. Agora o SQLite padrão é o do projeto
(ou o de INCLUSAO_DADOS), quem só lê ou convida não cria banco, e o convite pede um
banco com programa cadastrado. Cada comando roda num processo à parte, como o operador
roda, numa pasta que não é a do projeto.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.bot.test_cli import PRAZO, RAIZ, VARIAVEIS_DO_PROJETO, Rodada

pytestmark = pytest.mark.timeout(3 * PRAZO)  # vários processos em sequência (ver PRAZO)

PROJETO_DADOS = RAIZ / "dados" / "inclusao.db"


@dataclass(frozen=True)
class Operador:
    """Quem roda o `inclusao` numa pasta qualquer, com um ambiente sem DATABASE_URL."""

    pasta: Path
    dados: Path  # INCLUSAO_DADOS: a pasta de dados configurada

    def rodar(self, *argumentos: str, **extras: str) -> Rodada:
        ambiente = {k: v for k, v in os.environ.items() if k not in VARIAVEIS_DO_PROJETO}
        caminhos = [str(RAIZ), *filter(None, [os.environ.get("PYTHONPATH")])]
        ambiente.update(
            PYTHONPATH=os.pathsep.join(caminhos),
            PYTHONIOENCODING="utf-8",
            INCLUSAO_DADOS=str(self.dados),
            TELEGRAM_BOT_USERNAME="inclusao_teste_bot",
            **extras,
        )
        feito = subprocess.run(
            [sys.executable, "-m", "bot.cli", *argumentos],
            cwd=self.pasta,
            env=ambiente,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=PRAZO,
            check=False,
        )
        url = extras.get("DATABASE_URL") or f"sqlite+aiosqlite:///{self.banco}"
        return Rodada(feito.returncode, feito.stdout, feito.stderr, self.pasta, url)

    @property
    def banco(self) -> Path:
        return self.dados / "inclusao.db"


@pytest.fixture
def operador(tmp_path: Path) -> Iterator[Operador]:
    pasta = tmp_path / "home" / "operador"
    pasta.mkdir(parents=True)
    yield Operador(pasta, tmp_path / "projeto" / "dados")
    assert not (pasta / "dados").exists(), "criou um banco na pasta de onde o comando rodou"


def test_caminho_padrao_do_banco_e_o_do_projeto_de_qualquer_pasta(tmp_path: Path) -> None:
    ambiente = {k: v for k, v in os.environ.items() if k not in VARIAVEIS_DO_PROJETO}
    ambiente.pop("INCLUSAO_DADOS", None)
    ambiente["PYTHONPATH"] = str(RAIZ)
    feito = subprocess.run(
        [
            sys.executable,
            "-c",
            "from bot.config import carregar_config as c; print(c().database_url)",
        ],
        cwd=tmp_path,
        env=ambiente,
        capture_output=True,
        text=True,
        timeout=PRAZO,
        check=True,
    )
    assert feito.stdout.strip() == f"sqlite+aiosqlite:///{PROJETO_DADOS}"


@pytest.mark.parametrize(
    "comando",
    [
        pytest.param(["convite", "--papel", "gestao"], id="convite"),
        pytest.param(
            ["convite", "--papel", "osc", "--osc", "Instituto Esperança"], id="convite-osc"
        ),
        pytest.param(["equipe", "listar"], id="equipe-listar"),
        pytest.param(["equipe", "revogar", "1"], id="equipe-revogar"),
        pytest.param(["saida"], id="saida"),
    ],
)
def test_comando_de_outra_pasta_sem_banco_recusa_e_nao_cria_nada(
    operador: Operador, comando: list[str]
) -> None:
    rodada = operador.rodar(*comando)
    assert rodada.codigo == 1, rodada.saida
    assert rodada.saida == ""
    assert rodada.erros.splitlines()[0] == f"Não achei o banco {operador.banco}. Nada foi criado."
    assert "inclusao importar ARQUIVO" in rodada.erros
    assert not operador.banco.exists() and not operador.dados.exists()


def test_importar_e_convidar_de_outra_pasta_usam_o_mesmo_banco(operador: Operador) -> None:
    importou = operador.rodar("importar", "demo")
    assert importou.codigo == 0, importou.erros
    assert importou.saida.splitlines()[0] == (
        f"Importado de demo.toml para o banco {operador.banco}."
    )
    convite = operador.rodar("convite", "--papel", "cras", "--cras", "Jardim Europa")
    assert convite.codigo == 0, convite.erros
    assert "Telegram:      https://t.me/inclusao_teste_bot?start=" in convite.saida
    assert convite.contar("convite") == 1
    listar = operador.rodar("equipe", "listar")
    assert listar.codigo == 0, listar.erros
    assert listar.saida.startswith("Ninguém da equipe está ligado.")


def test_convite_num_banco_sem_programa_e_recusado(operador: Operador, url_banco: str) -> None:
    """Banco existente e migrado, mas sem ciclo: um convite dele não levaria a nada."""
    rodada = operador.rodar("convite", "--papel", "gestao", DATABASE_URL=url_banco)
    assert rodada.codigo == 1, rodada.saida
    assert rodada.saida == ""
    assert "não tem programa cadastrado (nenhum ciclo). Nada foi criado." in rodada.erros
    assert rodada.contar("convite") == 0


@pytest.mark.parametrize(
    "comando",
    [["convite", "--papel", "gestao"], ["equipe", "listar"], ["saida"]],
    ids=["convite", "equipe-listar", "saida"],
)
def test_comando_num_banco_sem_tabelas_diz_o_que_fazer(
    operador: Operador, url_banco_vazio: str, tipo_banco: str, comando: list[str]
) -> None:
    """SQLite: o arquivo não existe (e não é criado); PostgreSQL: falta `inclusao migrar`."""
    rodada = operador.rodar(*comando, DATABASE_URL=url_banco_vazio)
    assert rodada.codigo == 1, rodada.saida
    assert "Traceback" not in rodada.erros
    if tipo_banco == "sqlite":
        assert rodada.erros.startswith("Não achei o banco ")
        assert not Path(url_banco_vazio.removeprefix("sqlite+aiosqlite:///")).exists()
    else:
        assert "ainda não tem as tabelas do assistente" in rodada.erros
        assert "inclusao migrar" in rodada.erros
