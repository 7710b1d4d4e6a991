"""O alerta de evasão que chega à técnica diz como ver todos os alertas no canal DELA
(achado 16 do issue 11): no Telegram, o comando "/alertas"; no WhatsApp, que não tem "/",
"escreva alertas" — e escrever "alertas" lá leva mesmo à lista."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from armazenamento.banco import transacao
from armazenamento.equipe import Escopo, criar_convite
from armazenamento.modelos import Osc
from fluxos.evasao import verificar_a_noite
from fluxos.montagem import criar_motor_de_conversa
from tests.bot.palco_canais import abrir_canal, entregar, nome_canal  # noqa: F401  (fixture)
from tests.fluxos.convocacao.conftest import Relogio
from tests.fluxos.dados_evasao import MANHA, chamadas, encontros
from tests.fluxos.dados_lembretes import matricular, semear

PESSOA, TECNICA = 7_600_001, 7_600_100
COMO_VER = {"telegram": "Todos os alertas: /alertas", "whatsapp": "escreva alertas"}


async def test_alerta_diz_como_ver_os_alertas_no_canal_da_tecnica(
    sessoes: async_sessionmaker[AsyncSession], nome_canal: str
) -> None:
    banco = sessoes.kw["bind"]
    turmas = await semear(sessoes)
    ids = await encontros(banco, turmas["T0"], 40)
    relogio = Relogio(MANHA)
    motor = criar_motor_de_conversa(banco, relogio=relogio)
    async with abrir_canal(nome_canal, motor, relogio) as canal:
        sumindo = await matricular(banco, turmas["T0"], canal.chat(PESSOA), nome_canal)
        await chamadas(banco, ids, {sumindo: "PPPFFF"})
        async with transacao(banco) as c:
            osc = int((await c.execute(sa.select(sa.func.min(Osc.id)))).scalar_one())
            convite = await criar_convite(c, Escopo("osc", osc_id=osc), relogio())
        tecnica = canal.pessoa(TECNICA)
        await tecnica.comando(f"/start {convite.token}")
        assert await verificar_a_noite(banco, relogio()) == 1
        assert await entregar(canal.despachante(relogio), relogio) == 2

        aviso = tecnica.ultima.texto
        assert aviso.startswith("Alerta de evasão: Pessoa de Teste")
        assert COMO_VER[nome_canal] in aviso
        assert ("/alertas" in aviso) == (nome_canal == "telegram")
        await tecnica.diz("alertas")
        assert "Pessoa de Teste" in tecnica.ultima.texto + " ".join(tecnica.ultima.rotulos)
