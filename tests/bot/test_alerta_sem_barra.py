"""O alerta de evasão que chega à técnica diz como ver todos os alertas no canal DELA
(achado 16 do issue 11): no Telegram, o comando "/alertas"; no WhatsApp, que não tem "/",
"escreva alertas" — e escrever "alertas" lá leva mesmo à lista."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from armazenamento.banco import transacao
from armazenamento.equipe import Escopo, criar_convite
from armazenamento.modelos import Osc
from fluxos.evasao import verificar_a_noite
from tests.bot.canais_de_conversa import Palco
from tests.fluxos.convocacao.conftest import Relogio
from tests.fluxos.dados_evasao import MANHA, chamadas, encontros
from tests.fluxos.dados_lembretes import matricular, semear

PESSOA, TECNICA = 7_600_001, 7_600_100
COMO_VER = {"telegram": "Todos os alertas: /alertas", "whatsapp": "escreva alertas"}


@pytest.fixture
def relogio_da_conversa() -> Relogio:
    return Relogio(MANHA)  # a verificação de todas as turmas roda às 7h


@pytest.fixture
async def programa_da_conversa(sessoes: async_sessionmaker[AsyncSession]) -> dict[str, int]:
    return await semear(sessoes)


async def test_alerta_diz_como_ver_os_alertas_no_canal_da_tecnica(
    palco: Palco, programa_da_conversa: dict[str, int], relogio_da_conversa: Relogio
) -> None:
    banco, relogio = palco.banco, relogio_da_conversa
    ids = await encontros(banco, programa_da_conversa["T0"], 40)
    sumindo = await matricular(
        banco, programa_da_conversa["T0"], palco.chat_id(PESSOA), palco.canal
    )
    await chamadas(banco, ids, {sumindo: "PPPFFF"})
    async with transacao(banco) as c:
        osc = int((await c.execute(sa.select(sa.func.min(Osc.id)))).scalar_one())
        convite = await criar_convite(c, Escopo("osc", osc_id=osc), relogio())
    tecnica = palco.pessoa(TECNICA)
    await tecnica.comando(f"/start {convite.token}")
    assert await verificar_a_noite(banco, relogio()) == 1
    assert await palco.entregar() == 2

    aviso = tecnica.ultima.texto
    assert aviso.startswith("Alerta de evasão: Pessoa de Teste")
    assert COMO_VER[palco.canal] in aviso
    assert ("/alertas" in aviso) == (palco.canal == "telegram")
    await tecnica.diz("alertas")
    assert "Pessoa de Teste" in tecnica.ultima.texto + " ".join(tecnica.ultima.rotulos)
