"""R17/R19: o motivo da desistência é um código de uma lista fechada, com rótulo curto."""

from __future__ import annotations

import pytest

from fluxos.desistencia import MOTIVOS_DO_TECNICO, MotivoDesistencia, eh_motivo, rotulo_do_motivo
from fluxos.regras.evasao import Motivo


def test_r17_os_motivos_do_alerta_valem_na_confirmacao() -> None:
    assert {m.value for m in Motivo} <= {m.value for m in MotivoDesistencia}
    assert not {m.value for m in Motivo} & {m.value for m in MOTIVOS_DO_TECNICO}
    assert MotivoDesistencia.OUTRO in MOTIVOS_DO_TECNICO


@pytest.mark.parametrize("motivo", list(MotivoDesistencia))
def test_r19_todo_motivo_tem_rotulo_que_cabe_num_botao(motivo: MotivoDesistencia) -> None:
    rotulo = rotulo_do_motivo(motivo)
    assert 0 < len(rotulo) <= 20  # LINGUAGEM.md regra 7: o técnico escolhe num botão
    if motivo is not MotivoDesistencia.OUTRO:
        assert rotulo != "Outro motivo"


@pytest.mark.parametrize(
    ("codigo", "vale"),
    [
        ("faltas_seguidas", True),
        ("projecao", True),
        ("disse_que_sai", True),
        ("trabalho", True),
        ("outro", True),
        ("FALTAS_SEGUIDAS", False),
        ("arrumou emprego na padaria", False),
        ("", False),
        ("falso_alarme", False),
    ],
)
def test_r19_so_codigo_da_lista_vale(codigo: str, vale: bool) -> None:
    assert eh_motivo(codigo) is vale
    if not vale:  # um código que não existe nunca aparece cru na lista
        assert rotulo_do_motivo(codigo) == "Outro motivo"
