"""Achado 14 do issue 11: a equipe recebe "não conseguimos avisar Fulano pelo WhatsApp;
ligue para a pessoa (o telefone está na ficha)". A ficha do /buscar diz desde quando a
fila não alcança a pessoa, e o CRAS do território (que recebe esse aviso) passa a ver o
telefone só então: cada papel vê só o que precisa (ARQUITETURA §7)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from armazenamento.banco import transacao
from armazenamento.modelos import Inalcancavel, PreInscricao
from tests.conversa import Conversa
from tests.fluxos.priorizacao.conftest import Semente
from tests.fluxos.priorizacao.test_buscar import _buscar, mundo  # noqa: F401  (fixture)

DESDE = datetime(2027, 1, 9, 15, 0, tzinfo=UTC)  # 9/1, meio-dia em Bauru
AVISO = "Atenção: as mensagens do programa não chegam a esta pessoa pelo WhatsApp desde 09/01."
TELEFONE = "Telefone: (14) 99123-4509."


async def _bruno_no_whatsapp(conversa: Conversa, semente: Semente, inalcancavel: bool) -> None:
    async with transacao(conversa.motor.banco) as c:
        await c.execute(
            sa.update(PreInscricao)
            .where(PreInscricao.id == semente.pre["Bruno"])  # type: ignore[arg-type]
            .values(canal="whatsapp", chat_id="5514991234509")
        )
        if inalcancavel:  # o WhatsApp respondeu 131026 a um envio da fila
            await c.execute(
                sa.insert(Inalcancavel).values(
                    canal="whatsapp", chat_id="5514991234509", desde=DESDE, motivo="whatsapp:131026"
                )
            )


# (papel, a fila ainda alcança a pessoa?, vê o telefone, vê o aviso)
CASOS = [
    ("cras_europa", True, False, False),  # o CRAS não liga: nem o número
    ("cras_europa", False, True, True),  # o CRAS foi mandado ligar: vê o número
    ("osc_aurora", True, True, False),  # a OSC sempre teve o número
    ("osc_aurora", False, True, True),
    ("gestao", False, True, True),
]


@pytest.mark.parametrize(("papel", "alcanca", "ve_telefone", "ve_aviso"), CASOS)
async def test_ficha_de_quem_a_fila_nao_alcanca(
    mundo: dict[str, Conversa],
    semente: Semente,
    papel: str,
    alcanca: bool,
    ve_telefone: bool,
    ve_aviso: bool,
) -> None:
    conversa = mundo[papel]
    await _bruno_no_whatsapp(conversa, semente, inalcancavel=not alcanca)

    await _buscar(conversa, "bruno souza")
    await conversa.toca("Ver 1")
    ficha = conversa.ultima.texto

    assert (TELEFONE in ficha) is ve_telefone, ficha
    assert (AVISO in ficha) is ve_aviso, ficha
