"""Quem a pessoa é no chat web não depende da conversa (ARQUITETURA §2, R24).

"Começar de novo" é o `cancelar` na mesma sessão (o papel da equipe, ligado à sessão,
fica); a página reaberta manda `retomar` e recebe de volta a pergunta pendente com os
botões que valem (uma tela da equipe também); o título da página muda para a equipe; o
`/favicon.ico` existe. Servidor aiohttp de verdade, motor de verdade, SQLite de verdade.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col

from armazenamento.banco import transacao
from armazenamento.equipe import Escopo, acesso_de, criar_convite, revogar
from armazenamento.modelos import PreInscricao
from bot.servidor import criar_app_http
from bot.sessao_web import SessoesWeb
from bot.webchat import PASTA_WEB
from fluxos.montagem import criar_motor_de_conversa
from mensagens.catalogo import texto
from tests.bot.test_webchat_preinscricao import PessoaWeb
from tests.fluxos.priorizacao.conftest import (  # noqa: F401  (as fixtures da priorização)
    AGORA,
    Relogio,
    Semente,
    relogio,
    semente,
)

Cliente = TestClient[web.Request, web.Application]
Mensagem = dict[str, Any]
MENU_CRAS = [
    texto("equipe.botao.priorizar"),
    texto("equipe.botao.preinscrever"),
    texto("equipe.botao.alertas"),
    texto("equipe.botao.desistentes"),  # R19: as do seu território
    texto("equipe.botao.atendimentos"),
    texto("equipe.botao.buscar"),
]


@dataclass
class Aba(PessoaWeb):
    """Uma aba do navegador como o chat.js a usa: guarda a sessão e o que ouviu."""

    async def abre(self, convite: str = "") -> list[Mensagem]:
        """O pedido que a página faz ao abrir (chat.js): `retomar` com sessão guardada."""
        if convite:
            return await self.pede(tipo="comando", comando="start", texto=convite)
        return await self.pede(tipo="comando", comando="retomar" if self.sessao else "start")

    async def comeca_de_novo(self) -> list[Mensagem]:
        """O botão "Começar de novo": `cancelar` pela mesma sessão. Se o assistente pede
        confirmação antes de apagar respostas, a pessoa confirma (o 1º botão, "Sim")."""
        saidas = await self.pede(tipo="comando", comando="cancelar")
        if self.ultima["botoes"]:
            saidas = await self.pede(tipo="botao", valor=self.ultima["botoes"][0]["valor"])
        return saidas


@pytest.fixture
async def cliente(
    motor_banco: AsyncEngine, semente: Semente, relogio: Relogio
) -> AsyncIterator[Cliente]:
    app = criar_app_http(criar_motor_de_conversa(motor_banco, relogio=relogio), motor_banco)
    async with TestClient(TestServer(app)) as c:
        yield c


@pytest.fixture
async def tecnica(cliente: Cliente, motor_banco: AsyncEngine, semente: Semente) -> Aba:
    """Técnica do CRAS Jardim Europa que entrou pelo link do convite na página."""
    async with transacao(motor_banco) as conexao:
        escopo = Escopo("cras", cras_id=semente.cras["Europa"])
        convite = await criar_convite(conexao, escopo, AGORA, timedelta(days=90))
    aba = Aba(cliente)
    [pronto, menu] = await aba.abre(convite.token)
    assert pronto["texto"].startswith("Pronto!")
    assert [b["rotulo"] for b in menu["botoes"]] == MENU_CRAS
    return aba


async def papeis(banco: AsyncEngine, sessao: str | None) -> frozenset[str]:
    async with transacao(banco) as conexao:
        return (await acesso_de(conexao, "web", sessao or "")).papeis


# ----- "Começar de novo" nunca muda quem a pessoa é ------------------------------------


@pytest.mark.parametrize(
    "onde",
    ["no_menu", "na_lista_da_priorizacao", "no_meio_da_preinscricao_assistida"],
)
async def test_r24_comecar_de_novo_mantem_o_papel_da_equipe(
    tecnica: Aba, motor_banco: AsyncEngine, onde: str
) -> None:
    sessao = tecnica.sessao
    if onde == "na_lista_da_priorizacao":
        await tecnica.toca(texto("equipe.botao.priorizar"))
        await tecnica.toca(texto("priorizacao.botao.lista"))
    elif onde == "no_meio_da_preinscricao_assistida":
        await tecnica.toca(texto("equipe.botao.preinscrever"))
        await tecnica.toca(tecnica.rotulos[0])  # a pessoa concorda com o aviso
        await tecnica.pede(tipo="texto", texto="Maria da Silva")

    await tecnica.comeca_de_novo()

    assert tecnica.sessao == sessao
    assert tecnica.equipe is True
    assert await papeis(motor_banco, sessao) == {"cras"}
    [menu] = await tecnica.pede(tipo="comando", comando="menu")
    assert [b["rotulo"] for b in menu["botoes"]] == MENU_CRAS
    # e a página reaberta depois disso continua da equipe
    await tecnica.abre()
    assert tecnica.equipe is True
    assert tecnica.rotulos == MENU_CRAS


async def test_comecar_de_novo_apaga_as_respostas_do_cidadao_e_a_sessao_fica(
    cliente: Cliente,
) -> None:
    cidada = Aba(cliente)
    await cidada.abre()
    sessao = cidada.sessao
    await cidada.toca("Entendi, continuar")
    await cidada.pede(tipo="texto", texto="Maria da Silva")

    await cidada.comeca_de_novo()
    [volta] = await cidada.abre()

    assert cidada.sessao == sessao
    assert cidada.equipe is False
    assert texto("preinscricao.nome.pergunta") not in volta["texto"]  # o nome foi apagado


# ----- recarregar a página devolve a pergunta pendente -----------------------------------


async def test_recarregar_na_lista_da_priorizacao_devolve_a_lista_com_os_botoes(
    tecnica: Aba,
) -> None:
    await tecnica.toca(texto("equipe.botao.priorizar"))
    [lista] = await tecnica.toca(texto("priorizacao.botao.lista"))
    assert any(r.startswith("Pôr de lado") for r in tecnica.rotulos)

    [de_volta] = await tecnica.abre()

    assert de_volta == lista  # o mesmo texto e os mesmos botões, que continuam valendo
    [pergunta] = await tecnica.toca(tecnica.rotulos[0])  # "Pôr de lado 1"
    assert not pergunta["texto"].startswith(texto("comum.mensagem_antiga"))
    assert pergunta["botoes"]


async def test_recarregar_no_meio_da_preinscricao_assistida_repete_a_pergunta(
    tecnica: Aba,
) -> None:
    # a 1ª pergunta: o aviso lido para a pessoa
    [aviso] = await tecnica.toca(texto("equipe.botao.preinscrever"))

    [de_volta] = await tecnica.abre()

    assert de_volta["texto"] == f"{texto('comum.continuar')}\n\n{aviso['texto']}"
    assert [b["rotulo"] for b in de_volta["botoes"]] == [b["rotulo"] for b in aviso["botoes"]]
    await tecnica.toca(tecnica.rotulos[0])  # os botões da página reaberta valem
    assert not tecnica.ultima["texto"].startswith(texto("comum.mensagem_antiga"))


async def test_recarregar_no_meio_da_preinscricao_do_cidadao_repete_a_pergunta(
    cliente: Cliente,
) -> None:
    cidada = Aba(cliente)
    await cidada.abre()
    [nome] = await cidada.toca("Entendi, continuar")

    [de_volta] = await cidada.abre()

    assert de_volta["texto"] == f"{texto('comum.continuar')}\n\n{nome['texto']}"
    [social] = await cidada.pede(tipo="texto", texto="Maria da Silva")
    assert social["texto"].startswith(texto("preinscricao.nome_social.pergunta")[:20])


async def test_tela_da_equipe_esquecida_por_mais_de_30_dias_volta_ao_menu(
    tecnica: Aba, relogio: Relogio, motor_banco: AsyncEngine
) -> None:
    """Uma lista com nomes não fica guardada na conversa para sempre; o papel fica."""
    await tecnica.toca(texto("equipe.botao.priorizar"))
    await tecnica.toca(texto("priorizacao.botao.lista"))
    relogio.agora += timedelta(days=31)

    [menu] = await tecnica.abre()

    assert [b["rotulo"] for b in menu["botoes"]] == MENU_CRAS
    assert await papeis(motor_banco, tecnica.sessao) == {"cras"}


async def test_r24_papel_revogado_nao_ve_de_novo_a_tela_da_equipe(
    tecnica: Aba, motor_banco: AsyncEngine
) -> None:
    await tecnica.toca(texto("equipe.botao.priorizar"))
    [lista] = await tecnica.toca(texto("priorizacao.botao.lista"))
    async with transacao(motor_banco) as conexao:
        [vinculo] = (await acesso_de(conexao, "web", tecnica.sessao or "")).vinculos
        await revogar(conexao, vinculo.id, AGORA)

    [volta] = await tecnica.abre()

    assert tecnica.equipe is False
    assert volta != lista
    assert "Ana" not in volta["texto"] and "Bruno" not in volta["texto"]


async def test_cidadao_fora_de_fluxo_reabre_com_a_situacao_de_agora(
    cliente: Cliente, motor_banco: AsyncEngine, semente: Semente
) -> None:
    """Uma tela antiga do cidadão (ex.: a situação de dias atrás) não é repetida: a página
    reaberta mostra o começo de sempre, com a situação e as convocações de agora."""
    ana = Aba(cliente, sessao=await SessoesWeb(motor_banco).emitir())  # emitida, ainda sem uso
    async with transacao(motor_banco) as conexao:
        await conexao.execute(
            sa.update(PreInscricao)
            .where(col(PreInscricao.id) == semente.pre["Ana"])
            .values(canal="web", chat_id=ana.sessao)
        )
    [inicio] = await ana.abre()
    [situacao] = await ana.pede(tipo="comando", comando="menu")

    [volta] = await ana.abre()

    assert volta["texto"] == inicio["texto"]
    assert volta != situacao


async def test_retomar_sem_conversa_guardada_comeca(
    cliente: Cliente, motor_banco: AsyncEngine
) -> None:
    """Sessão emitida pelo servidor e sem conversa guardada: é um visitante novo."""
    aba = Aba(cliente, sessao=await SessoesWeb(motor_banco).emitir())

    [inicio] = await aba.abre()

    assert aba.rotulos == ["Entendi, continuar", "Saber mais", "Agora não"]
    assert aba.equipe is False
    assert inicio["texto"]


# ----- a página: título da equipe e favicon ---------------------------------------------


async def test_resposta_diz_se_a_sessao_e_da_equipe_e_a_pagina_tem_os_dois_titulos(
    cliente: Cliente, tecnica: Aba
) -> None:
    cidada = Aba(cliente)
    await cidada.abre()
    assert (cidada.equipe, tecnica.equipe) == (False, True)

    pagina = await (await cliente.get("/")).text()
    bruto = re.search(r'<script type="application/json" id="textos">(.*?)</script>', pagina)
    assert bruto is not None
    textos = json.loads(bruto.group(1))
    assert textos["subtitulo"] == texto("web.pagina.subtitulo")
    assert textos["titulo_equipe"] == texto("web.pagina.titulo_equipe")
    assert "pré-inscrição" not in textos["subtitulo_equipe"].lower()
    assert "pré-inscrição" not in textos["titulo_equipe"].lower()
    assert 'id="subtitulo"' in pagina


async def test_favicon_existe_e_vai_na_pagina_sem_pedido_a_mais(cliente: Cliente) -> None:
    icone = (PASTA_WEB / "favicon.ico").read_bytes()

    resp = await cliente.get("/favicon.ico")

    assert resp.status == 200
    assert resp.content_type == "image/x-icon"
    assert await resp.read() == icone
    assert icone[:4] == b"\x00\x00\x01\x00" and len(icone) < 1024  # ICO de verdade, pequeno
    pagina = await (await cliente.get("/")).text()
    dados = base64.b64encode(icone).decode()
    assert f'<link rel="icon" href="data:image/x-icon;base64,{dados}">' in pagina
