"""A pré-inscrição de verdade pelo chat web: servidor aiohttp real, motor real, SQLite real.

A pessoa usa a API como a página usa: começa com o comando `start`, toca botões (manda o
valor do botão), escreve respostas e guarda o token de sessão para continuar depois.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from armazenamento.modelos import PreInscricao
from bot.servidor import criar_app_http
from fluxos.montagem import criar_motor_de_conversa
from mensagens.catalogo import texto
from tests.dados import semear_programa

AGORA = datetime(2027, 1, 10, 15, 0, tzinfo=UTC)  # domingo, 10 de janeiro, 12h em Bauru
CPF = "529.982.247-25"
OUTRO_CPF = "111.444.777-35"
PERGUNTA_NOME = texto("preinscricao.nome.pergunta")
PERGUNTA_NOME_SOCIAL = texto("preinscricao.nome_social.pergunta")
PERGUNTA_TELEFONE = texto("preinscricao.telefone.pergunta")
BOTOES_AVISO = ["Entendi, continuar", "Saber mais", "Agora não"]

Cliente = TestClient[web.Request, web.Application]
Sessoes = async_sessionmaker[AsyncSession]
Mensagem = dict[str, Any]


@dataclass
class PessoaWeb:
    """Uma aba do navegador: guarda o token de sessão e o que o assistente respondeu."""

    cliente: Cliente
    sessao: str | None = None
    ouvidas: list[Mensagem] = field(default_factory=list)
    equipe: bool | None = None  # a API diz se a sessão é da equipe (o título da página)

    async def pede(self, **pedido: str) -> list[Mensagem]:
        resp = await self.cliente.post("/api/conversa", json={"sessao": self.sessao, **pedido})
        assert resp.status == 200, await resp.text()
        assert resp.content_type == "application/json"
        dados = await resp.json()
        self.sessao, self.equipe = dados["sessao"], dados["equipe"]
        mensagens: list[Mensagem] = dados["mensagens"]
        self.ouvidas.extend(mensagens)
        return mensagens

    async def comeca(self) -> list[Mensagem]:
        return await self.pede(tipo="comando", comando="start")

    async def diz(self, escrito: str) -> list[Mensagem]:
        return await self.pede(tipo="texto", texto=escrito)

    async def toca(self, rotulo: str) -> list[Mensagem]:
        for botao in self.ultima["botoes"]:
            if botao["rotulo"] == rotulo:
                return await self.pede(tipo="botao", valor=botao["valor"])
        raise AssertionError(f"não há botão {rotulo!r} em {self.rotulos}")

    @property
    def ultima(self) -> Mensagem:
        return self.ouvidas[-1]

    @property
    def rotulos(self) -> list[str]:
        return [b["rotulo"] for b in self.ultima["botoes"]]


@pytest.fixture
async def cliente(sessoes: Sessoes, motor_banco: AsyncEngine) -> AsyncIterator[Cliente]:
    await semear_programa(sessoes, AGORA.date())
    app = criar_app_http(
        criar_motor_de_conversa(sessoes.kw["bind"], relogio=lambda: AGORA), motor_banco
    )
    async with TestClient(TestServer(app)) as c:
        yield c


async def preinscricoes(sessoes: Sessoes) -> list[PreInscricao]:
    async with sessoes() as s:
        return list(await s.scalars(select(PreInscricao).order_by(PreInscricao.id)))


async def ate_o_nome(p: PessoaWeb) -> None:
    await p.comeca()
    await p.toca("Entendi, continuar")


async def do_nome_ao_resumo(p: PessoaWeb, nome: str, cpf: str = CPF) -> None:
    await p.diz(nome)
    await p.toca("Não uso")
    await p.diz("3/2/08")
    await p.diz(cpf)
    await p.diz("(14) 99123-4567")
    await p.diz("jardim europa")
    await p.toca("Pular")
    await p.toca("Confeitaria")
    await p.toca("Só esse")
    await p.diz("manhã")  # digitar o rótulo vale como tocar
    await p.toca("Médio completo")


async def test_preinscricao_inteira_pelo_chat_web(cliente: Cliente, sessoes: Sessoes) -> None:
    maria = PessoaWeb(cliente)
    [aviso] = await maria.comeca()
    assert aviso["texto"].startswith("Olá! Aqui você faz a pré-inscrição")
    assert maria.rotulos == BOTOES_AVISO
    assert await maria.toca("Entendi, continuar") == [{"texto": PERGUNTA_NOME, "botoes": []}]
    await maria.diz("Maria Aparecida da Silva")
    assert maria.ultima["texto"] == PERGUNTA_NOME_SOCIAL
    await maria.toca("Não uso")
    [nascimento] = await maria.diz("3/2/08")
    assert nascimento["texto"].startswith("Anotei: 3 de fevereiro de 2008.")

    [telefone] = await maria.diz(CPF)
    # Na web não há botão de compartilhar: a pergunta pede para escrever, com DDD.
    assert telefone == {"texto": PERGUNTA_TELEFONE, "botoes": []}
    assert "DDD" in telefone["texto"] and "(14) 99123-4567" in telefone["texto"]
    assert texto("telegram.contato.botao") not in telefone["texto"]
    [bairro] = await maria.diz("(14) 99123-4567")
    assert bairro["texto"] == "Anotei: (14) 99123-4567.\n\n" + texto("preinscricao.bairro.pergunta")

    await maria.diz("jardim europa")
    assert maria.ultima["texto"].startswith("Anotei: Jardim Europa, atendido pelo CRAS")
    await maria.toca("Pular")
    assert maria.rotulos == ["Confeitaria", "Corte e costura", "Informática básica"]
    await maria.toca("Confeitaria")
    await maria.toca("Só esse")
    await maria.diz("manhã")
    await maria.toca("Médio completo")
    resumo = maria.ultima["texto"]
    assert "Telefone: (14) 99123-4567" in resumo and "Turno: Manhã" in resumo
    assert maria.rotulos == ["Confirmar", "Corrigir"]

    pronto, _alcance = await maria.toca("Confirmar")  # a 2ª: como receber os avisos
    assert pronto["texto"].startswith("Pronto! Sua pré-inscrição foi feita. Número: 2027-000001.")
    [pre] = await preinscricoes(sessoes)
    assert (pre.id, pre.telefone, pre.turno, pre.canal) == (
        1,
        "14991234567",
        "manha",
        "web",
    )
    assert pre.chat_id == maria.sessao


async def test_recarregar_no_meio_continua_de_onde_parou(
    cliente: Cliente, sessoes: Sessoes
) -> None:
    maria = PessoaWeb(cliente)
    await ate_o_nome(maria)
    await maria.diz("Maria Aparecida da Silva")
    await maria.toca("Não uso")
    sessao = maria.sessao

    recarregada = PessoaWeb(cliente, sessao=sessao)  # a página guardou o token
    [volta] = await recarregada.comeca()

    assert volta["texto"] == (
        f"{texto('comum.continuar')}\n\n{texto('preinscricao.nascimento.pergunta')}"
    )
    await recarregada.diz("03/02/2008")
    await recarregada.diz(CPF)
    assert recarregada.ultima["texto"] == PERGUNTA_TELEFONE
    await recarregada.diz("14991234567")
    await recarregada.diz("Jardim Europa")
    for rotulo in ("Pular", "Confeitaria", "Só esse", "Manhã", "Médio completo"):
        await recarregada.toca(rotulo)
    assert "Nome: Maria Aparecida da Silva" in recarregada.ultima["texto"]
    await recarregada.toca("Confirmar")
    assert recarregada.sessao == sessao
    assert [p.chat_id for p in await preinscricoes(sessoes)] == [sessao]


async def test_segunda_sessao_e_independente(cliente: Cliente, sessoes: Sessoes) -> None:
    ana, bia = PessoaWeb(cliente), PessoaWeb(cliente)
    await ate_o_nome(ana)

    await bia.comeca()  # outra pessoa no mesmo site: começa do aviso, não do passo da Ana
    assert bia.sessao != ana.sessao
    assert bia.rotulos == BOTOES_AVISO
    await do_nome_ao_resumo(ana, "Ana Paula Souza")
    await bia.toca("Entendi, continuar")
    assert bia.ultima["texto"] == PERGUNTA_NOME
    await do_nome_ao_resumo(bia, "Beatriz Lima", cpf=OUTRO_CPF)

    assert "Nome: Ana Paula Souza" in ana.ultima["texto"]
    assert "Nome: Beatriz Lima" in bia.ultima["texto"]
    await bia.toca("Confirmar")
    await ana.toca("Confirmar")
    assert "Número: 2027-000001." in bia.ouvidas[-2]["texto"]  # a última: como receber avisos
    assert "Número: 2027-000002." in ana.ouvidas[-2]["texto"]
    assert [(p.nome, p.chat_id) for p in await preinscricoes(sessoes)] == [
        ("Beatriz Lima", bia.sessao),
        ("Ana Paula Souza", ana.sessao),
    ]


async def test_html_no_nome_e_recusado_e_volta_como_texto(cliente: Cliente) -> None:
    maria = PessoaWeb(cliente)
    await ate_o_nome(maria)
    ataque = '<script>alert("x")</script><img src=x onerror=alert(1)>'

    resp = await cliente.post(
        "/api/conversa", json={"sessao": maria.sessao, "tipo": "texto", "texto": ataque}
    )

    assert resp.status == 200
    assert resp.content_type == "application/json"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"  # o navegador não adivinha HTML
    corpo = await resp.text()
    assert "<script" not in corpo and "<img" not in corpo  # nada do ataque é ecoado
    [erro] = (await resp.json())["mensagens"]
    assert erro == {"texto": f"{texto('preinscricao.nome.erro')}\n\n{PERGUNTA_NOME}", "botoes": []}
    await maria.diz("Maria Aparecida da Silva")  # a pergunta continua a mesma
    assert maria.ultima["texto"] == PERGUNTA_NOME_SOCIAL
