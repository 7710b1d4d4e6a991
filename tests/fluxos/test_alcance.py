"""Quem se inscreveu pelo site continua alcançável (issue 8, item 1), como conversa.

- a redação é por canal: nunca "por aqui" num canal que não entrega depois (tabela canal ×
  mensagem);
- o link de uso único liga uma conversa do Telegram à pré-inscrição: dois resgates ao
  mesmo tempo, um só vence (também no PostgreSQL);
- token usado, vencido ou forjado não muda nada.
"""

from __future__ import annotations

import asyncio
import re
from types import MappingProxyType

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from armazenamento import codigos_vinculo
from armazenamento.banco import transacao
from armazenamento.modelos import PreInscricao
from fluxos.ajustes import Ajustes
from fluxos.montagem import criar_motor_de_conversa
from fluxos.motor import Motor
from mensagens.catalogo import texto
from tests.conversa import Conversa
from tests.dados import semear_programa
from tests.fluxos.conftest import AGORA

Sessoes = async_sessionmaker[AsyncSession]
LINKS = MappingProxyType({"telegram": "https://t.me/bot_teste?start={token}"})
LINK = re.compile(r"https://t\.me/bot_teste\?start=([A-Za-z0-9_-]+)")
CPF = "529.982.247-25"


@pytest.fixture
async def motor(sessoes: Sessoes) -> Motor:
    await semear_programa(sessoes, AGORA.date())
    ajustes = Ajustes(links_de_canal=LINKS)
    return criar_motor_de_conversa(sessoes.kw["bind"], relogio=lambda: AGORA, ajustes=ajustes)


async def inscrever(p: Conversa, telefone: str = "(14) 99123-4567") -> list[str]:
    """A pré-inscrição inteira; devolve os textos do fim (depois do "Confirmar")."""
    await p.comando("start")
    await p.toca("Entendi, continuar")
    await p.diz("Maria Aparecida da Silva")
    await p.toca("Não uso")
    await p.diz("03/02/2008")
    await p.diz(CPF)
    if p.canal == "telegram":  # no Telegram, pelo botão de compartilhar
        await p.envia_contato(telefone.replace("(", "").replace(")", ""))
    else:
        await p.diz(telefone)
    await p.diz("jardim europa")
    for rotulo in ("Pular", "Confeitaria", "Só esse", "Manhã", "Médio completo"):
        await p.toca(rotulo)
    return [s.texto for s in await p.toca("Confirmar")]


def token_em(mensagem: str) -> str:
    achado = LINK.search(mensagem)
    assert achado, mensagem
    return achado.group(1)


async def destino(motor: Motor) -> tuple[str, str]:
    async with transacao(motor.banco) as c:
        linha = (await c.execute(sa.select(PreInscricao.canal, PreInscricao.chat_id))).one()  # type: ignore[call-overload]
    return (linha.canal, linha.chat_id)


# ----- redação por canal ------------------------------------------------------------


@pytest.mark.parametrize(
    ("canal", "promete", "oferece_link"),
    [
        ("telegram", True, False),  # entrega depois: "chama você por aqui" é verdade
        ("whatsapp", True, False),
        ("web", False, True),  # o chat do site não manda nada depois que a aba fecha
        ("terminal", False, True),
    ],
)
async def test_r3_fim_da_preinscricao_por_canal(
    motor: Motor, canal: str, promete: bool, oferece_link: bool
) -> None:
    fim = await inscrever(Conversa(motor, chat_id="501", canal=canal))

    tudo = "\n".join(fim)
    assert fim[0].startswith("Pronto! Sua pré-inscrição foi feita. Número: 2027-000001.")
    assert ("por aqui" in tudo) is promete
    assert (LINK.search(tudo) is not None) is oferece_link
    assert len(fim) == (2 if oferece_link else 1)  # a oferta vem em UMA mensagem
    if oferece_link:
        assert "a instituição do curso vai ligar para (14) *****-4567" in fim[1]


@pytest.mark.parametrize(
    ("telefone", "senao"),
    [
        ("(14) 99123-4567", texto("alcance.senao.ligar", telefone="(14) *****-4567")),
        ("(14) 3222-1234", texto("alcance.senao.ligar", telefone="(14) ****-1234")),
    ],
)
async def test_r3_diz_para_qual_telefone_a_instituicao_liga(
    motor: Motor, telefone: str, senao: str
) -> None:
    fim = await inscrever(Conversa(motor, chat_id="502", canal="web"), telefone)
    assert fim[1].endswith(senao)


async def test_sem_telefone_e_sem_link_manda_procurar_o_cras(sessoes: Sessoes) -> None:
    """A pré-inscrição assistida sem telefone, ligada depois a um chat do site."""
    await semear_programa(sessoes, AGORA.date())
    motor = criar_motor_de_conversa(sessoes.kw["bind"], relogio=lambda: AGORA)
    async with transacao(motor.banco) as c:
        primeiro = {
            t: (await c.execute(sa.text(f"SELECT min(id) FROM {t}"))).scalar_one()
            for t in ("ciclo", "cras", "curso")
        }
        feita = await c.execute(
            sa.insert(PreInscricao).values(  # a equipe fez, sem telefone e sem conversa
                ciclo_id=primeiro["ciclo"],
                nome="Ana",
                nascimento=AGORA.date().replace(year=1990),
                cpf="52998224725",
                telefone="",
                cras_id=primeiro["cras"],
                curso1_id=primeiro["curso"],
                turno="tarde",
                escolaridade="medio_completo",
                aviso_versao="1",
                criada_em=AGORA,
            )
        )
        # e entregou o código de vínculo (R3)
        codigo = (await codigos_vinculo.gerar(c, feita.inserted_primary_key[0], None, AGORA)).codigo
    web = Conversa(motor, chat_id="503", canal="web")
    await web.comando("vincular")
    await web.diz(codigo)
    await web.diz("10/01/1990")
    assert [s.texto for s in web.ouvidas[-3:]][::2] == [
        texto("alcance.vinculo.pronto_sem_aviso"),
        texto("alcance.sem_link.procurar"),
    ]


# ----- o link ----------------------------------------------------------------------


async def test_dois_resgates_ao_mesmo_tempo_so_um_vence(motor: Motor) -> None:
    fim = await inscrever(Conversa(motor, chat_id="sessao-web", canal="web"))
    token = token_em(fim[1])
    celulares = [Conversa(motor, chat_id=str(800 + i), canal="telegram") for i in range(4)]

    respostas = await asyncio.gather(*(c.comando("start", token) for c in celulares))

    textos = [r[0].texto for r in respostas]
    pronto = texto("alcance.resgate.pronto", protocolo="2027-000001")
    assert textos.count(pronto) == 1
    assert textos.count(texto("alcance.resgate.usado")) == 3
    vencedor = celulares[textos.index(pronto)]
    assert await destino(motor) == ("telegram", vencedor.chat_id)


async def test_link_do_site_nao_vale_no_proprio_site(motor: Motor) -> None:
    """O link é para o Telegram: aberto de volta no chat do site, nada muda."""
    site = Conversa(motor, chat_id="sessao-web", canal="web")
    token = token_em((await inscrever(site))[1])
    [resposta] = await Conversa(motor, chat_id="outra-aba", canal="web").comando("start", token)
    assert resposta.texto == texto("alcance.resgate.invalido")
    assert await destino(motor) == ("web", "sessao-web")


@pytest.mark.parametrize(
    "lixo",
    ["pi-", "pi-" + "x" * 60, "pi-😀😀", "pi-' OR 1=1 --"],
)
async def test_token_forjado_de_qualquer_forma_nao_muda_nada(motor: Motor, lixo: str) -> None:
    await inscrever(Conversa(motor, chat_id="sessao-web", canal="web"))
    celular = Conversa(motor, chat_id="900", canal="telegram")
    [resposta] = await celular.comando("start", lixo)
    assert resposta.texto == texto("alcance.resgate.invalido")
    assert await destino(motor) == ("web", "sessao-web")


async def test_link_novo_da_situacao_vence_os_antigos_quando_um_e_usado(motor: Motor) -> None:
    site = Conversa(motor, chat_id="sessao-web", canal="web")
    primeiro = token_em((await inscrever(site))[1])
    segundo = token_em((await site.diz("situação"))[0].texto)
    assert primeiro != segundo

    await Conversa(motor, chat_id="801", canal="telegram").comando("start", segundo)
    [resposta] = await Conversa(motor, chat_id="802", canal="telegram").comando("start", primeiro)

    assert resposta.texto == texto("alcance.resgate.usado")
    assert await destino(motor) == ("telegram", "801")


async def test_segundo_link_tocado_no_chat_ja_ligado_diz_que_esta_tudo_certo(
    motor: Motor,
) -> None:
    """Usar um link vence os outros da mesma pré-inscrição (de propósito); o texto diz a
    verdade: no Telegram já ligado, está tudo certo; em outro, o link não vale mais."""
    site = Conversa(motor, chat_id="sessao-web", canal="web")
    await inscrever(site)
    primeiro = token_em((await site.diz("situação"))[0].texto)
    segundo = token_em((await site.diz("situação"))[0].texto)
    celular = Conversa(motor, chat_id="801", canal="telegram")
    await celular.comando("start", primeiro)

    [aqui] = await celular.comando("start", segundo)
    [outro] = await Conversa(motor, chat_id="802", canal="telegram").comando("start", segundo)

    assert aqui.texto == texto("situacao.resgate.ja_aqui", protocolo="2027-000001")
    assert outro.texto == texto("alcance.resgate.usado")
    assert outro.texto.startswith("Esse link não vale mais. Nada mudou.")
    assert await destino(motor) == ("telegram", "801")


@pytest.mark.parametrize(
    "pedido",
    [
        "situação",
        "Situação",
        "minha situação",
        "situacao",
        "sitaucao",
        "status",
        "como está minha inscrição?",
        "ver minha inscrição",
        "oi",
    ],
)
async def test_situacao_pedida_de_qualquer_jeito_no_site_traz_o_link(
    motor: Motor, pedido: str
) -> None:
    site = Conversa(motor, chat_id="sessao-web", canal="web")
    await inscrever(site)
    [situacao] = await site.diz(pedido)
    assert situacao.texto.startswith("Pré-inscrição 2027-000001")
    assert LINK.search(situacao.texto) is not None


@pytest.mark.parametrize(("pedido", "mostra"), [("sitaucao", True), ("Maria Silva", False)])
async def test_situacao_com_erro_de_digitacao_no_telegram(
    motor: Motor, pedido: str, mostra: bool
) -> None:
    """Quem ainda não tem pré-inscrição e pede a situação ouve que não tem; um nome solto
    continua começando a pré-inscrição."""
    celular = Conversa(motor, chat_id="803", canal="telegram")
    [resposta, *_] = await celular.diz(pedido)
    assert (resposta.texto == texto("cidadao.status.nenhuma")) is mostra
