"""O que a equipe digita no /buscar, como as pessoas digitam: protocolo com e sem ano,
CPF com e sem pontos, nome sem acento, em parte e em maiúsculas."""

from __future__ import annotations

import pytest

from armazenamento.busca import casa
from fluxos.equipe.busca_termo import Termo, ler_termo


@pytest.mark.parametrize(
    ("digitado", "termo"),
    [
        ("2027-000123", Termo("protocolo", numero=123, ano=2027)),
        ("2027 - 123", Termo("protocolo", numero=123, ano=2027)),
        ("2027/000123", Termo("protocolo", numero=123, ano=2027)),
        ("2027000123", Termo("protocolo", numero=123, ano=2027)),
        ("123", Termo("protocolo", numero=123)),
        ("000123", Termo("protocolo", numero=123)),
        ("529.982.247-25", Termo("cpf", valor="52998224725")),
        ("52998224725", Termo("cpf", valor="52998224725")),
        ("529 982 247 25", Termo("cpf", valor="52998224725")),
        ("João da Sil", Termo("nome", valor="joao da sil")),
        ("  MARIA   APARECIDA ", Termo("nome", valor="maria aparecida")),
        ("Zé", None),  # 2 letras: acharia gente demais
        ("jo", None),
        ("0", None),  # protocolo 0 não existe
        ("12345678901234", None),  # número que não é protocolo nem CPF
        ("😀😀😀", None),
        ("---", None),
    ],
)
def test_termo_digitado(digitado: str, termo: Termo | None) -> None:
    assert ler_termo(digitado) == termo


@pytest.mark.parametrize(
    ("termo", "nome", "casa_"),
    [
        ("joao da sil", "João da Silva", True),
        ("joao silva", "João da Silva", True),  # pulando o "da"
        ("silva", "João da Silva", True),
        ("jo si", "João da Silva", True),
        ("silva joao", "João da Silva", False),  # fora de ordem
        ("joana", "João da Silva", False),
        ("gotz", "Ana Götz", True),
        ("ana maria", "Ana Götz", False),
    ],
)
def test_nome_sem_acento_e_em_parte(termo: str, nome: str, casa_: bool) -> None:
    assert casa(termo, nome) is casa_
