"""As voltas da conversa: idade (R1), CPF repetido, correção, voltar, cancelar, reinício."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from armazenamento.modelos import Conversa as LinhaConversa
from armazenamento.modelos import PedidoAviso, PreInscricao
from fluxos.montagem import criar_motor_de_conversa
from fluxos.motor import Motor
from mensagens.catalogo import texto
from tests.conversa import Conversa
from tests.dados import semear_programa
from tests.fluxos.conftest import AGORA
from tests.fluxos.test_preinscricao import CPF, ate_o_resumo, contar


async def test_r1_menor_de_16_recusado_sem_guardar_nada(
    pessoa: Conversa, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    await pessoa.comando("start")
    await pessoa.toca("Entendi, continuar")
    await pessoa.diz("Joana Souza")
    await pessoa.toca("Não uso")
    await pessoa.diz("11/01/2011")  # faz 16 amanhã
    assert "16 anos ou mais" in pessoa.ultima.texto
    assert "nada foi guardado" in pessoa.ultima.texto
    async with sessoes() as s:
        linha = await s.get(LinhaConversa, ("teste", "100"))
    assert linha is not None and linha.fluxo == "" and "Joana" not in linha.dados
    assert await contar(sessoes) == 0


async def test_r1_quem_faz_16_hoje_pode(pessoa: Conversa) -> None:
    await pessoa.comando("start")
    await pessoa.toca("Entendi, continuar")
    await pessoa.diz("Joana Souza")
    await pessoa.toca("Não uso")
    await pessoa.diz("10 de janeiro de 2011")
    assert "Anotei: 10 de janeiro de 2011." in pessoa.ultima.texto
    assert "CPF" in pessoa.ultima.texto


async def test_mesmo_cpf_no_ciclo_nao_cria_segunda(
    motor: Motor, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    primeira = Conversa(motor, chat_id="1")
    await ate_o_resumo(primeira)
    await primeira.toca("Confirmar")
    segunda = Conversa(motor, chat_id="2")  # a mesma pessoa, de outro celular
    await segunda.comando("start")
    await segunda.toca("Entendi, continuar")
    await segunda.diz("Maria Aparecida da Silva")
    await segunda.toca("Não uso")
    await segunda.diz("3/2/08")
    await segunda.diz("52998224725")
    # CPF e nascimento não são segredo: de outro celular, a resposta neutra (a mesma da data
    # errada), sem número nem detalhe; o caminho é o código de vínculo da equipe (R3)
    assert segunda.ultima.texto == texto("preinscricao.cpf.de_outra_pessoa")
    assert not any("2027-000001" in s.texto for s in segunda.ouvidas)
    assert await contar(sessoes) == 1


async def test_cpf_de_outra_pessoa_nao_mostra_a_inscricao(motor: Motor) -> None:
    primeira = Conversa(motor, chat_id="1")
    await ate_o_resumo(primeira)
    await primeira.toca("Confirmar")
    outra = Conversa(motor, chat_id="2")
    await outra.comando("start")
    await outra.toca("Entendi, continuar")
    await outra.diz("Pedro Santos")
    await outra.toca("Não uso")
    await outra.diz("01/01/1990")
    await outra.diz(CPF)
    assert outra.ultima.texto == texto("preinscricao.cpf.de_outra_pessoa")
    assert "2027-000001" not in outra.ultima.texto


async def test_corrigir_um_dado_volta_ao_resumo(pessoa: Conversa) -> None:
    await ate_o_resumo(pessoa)
    await pessoa.toca("Corrigir")
    await pessoa.toca("Telefone")
    await pessoa.diz("14 3222-1234")
    assert pessoa.ultima.texto.startswith("Anotei: (14) 3222-1234.\n\nConfira seus dados:")
    assert "(14) 3222-1234" in pessoa.ultima.texto


async def test_corrigir_cursos_pergunta_os_dois(pessoa: Conversa) -> None:
    await ate_o_resumo(pessoa)
    await pessoa.toca("Corrigir")
    await pessoa.diz("cursos")
    await pessoa.toca("Informática básica")
    assert "segundo curso" in pessoa.ultima.texto
    await pessoa.toca("Confeitaria")
    assert "Cursos: Informática básica e Confeitaria" in pessoa.ultima.texto


async def test_sem_cpf_fica_marcado(
    pessoa: Conversa, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    await pessoa.comando("start")
    await pessoa.toca("Entendi, continuar")
    await pessoa.diz("Maria Aparecida da Silva")
    await pessoa.toca("Não uso")
    await pessoa.diz("03/02/2008")
    await pessoa.toca("Não tenho CPF")
    await pessoa.diz("14991234567")
    await pessoa.diz("Vila Falcao")
    await pessoa.diz("1 e 4")
    await pessoa.diz("2")  # 2ª opção: Corte e costura
    await pessoa.toca("Só esse")
    await pessoa.diz("manha")
    await pessoa.diz("medio incompleto")
    assert "CPF: não tem" in pessoa.ultima.texto
    assert "Situações: 2 marcadas, sigiloso" in pessoa.ultima.texto
    await pessoa.diz("confirmar")
    async with sessoes() as s:
        pre = (await s.scalars(select(PreInscricao))).one()
    assert pre.cpf is None and pre.prioridades == "I,IV" and pre.turno == "manha"


async def test_voltar_e_cancelar(
    pessoa: Conversa, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    await pessoa.comando("start")
    await pessoa.toca("Entendi, continuar")
    await pessoa.diz("Maria Aparecida da Silva")
    await pessoa.diz("VOLTAR")
    assert "nome completo" in pessoa.ultima.texto
    await pessoa.diz("Maria da Silva")
    await pessoa.comando("voltar")
    assert "nome completo" in pessoa.ultima.texto
    await pessoa.diz("Cancelar")
    assert pessoa.ultima.texto == texto("escolhas.cancelar.pergunta")  # já respondeu: confirma
    await pessoa.diz("sim")
    assert "parei" in pessoa.ultima.texto
    async with sessoes() as s:
        linha = await s.get(LinhaConversa, ("teste", "100"))
    assert linha is not None and linha.fluxo == "" and "Maria" not in linha.dados


async def test_ajuda_diz_onde_esta_e_repete_a_pergunta(pessoa: Conversa) -> None:
    await pessoa.comando("start")
    await pessoa.toca("Entendi, continuar")
    await pessoa.diz("Maria Aparecida da Silva")
    await pessoa.toca("Não uso")
    await pessoa.diz("03/02/2008")
    await pessoa.diz("ajuda")
    assert "11 números" in pessoa.ultima.texto
    assert pessoa.ultima.texto.endswith("Qual é o seu CPF? Pode escrever com ou sem pontos.")
    assert pessoa.rotulos == ["Não tenho CPF"]


async def test_reinicio_do_processo_continua_de_onde_parou(
    motor: Motor, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    antes = Conversa(motor)
    await antes.comando("start")
    await antes.toca("Entendi, continuar")
    await antes.diz("Maria Aparecida da Silva")
    depois = Conversa(
        criar_motor_de_conversa(sessoes.kw["bind"], relogio=lambda: AGORA)
    )  # novo processo
    await depois.diz("oi")
    assert "Vamos continuar de onde você parou." in depois.ultima.texto
    assert "nome social" in depois.ultima.texto
    await depois.toca("Não uso")
    assert "data de nascimento" in depois.ultima.texto


async def test_botao_de_mensagem_antiga_nao_muda_nada(pessoa: Conversa) -> None:
    await pessoa.comando("start")
    aviso = pessoa.ultima
    await pessoa.toca("Entendi, continuar")
    await pessoa.diz("Maria Aparecida da Silva")
    await pessoa.toca("Agora não", em=aviso)
    assert "mensagem antiga" in pessoa.ultima.texto
    assert "nome social" in pessoa.ultima.texto
    await pessoa.toca("Não uso")
    assert "data de nascimento" in pessoa.ultima.texto


async def test_bairro_com_erro_de_digitacao_e_nao_sei(pessoa: Conversa) -> None:
    await pessoa.comando("start")
    await pessoa.toca("Entendi, continuar")
    await pessoa.diz("Maria Aparecida da Silva")
    await pessoa.toca("Não uso")
    await pessoa.diz("03/02/2008")
    await pessoa.diz(CPF)
    await pessoa.diz("14991234567")
    await pessoa.diz("Jardin")
    assert "Você quis dizer" in pessoa.ultima.texto
    assert "Jardim Europa" in pessoa.rotulos
    await pessoa.toca("Nenhum desses")
    await pessoa.toca("Não sei")
    assert "Qual CRAS" in pessoa.ultima.texto
    await pessoa.toca("Nova Esperança")
    assert "Alguma destas situações" in pessoa.ultima.texto


async def test_r3_fora_do_periodo_oferece_aviso(sessoes: async_sessionmaker[AsyncSession]) -> None:
    await semear_programa(sessoes, AGORA.date(), aberto=False)
    motor = criar_motor_de_conversa(sessoes.kw["bind"], relogio=lambda: AGORA)
    pessoa = Conversa(motor, canal="telegram")
    await pessoa.comando("start")
    assert "abrem em 20 de janeiro de 2027" in pessoa.ultima.texto
    await pessoa.toca("Me avise")
    await pessoa.diz("me avise")  # pedir de novo não duplica
    assert "eu aviso você" in pessoa.ultima.texto
    async with sessoes() as s:
        pedidos = (await s.scalars(select(PedidoAviso))).all()
    assert [(p.chat_id, p.ano) for p in pedidos] == [("100", 2027)]


async def test_r3_no_site_fora_do_periodo_diz_quando_voltar(
    sessoes: async_sessionmaker[AsyncSession],
) -> None:
    """O chat do site não consegue mandar mensagem depois: nada de prometer aviso."""
    await semear_programa(sessoes, AGORA.date(), aberto=False)
    pessoa = Conversa(
        criar_motor_de_conversa(sessoes.kw["bind"], relogio=lambda: AGORA), canal="web"
    )
    await pessoa.comando("start")
    assert pessoa.ultima.texto == (
        "As pré-inscrições abrem em 20 de janeiro de 2027 e vão até 19 de fevereiro de 2027. "
        "Por aqui não consigo avisar você: volte a partir de 20 de janeiro de 2027."
    )
    assert pessoa.ultima.botoes == ()


async def test_conversa_abandonada_ha_mais_de_30_dias_recomeca(
    motor: Motor, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    await Conversa(motor).comando("start")
    depois = criar_motor_de_conversa(
        sessoes.kw["bind"], relogio=lambda: datetime(2027, 2, 20, tzinfo=UTC)
    )
    saidas = await Conversa(depois).diz("oi")
    assert "Vamos continuar" not in saidas[0].texto
