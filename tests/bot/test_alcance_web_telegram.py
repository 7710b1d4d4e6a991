"""Quem se inscreveu no chat do site continua alcançável (issue 8, item 1).

De ponta a ponta: a pré-inscrição pelo chat web (servidor aiohttp real) termina com UMA
mensagem com o link `t.me/<bot>?start=<token>`; a pessoa toca o link no Telegram
(Application real do PTB sobre a Bot API falsa) e a convocação seguinte chega lá, pela
fila de envio. Link usado, vencido ou forjado: mensagem clara, nada muda.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from types import MappingProxyType

import pytest
import sqlalchemy as sa
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from telegram.ext import Application

from armazenamento.banco import transacao
from armazenamento.convocacoes import travar_turma
from armazenamento.equipe import Escopo, criar_convite
from armazenamento.modelos import Encaminhamento, Osc, PreInscricao, Priorizacao, VinculoCanal
from bot.despachante import Despachante
from bot.servidor import criar_app_http
from fluxos.ajustes import Ajustes
from fluxos.convocacao.acoes import convocar
from fluxos.montagem import criar_motor_de_conversa
from mensagens.catalogo import texto
from tests.bot.canais_de_conversa import abrir_telegram
from tests.bot.pessoa_telegram import PessoaTelegram
from tests.bot.test_webchat_preinscricao import Cliente, PessoaWeb, ate_o_nome, do_nome_ao_resumo
from tests.dados import semear_programa
from tests.falsos.bot_api import FakeBotApi
from tests.fluxos.conftest import AGORA
from tests.fluxos.convocacao.conftest import Relogio, id_da_turma

Sessoes = async_sessionmaker[AsyncSession]
BOT = "inclusao_bauru_bot"
LINKS = MappingProxyType({"telegram": f"https://t.me/{BOT}?start={{token}}"})
LINK = re.compile(rf"https://t\.me/{BOT}\?start=([A-Za-z0-9_-]+)")
MARIA = 5_550_001
JOAO = 5_550_002


@dataclass
class Cena:
    web: Cliente
    app: Application
    api: FakeBotApi
    relogio: Relogio
    despachante: Despachante
    banco: AsyncEngine

    def no_telegram(self, chat: int) -> PessoaTelegram:
        return PessoaTelegram(self.app, self.api, chat)


@pytest.fixture
async def cena(sessoes: Sessoes) -> AsyncIterator[Cena]:
    await semear_programa(sessoes, AGORA.date())
    banco = sessoes.kw["bind"]
    relogio = Relogio()
    motor = criar_motor_de_conversa(banco, relogio=relogio, ajustes=Ajustes(links_de_canal=LINKS))
    async with (
        abrir_telegram(banco, lambda: motor, relogio) as tg,
        TestClient(TestServer(criar_app_http(motor, banco))) as web,
    ):
        assert tg.app is not None
        yield Cena(web, tg.app, tg.api, relogio, tg.despachante(relogio), banco)


async def _inscrever_no_site(cena: Cena, nome: str = "Maria Aparecida da Silva") -> PessoaWeb:
    maria = PessoaWeb(cena.web)
    await ate_o_nome(maria)
    await do_nome_ao_resumo(maria, nome)
    return maria


def _token(mensagem: str) -> str:
    achado = LINK.search(mensagem)
    assert achado, mensagem
    return achado.group(1)


async def _destino(banco: AsyncEngine) -> tuple[str, str]:
    async with transacao(banco) as c:
        linha = (await c.execute(sa.select(PreInscricao.canal, PreInscricao.chat_id))).one()  # type: ignore[call-overload]
        return (linha.canal, linha.chat_id)


async def _convocar_a_unica(cena: Cena) -> None:
    """O CRAS aprovou e encaminhou a pessoa à OSC; a OSC convoca para a turma T0."""
    turma_id = await id_da_turma(cena.banco)
    async with transacao(cena.banco) as c:
        colunas = (
            PreInscricao.id,
            PreInscricao.ciclo_id,
            PreInscricao.cras_id,
            PreInscricao.curso1_id,
        )
        pre = (await c.execute(sa.select(*colunas))).one()  # type: ignore[call-overload]
        osc = (await c.execute(sa.select(sa.func.min(Osc.id)))).scalar_one()
        priorizacao = (
            await c.execute(
                sa.insert(Priorizacao)
                .values(ciclo_id=pre.ciclo_id, cras_id=pre.cras_id, situacao="enviada")
                .returning(Priorizacao.id)  # type: ignore[arg-type]
            )
        ).scalar_one()
        await c.execute(
            sa.insert(Encaminhamento).values(
                priorizacao_id=priorizacao,
                preinscricao_id=pre.id,
                osc_id=osc,
                curso_id=pre.curso1_id,
                posicao=1,
                criado_em=AGORA,
            )
        )
        await c.execute(
            sa.update(PreInscricao).where(PreInscricao.id == pre.id).values(situacao="aprovada")  # type: ignore[arg-type]
        )
        turma = await travar_turma(c, turma_id)
        assert turma is not None
        feitas = await convocar(c, turma, 1, cena.relogio(), Ajustes(), None)
        assert len(feitas.ids) == 1


async def test_web_oferece_o_link_e_o_telegram_passa_a_receber_a_convocacao(cena: Cena) -> None:
    maria = await _inscrever_no_site(cena)
    pronto, oferta = await maria.toca("Confirmar")

    assert pronto["texto"].startswith("Pronto! Sua pré-inscrição foi feita. Número: 2027-000001.")
    assert "por aqui" not in pronto["texto"]
    assert "Telegram" in oferta["texto"] and "(14) *****-4567" in oferta["texto"]
    assert [b["rotulo"] for b in oferta["botoes"]] == [texto("cidadao.menu.botao_status")]
    token = _token(oferta["texto"])
    assert len(token) >= 22  # 128+ bits
    async with transacao(cena.banco) as c:
        guardado = (await c.execute(sa.select(VinculoCanal.hash_token))).scalar_one()  # type: ignore[call-overload]
    assert token not in guardado  # só o hash fica no banco

    celular = cena.no_telegram(MARIA)
    await celular.comando(f"/start {token}")
    assert celular.ultima.texto == texto("alcance.resgate.pronto", protocolo="2027-000001")
    assert await _destino(cena.banco) == ("telegram", str(MARIA))

    await _convocar_a_unica(cena)
    assert await cena.despachante.esvaziar() == 1
    chamada = celular.ultima
    assert chamada.texto.startswith("Boa notícia, Maria! Você foi chamado(a) para o curso")
    assert chamada.rotulos == ["Confirmo", "Não posso"]

    # no site, a situação continua visível e diz para onde vão os avisos
    situacao, *_convocacao = await maria.diz("situação")
    assert "2027-000001" in situacao["texto"]
    onde = texto("alcance.ja_ligada", canal=texto("alcance.nome_canal.telegram"))
    assert situacao["texto"].endswith(onde)
    assert "t.me" not in situacao["texto"]


async def test_situacao_no_site_oferece_um_link_novo(cena: Cena) -> None:
    maria = await _inscrever_no_site(cena)
    await maria.toca("Confirmar")
    [situacao] = await maria.diz("situação")  # UMA mensagem: a situação e o link
    assert "2027-000001" in situacao["texto"]
    token = _token(situacao["texto"])
    celular = cena.no_telegram(MARIA)
    await celular.comando(f"/start {token}")
    assert celular.ultima.texto == texto("alcance.resgate.pronto", protocolo="2027-000001")


@pytest.mark.parametrize(
    ("estrago", "chave"),
    [
        ("usado", "alcance.resgate.usado"),
        ("vencido", "alcance.resgate.expirado"),
        ("forjado", "alcance.resgate.invalido"),
    ],
)
async def test_link_usado_vencido_ou_forjado_nao_muda_nada(
    cena: Cena, estrago: str, chave: str
) -> None:
    maria = await _inscrever_no_site(cena)
    _, oferta = await maria.toca("Confirmar")
    token = _token(oferta["texto"])
    if estrago == "usado":
        await cena.no_telegram(MARIA).comando(f"/start {token}")
    elif estrago == "vencido":
        cena.relogio.andar(hours=72, seconds=1)
    else:
        token = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    antes = await _destino(cena.banco)

    joao = cena.no_telegram(JOAO)
    await joao.comando(f"/start {token}")

    assert joao.ultima.texto == texto(chave)
    assert await _destino(cena.banco) == antes
    assert antes[0] == ("telegram" if estrago == "usado" else "web")


async def test_convite_da_equipe_continua_chegando_pelo_start(cena: Cena) -> None:
    """O /start com o token do convite não é confundido com o link de avisos."""
    async with transacao(cena.banco) as c:
        osc = (await c.execute(sa.select(sa.func.min(Osc.id)))).scalar_one()
        convite = await criar_convite(c, Escopo("osc", osc_id=osc), AGORA)
    tecnica = cena.no_telegram(JOAO)
    await tecnica.comando(f"/start {convite.token}")
    assert tecnica.recebidas[0].texto.startswith("Pronto! Esta conversa agora é de técnico(a)")


async def test_chat_da_equipe_nao_fica_com_os_avisos_de_ninguem(cena: Cena) -> None:
    maria = await _inscrever_no_site(cena)
    _, oferta = await maria.toca("Confirmar")
    async with transacao(cena.banco) as c:
        osc = (await c.execute(sa.select(sa.func.min(Osc.id)))).scalar_one()
        convite = await criar_convite(c, Escopo("osc", osc_id=osc), AGORA)
    tecnica = cena.no_telegram(JOAO)
    await tecnica.comando(f"/start {convite.token}")
    await tecnica.comando(f"/start {_token(oferta['texto'])}")
    assert tecnica.ultima.texto == texto("alcance.resgate.na_equipe")
    assert (await _destino(cena.banco))[0] == "web"


async def test_sem_usuario_do_bot_configurado_nao_ha_link(sessoes: Sessoes) -> None:
    await semear_programa(sessoes, AGORA.date())
    banco = sessoes.kw["bind"]
    motor = criar_motor_de_conversa(banco, relogio=Relogio())
    async with TestClient(TestServer(criar_app_http(motor, banco))) as web:
        maria = PessoaWeb(web)
        await ate_o_nome(maria)
        await do_nome_ao_resumo(maria, "Maria Aparecida da Silva")
        pronto, aviso = await maria.toca("Confirmar")
    assert "t.me" not in aviso["texto"]
    assert aviso["texto"] == texto("alcance.sem_link.ligar", telefone="(14) *****-4567")
    assert "por aqui" not in pronto["texto"] + aviso["texto"]


async def test_mae_e_filho_no_mesmo_telegram_veem_as_duas_preinscricoes(cena: Cena) -> None:
    """Os dois se inscrevem pelo site e tocam o link no mesmo celular: a `situação` no
    Telegram mostra as duas pré-inscrições, cada uma com o nome e a sua história."""
    mae = await _inscrever_no_site(cena, "Ana Maria Souza")
    _, oferta_da_mae = await mae.toca("Confirmar")
    filho = PessoaWeb(cena.web)
    await ate_o_nome(filho)
    await do_nome_ao_resumo(filho, "Pedro Souza", cpf="111.444.777-35")
    _, oferta_do_filho = await filho.toca("Confirmar")
    celular = cena.no_telegram(MARIA)
    await celular.comando(f"/start {_token(oferta_da_mae['texto'])}")
    await celular.comando(f"/start {_token(oferta_do_filho['texto'])}")

    await celular.diz("situação")

    da_mae, do_filho = celular.ultima.texto.split("\n\n")
    assert da_mae.startswith("Ana Maria Souza:\nPré-inscrição 2027-000001")
    assert do_filho.startswith("Pedro Souza:\nPré-inscrição 2027-000002")
    assert celular.ultima.texto.count("Situação: recebida. O CRAS vai analisar.") == 2
    assert "t.me" not in celular.ultima.texto  # o Telegram já entrega: sem link
