"""R3: quem fez a pré-inscrição com a equipe liga o próprio chat a ela (CPF e nascimento).

Sigilo: CPF desconhecido e nascimento errado dão a mesma resposta; cada erro fica anotado
e, depois de 5 na mesma meia hora, quem tenta espera (os limites dos convites).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from armazenamento.equipe import JANELA_TENTATIVAS, LIMITE_TENTATIVAS
from armazenamento.modelos import Ciclo, PreInscricao, TentativaConvite
from armazenamento.modelos import Conversa as LinhaConversa
from fluxos.montagem import criar_motor_de_conversa
from fluxos.motor import Motor
from mensagens.catalogo import texto
from tests.conversa import Conversa
from tests.fluxos.conftest import AGORA
from tests.fluxos.preinscricao_assistida.conftest import (
    CPF_ANA,
    CPF_JOSE,
    CPF_SEM_DONO,
    Equipe,
    linhas,
    preinscricoes,
)
from tests.fluxos.preinscricao_assistida.roteiro import ate_o_resumo
from tests.fluxos.test_preinscricao import ate_o_resumo as cidada_ate_o_resumo

NAO_ACHEI = texto("vinculo.nao_achei")
BLOQUEADO = texto("vinculo.bloqueado")


@pytest.fixture
async def feita_pela_equipe(equipe: Equipe) -> Conversa:
    """Ana (CPF_ANA, 12/05/1990) teve a pré-inscrição feita pela técnica da OSC."""
    tecnica = await equipe("osc")
    await tecnica.comando("preinscrever")
    await ate_o_resumo(tecnica, cpf=CPF_ANA, nascimento="12/05/1990")
    await tecnica.toca("Confirmar")
    assert "2027-000001" in tecnica.ultima.texto
    return tecnica


async def tentar(quem: Conversa, cpf: str, nascimento: str) -> None:
    await quem.diz("vincular")
    await quem.diz(cpf)
    await quem.diz(nascimento)


async def tentativas(sessoes: async_sessionmaker[AsyncSession]) -> list[tuple[str, str]]:
    return [(t.tipo, t.usuario_id) for t in await linhas(sessoes, TentativaConvite)]


@pytest.mark.usefixtures("feita_pela_equipe")
async def test_r3_cidada_liga_o_chat_e_ve_a_situacao(
    pessoa: Conversa, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    await pessoa.comando("menu")
    assert "Fiz com a equipe" in pessoa.rotulos
    await pessoa.comando("status")  # "Ver minha inscrição" sem nada neste chat
    assert pessoa.rotulos == ["Fazer pré-inscrição", "Fiz com a equipe"]
    await pessoa.toca("Fiz com a equipe")
    assert "Qual é o seu CPF?" in pessoa.ultima.texto
    assert pessoa.rotulos == ["Não tenho CPF"]
    await pessoa.diz(CPF_ANA)
    assert pessoa.ultima.texto == "Qual é a sua data de nascimento? Exemplo: 03/02/2008"
    await pessoa.diz("12/05/1990")

    achei, situacao, sem_aviso = pessoa.ouvidas[-3:]
    # este canal não manda mensagens depois: não promete "por aqui" e diz o que acontece
    assert achei.texto == texto("alcance.vinculo.pronto_sem_aviso")
    assert sem_aviso.texto == texto("alcance.sem_link.procurar")  # a equipe não anotou telefone
    assert situacao.texto.startswith("Pré-inscrição 2027-000001, feita em 10 de janeiro de 2027.")
    assert "Corte e costura" in situacao.texto
    (pre,) = await preinscricoes(sessoes)
    assert (pre.canal, pre.chat_id) == ("teste", "100")
    assert pre.registrada_por is not None  # continua dizendo quem registrou
    await pessoa.comando("status")
    assert "2027-000001" in pessoa.ultima.texto
    await pessoa.diz("vincular")  # já ligada: só vê a situação
    assert pessoa.ultima.texto.startswith("Pré-inscrição 2027-000001")
    assert await tentativas(sessoes) == []


@pytest.mark.usefixtures("feita_pela_equipe")
async def test_r3_cpf_desconhecido_e_data_errada_dao_a_mesma_resposta(
    pessoa: Conversa, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    await tentar(pessoa, CPF_ANA, "13/05/1990")  # data errada
    data_errada = pessoa.ultima
    await tentar(pessoa, CPF_SEM_DONO, "12/05/1990")  # CPF sem pré-inscrição
    cpf_desconhecido = pessoa.ultima
    assert data_errada.texto == cpf_desconhecido.texto == NAO_ACHEI
    assert [b.rotulo for b in data_errada.botoes] == ["Tentar de novo"]
    assert await tentativas(sessoes) == [("vinculo", "100"), ("vinculo", "100")]
    (pre,) = await preinscricoes(sessoes)
    assert (pre.canal, pre.chat_id) == ("", "")


@pytest.mark.usefixtures("feita_pela_equipe")
async def test_r3_depois_de_5_erros_espera_meia_hora(
    motor: Motor, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    pessoa = Conversa(motor)
    for _ in range(LIMITE_TENTATIVAS):
        await tentar(pessoa, CPF_SEM_DONO, "12/05/1990")
        assert pessoa.ultima.texto == NAO_ACHEI
    await pessoa.toca("Tentar de novo")  # nem pergunta o CPF: não adianta ter o certo
    assert pessoa.ultima.texto == BLOQUEADO
    await pessoa.diz("vincular")
    assert pessoa.ultima.texto == BLOQUEADO
    assert len(await tentativas(sessoes)) == LIMITE_TENTATIVAS  # bloqueado não conta mais
    (pre,) = await preinscricoes(sessoes)
    assert pre.chat_id == ""

    # passada a janela, dá para tentar de novo
    depois = AGORA + JANELA_TENTATIVAS + timedelta(minutes=1)
    de_novo = Conversa(criar_motor_de_conversa(sessoes.kw["bind"], relogio=lambda: depois))
    await tentar(de_novo, CPF_ANA, "12/05/1990")
    assert de_novo.ouvidas[-3].texto.startswith("Achei!")


@pytest.mark.usefixtures("feita_pela_equipe")
async def test_r3_bloqueio_e_de_quem_errou(motor: Motor) -> None:
    """Os erros de um chat não bloqueiam outra pessoa."""
    errou = Conversa(motor, chat_id="101")
    for _ in range(LIMITE_TENTATIVAS):
        await tentar(errou, CPF_SEM_DONO, "12/05/1990")
    ana = Conversa(motor, chat_id="102")
    await tentar(ana, CPF_ANA, "12/05/1990")
    assert ana.ouvidas[-3].texto.startswith("Achei!")


@pytest.mark.usefixtures("feita_pela_equipe")
async def test_r3_ja_ligada_a_outro_celular_nada_muda(
    motor: Motor, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    primeiro = Conversa(motor, chat_id="101")
    await tentar(primeiro, CPF_ANA, "12/05/1990")
    outro = Conversa(motor, chat_id="102")
    await tentar(outro, CPF_ANA, "12/05/1990")
    assert outro.ultima.texto == texto("vinculo.outra_conversa")
    (pre,) = await preinscricoes(sessoes)
    assert pre.chat_id == "101"
    assert await tentativas(sessoes) == []  # os dados conferiam: não é tentativa errada
    await outro.comando("status")
    assert "2027-000001" not in outro.ultima.texto


async def test_r3_preinscricao_feita_pela_propria_pessoa_nao_muda_de_chat(
    motor: Motor, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    cidada = Conversa(motor, chat_id="555")
    await cidada_ate_o_resumo(cidada, cpf=CPF_JOSE)
    await cidada.toca("Confirmar")
    estranho = Conversa(motor, chat_id="556")
    await tentar(estranho, CPF_JOSE, "03/02/2008")
    assert estranho.ultima.texto == texto("vinculo.outra_conversa")
    (pre,) = await preinscricoes(sessoes)
    assert pre.chat_id == "555"


async def test_r3_sem_cpf_procura_o_cras(
    pessoa: Conversa, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    await pessoa.diz("vincular")
    await pessoa.toca("Não tenho CPF")
    assert pessoa.ultima.texto == texto("vinculo.cpf.sem_cpf")
    assert await tentativas(sessoes) == []


@pytest.mark.usefixtures("feita_pela_equipe")
async def test_r3_cpf_e_data_que_nao_conferem_pedem_de_novo(
    pessoa: Conversa, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    await pessoa.diz("vincular")
    await pessoa.diz("123.456.789-00")
    assert pessoa.ultima.texto.startswith(texto("vinculo.cpf.erro"))
    await pessoa.diz(CPF_ANA)
    await pessoa.diz("trinta de fevereiro")
    assert pessoa.ultima.texto.startswith(texto("vinculo.nascimento.erro"))
    await pessoa.diz("12/05/1990")
    assert pessoa.ouvidas[-3].texto.startswith("Achei!")
    assert await tentativas(sessoes) == []


@pytest.mark.usefixtures("feita_pela_equipe")
async def test_r24_equipe_nao_liga_a_propria_conversa(
    equipe: Equipe, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    """A técnica sabe o CPF e a data: mesmo assim o chat da equipe não vira dono."""
    tecnica = await equipe("cras", chat_id="901")
    await tecnica.diz("vincular")
    assert tecnica.ultima.texto == texto("preinscricao_assistida.vincular_na_equipe")
    async with sessoes() as s:
        linha = await s.get(LinhaConversa, ("teste", "901"))
    assert linha is not None and linha.fluxo == ""
    (pre,) = await preinscricoes(sessoes)
    assert pre.chat_id == ""


async def test_r3_vinculo_ve_so_o_ciclo_atual(
    motor: Motor, sessoes: async_sessionmaker[AsyncSession], feita_pela_equipe: Conversa
) -> None:
    """Uma pré-inscrição de um ciclo passado não se liga (nem conta como achada)."""
    async with sessoes() as s, s.begin():
        antigo = Ciclo(
            ano=2026, preinscricao_inicio=date(2026, 1, 5), preinscricao_fim=date(2026, 2, 5)
        )
        s.add(antigo)
        await s.flush()
        await s.execute(sa.update(PreInscricao).values(ciclo_id=antigo.id))
    pessoa = Conversa(motor)
    await tentar(pessoa, CPF_ANA, "12/05/1990")
    assert pessoa.ultima.texto == NAO_ACHEI
