"""Issue 9, item 1, pelo app HTTP real do chat web: quem sabe CPF e nascimento (e troca de
sessão a cada tentativa, como o roteiro que tomou uma pré-inscrição em 143 tentativas) não
chega ao registro de ninguém.

Invariantes: nenhuma resposta mostra o registro; a pré-inscrição não muda de chat; quem
só sabe o CPF não trava nada (a dona liga na hora com o código); com o código roubado, no
máximo 5 datas erradas contam para o registro e a equipe recebe UM aviso; a resposta da
pré-inscrição é a mesma com a data certa ou errada; e a dona, com o código novo que a
equipe gera, consegue ligar.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.ext.asyncio import AsyncEngine

from armazenamento.banco import transacao
from armazenamento.equipe import LIMITE_TENTATIVAS, Escopo, criar_convite
from armazenamento.modelos import Cras, Envio, Osc, PreInscricao
from bot.servidor import criar_app_http
from fluxos.montagem import criar_motor_de_conversa
from fluxos.motor import Motor
from mensagens.catalogo import texto
from tests.bot.test_webchat_preinscricao import Cliente, PessoaWeb, Sessoes
from tests.conversa import Conversa
from tests.dados import semear_programa

AGORA = datetime(2027, 1, 10, 15, 0, tzinfo=UTC)
CPF_ANA = "390.533.447-05"
NASCIMENTO_ANA = "12/05/1990"
TENTATIVAS = 20  # sessões novas, uma por tentativa (o limite por endereço é 60/minuto)
_CODIGO = re.compile(r"\b[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}\b")


@pytest.fixture
async def motor(sessoes: Sessoes) -> Motor:
    await semear_programa(sessoes, AGORA.date())
    return criar_motor_de_conversa(sessoes.kw["bind"], relogio=lambda: AGORA)


@pytest.fixture
async def cliente(motor: Motor, motor_banco: AsyncEngine) -> AsyncIterator[Cliente]:
    async with TestClient(TestServer(criar_app_http(motor, motor_banco))) as c:
        yield c


async def da_equipe(motor: Motor, papel: str, chat_id: str) -> Conversa:
    """Alguém da equipe no Telegram (recebe avisos pela fila), já com o papel."""
    tabela = {"osc": Osc, "cras": Cras}[papel]
    async with transacao(motor.banco) as conexao:
        primeiro = (await conexao.execute(sa.select(sa.func.min(tabela.id)))).scalar_one()  # type: ignore[attr-defined]
        convite = await criar_convite(conexao, Escopo(papel, **{f"{papel}_id": primeiro}), AGORA)
    conversa = Conversa(motor, chat_id=chat_id, canal="telegram")
    await conversa.comando("start", convite.token)
    return conversa


async def preinscrever_ana(tecnica: Conversa) -> str:
    """A técnica faz a pré-inscrição assistida de Ana e lê o código de vínculo."""
    await tecnica.comando("preinscrever")
    await tecnica.toca("A pessoa concorda")
    for passo in ("Ana Beatriz Rocha", None, NASCIMENTO_ANA, CPF_ANA):
        await (tecnica.toca("Não usa") if passo is None else tecnica.diz(passo))
    await tecnica.toca("Não tem telefone")
    await tecnica.diz("vila falcão")
    for botao in ("Pular", "Corte e costura", "Só esse", "Manhã", "Fundamental completo"):
        await tecnica.toca(botao)
    await tecnica.toca("Confirmar")
    achado = _CODIGO.search(tecnica.ultima.texto)
    assert achado, tecnica.ultima.texto
    return achado.group(0)


async def pelo_vinculo(cliente: Cliente, nascimento: str) -> list[str]:
    """Uma sessão nova: "vincular", o CPF e a data (o jeito que tomava o registro)."""
    atacante = PessoaWeb(cliente)
    for escrito in ("vincular", CPF_ANA, nascimento):
        await atacante.diz(escrito)
    return [m["texto"] for m in atacante.ouvidas]


async def pela_preinscricao(cliente: Cliente, nascimento: str) -> list[str]:
    """Outra sessão nova: a pré-inscrição com o CPF de Ana e uma data."""
    atacante = PessoaWeb(cliente)
    await atacante.comeca()
    await atacante.toca("Entendi, continuar")
    await atacante.diz("Fulano de Tal")
    await atacante.toca("Não uso")
    await atacante.diz(nascimento)
    await atacante.diz(CPF_ANA)
    return [m["texto"] for m in atacante.ouvidas]


async def com_o_codigo(cliente: Cliente, codigo: str, nascimento: str) -> list[str]:
    """Uma sessão nova com o código de vínculo (o papel roubado) e uma data."""
    atacante = PessoaWeb(cliente)
    for escrito in ("vincular", codigo, nascimento):
        await atacante.diz(escrito)
    return [m["texto"] for m in atacante.ouvidas]


async def contar(motor: Motor, consulta: str) -> int:
    async with transacao(motor.banco) as conexao:
        return int((await conexao.execute(sa.text(consulta))).scalar_one())


async def test_quem_so_sabe_o_cpf_nao_chega_ao_registro_nem_trava_a_dona(
    cliente: Cliente, motor: Motor, sessoes: Sessoes, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    tecnica = await da_equipe(motor, "osc", chat_id="900")
    codigo = await preinscrever_ana(tecnica)
    datas = [f"{dia:02d}/01/1990" for dia in range(1, TENTATIVAS)] + [NASCIMENTO_ANA]

    ouvido_no_vinculo, finais_da_preinscricao = [], []
    for data in datas:
        ouvido = await pelo_vinculo(cliente, data)
        assert ouvido[0] == texto("vinculo_codigo.codigo.pergunta")  # entrou no vínculo
        ouvido_no_vinculo += ouvido
        finais_da_preinscricao.append((await pela_preinscricao(cliente, data))[-1])

    async with sessoes() as s:
        pre = (await s.scalars(sa.select(PreInscricao))).one()
    assert (pre.canal, pre.chat_id) == ("", "")  # ninguém tomou o registro
    for ouvido in ouvido_no_vinculo + finais_da_preinscricao:
        assert "2027-000001" not in ouvido and not ouvido.startswith("Achei")
    # a mesma resposta, palavra por palavra, com a data errada e com a certa
    assert set(finais_da_preinscricao) == {texto("preinscricao.cpf.de_outra_pessoa")}
    # nada a adivinhar, nada contado: quem sabe o CPF não trava a pessoa de verdade
    assert await contar(motor, "SELECT count(*) FROM tentativa_registro") == 0
    dona = PessoaWeb(cliente)
    for escrito in ("vincular", codigo, NASCIMENTO_ANA):
        await dona.diz(escrito)
    assert any(m["texto"] == texto("alcance.vinculo.pronto_sem_aviso") for m in dona.ouvidas)
    for dado in ("39053344705", CPF_ANA, NASCIMENTO_ANA, "Ana Beatriz", codigo):
        assert dado not in caplog.text


async def test_codigo_roubado_trava_no_registro_e_a_equipe_destrava(
    cliente: Cliente, motor: Motor, sessoes: Sessoes, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    tecnica = await da_equipe(motor, "osc", chat_id="900")
    codigo = await preinscrever_ana(tecnica)
    erradas = [f"{dia:02d}/01/1990" for dia in range(1, TENTATIVAS)]

    for data in [*erradas, NASCIMENTO_ANA]:  # cada tentativa numa sessão nova
        ouvido = await com_o_codigo(cliente, codigo, data)
        assert "2027-000001" not in " ".join(ouvido)

    async with sessoes() as s:
        pre = (await s.scalars(sa.select(PreInscricao))).one()
    assert (pre.canal, pre.chat_id) == ("", "")  # nem a data certa, depois da trava
    assert await contar(motor, "SELECT count(*) FROM tentativa_registro") == LIMITE_TENTATIVAS
    async with sessoes() as s:
        avisos = list(await s.scalars(sa.select(Envio).where(Envio.chave.like("vinculo:trava:%"))))
    assert [(a.canal, a.chat_id) for a in avisos] == [("telegram", "900")]  # uma vez

    # a dona, com o código: o registro está travado; o CRAS gera um código novo e destrava
    dona = PessoaWeb(cliente)
    for escrito in ("vincular", codigo):
        await dona.diz(escrito)
    assert dona.ultima["texto"] == texto("vinculo_codigo.travado")
    tecnico = await da_equipe(motor, "cras", chat_id="901")
    await tecnico.comando("buscar", CPF_ANA)
    await tecnico.toca("Ver 1")
    await tecnico.toca("Novo código")
    novo = _CODIGO.search(tecnico.ultima.texto)
    assert novo is not None and novo.group(0) != codigo
    for escrito in ("vincular", novo.group(0), NASCIMENTO_ANA):
        await dona.diz(escrito)
    assert any(m["texto"] == texto("alcance.vinculo.pronto_sem_aviso") for m in dona.ouvidas)
    async with sessoes() as s:
        pre = (await s.scalars(sa.select(PreInscricao))).one()
    assert (pre.canal, pre.chat_id) == ("web", dona.sessao)
    # nada nos registros que identifique a pessoa (nem os códigos, que são segredo)
    for dado in ("39053344705", CPF_ANA, NASCIMENTO_ANA, "Ana Beatriz", codigo, novo.group(0)):
        assert dado not in caplog.text
    assert "vinculo travado por tentativas: preinscricao=" in caplog.text
