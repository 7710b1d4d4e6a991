"""R17 sem spam: depois de um "Falso alarme", só uma falta nova reabre (tabela de casos)."""

from __future__ import annotations

import pytest

from fluxos.regras.evasao import Motivo, RegrasEvasao, motivo_novo
from fluxos.regras.frequencia import EncontroDaPessoa, Marca, Situacao

_CODIGOS = {
    "P": EncontroDaPessoa(4, Situacao.REALIZADO, Marca.PRESENTE),
    "F": EncontroDaPessoa(4, Situacao.REALIZADO, Marca.FALTA),
    "J": EncontroDaPessoa(4, Situacao.REALIZADO, Marca.JUSTIFICADA),
    "S": EncontroDaPessoa(4, Situacao.SUSPENSO),
    "X": EncontroDaPessoa(4, Situacao.PENDENTE),
}


def _seq(codigo: str) -> list[EncontroDaPessoa]:
    return [_CODIGOS[c] for c in codigo]


@pytest.mark.parametrize(
    ("codigo", "desde", "motivo"),
    [
        # sem falso alarme antes: a regra de sempre
        ("PPFFF" + "X" * 15, 0, Motivo.FALTAS_SEGUIDAS),
        # falso alarme depois das 3 faltas: a mesma situação não alerta de novo
        ("PPFFF" + "X" * 15, 5, None),
        # uma falta nova só não basta para as faltas seguidas (precisa de 3 novas)
        ("PPFFFF" + "X" * 34, 5, None),
        ("PPFFFFFF" + "X" * 32, 5, Motivo.FALTAS_SEGUIDAS),
        # num curso de 20, a 4ª falta deixa só mais uma possível: a projeção reabre
        ("PPFFFF" + "X" * 14, 5, Motivo.PROJECAO),
        # falta justificada e suspensão depois do falso alarme não reabrem
        ("PPFFFJS" + "X" * 33, 5, None),
        # presença depois do falso alarme, então 3 faltas novas: reabre
        ("PPFFFPFFF" + "X" * 31, 5, Motivo.FALTAS_SEGUIDAS),
        # projeção: falso alarme com folga 1; uma falta nova deixa a folga em 0: reabre
        ("PF" + "X" * 6, 2, None),
        ("PFPF" + "X" * 6, 2, Motivo.PROJECAO),
        # projeção que já estava ali sem falta nova (só presenças) não reabre
        ("PFPP" + "X" * 4, 2, None),
    ],
)
def test_r17_falso_alarme_so_reabre_com_falta_nova(
    codigo: str, desde: int, motivo: Motivo | None
) -> None:
    assert motivo_novo(_seq(codigo), RegrasEvasao(), desde) == motivo
