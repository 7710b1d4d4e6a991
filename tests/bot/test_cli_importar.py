"""O resumo de `inclusao importar`: quantas linhas de cada tabela entraram e cada aba
vazia ou ignorada dita com todas as letras (nunca um "deu certo" para o que foi pulado)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from tests.armazenamento.test_importacao_variantes import com_tamanho_errado, programa, xlsx


@pytest.mark.usefixtures("niveis_de_registro")
def test_resumo_diz_o_que_entrou_de_cada_aba_e_o_que_ficou_de_fora(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    url_banco: str,
) -> None:
    tabelas = programa()
    del tabelas["encontros"]
    tabelas["turmas"] = [tabelas["turmas"][0]]  # só o cabeçalho
    tabelas["Planilha2"] = []
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", url_banco)
    planilha = com_tamanho_errado(xlsx(tabelas, tmp_path / "cadastro.xlsx"))
    assert main(["importar", str(planilha)]) == 0
    linhas = capsys.readouterr().out.splitlines()
    assert linhas[0].startswith("Importado de errado.xlsx para o banco ")
    assert linhas[1:] == [
        "cras: 1 — aba cras (novas: 1, alteradas: 0, iguais: 0)",
        "bairros: 1 — aba bairros (novas: 1, alteradas: 0, iguais: 0)",
        "oscs: 1 — aba oscs (novas: 1, alteradas: 0, iguais: 0)",
        "cursos: 1 — aba cursos (novas: 1, alteradas: 0, iguais: 0)",
        "ciclos: 1 — aba ciclos (novas: 1, alteradas: 0, iguais: 0)",
        "turmas: 0 — aba turmas (novas: 0, alteradas: 0, iguais: 0)",
        "encontros: não veio no arquivo",
        "Aviso: aba turmas: nenhuma linha de dados; nada de turmas entrou",
        "Aviso: aba Planilha2: vazia, ignorada",
    ]
    assert main(["importar", str(planilha)]) == 0  # de novo: tudo igual, nada duplicado
    assert "cras: 1 — aba cras (novas: 0, alteradas: 0, iguais: 1)" in capsys.readouterr().out
