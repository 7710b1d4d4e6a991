"""O código de avisos no WhatsApp (issue 11, item 7), como conversa com o motor.

No WhatsApp não há /start: quem se inscreveu no chat do site manda o texto pronto do
link wa.me (ou digita só o código) e passa a receber os avisos ali. O atacante sabe um
CPF: o código é o segredo; falhas contam por quem escreve e pelo registro alvo.
"""

from __future__ import annotations

import asyncio
import logging
import re
from types import MappingProxyType
from urllib.parse import unquote

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from armazenamento import codigos_vinculo, vinculos_canal
from armazenamento.banco import transacao
from armazenamento.equipe import Escopo, criar_convite
from armazenamento.modelos import Envio, PreInscricao, VinculoCanal
from fluxos.ajustes import Ajustes
from fluxos.forma_codigo import codigo_na_mensagem
from fluxos.links_avisos import formatar_codigo, numero_para_ler
from fluxos.montagem import criar_motor_de_conversa
from fluxos.motor import Motor
from mensagens.catalogo import texto
from mensagens.serializacao import saida_de_json
from tests.conversa import Conversa
from tests.dados import semear_programa
from tests.fluxos.conftest import AGORA
from tests.fluxos.convocacao.conftest import Relogio
from tests.fluxos.test_alcance import inscrever

Sessoes = async_sessionmaker[AsyncSession]
NUMERO = "5514999990000"
LINKS = MappingProxyType(
    {
        "telegram": "https://t.me/bot_teste?start={token}",
        "whatsapp": f"https://wa.me/{NUMERO}?text={{token}}",
    }
)
LINK_TG = re.compile(r"https://t\.me/bot_teste\?start=([A-Za-z0-9_-]+)")
LINK_WA = re.compile(rf"https://wa\.me/{NUMERO}\?text=([A-Za-z0-9%._~-]*[A-Za-z0-9%_~-])")
PRONTO = texto("alcance.resgate.pronto", protocolo="2027-000001")


@pytest.fixture
def relogio() -> Relogio:
    return Relogio()


@pytest.fixture
async def motor(sessoes: Sessoes, relogio: Relogio) -> Motor:
    await semear_programa(sessoes, AGORA.date())
    ajustes = Ajustes(links_de_canal=LINKS)
    return criar_motor_de_conversa(sessoes.kw["bind"], relogio=relogio, ajustes=ajustes)


def no_whatsapp(motor: Motor, numero: str = "5514988887777") -> Conversa:
    return Conversa(motor, chat_id=numero, canal="whatsapp")


def mensagem_pronta(oferta: str) -> str:
    """O texto que o link wa.me põe na caixa de mensagem do WhatsApp."""
    achado = LINK_WA.search(oferta)
    assert achado, oferta
    return unquote(achado.group(1))


def codigo_em(oferta: str) -> str:
    achado = re.search(r"Código: ([A-Z0-9-]+)", mensagem_pronta(oferta))
    assert achado
    return achado.group(1)


async def destino(motor: Motor, preinscricao_id: int = 1) -> tuple[str, str]:
    async with transacao(motor.banco) as c:
        consulta = sa.select(PreInscricao.canal, PreInscricao.chat_id).where(  # type: ignore[call-overload]
            PreInscricao.id == preinscricao_id
        )
        linha = (await c.execute(consulta)).one()
    return (linha.canal, linha.chat_id)


async def quantas_preinscricoes(motor: Motor) -> int:
    async with transacao(motor.banco) as c:
        return int(
            (await c.execute(sa.select(sa.func.count()).select_from(PreInscricao))).scalar_one()
        )


async def oferta_do_site(motor: Motor, sessao: str = "sessao-web") -> tuple[Conversa, str]:
    site = Conversa(motor, chat_id=sessao, canal="web")
    fim = await inscrever(site)
    return site, fim[1]


# ----- a oferta -------------------------------------------------------------------


async def test_oferta_traz_o_link_do_whatsapp_ao_lado_do_telegram(motor: Motor) -> None:
    _, oferta = await oferta_do_site(motor)

    assert LINK_TG.search(oferta) and LINK_WA.search(oferta)
    assert oferta.index("No Telegram:") < oferta.index("No WhatsApp:")
    pronta = mensagem_pronta(oferta)
    codigo = codigo_em(oferta)
    assert pronta == f"Quero receber os avisos. Código: {codigo}"
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", codigo)
    # para quem abre o site no computador: o código e o número, para digitar no celular
    digitar = texto("vinculo_whatsapp.digitar", codigo=codigo, numero="(14) 99999-0000")
    assert digitar in oferta
    async with transacao(motor.banco) as c:
        guardados = (await c.execute(sa.select(VinculoCanal.canal, VinculoCanal.hash_token))).all()  # type: ignore[call-overload]
    assert sorted(canal for canal, _ in guardados) == ["telegram", "whatsapp"]
    assert all(codigo.replace("-", "") not in h for _, h in guardados)  # só o hash


@pytest.mark.parametrize(
    ("links", "tem_tg", "tem_wa"),
    [
        ({"whatsapp": LINKS["whatsapp"]}, False, True),
        ({"telegram": LINKS["telegram"]}, True, False),
        ({}, False, False),
    ],
)
async def test_cada_canal_configurado_aparece(
    sessoes: Sessoes, links: dict[str, str], tem_tg: bool, tem_wa: bool
) -> None:
    await semear_programa(sessoes, AGORA.date())
    ajustes = Ajustes(links_de_canal=MappingProxyType(links))
    motor = criar_motor_de_conversa(sessoes.kw["bind"], relogio=lambda: AGORA, ajustes=ajustes)
    _, oferta = await oferta_do_site(motor)
    assert (LINK_TG.search(oferta) is not None, LINK_WA.search(oferta) is not None) == (
        tem_tg,
        tem_wa,
    )
    if not links:  # o que já dizia antes: a instituição liga
        assert oferta == texto("alcance.sem_link.ligar", telefone="(14) *****-4567")


@pytest.mark.parametrize(
    ("modelo", "lido"),
    [
        ("https://wa.me/5514999990000?text={token}", "(14) 99999-0000"),
        ("https://wa.me/551432221234?text={token}", "(14) 3222-1234"),
        ("https://wa.me/14155550100?text={token}", "+14155550100"),  # de fora
    ],
)
def test_numero_do_whatsapp_como_a_pessoa_le(modelo: str, lido: str) -> None:
    assert numero_para_ler(modelo) == lido


# ----- a mensagem com o código ------------------------------------------------------


@pytest.mark.parametrize(
    "como",
    [
        "{pronta}",  # o texto pronto do link, sem mexer
        "{codigo}",  # só o código, como está escrito
        "{minusculo}",
        "{sem_hifen}",
        "  {espacos}  ",
        "codigo: {minusculo}",
        "Quero receber os avisos. CÓDIGO {espacos}.",
    ],
)
async def test_o_codigo_liga_o_whatsapp_do_jeito_que_vier(motor: Motor, como: str) -> None:
    _, oferta = await oferta_do_site(motor)
    codigo = codigo_em(oferta)
    grupos = codigo.split("-")
    mensagem = como.format(
        pronta=mensagem_pronta(oferta),
        codigo=codigo,
        minusculo=codigo.lower(),
        sem_hifen="".join(grupos),
        espacos=" ".join(g.lower() for g in grupos),
    )
    celular = no_whatsapp(motor)

    [pronto] = await celular.diz(mensagem)

    assert pronto.texto == PRONTO
    assert await destino(motor) == ("whatsapp", celular.chat_id)
    assert await quantas_preinscricoes(motor) == 1


@pytest.mark.parametrize(
    "resposta",
    [
        "Maria da Silva",  # 12 letras sem os espaços: um nome nunca é código
        "Ana Beatriz Sá",
        "ABCD EFGH JKMN",  # só letras
        "2345 6789 2345",  # só números
        "529.982.247-25",
        "(14) 99123-4567",
        "03/02/2008",
        "rua Rio Branco 14-60",
        "não tenho código",
        "Código: ABCDE-23456",  # o código da equipe (10) segue o fluxo do vínculo
    ],
)
def test_texto_que_so_parece_codigo_nao_e_tentativa(resposta: str) -> None:
    assert codigo_na_mensagem(resposta, "whatsapp") is None


def test_so_no_whatsapp() -> None:
    for canal in ("telegram", "web", "terminal"):
        assert codigo_na_mensagem("ABCD-EFGH-2345", canal) is None
    assert codigo_na_mensagem("ABCD-EFGH-2345", "whatsapp") == "ABCDEFGH2345"


async def test_no_meio_da_preinscricao_o_codigo_liga_e_nada_se_perde(motor: Motor) -> None:
    """A pessoa começou a pré-inscrição no WhatsApp e lembrou do código: liga, e a
    pergunta em que estava volta, com as respostas guardadas."""
    _, oferta = await oferta_do_site(motor)
    celular = no_whatsapp(motor)
    await celular.comando("start")
    await celular.toca("Entendi, continuar")
    pergunta_do_nome = celular.ultima.texto
    await celular.diz("Maria Aparecida da Silva")
    pergunta_seguinte = celular.ultima

    [resposta] = await celular.diz(mensagem_pronta(oferta))

    assert resposta.texto.startswith(PRONTO)
    assert resposta.texto.endswith(pergunta_seguinte.texto)
    assert [b.rotulo for b in resposta.botoes] == [b.rotulo for b in pergunta_seguinte.botoes]
    assert pergunta_do_nome != pergunta_seguinte.texto
    assert await destino(motor) == ("whatsapp", celular.chat_id)


# ----- código ruim: mensagem gentil, nada muda, a tentativa conta ------------------


@pytest.mark.parametrize(
    ("estrago", "chave"),
    [
        ("usado", "vinculo_whatsapp.recusado.usado"),
        ("vencido", "vinculo_whatsapp.recusado.expirado"),
        ("inventado", "vinculo_whatsapp.recusado.invalido"),
        ("letra_que_nao_existe", "vinculo_whatsapp.recusado.invalido"),
    ],
)
async def test_codigo_usado_vencido_ou_inventado_nao_muda_nada(
    motor: Motor, relogio: Relogio, estrago: str, chave: str
) -> None:
    _, oferta = await oferta_do_site(motor)
    mensagem = mensagem_pronta(oferta)
    if estrago == "usado":
        await no_whatsapp(motor, "5514900000001").diz(mensagem)
    elif estrago == "vencido":
        relogio.andar(hours=72, seconds=1)
    elif estrago == "inventado":
        mensagem = "Quero receber os avisos. Código: ABCD-EFGH-2345"
    else:  # O e I não existem no código: digitado assim, é tentativa, nunca liga
        mensagem = "Código: " + codigo_em(oferta)[:-1] + "O"
    antes = await destino(motor)
    celular = no_whatsapp(motor)

    [resposta] = await celular.diz(mensagem)

    assert resposta.texto == texto(chave)
    assert await destino(motor) == antes
    assert await quantas_preinscricoes(motor) == 1


async def test_codigo_reutilizado_pela_mesma_pessoa_diz_que_esta_tudo_certo(motor: Motor) -> None:
    _, oferta = await oferta_do_site(motor)
    celular = no_whatsapp(motor)
    await celular.diz(mensagem_pronta(oferta))
    [de_novo] = await celular.diz(mensagem_pronta(oferta))
    assert de_novo.texto == texto("situacao.resgate.ja_aqui", protocolo="2027-000001")
    outro = no_whatsapp(motor, "5514900000002")
    [recusado] = await outro.diz(mensagem_pronta(oferta))
    assert recusado.texto == texto("vinculo_whatsapp.recusado.usado")
    assert await destino(motor) == ("whatsapp", celular.chat_id)


async def test_codigo_de_outra_pessoa_ja_usado_nao_leva_nada(motor: Motor) -> None:
    """Maria e João se inscrevem no site; João liga o WhatsApp dele. O código de João,
    mandado do WhatsApp de Maria, não muda nada para nenhum dos dois."""
    _, oferta_maria = await oferta_do_site(motor, "sessao-maria")
    joao_site = Conversa(motor, chat_id="sessao-joao", canal="web")
    await joao_site.comando("start")
    await joao_site.toca("Entendi, continuar")
    for resposta in ("João Souza", "Não uso", "05/06/2001", "111.444.777-35", "(14) 99777-1234"):
        await (joao_site.toca(resposta) if resposta == "Não uso" else joao_site.diz(resposta))
    await joao_site.diz("jardim europa")
    for rotulo in ("Pular", "Confeitaria", "Só esse", "Manhã", "Médio completo"):
        await joao_site.toca(rotulo)
    oferta_joao = (await joao_site.toca("Confirmar"))[1].texto
    joao = no_whatsapp(motor, "5514911112222")
    maria = no_whatsapp(motor, "5514933334444")
    await joao.diz(mensagem_pronta(oferta_joao))
    await maria.diz(mensagem_pronta(oferta_maria))

    [resposta] = await maria.diz(mensagem_pronta(oferta_joao))

    assert resposta.texto == texto("vinculo_whatsapp.recusado.usado")
    assert await destino(motor, 1) == ("whatsapp", maria.chat_id)
    assert await destino(motor, 2) == ("whatsapp", joao.chat_id)
    assert await quantas_preinscricoes(motor) == 2


async def test_quem_insiste_e_bloqueado_antes_de_olhar_o_codigo(motor: Motor) -> None:
    """5 códigos errados do mesmo número em 30 min: o 6º, mesmo certo, não liga (quem
    insiste não sabe se acertou); o código continua valendo para a pessoa."""
    _, oferta = await oferta_do_site(motor)
    atacante = no_whatsapp(motor, "5514955556666")
    for i in range(5):
        [resposta] = await atacante.diz(f"ABCD-EFGH-{2345 + i * 1111}")
        assert resposta.texto == texto("vinculo_whatsapp.recusado.invalido")

    [bloqueado] = await atacante.diz(mensagem_pronta(oferta))

    assert bloqueado.texto == texto("alcance.resgate.bloqueado")
    assert await destino(motor) == ("web", "sessao-web")
    [pronto] = await no_whatsapp(motor).diz(mensagem_pronta(oferta))
    assert pronto.texto == PRONTO


async def do_cras_dela(motor: Motor, chat_id: str = "901") -> Conversa:
    """O técnico do CRAS do território da pré-inscrição 1, no Telegram."""
    async with transacao(motor.banco) as c:
        consulta = sa.select(PreInscricao.cras_id).where(PreInscricao.id == 1)  # type: ignore[call-overload,arg-type]
        cras = (await c.execute(consulta)).scalar_one()
        convite = await criar_convite(c, Escopo("cras", cras_id=cras), AGORA)
    tecnico = Conversa(motor, chat_id=chat_id, canal="telegram")
    await tecnico.comando("start", convite.token)
    return tecnico


async def test_tentativa_em_massa_contra_o_mesmo_alvo_trava_e_avisa_a_equipe(
    motor: Motor,
) -> None:
    """O código velho de Maria (já usado) mandado de 5 números diferentes: conta para a
    pré-inscrição dela. Na 5ª, o vínculo trava para qualquer chat (nem um link novo do
    site liga), a equipe que cuida dela recebe UM aviso pela fila, e os avisos continuam
    onde estavam. Um código novo da equipe destrava."""
    site, oferta = await oferta_do_site(motor)
    tecnica = await do_cras_dela(motor)
    dela = no_whatsapp(motor)
    await dela.diz(mensagem_pronta(oferta))
    velho = mensagem_pronta(oferta)

    respostas = [
        (await no_whatsapp(motor, f"55149000000{i:02d}").diz(velho))[0].texto for i in range(5)
    ]

    assert respostas == [texto("vinculo_whatsapp.recusado.usado")] * 4 + [
        texto("vinculo_whatsapp.travado")
    ]
    assert await destino(motor) == ("whatsapp", dela.chat_id)
    avisos = await _fila_para(motor, "telegram", tecnica.chat_id)
    assert len(avisos) == 1 and "2027-000001" in avisos[0]
    assert "5 tentativas, de outros números de WhatsApp" in avisos[0]
    # nem o link novo do site (agora o do Telegram: o WhatsApp já recebe) liga
    [situacao, *_] = await site.diz("situação")
    achado = LINK_TG.search(situacao.texto)
    assert achado is not None
    telegram = Conversa(motor, chat_id="777", canal="telegram")
    [travado] = await telegram.comando("start", achado.group(1))
    assert travado.texto == texto("vinculo_whatsapp.travado")
    assert await destino(motor) == ("whatsapp", dela.chat_id)
    async with transacao(motor.banco) as c:
        await codigos_vinculo.gerar(c, 1, None, AGORA)  # a equipe gera um código novo
    [pronto] = await telegram.comando("start", achado.group(1))
    assert pronto.texto == PRONTO
    # a troca de canal avisa a conversa que recebia os avisos (se não foi ela, procura o CRAS)
    [troca] = await _fila_para(motor, "whatsapp", dela.chat_id)
    assert troca == texto(
        "vinculo_whatsapp.conversa_antiga",
        protocolo="2027-000001",
        canal=texto("alcance.nome_canal.telegram"),
    )


async def _fila_para(motor: Motor, canal: str, chat_id: str) -> list[str]:
    async with transacao(motor.banco) as c:
        consulta = sa.select(Envio.conteudo).where(Envio.canal == canal, Envio.chat_id == chat_id)  # type: ignore[arg-type,call-overload]
        return [saida_de_json(c).texto for c in (await c.execute(consulta)).scalars()]


async def test_dois_celulares_com_o_mesmo_codigo_ao_mesmo_tempo_so_um_vence(motor: Motor) -> None:
    _, oferta = await oferta_do_site(motor)
    celulares = [no_whatsapp(motor, f"55149111100{i}") for i in range(4)]
    respostas = await asyncio.gather(*(c.diz(mensagem_pronta(oferta)) for c in celulares))
    textos = [r[0].texto for r in respostas]
    assert textos.count(PRONTO) == 1
    assert textos.count(texto("vinculo_whatsapp.recusado.usado")) == 3
    assert await destino(motor) == ("whatsapp", celulares[textos.index(PRONTO)].chat_id)


def test_codigo_gerado_tem_a_forma_que_o_motor_reconhece() -> None:
    for _ in range(200):
        codigo = vinculos_canal.gerar_codigo()
        escrito = formatar_codigo(codigo)
        assert codigo_na_mensagem(escrito, "whatsapp") == codigo
        assert codigo_na_mensagem(f"Quero receber os avisos. Código: {escrito}", "whatsapp")


async def test_registro_nao_leva_codigo_nem_numero(
    motor: Motor, caplog: pytest.LogCaptureFixture
) -> None:
    """O código é segredo e o número do WhatsApp é dado pessoal: nenhum dos dois no log."""
    caplog.set_level(logging.DEBUG)
    _, oferta = await oferta_do_site(motor)
    codigo = codigo_em(oferta)
    await no_whatsapp(motor, "5514955556666").diz("ABCD-EFGH-2345")
    await no_whatsapp(motor).diz(mensagem_pronta(oferta))
    assert "link de avisos usado: preinscricao=1 canal=whatsapp" in caplog.text
    for segredo in (codigo, codigo.replace("-", ""), "ABCDEFGH2345", "5514988887777", "Maria"):
        assert segredo not in caplog.text
    assert "55149" not in caplog.text
