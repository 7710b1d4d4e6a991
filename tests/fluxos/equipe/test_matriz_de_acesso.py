"""R24 / ARQUITETURA.md §7: todo comando da equipe × todo papel (e o cidadão).

Quem não tem o papel ouve a negativa educada e nada muda no banco (nem auditoria, nem
fila). A tabela vem do próprio registro: um comando novo entra na matriz sozinho. O escopo
dentro de cada papel (a turma de outro instrutor, o território de outro CRAS...) é testado
junto de cada comando, com "Não encontrado.".
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from armazenamento.acesso import Papel
from armazenamento.banco import transacao
from fluxos.equipe.registro import COMANDOS_DA_EQUIPE
from fluxos.motor import Motor
from tests.conversa import Conversa
from tests.fluxos.equipe.conftest import Convidar

NEGADO = ("Isso é só para a equipe do programa", "Isso não faz parte do seu papel")
QUEM = ["cidadao", *(p.value for p in Papel)]
TABELAS = (
    "preinscricao",
    "matricula",
    "presenca",
    "convocacao",
    "encaminhamento",
    "afastamento",
    "priorizacao",
    "envio",
    "auditoria",
    "equipe",
    "convite",
    "alerta",
    "nota_alerta",
    "desistencia",
)
CASOS = [(nome, quem) for nome in COMANDOS_DA_EQUIPE for quem in QUEM]


async def _fotografia(motor: Motor) -> dict[str, int]:
    async with transacao(motor.banco) as c:
        return {
            t: int((await c.execute(sa.text(f"SELECT count(*) FROM {t}"))).scalar_one())
            for t in TABELAS
        }


@pytest.mark.parametrize(("comando", "quem"), CASOS, ids=[f"{c}-{q}" for c, q in CASOS])
async def test_r24_comando_da_equipe_por_papel(
    tecnica: Conversa, convidar: Convidar, motor: Motor, comando: str, quem: str
) -> None:
    if quem != "cidadao":
        await tecnica.comando("start", (await convidar(quem)).token)
    antes = await _fotografia(motor)

    saidas = await tecnica.comando(comando, "1")

    resposta = saidas[-1].texto
    if quem in COMANDOS_DA_EQUIPE[comando].papeis:
        assert not resposta.startswith(NEGADO), resposta
    else:
        assert resposta.startswith(NEGADO), resposta
        assert await _fotografia(motor) == antes
