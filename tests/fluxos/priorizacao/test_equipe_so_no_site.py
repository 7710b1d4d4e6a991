"""Quem da equipe entrou pelo chat do site é equipe como qualquer outro (issue 8, item 1).

O que a CRAS ouve ao enviar a lista depende de a OSC ter alguém (em qualquer canal) e de
esse alguém receber aviso pela fila (Telegram) ou não (chat do site: vê a lista em
"Listas dos CRAS"). Quem entra pelo site ouve onde olhar, nunca "chegam por aqui".
"""

from __future__ import annotations

import pytest

from mensagens.catalogo import texto
from tests.conversa import Conversa
from tests.fluxos.priorizacao.conftest import (
    Entrar,
    Relogio,
    Semente,
    abrir_planilha,
    aprovar_e_enviar,
    envios,
)


@pytest.mark.parametrize(
    ("canais_da_aurora", "chave", "avisos"),
    [
        ((), "priorizacao.envio.osc_sem_ninguem", 0),
        (("web",), "alcance.envio.osc_so_no_site", 0),
        (("web", "web"), "alcance.envio.osc_so_no_site", 0),
        (("telegram",), "priorizacao.envio.osc_avisada", 1),
        (("web", "telegram"), "priorizacao.envio.osc_avisada", 1),
    ],
)
async def test_r4_cras_ouve_a_verdade_sobre_a_equipe_da_osc(
    tecnica_europa: Conversa,
    semente: Semente,
    relogio: Relogio,
    entrar: Entrar,
    canais_da_aurora: tuple[str, ...],
    chave: str,
    avisos: int,
) -> None:
    for i, canal in enumerate(canais_da_aurora):
        await entrar("osc", f"80{i}", canal=canal, osc_id=semente.osc["Aurora"])
    relogio.fechar()

    feito = (await aprovar_e_enviar(tecnica_europa, semente.cras["Europa"]))[-1].texto

    assert texto(chave, osc="Instituto Aurora", pessoas="2 pessoas") in feito
    if chave != "priorizacao.envio.osc_sem_ninguem":
        assert "Instituto Aurora ainda não tem ninguém" not in feito
    fila = await envios(tecnica_europa.motor.banco)
    no_telegram = [f"80{i}" for i, canal in enumerate(canais_da_aurora) if canal == "telegram"]
    assert [chat for _, chat, _, _ in fila] == no_telegram  # nada parado na fila do site
    assert len(no_telegram) == avisos


async def test_tecnica_da_osc_no_site_ve_a_lista_em_listas_dos_cras(
    tecnica_europa: Conversa, semente: Semente, relogio: Relogio, entrar: Entrar
) -> None:
    tecnica = await entrar("osc", "sessao-web", canal="web", osc_id=semente.osc["Aurora"])
    boas_vindas = tecnica.ouvidas[0].texto
    assert "por aqui" not in boas_vindas
    assert boas_vindas.endswith(
        texto("alcance.equipe.sem_aviso.osc") + " " + texto("alcance.equipe.sem_aviso.alertas")
    )
    relogio.fechar()
    await aprovar_e_enviar(tecnica_europa, semente.cras["Europa"])

    await tecnica.comando("menu")  # semanas depois: a tela antiga da equipe venceu
    lista, planilha = await tecnica.toca("Listas dos CRAS")

    assert "CRAS Jardim Europa: 2 pessoas." in lista.texto
    assert planilha.anexo is not None
    assert len(abrir_planilha(planilha.anexo.dados)) == 2


@pytest.mark.parametrize(
    ("canal", "promete"),
    [("telegram", True), ("web", False), ("terminal", False)],
)
async def test_boas_vindas_da_equipe_por_canal(
    entrar: Entrar, semente: Semente, canal: str, promete: bool
) -> None:
    tecnica = await entrar("cras", "777", canal=canal, cras_id=semente.cras["Europa"])
    assert ("Este chat não recebe avisos" in tecnica.ouvidas[0].texto) is not promete
