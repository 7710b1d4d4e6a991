"""Conversas do cidadão no WhatsApp depois do teste do issue 11 (achados 8, 9, 13 e 15c):
POST assinado ao webhook → motor real → o que a Graph API falsa entregou, como a pessoa vê.

- 8: as linhas de uma lista mostram o número ("ou digite 9") e "9" entre o "9 de Julho" e a
  9ª opção não escolhe em silêncio: pergunta qual; o CRAS escolhido vem confirmado.
- 9: o WhatsApp conhece o número de quem escreve: "Usar este número" e o cartão de contato
  do próprio número respondem a pergunta do telefone; o cartão de OUTRA pessoa vale como o
  número digitado (quem divide o celular com a mãe pode dar o dela), dito na resposta.
- 13: uma reação (👍) não ganha resposta; a localização ganha a sua.
- 15c: "vincular CÓDIGO" numa mensagem só.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from armazenamento import codigos_vinculo
from armazenamento.banco import transacao
from armazenamento.cadastro import esquecer_cadastro
from armazenamento.modelos import Cras, PreInscricao
from fluxos.montagem import criar_motor_de_conversa
from mensagens.catalogo import LINGUA_PADRAO, carregar, texto
from tests.bot.canal_whatsapp import CanalDeTeste, canal_whatsapp
from tests.bot.pessoa_whatsapp import PessoaWhatsApp
from tests.dados import semear_programa
from tests.falsos.graph_api import GraphApiFalsa

AGORA = datetime(2027, 1, 10, 15, 0, tzinfo=UTC)
FONE = "5514991234567"
MAE = "+55 14 98877-6655"
CPF = "529.982.247-25"
# com os 3 da semente, 10 CRAS; a lista vai em ordem alfabética: "9 de Julho" é o 1º,
# "Santa Cândida" o 9º e "Vila Nova" o 10º
MAIS_CRAS = ["9 de Julho", "Fortunato Rocha Lima", "Mary Dota", "Ferradura Mirim", "Centro"]
MAIS_CRAS += ["Vila Nova", "Santa Cândida"]
ESTE_NUMERO = "Usar este número"

Sessoes = async_sessionmaker[AsyncSession]


@pytest.fixture
async def canal(motor_banco: AsyncEngine, sessoes: Sessoes) -> AsyncIterator[CanalDeTeste]:
    await semear_programa(sessoes, AGORA.date())
    async with transacao(motor_banco) as c:
        for nome in MAIS_CRAS:
            await c.execute(sa.insert(Cras.__table__).values(nome=f"CRAS {nome}"))  # type: ignore[attr-defined]
    esquecer_cadastro()
    motor = criar_motor_de_conversa(motor_banco, relogio=lambda: AGORA)
    async with GraphApiFalsa() as graph, canal_whatsapp(motor, graph) as pronto:
        yield pronto


async def _ate_o_telefone(pessoa: PessoaWhatsApp) -> None:
    await pessoa.diz("oi")
    await pessoa.toca("Entendi, continuar")
    await pessoa.diz("Conceição Araújo dos Santos")
    await pessoa.toca("Não uso")
    await pessoa.diz("03/02/2008")
    await pessoa.diz(CPF)


async def _ate_o_cras(pessoa: PessoaWhatsApp) -> None:
    await _ate_o_telefone(pessoa)
    await pessoa.diz("(14) 99123-4567")
    await pessoa.toca("Não sei")


async def test_8_linhas_da_lista_mostram_o_numero_para_digitar(canal: CanalDeTeste) -> None:
    conceicao = canal.pessoa(FONE)
    await _ate_o_cras(conceicao)

    lista = conceicao.graph.enviadas(FONE)[-1]
    assert lista.tipo == "lista"
    assert len(lista.opcoes) == 10
    assert [d.rsplit(" ", 1)[-1] for d in lista.descricoes] == [str(n) for n in range(1, 11)]
    assert (lista.opcoes[0], lista.descricoes[0]) == ("9 de Julho", "ou digite 1")
    assert all(len(d) <= 72 for d in lista.descricoes)


CASOS_DO_CRAS = [
    # (o que a pessoa digita na lista dos CRAS, o CRAS anotado ou None: pergunta de novo)
    ("9", None),
    ("9 de julho", "CRAS 9 de Julho"),
    ("1", "CRAS 9 de Julho"),
    ("santa candida", "CRAS Santa Cândida"),
    ("10", "CRAS Vila Nova"),
]


@pytest.mark.parametrize(("digitado", "anotado"), CASOS_DO_CRAS)
async def test_8_numero_digitado_na_lista_do_cras(
    canal: CanalDeTeste, digitado: str, anotado: str | None
) -> None:
    conceicao = canal.pessoa(FONE)
    await _ate_o_cras(conceicao)
    lista = conceicao.ultima

    await conceicao.diz(digitado)

    if anotado is None:
        assert conceicao.ultima.texto.startswith(
            'Não sei qual você quis com "9": 9 de Julho ou Santa Cândida (a opção 9 da lista)?'
        )
        assert conceicao.ultima.rotulos == lista.rotulos  # a mesma lista, nada anotado
    else:
        assert conceicao.ultima.texto.startswith(f"Anotei: {anotado}.")


async def test_8_depois_da_duvida_o_nome_escolhe(canal: CanalDeTeste) -> None:
    conceicao = canal.pessoa(FONE)
    await _ate_o_cras(conceicao)

    await conceicao.diz("9")
    await conceicao.diz("9 de Julho")

    assert conceicao.ultima.texto.startswith("Anotei: CRAS 9 de Julho.")


async def test_9_usar_este_numero(canal: CanalDeTeste) -> None:
    conceicao = canal.pessoa(FONE)
    await _ate_o_telefone(conceicao)

    assert "final 4567" in conceicao.ultima.texto
    assert conceicao.ultima.rotulos == [ESTE_NUMERO]
    await conceicao.toca(ESTE_NUMERO)

    anotado = texto("preinscricao.telefone.anotado", telefone="(14) 99123-4567")
    assert conceicao.recebidas[-2].texto == anotado
    assert "Em que bairro você mora?" in conceicao.ultima.texto


RESPOSTAS_DO_TELEFONE = [
    # (como a pessoa responde, o que ela lê na confirmação)
    ("este mesmo", "Anotei: (14) 99123-4567."),
    ("esse número", "Anotei: (14) 99123-4567."),
    ("(14) 99765-4321", "Anotei: (14) 99765-4321."),
    ("cartão do próprio número", "Anotei: (14) 99123-4567."),
    ("cartão da mãe", "Anotei: (14) 98877-6655, o número do contato que você mandou."),
]


@pytest.mark.parametrize(("resposta", "confirmacao"), RESPOSTAS_DO_TELEFONE)
async def test_9_respostas_a_pergunta_do_telefone(
    canal: CanalDeTeste, resposta: str, confirmacao: str
) -> None:
    conceicao = canal.pessoa(FONE)
    await _ate_o_telefone(conceicao)

    if resposta == "cartão do próprio número":
        await conceicao.compartilha_telefone("+55 14 99123-4567")
    elif resposta == "cartão da mãe":
        await conceicao.compartilha_telefone(MAE, proprio=False)
    else:
        await conceicao.diz(resposta)

    recebidas = " ".join(m.texto for m in conceicao.recebidas[-2:])
    assert confirmacao in recebidas
    assert "Em que bairro você mora?" in conceicao.ultima.texto
    assert texto("comum.contato_fora_de_hora") not in recebidas


async def test_9_sem_numero_no_webhook_a_pergunta_e_a_de_sempre(canal: CanalDeTeste) -> None:
    tiao = canal.pessoa("", "BR.5550001112223334")
    tiao.com_numero = False
    await _ate_o_telefone(tiao)

    # a pergunta de quem pode mandar o cartão de contato, no texto do WhatsApp (escrever)
    assert tiao.ultima.texto == textos_do_canal("preinscricao.telefone.pergunta_contato")
    assert tiao.ultima.rotulos == []
    await tiao.diz("este mesmo")
    assert tiao.ultima.texto.startswith(texto("preinscricao.telefone.erro"))


async def test_13_reacao_nao_ganha_resposta_e_nao_muda_a_pergunta(canal: CanalDeTeste) -> None:
    conceicao = canal.pessoa(FONE)
    await conceicao.diz("oi")
    quantas = len(conceicao.recebidas)
    joinha = {"reaction": {"message_id": conceicao.ultima.message_id, "emoji": "👍"}}

    await conceicao.manda(conceicao.mensagem("reaction", joinha))

    assert len(conceicao.recebidas) == quantas
    await conceicao.toca("Entendi, continuar")  # os botões continuam valendo
    assert "nome completo" in conceicao.ultima.texto


async def test_13_localizacao_ganha_texto_proprio_e_a_pergunta_de_novo(
    canal: CanalDeTeste,
) -> None:
    conceicao = canal.pessoa(FONE)
    await _ate_o_telefone(conceicao)
    await conceicao.diz("(14) 99123-4567")
    pergunta = conceicao.ultima.texto.split("\n\n")[-1]
    local = {"location": {"latitude": -22.31, "longitude": -49.06}}

    await conceicao.manda(conceicao.mensagem("location", local))

    assert conceicao.ultima.texto.startswith(texto("comum.localizacao"))
    assert texto("comum.midia") not in conceicao.ultima.texto
    assert conceicao.ultima.texto.endswith(pergunta)


async def test_15c_vincular_e_o_codigo_numa_mensagem_so(
    canal: CanalDeTeste, motor_banco: AsyncEngine
) -> None:
    async with transacao(motor_banco) as c:
        pre = await c.execute(
            sa.insert(PreInscricao.__table__).values(  # type: ignore[attr-defined]
                ciclo_id=1,
                nome="Rosa Maria",
                nascimento=datetime(1990, 5, 6).date(),
                cras_id=1,
                curso1_id=1,
                turno="manha",
                escolaridade="medio_completo",
                aviso_versao="1",
                canal="web",
                chat_id="web-rosa",
                situacao="recebida",
                criada_em=AGORA,
            )
        )
        novo = await codigos_vinculo.gerar(c, int(pre.inserted_primary_key[0]), None, AGORA)  # type: ignore[index]
    rosa = canal.pessoa("5514996660002")

    await rosa.diz(f"vincular {codigos_vinculo.formatar(novo.codigo)}")
    await rosa.diz("06/05/1990")

    assert rosa.recebidas[0].texto == texto("vinculo_codigo.nascimento.pergunta")
    assert texto("vinculo.pronto") in [m.texto for m in rosa.recebidas]
    assert rosa.ultima.texto.startswith("Pré-inscrição 2027-000001")
    async with transacao(motor_banco) as c:
        canal_agora = (await c.execute(sa.select(PreInscricao.canal))).scalar_one()  # type: ignore[call-overload]
    assert canal_agora == "whatsapp"


def textos_do_canal(chave: str) -> str:
    """O texto da variante do WhatsApp (`chave@whatsapp`), como a pessoa lê."""
    return carregar(LINGUA_PADRAO)[f"{chave}@whatsapp"]
