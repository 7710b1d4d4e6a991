"""Botões forjados, velhos ou com lixo no argumento ("cmd:turma <script>"), em todo comando
da equipe e nos botões do cidadão: resposta clara, nenhuma exceção e nada muda no banco
(a auditoria só anota o que de fato foi mostrado)."""

from __future__ import annotations

import pytest

from fluxos.equipe.registro import COMANDOS_DA_EQUIPE
from fluxos.motor import Motor
from tests.conversa import Conversa
from tests.fluxos.equipe.conftest import Convidar
from tests.fluxos.equipe.test_matriz_de_acesso import _fotografia

LIXO = [
    "",
    "abc",
    "-1",
    "0",
    "9" * 40,
    "1 2 3 4 5 6",
    "1 x",
    "😀",
    "<script>alert(1)</script>",
    "1; DROP TABLE preinscricao",
    "١٢",
    "x" * 5000,
]
DO_CIDADAO = ["conv_sim", "conv_nao", "aula_vou", "aula_falta", "vincular"]


async def _sem_auditoria(motor: Motor) -> dict[str, int]:
    contagens = await _fotografia(motor)
    del contagens["auditoria"]
    return contagens


@pytest.mark.parametrize("comando", sorted(COMANDOS_DA_EQUIPE))
async def test_argumento_ruim_em_comando_da_equipe_nao_muda_nada(
    tecnica: Conversa, convidar: Convidar, motor: Motor, comando: str
) -> None:
    await tecnica.comando("start", (await convidar("gestao")).token)
    antes = await _sem_auditoria(motor)
    for argumento in LIXO:
        saidas = await tecnica.aperta(f"cmd:{comando} {argumento}")
        assert saidas and all(s.texto.strip() for s in saidas), argumento
        assert await _sem_auditoria(motor) == antes, (comando, argumento)


@pytest.mark.parametrize("comando", DO_CIDADAO)
async def test_argumento_ruim_em_botao_do_cidadao_nao_muda_nada(
    pessoa: Conversa, motor: Motor, comando: str
) -> None:
    antes = await _fotografia(motor)
    for argumento in LIXO:
        saidas = await pessoa.aperta(f"cmd:{comando} {argumento}")
        assert saidas and all(s.texto.strip() for s in saidas), argumento
    assert await _fotografia(motor) == antes
