"""Uma pessoa no WhatsApp, mostre ela o número, o BSUID ou os dois (issue 11, item 2;
achado #4): a mesma conversa, a mesma pré-inscrição, o mesmo papel na equipe, a mesma
janela de 24 h e a fila chegando. De ponta a ponta: POST assinado → webhook → motor real →
Graph API falsa, como a pessoa veria."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from armazenamento import envios, identidades_whatsapp, janelas
from armazenamento.banco import transacao
from armazenamento.equipe import Escopo, acesso_de, criar_convite
from armazenamento.modelos import Cras, PreInscricao
from armazenamento.tempo import agora
from bot.config_modelos import ConfigFila
from bot.despachante import Despachante
from bot.limite_envio import LimiteDeEnvio
from bot.whatsapp.fila import RemetenteFilaWhatsApp
from bot.whatsapp.graph import ClienteGraph, ConfigGraph
from fluxos.avisos_fila import com_modelo
from fluxos.montagem import criar_motor_de_conversa
from mensagens.catalogo import texto
from mensagens.serializacao import saida_para_json
from mensagens.tipos import Saida
from tests.bot.canal_whatsapp import CanalDeTeste, canal_whatsapp
from tests.bot.pessoa_whatsapp import PessoaWhatsApp, envelope
from tests.dados import semear_programa

AGORA = datetime(2027, 1, 10, 15, 0, tzinfo=UTC)  # domingo, 10 de janeiro, 12h em Bauru
FONE, BSUID = "5514991234567", "BR.1502576394655843"
OUTRO_FONE, OUTRO_BSUID = "5514997654321", "BR.99887766554433"
CPF = "529.982.247-25"

Sessoes = async_sessionmaker[AsyncSession]


@pytest.fixture
async def canal(motor_banco: AsyncEngine, sessoes: Sessoes) -> AsyncIterator[CanalDeTeste]:
    await semear_programa(sessoes, AGORA.date())
    motor = criar_motor_de_conversa(motor_banco, relogio=lambda: AGORA)
    async with canal_whatsapp(motor) as pronto:
        yield pronto


def mostra(pessoa: PessoaWhatsApp, numero: bool, bsuid: bool) -> None:
    """O que o próximo webhook dela traz: o número, o BSUID, ou os dois."""
    pessoa.com_numero = numero
    pessoa.bsuid = BSUID if bsuid else ""


async def preinscreve(pessoa: PessoaWhatsApp) -> None:
    await pessoa.comando("/start")
    for passo in (
        "Entendi, continuar",
        "Conceição Araújo dos Santos",
        "Não uso",
        "03/02/2008",
        CPF,
        "(14) 99123-4567",
        "jardim europa",
        "Pular",
        "Confeitaria",
        "Só esse",
        "Manhã",
        "Médio completo",
        "Confirmar",
    ):
        if pessoa.recebidas and passo in pessoa.ultima.rotulos:
            await pessoa.toca(passo)
        else:
            await pessoa.diz(passo)


async def protocolo(sessoes: Sessoes) -> tuple[str, str]:
    async with sessoes() as s:
        [feita] = list(await s.scalars(sa.select(PreInscricao)))
    return f"-{feita.id:06d}", feita.chat_id  # o fim do protocolo ("2027-000001")


# ----- a mesma pessoa, mostrando cada vez uma coisa ----------------------------------


@pytest.mark.parametrize(
    ("primeiro", "depois", "canonico", "recebe_em"),
    [
        # só o número (antes de a Meta mandar o BSUID) → os dois → só o BSUID
        ((True, False), [(True, True), (False, True)], FONE, FONE),
        # os dois desde o começo → só o BSUID (passou a esconder o número) → só o número
        ((True, True), [(False, True), (True, False)], FONE, FONE),
        # sempre escondeu o número
        ((False, True), [(False, True)], BSUID, BSUID),
        # escondia, depois mostrou: a conversa segue, e agora recebe no número
        ((False, True), [(True, True), (False, True)], BSUID, FONE),
    ],
)
async def test_a_pre_inscricao_segue_com_a_pessoa(
    canal: CanalDeTeste,
    sessoes: Sessoes,
    primeiro: tuple[bool, bool],
    depois: list[tuple[bool, bool]],
    canonico: str,
    recebe_em: str,
) -> None:
    pessoa = canal.pessoa(FONE)
    mostra(pessoa, *primeiro)
    await preinscreve(pessoa)
    feita, chat_id = await protocolo(sessoes)
    assert chat_id == canonico

    for numero, bsuid in depois:
        mostra(pessoa, numero, bsuid)
        pessoa.recebe_em = recebe_em
        await pessoa.diz("situação")

        assert feita in pessoa.ultima.texto
        assert texto("cidadao.status.nenhuma") not in pessoa.ultima.texto


async def test_a_conversa_do_meio_nao_se_perde_quando_o_bsuid_comeca_a_vir(
    canal: CanalDeTeste,
) -> None:
    pessoa = canal.pessoa(FONE)
    await pessoa.diz("oi")  # só o número
    mostra(pessoa, numero=True, bsuid=True)  # a Meta passa a mandar o BSUID junto
    await pessoa.toca("Entendi, continuar")
    pergunta = pessoa.ultima.texto

    mostra(pessoa, numero=False, bsuid=True)  # e ainda no meio, esconde o número
    pessoa.recebe_em = FONE
    await pessoa.diz("Conceição Araújo dos Santos")

    assert pessoa.ultima.texto != pergunta
    assert "nome social" in pessoa.ultima.texto.lower()


async def test_o_papel_da_equipe_vale_pelo_numero_e_pelo_bsuid(
    canal: CanalDeTeste, motor_banco: AsyncEngine
) -> None:
    async with transacao(motor_banco) as conexao:
        cras_id = (await conexao.execute(sa.select(sa.func.min(Cras.id)))).scalar_one()
        convite = await criar_convite(
            conexao, Escopo("cras", cras_id=cras_id), AGORA, timedelta(hours=1)
        )
    tecnica = canal.pessoa(FONE)
    mostra(tecnica, numero=True, bsuid=False)  # entrou antes de a Meta mandar o BSUID
    await tecnica.diz(f"entrar {convite.codigo}")

    for numero, bsuid in [(True, True), (False, True), (True, False)]:
        mostra(tecnica, numero, bsuid)
        tecnica.recebe_em = FONE
        await tecnica.diz("menu")

        assert tecnica.ultima.texto.startswith("Você está como"), (numero, bsuid)
    async with transacao(motor_banco) as conexao:
        assert (await acesso_de(conexao, "whatsapp", FONE)).papeis
        assert not (await acesso_de(conexao, "whatsapp", BSUID)).papeis  # um id só: o canônico


async def test_a_janela_de_24h_e_da_pessoa_e_nao_do_que_ela_mostrou(
    canal: CanalDeTeste, motor_banco: AsyncEngine
) -> None:
    pessoa = canal.pessoa(FONE, BSUID)
    await pessoa.diz("oi")
    mostra(pessoa, numero=False, bsuid=True)
    pessoa.recebe_em = FONE
    await pessoa.diz("oi de novo")

    async with transacao(motor_banco) as conexao:
        aberta = await janelas.dentro_da_janela(
            conexao, "whatsapp", FONE, agora(), timedelta(minutes=10)
        )
        so_bsuid = await janelas.ultima_entrada(conexao, "whatsapp", BSUID)
    assert aberta and so_bsuid is None


# ----- duas pessoas, e o que não pode criar apelido -----------------------------------


async def test_duas_pessoas_nao_se_misturam(canal: CanalDeTeste, sessoes: Sessoes) -> None:
    maria = canal.pessoa(FONE, BSUID)
    await preinscreve(maria)
    jose = canal.pessoa(OUTRO_FONE, OUTRO_BSUID, nome="José")

    await jose.diz("situação")
    jose.com_numero = False
    jose.recebe_em = OUTRO_FONE
    await jose.diz("situação")

    assert [m.texto for m in jose.recebidas[-1:]] == [texto("cidadao.status.nenhuma")]
    assert (await protocolo(sessoes))[1] == FONE


async def test_numero_que_mudou_de_dono_e_de_outra_pessoa(
    canal: CanalDeTeste, sessoes: Sessoes
) -> None:
    """A operadora passou o número da Maria a outra pessoa: o BSUID dela é outro (a Meta gera
    um por pessoa). A nova dona não vê a pré-inscrição da Maria, e a Maria, que agora só
    mostra o BSUID, continua com a dela (e recebe no BSUID: o número não é mais dela)."""
    maria = canal.pessoa(FONE, BSUID)
    await preinscreve(maria)
    feita, _ = await protocolo(sessoes)
    nova_dona = canal.pessoa(FONE, OUTRO_BSUID, nome="Rosa")

    antes = len(canal.graph.enviadas(FONE))
    await nova_dona.diz("situação")
    assert [v.texto for v in canal.graph.enviadas(FONE)[antes:]] == [
        texto("cidadao.status.nenhuma")
    ]

    maria.com_numero = False
    await maria.diz("situação")  # recebe_em vazio: sem número, é o BSUID
    assert feita in maria.ultima.texto


async def test_cartao_de_contato_de_outra_pessoa_nao_cria_apelido(
    canal: CanalDeTeste, motor_banco: AsyncEngine, sessoes: Sessoes
) -> None:
    maria = canal.pessoa(FONE, BSUID)
    await preinscreve(maria)
    cartao = {
        "name": {"formatted_name": "Zé"},
        "phones": [{"phone": "+55 14 99765-4321", "wa_id": OUTRO_FONE, "type": "CELL"}],
    }
    dados = maria.mensagem("contacts", {"contacts": [cartao]})
    dados["entry"][0]["changes"][0]["value"]["messages"][0]["contacts"][0]["user_id"] = "BR.7"
    await maria.manda(dados)

    async with transacao(motor_banco) as conexao:
        vistos = await identidades_whatsapp.canonicos(conexao, [OUTRO_FONE, "BR.7"])
    assert vistos == {}
    ze = canal.pessoa(OUTRO_FONE, nome="Zé")
    await ze.diz("situação")
    assert ze.ultima.texto == texto("cidadao.status.nenhuma")


async def test_troca_de_numero_avisada_pela_meta_leva_a_pessoa_junto(
    canal: CanalDeTeste, sessoes: Sessoes
) -> None:
    """`user_changed_number` (mensagem de sistema, sem `contacts`): o número e o BSUID novos
    passam a ser da mesma pessoa; as respostas vão para o número novo."""
    maria = canal.pessoa(FONE, BSUID)
    await preinscreve(maria)
    feita, _ = await protocolo(sessoes)
    aviso = {
        "from": FONE,
        "id": "wamid.troca-de-numero-1",
        "timestamp": str(int(agora().timestamp())),
        "type": "system",
        "system": {
            "body": "User Maria changed from 5514991234567 to 5514993334444",
            "wa_id": "5514993334444",
            "user_id": "BR.NOVO123",
            "previous_user_id": BSUID,
            "type": "user_changed_number",
        },
    }
    await maria.manda(envelope({"messages": [aviso]}))

    nova = canal.pessoa("5514993334444", "BR.NOVO123")
    await nova.diz("situação")
    assert feita in nova.ultima.texto


# ----- a fila --------------------------------------------------------------------------


@pytest.fixture
async def fila(
    canal: CanalDeTeste, motor_banco: AsyncEngine
) -> AsyncIterator[tuple[Despachante, Despachante]]:
    """Dois despachantes: um agora (janela aberta: mensagem livre) e um dois dias depois
    (janela fechada: o modelo aprovado)."""
    graph = canal.graph
    cliente = ClienteGraph(ConfigGraph(graph.phone_number_id, graph.token, graph.base_url))

    def despachante(dias: int) -> Despachante:
        def relogio() -> datetime:
            return agora() + timedelta(days=dias)

        livre = canal.processador.remetente  # o mesmo das respostas (resolve o destino)
        remetente = RemetenteFilaWhatsApp(motor_banco, livre, cliente, ConfigFila(), relogio)
        limite = LimiteDeEnvio(80)
        return Despachante(motor_banco, "whatsapp", remetente, limite, dono="t", relogio=relogio)

    yield despachante(0), despachante(2)
    await cliente.fechar()


async def enfileirar(banco: AsyncEngine, para: str, saida: Saida, chave: str) -> None:
    async with transacao(banco) as conexao:
        await envios.enfileirar(conexao, "whatsapp", para, saida_para_json(saida), chave, agora())


def aviso() -> Saida:
    return com_modelo(
        Saida("Lembrete: sua aula é amanhã."),
        "convocacao",
        nome="Maria",
        curso="Confeitaria",
        quando="terça-feira, 16 de fevereiro, às 14h",
        local="rua Rio Branco, 14-60",
        prazo="quarta-feira, 13 de janeiro",
    )


async def test_a_fila_chega_a_quem_escondia_o_numero_e_depois_mostrou(
    canal: CanalDeTeste, motor_banco: AsyncEngine, fila: tuple[Despachante, Despachante]
) -> None:
    """Na fila, a linha é do id canônico (o BSUID de quando ela escondia o número); quando
    sai, vai para o número que ela mostrou depois — a mensagem livre e o modelo."""
    agora_mesmo, depois = fila
    pessoa = canal.pessoa("", BSUID)
    pessoa.com_numero = False
    await pessoa.diz("oi")
    await enfileirar(motor_banco, BSUID, aviso(), "a1")
    mostra(pessoa, numero=True, bsuid=True)
    pessoa.numero = FONE
    await pessoa.diz("oi de novo")

    await agora_mesmo.esvaziar()
    await enfileirar(motor_banco, BSUID, aviso(), "a2")
    await depois.esvaziar()

    lembretes = [
        v.tipo
        for v in canal.graph.enviadas(FONE)
        if v.tipo == "modelo" or v.texto.startswith("Lembrete")
    ]
    assert lembretes == ["texto", "modelo"]  # a livre (janela aberta), depois o modelo
    assert not [v for v in canal.graph.enviadas(BSUID) if "Lembrete" in v.texto]


async def test_a_fila_do_numero_chega_quando_ela_passa_a_esconder_o_numero(
    canal: CanalDeTeste, motor_banco: AsyncEngine, fila: tuple[Despachante, Despachante]
) -> None:
    agora_mesmo, _ = fila
    """Só o número → os dois → só o BSUID: a linha gravada quando ela só mostrava o número
    chega, e as respostas e a fila continuam numa conversa só."""
    pessoa = canal.pessoa(FONE)
    await pessoa.diz("oi")
    await enfileirar(motor_banco, FONE, Saida("Lembrete: sua aula é amanhã."), "b1")
    mostra(pessoa, numero=True, bsuid=True)
    await pessoa.diz("oi de novo")
    mostra(pessoa, numero=False, bsuid=True)
    pessoa.recebe_em = FONE
    await pessoa.diz("Saber mais")

    await agora_mesmo.esvaziar()

    assert pessoa.ultima.texto == "Lembrete: sua aula é amanhã."
    assert not canal.graph.enviadas(BSUID)  # nada foi para um id que não é o dela
