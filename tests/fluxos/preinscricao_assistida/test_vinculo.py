"""R3 (issue 9, item 1): ligar o próprio chat à pré-inscrição feita pela equipe pede o
código de vínculo que a equipe entregou; o nascimento só confirma.

Invariantes: CPF e nascimento sozinhos não ligam nada; datas erradas contam para o
REGISTRO alvo (trocar de chat não dá mais tentativas): 5 travam o vínculo dele para
qualquer chat, e a equipe é avisada uma vez; o código vale uma vez (dois resgates ao mesmo
tempo: um vence); um código novo vence o anterior; uma pré-inscrição que já tem chat só
muda de chat com o código novo da equipe, e o chat antigo é avisado.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from armazenamento.equipe import LIMITE_TENTATIVAS
from armazenamento.modelos import Auditoria, Envio, PreInscricao, TentativaConvite
from armazenamento.modelos import Conversa as LinhaConversa
from armazenamento.modelos_vinculo import TentativaRegistro
from fluxos.ajustes import Ajustes
from fluxos.montagem import criar_motor_de_conversa
from fluxos.motor import Motor
from mensagens.catalogo import texto
from tests.conversa import Conversa
from tests.fluxos.conftest import AGORA
from tests.fluxos.preinscricao_assistida.conftest import (
    CPF_ANA,
    CPF_JOSE,
    Equipe,
    codigo_em,
    linhas,
    preinscrever_com_codigo,
    preinscricoes,
)
from tests.fluxos.test_preinscricao import ate_o_resumo as cidada_ate_o_resumo

TRAVADO = texto("vinculo_codigo.travado")
NAO_CONFERE = texto("vinculo_codigo.nascimento.nao_confere")
PERGUNTA_NASCIMENTO = texto("vinculo_codigo.nascimento.pergunta")
Sessoes = async_sessionmaker[AsyncSession]


async def tentar(quem: Conversa, codigo: str, nascimento: str) -> str:
    """ "vincular", o código e (se ele vale) a data; devolve a última resposta."""
    await quem.diz("vincular")
    [resposta] = await quem.diz(codigo)
    if resposta.texto != PERGUNTA_NASCIMENTO:
        return resposta.texto
    await quem.diz(nascimento)
    return quem.ultima.texto


async def erros_do_registro(sessoes: Sessoes) -> int:
    return len(await linhas(sessoes, TentativaRegistro))


async def avisos(sessoes: Sessoes, prefixo: str) -> list[Envio]:
    return [e for e in await linhas(sessoes, Envio) if e.chave.startswith(prefixo)]


async def test_r3_dono_com_o_codigo_liga_o_chat_e_ve_a_situacao(
    pessoa: Conversa, equipe: Equipe, sessoes: Sessoes
) -> None:
    codigo = await preinscrever_com_codigo(equipe)
    await pessoa.comando("menu")
    assert "Fiz com a equipe" in pessoa.rotulos
    await pessoa.toca("Fiz com a equipe")
    assert pessoa.ultima.texto == texto("vinculo_codigo.codigo.pergunta")
    assert pessoa.rotulos == ["Não tenho código"]
    await pessoa.diz(codigo.lower().replace("-", " "))  # como a pessoa digita: vale igual
    assert pessoa.ultima.texto == PERGUNTA_NASCIMENTO
    await pessoa.diz("12/05/1990")

    achei, situacao, sem_aviso = pessoa.ouvidas[-3:]
    assert achei.texto == texto("alcance.vinculo.pronto_sem_aviso")
    assert sem_aviso.texto == texto("alcance.sem_link.procurar")  # a equipe não anotou telefone
    assert situacao.texto.startswith("Pré-inscrição 2027-000001, feita em 10 de janeiro de 2027.")
    (pre,) = await preinscricoes(sessoes)
    assert (pre.canal, pre.chat_id) == ("teste", "100")
    assert pre.registrada_por is not None
    await pessoa.diz("vincular")  # já ligada: só vê a situação
    assert pessoa.ultima.texto.startswith("Pré-inscrição 2027-000001")
    assert await linhas(sessoes, TentativaConvite) == []
    assert await erros_do_registro(sessoes) == 0


@pytest.mark.usefixtures("motor")
async def test_r3_cpf_e_nascimento_sozinhos_nao_ligam_nada(
    pessoa: Conversa, equipe: Equipe, sessoes: Sessoes
) -> None:
    """O caminho antigo (CPF + nascimento) não acha nada: a pessoa ouve que é o código."""
    await preinscrever_com_codigo(equipe)
    await pessoa.diz("vincular")
    await pessoa.diz(CPF_ANA)
    assert pessoa.ultima.texto.startswith(texto("vinculo_codigo.codigo.cpf_nao_precisa"))
    await pessoa.diz("12/05/1990")
    assert pessoa.ultima.texto.startswith(texto("vinculo_codigo.codigo.formato"))
    await pessoa.toca("Não tenho código")
    assert pessoa.ultima.texto == texto("vinculo_codigo.codigo.sem_codigo")
    (pre,) = await preinscricoes(sessoes)
    assert (pre.canal, pre.chat_id) == ("", "")
    assert not any("2027-000001" in s.texto for s in pessoa.ouvidas)


async def test_r3_quem_tem_o_codigo_mas_nao_a_data_para_em_5_trocando_de_chat(
    motor: Motor, equipe: Equipe, sessoes: Sessoes
) -> None:
    """Alguém viu o papel com o código e chuta a data, um chat novo a cada tentativa: o
    registro trava na 5ª, nem a data certa liga depois, e a equipe é avisada uma vez."""
    codigo = await preinscrever_com_codigo(equipe, chat_id="900", canal="telegram")
    respostas = []
    for n in range(12):
        atacante = Conversa(motor, chat_id=f"atacante-{n}")
        data = "12/05/1990" if n == 11 else f"{n + 1:02d}/01/1990"
        respostas.append(await tentar(atacante, codigo, data))
    assert all(r.startswith(NAO_CONFERE) for r in respostas[: LIMITE_TENTATIVAS - 1])
    assert respostas[LIMITE_TENTATIVAS - 1 :] == [TRAVADO] * (12 - LIMITE_TENTATIVAS + 1)
    assert await erros_do_registro(sessoes) == LIMITE_TENTATIVAS  # travado não conta mais
    (pre,) = await preinscricoes(sessoes)
    assert pre.chat_id == ""
    (aviso,) = await avisos(sessoes, "vinculo:trava:")
    assert (aviso.canal, aviso.chat_id) == ("telegram", "900")
    assert "2027-000001" in aviso.conteudo
    for dado in ("Ana", "39053344705", "390.533.447-05", "1990"):  # só o número
        assert dado not in aviso.conteudo
    trilha = [(a.acao, a.alvo) for a in await linhas(sessoes, Auditoria)]
    assert ("codigo_vinculo.trava", str(pre.id)) in trilha


async def test_r3_trava_passa_com_a_janela_ou_com_codigo_novo_da_equipe(
    motor: Motor, equipe: Equipe, sessoes: Sessoes
) -> None:
    codigo = await preinscrever_com_codigo(equipe)
    for n in range(LIMITE_TENTATIVAS):
        await tentar(Conversa(motor, chat_id=f"a{n}"), codigo, "01/01/2000")
    assert await tentar(Conversa(motor, chat_id="dono"), codigo, "12/05/1990") == TRAVADO

    # passada a janela (configurável), a mesma pessoa consegue
    ajustes = Ajustes(janela_trava_vinculo=timedelta(hours=2))
    depois = AGORA + timedelta(hours=2, minutes=1)
    motor_depois = criar_motor_de_conversa(motor.banco, relogio=lambda: depois, ajustes=ajustes)
    await tentar(Conversa(motor_depois, chat_id="dono"), codigo, "12/05/1990")
    (pre,) = await preinscricoes(sessoes)
    assert pre.chat_id == "dono"


async def test_r3_codigo_novo_da_equipe_destrava_e_vence_o_anterior(
    motor: Motor, equipe: Equipe, sessoes: Sessoes
) -> None:
    antigo = await preinscrever_com_codigo(equipe)
    for n in range(LIMITE_TENTATIVAS):
        await tentar(Conversa(motor, chat_id=f"a{n}"), antigo, "01/01/2000")
    tecnico = await equipe("cras", chat_id="901")  # o CRAS do território acha a pessoa
    await tecnico.comando("buscar", CPF_ANA)
    await tecnico.toca("Ver 1")
    assert tecnico.ultima.texto.endswith(texto("vinculo_codigo.equipe.ficha_travada"))
    await tecnico.toca("Novo código")
    novo = codigo_em(tecnico.ultima.texto)
    assert novo and novo != antigo
    assert tecnico.rotulos == ["Ver a pessoa"]

    com_o_antigo = Conversa(motor, chat_id="dono")
    await com_o_antigo.diz("vincular")
    await com_o_antigo.diz(antigo)
    assert com_o_antigo.ultima.texto == texto("vinculo_codigo.codigo.expirado")
    await tentar(com_o_antigo, novo, "12/05/1990")
    assert com_o_antigo.ouvidas[-3].texto == texto("alcance.vinculo.pronto_sem_aviso")
    (pre,) = await preinscricoes(sessoes)
    assert pre.chat_id == "dono"
    await tecnico.toca("Ver a pessoa")  # destravada: a situação não fala mais da trava
    assert texto("vinculo_codigo.equipe.ficha_travada") not in tecnico.ultima.texto


async def test_r3_codigo_usado_nao_serve_de_novo(
    motor: Motor, equipe: Equipe, sessoes: Sessoes
) -> None:
    codigo = await preinscrever_com_codigo(equipe)
    await tentar(Conversa(motor, chat_id="dono"), codigo, "12/05/1990")
    outro = Conversa(motor, chat_id="outro")
    await outro.diz("vincular")
    await outro.diz(codigo)
    assert outro.ultima.texto == texto("vinculo_codigo.codigo.usado")
    (pre,) = await preinscricoes(sessoes)
    assert pre.chat_id == "dono"


async def test_r3_dois_resgates_ao_mesmo_tempo_so_um_vence(
    motor: Motor, equipe: Equipe, sessoes: Sessoes
) -> None:
    codigo = await preinscrever_com_codigo(equipe)
    celulares = [Conversa(motor, chat_id=f"cel-{n}") for n in range(3)]
    for celular in celulares:
        await celular.diz("vincular")
        await celular.diz(codigo)
        assert celular.ultima.texto == PERGUNTA_NASCIMENTO
    await asyncio.gather(*(c.diz("12/05/1990") for c in celulares))
    ligou = [c for c in celulares if c.ultima.texto != texto("vinculo_codigo.codigo.usado")]
    assert len(ligou) == 1
    (pre,) = await preinscricoes(sessoes)
    assert pre.chat_id == ligou[0].chat_id


async def test_r3_registro_com_chat_so_muda_com_o_codigo_da_equipe(
    motor: Motor, equipe: Equipe, sessoes: Sessoes
) -> None:
    """A pré-inscrição feita pela própria pessoa (no Telegram) não é tomada por quem sabe
    CPF e data; com o código novo que o CRAS gerou, troca de celular e o antigo é avisado."""
    dona = Conversa(motor, chat_id="555", canal="telegram")
    await cidada_ate_o_resumo(dona, cpf=CPF_JOSE)
    await dona.toca("Confirmar")
    estranho = Conversa(motor, chat_id="556")
    await estranho.diz("vincular")
    await estranho.diz(CPF_JOSE)
    assert estranho.ultima.texto.startswith(texto("vinculo_codigo.codigo.cpf_nao_precisa"))
    (pre,) = await preinscricoes(sessoes)
    assert (pre.canal, pre.chat_id) == ("telegram", "555")
    assert await avisos(sessoes, "vinculo:troca:") == []

    tecnico = await equipe("cras", chat_id="901")
    await tecnico.comando("buscar", CPF_JOSE)
    await tecnico.toca("Ver 1")
    await tecnico.toca("Novo código")
    codigo = codigo_em(tecnico.ultima.texto)
    celular_novo = Conversa(motor, chat_id="557")
    await tentar(celular_novo, codigo, "03/02/2008")
    (pre,) = await preinscricoes(sessoes)
    assert (pre.canal, pre.chat_id) == ("teste", "557")
    (aviso,) = await avisos(sessoes, "vinculo:troca:")
    assert (aviso.canal, aviso.chat_id) == ("telegram", "555")
    assert "2027-000001" in aviso.conteudo


async def test_r3_codigos_errados_bloqueiam_quem_tenta(motor: Motor, sessoes: Sessoes) -> None:
    """Chutar códigos: os limites dos convites para quem escreve (o código tem ~49 bits)."""
    pessoa = Conversa(motor)
    await pessoa.diz("vincular")
    for _ in range(LIMITE_TENTATIVAS):
        await pessoa.diz("ABCDE-23456")
        assert pessoa.ultima.texto.startswith(texto("vinculo_codigo.codigo.invalido"))
    await pessoa.diz("ABCDE-23457")
    assert pessoa.ultima.texto == texto("vinculo.bloqueado")
    assert len(await linhas(sessoes, TentativaConvite)) == LIMITE_TENTATIVAS


async def test_r3_link_do_qr_code_pergunta_so_o_nascimento(
    motor: Motor, equipe: Equipe, sessoes: Sessoes
) -> None:
    codigo = await preinscrever_com_codigo(equipe)
    celular = Conversa(motor, chat_id="700", canal="telegram")
    await celular.comando("start", "vc-" + codigo.replace("-", ""))
    assert celular.ultima.texto == PERGUNTA_NASCIMENTO
    await celular.diz("13/05/1990")
    assert celular.ultima.texto.startswith(NAO_CONFERE)
    await celular.diz("12/05/1990")
    assert celular.ouvidas[-2].texto == texto("vinculo.pronto")
    (pre,) = await preinscricoes(sessoes)
    assert (pre.canal, pre.chat_id) == ("telegram", "700")
    assert await erros_do_registro(sessoes) == 1


@pytest.mark.parametrize(
    ("caso", "digitado", "esperado"),
    [
        ("certo", "{codigo}", PERGUNTA_NASCIMENTO),
        ("minusculas_e_espacos", "{espacado}", PERGUNTA_NASCIMENTO),
        ("cpf", CPF_ANA, texto("vinculo_codigo.codigo.cpf_nao_precisa")),
        ("curto", "ABC12", texto("vinculo_codigo.codigo.formato")),
        ("com_letra_ambigua", "ABCDE-2345O", texto("vinculo_codigo.codigo.formato")),
        ("outro_codigo", "ZZZZZ-99999", texto("vinculo_codigo.codigo.invalido")),
    ],
)
async def test_r3_tabela_do_passo_do_codigo(
    pessoa: Conversa, equipe: Equipe, caso: str, digitado: str, esperado: str
) -> None:
    codigo = await preinscrever_com_codigo(equipe)
    await pessoa.diz("vincular")
    espacado = " ".join(codigo.replace("-", "").lower())
    await pessoa.diz(digitado.format(codigo=codigo, espacado=espacado))
    assert pessoa.ultima.texto.startswith(esperado), caso


async def test_r3_codigo_vencido(equipe: Equipe, motor: Motor) -> None:
    codigo = await preinscrever_com_codigo(equipe)
    depois = AGORA + Ajustes().validade_codigo_vinculo
    pessoa = Conversa(criar_motor_de_conversa(motor.banco, relogio=lambda: depois))
    await pessoa.diz("vincular")
    await pessoa.diz(codigo)
    assert pessoa.ultima.texto == texto("vinculo_codigo.codigo.expirado")


@pytest.mark.usefixtures("motor")
async def test_r24_equipe_nao_liga_a_propria_conversa(equipe: Equipe, sessoes: Sessoes) -> None:
    codigo = await preinscrever_com_codigo(equipe)
    tecnica = await equipe("cras", chat_id="901")
    await tecnica.diz("vincular")
    assert tecnica.ultima.texto == texto("preinscricao_assistida.vincular_na_equipe")
    await tecnica.comando("start", "vc-" + codigo.replace("-", ""))
    assert tecnica.ultima.texto == texto("preinscricao_assistida.vincular_na_equipe")
    async with sessoes() as s:
        linha = await s.get(LinhaConversa, ("teste", "901"))
    assert linha is not None and linha.fluxo == ""
    (pre,) = await preinscricoes(sessoes)
    assert pre.chat_id == ""


async def test_r3_pre_inscricao_sem_cpf_tambem_se_liga(
    pessoa: Conversa, equipe: Equipe, sessoes: Sessoes
) -> None:
    codigo = await preinscrever_com_codigo(equipe, cpf=None)
    await tentar(pessoa, codigo, "12/05/1990")
    async with sessoes() as s:
        pre = (await s.scalars(sa.select(PreInscricao))).one()
    assert (pre.cpf, pre.chat_id) == (None, "100")


async def test_r24_a_osc_que_fez_a_preinscricao_acha_a_pessoa_e_da_codigo_novo(
    motor: Motor, equipe: Equipe, sessoes: Sessoes
) -> None:
    """A OSC que registrou (assistida) acha a pessoa no /buscar, mesmo sem encaminhamento
    nem matrícula: é ela que a pessoa procura quando perde o código."""
    antigo = await preinscrever_com_codigo(equipe)
    colega = await equipe("osc", chat_id="902")  # outra técnica da mesma OSC
    await colega.comando("buscar", CPF_ANA)
    await colega.toca("Ver 1")
    await colega.toca("Novo código")
    novo = codigo_em(colega.ultima.texto)
    assert novo and novo != antigo
