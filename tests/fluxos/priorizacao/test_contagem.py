"""R4: a visão geral da priorização conta pessoas e escolhas de curso separado e, com a
pré-inscrição aberta, diz a partir de que dia a lista pode ser aprovada."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from fluxos.regras.prioridade import pode_enviar, primeiro_dia_de_envio
from tests.conversa import Conversa
from tests.fluxos.priorizacao.conftest import Relogio


async def test_r4_conta_pessoas_e_escolhas_de_curso_separado(tecnica_europa: Conversa) -> None:
    await tecnica_europa.comando("priorizar")

    texto = tecnica_europa.ultima.texto
    linhas = texto.splitlines()
    # 7 pessoas; Bruno e Gabi escolheram 2 cursos: 9 escolhas
    assert linhas[1] == "Pessoas: 7. Escolhas de curso: 9."
    assert "2 pessoas escolheram 2 cursos e contam uma vez em cada curso." in texto
    assert "Confeitaria: 3 (manhã 1, tarde 2), 1 como 2ª opção" in linhas
    assert "Corte e costura: 2 (manhã 1, noite 1), 1 como 2ª opção" in linhas
    assert "Marcenaria: 2 (tarde 1, noite 1)" in linhas  # só 1ª opção: sem a nota


async def test_r4_periodo_aberto_diz_quando_a_aprovacao_fica_possivel(
    tecnica_europa: Conversa, relogio: Relogio
) -> None:
    await tecnica_europa.comando("priorizar")

    assert (
        "As pré-inscrições vão até sábado, 6 de fevereiro: ainda podem chegar mais. "
        "A lista pode ser aprovada e enviada às OSCs a partir de domingo, 7 de fevereiro."
    ) in tecnica_europa.ultima.texto
    assert tecnica_europa.rotulos == ["Ver lista"]

    relogio.fechar()
    await tecnica_europa.comando("priorizar")
    assert "ainda podem chegar mais" not in tecnica_europa.ultima.texto
    assert "Aprovar e enviar" in tecnica_europa.rotulos


@dataclass
class Periodo:
    preinscricao_inicio: date
    preinscricao_fim: date


@pytest.mark.parametrize(
    ("hoje", "pode"),
    [
        (date(2027, 2, 5), False),
        (date(2027, 2, 6), False),  # o último dia ainda recebe pré-inscrições
        (date(2027, 2, 7), True),
        (date(2027, 3, 1), True),
    ],
)
def test_r4_aprovacao_a_partir_do_dia_seguinte_ao_fim(hoje: date, pode: bool) -> None:
    ciclo = Periodo(date(2027, 1, 7), date(2027, 2, 6))
    assert primeiro_dia_de_envio(ciclo) == date(2027, 2, 7)
    assert pode_enviar(ciclo, hoje) is pode
