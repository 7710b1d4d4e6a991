"""Alertas de evasão (R17, R20) pelo motor de verdade: a verificação abre o alerta, a
equipe recebe pela fila, decide pelos botões, anota; a pessoa recebe a mensagem de
cuidado e responde tocando ou digitando."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from armazenamento.banco import transacao
from armazenamento.equipe import Escopo, criar_convite
from armazenamento.modelos import Auditoria, Cras, Osc, PreInscricao
from fluxos.evasao import verificar_a_noite, verificar_turmas
from fluxos.montagem import criar_motor_de_conversa
from fluxos.regras.evasao import RegrasEvasao
from mensagens.catalogo import texto
from mensagens.serializacao import saida_de_json
from mensagens.tipos import Saida
from tests.conversa import Conversa
from tests.fluxos.dados_evasao import (
    NOITE,
    alertas,
    chamadas,
    encontros,
    envios,
    notas,
    nova_osc,
    situacao_da_matricula,
)
from tests.fluxos.dados_lembretes import matricular, semear

SUMIU = "PPPFFF"  # foi às 3 primeiras e faltou às 3 últimas


class Cena:
    def __init__(self, banco: AsyncEngine, turmas: dict[str, int]) -> None:
        self.banco, self.turmas = banco, turmas
        self.agora = NOITE
        self.ids: list[int] = []
        self.sumiu = self.veio = 0

    def conversa(self, chat: str) -> Conversa:
        motor = criar_motor_de_conversa(self.banco, relogio=lambda: self.agora)
        return Conversa(motor, chat, "telegram")

    async def tecnico(self, chat: str, papel: str = "osc", **escopo: int) -> Conversa:
        async with transacao(self.banco) as c:
            if papel == "osc" and not escopo:
                escopo["osc_id"] = (await c.execute(sa.select(sa.func.min(Osc.id)))).scalar_one()
            if papel == "cras" and not escopo:
                da_pessoa = sa.select(sa.func.min(PreInscricao.cras_id))
                escopo["cras_id"] = (await c.execute(da_pessoa)).scalar_one()
            convite = await criar_convite(c, Escopo(papel, **escopo), self.agora)
        conversa = self.conversa(chat)
        await conversa.comando("start", convite.token)
        return conversa

    async def noite(self) -> int:
        return await verificar_a_noite(self.banco, self.agora)

    async def da_fila(self, chat: str) -> list[Saida]:
        return [saida_de_json(c) for ch, _, c in await envios(self.banco) if ch == chat]


@pytest.fixture
async def cena(sessoes: async_sessionmaker[AsyncSession], motor_banco: AsyncEngine) -> Cena:
    cena = Cena(motor_banco, await semear(sessoes))
    t0 = cena.turmas["T0"]
    cena.ids = await encontros(motor_banco, t0, 40)
    cena.sumiu = await matricular(motor_banco, t0, "100")
    cena.veio = await matricular(motor_banco, t0, "101")
    await chamadas(motor_banco, cena.ids, {cena.sumiu: SUMIU, cena.veio: "PPPPPP"})
    return cena


async def test_r17_a_noite_abre_um_alerta_e_avisa_equipe_e_pessoa(cena: Cena) -> None:
    osc = await cena.tecnico("900")
    cras = await cena.tecnico("901", "cras")
    assert await cena.noite() == 1
    assert await cena.noite() == 0  # de novo (outro processo): nada se repete
    assert await alertas(cena.banco) == [(cena.sumiu, "faltas_seguidas", "aberto", "")]
    for tecnico in (osc, cras):
        (aviso,) = await cena.da_fila(tecnico.chat_id)
        assert aviso.texto.startswith("Alerta de evasão: Pessoa de Teste, turma T0 (Confeitaria)")
        assert [b.rotulo for b in aviso.botoes] == [
            "Vou acompanhar",
            "Confirma desistência",
            "Falso alarme",
            "Anotar",
        ]
    (cuidado,) = await cena.da_fila("100")
    assert cuidado.texto.startswith("Oi, Pessoa. Sentimos sua falta nas últimas aulas")
    assert [b.rotulo for b in cuidado.botoes] == [
        "Quero continuar",
        "Preciso de ajuda",
        "Vou desistir",
    ]
    assert await cena.da_fila("101") == []


async def test_r17_acompanhar_anotar_e_confirmar_pelos_botoes(cena: Cena) -> None:
    osc = await cena.tecnico("900")
    await cena.noite()
    (aviso,) = await cena.da_fila("900")
    await osc.toca("Vou acompanhar", em=aviso)
    assert osc.ultima.texto == texto("evasao.equipe.feito.acompanhando", nome="Pessoa de Teste")
    await osc.toca("Vou acompanhar", em=aviso)  # toque repetido: diz o que já foi decidido
    assert osc.ultima.texto.startswith("Você já decidiu este alerta.")
    assert "em acompanhamento" in osc.ultima.texto

    await osc.toca("Anotar", em=aviso)
    assert osc.ultima.texto.startswith("Escreva a anotação")
    await osc.diz("Liguei, está com o filho doente. Volta semana que vem.")
    assert osc.ultima.texto == "Anotação guardada no alerta de Pessoa de Teste."
    await osc.toca("Ver alerta")
    tela = osc.ultima.texto
    assert "Situação: em acompanhamento." in tela
    assert "Frequência até agora: 50%. Ainda pode ter 6 faltas e fechar com 75%." in tela
    assert "Liguei, está com o filho doente." in tela
    assert osc.rotulos == ["Confirma desistência", "Falso alarme", "Anotar", "Alertas"]

    # a noite seguinte não repete o alerta em acompanhamento
    cena.agora += timedelta(days=7)
    assert await cena.noite() == 0

    await osc.toca("Confirma desistência")
    await osc.toca("Faltas seguidas")  # o motivo (R19)
    assert osc.ultima.texto.startswith("Desistência de Pessoa de Teste confirmada.")
    assert await situacao_da_matricula(cena.banco, cena.sumiu) == "desistente"
    assert await alertas(cena.banco) == [(cena.sumiu, "faltas_seguidas", "confirmado", "")]
    async with cena.banco.connect() as c:
        acoes = set((await c.execute(sa.select(Auditoria.acao))).scalars())  # type: ignore[call-overload]
    assert {"alerta.ver"} <= acoes


async def test_r17_dois_tecnicos_ao_mesmo_tempo_vale_a_primeira_decisao(cena: Cena) -> None:
    osc = await cena.tecnico("900")
    cras = await cena.tecnico("901", "cras")
    await cena.noite()
    (aviso_osc,) = await cena.da_fila("900")
    (aviso_cras,) = await cena.da_fila("901")
    await osc.toca("Confirma desistência", em=aviso_osc)  # a pergunta do motivo na tela
    await cras.toca("Falso alarme", em=aviso_cras)
    await osc.toca("Começou a trabalhar")
    assert osc.ultima.texto == texto("evasao.equipe.ja_decidido", situacao="falso alarme")
    assert await situacao_da_matricula(cena.banco, cena.sumiu) == "ativa"


@pytest.mark.parametrize("papel", ["osc", "cras"])
async def test_r24_botao_forjado_de_outra_osc_ou_cras_nao_muda_nada(cena: Cena, papel: str) -> None:
    await cena.tecnico("900")
    await cena.noite()
    (aviso,) = await cena.da_fila("900")
    async with transacao(cena.banco) as c:
        da_pessoa = sa.select(PreInscricao.cras_id).limit(1)  # type: ignore[call-overload]
        outro = sa.select(sa.func.min(Cras.id)).where(Cras.id != da_pessoa.scalar_subquery())  # type: ignore[arg-type]
        outro_cras = (await c.execute(outro)).scalar_one()
    escopo = {"osc_id": await nova_osc(cena.banco)} if papel == "osc" else {"cras_id": outro_cras}
    intruso = await cena.tecnico("902", papel, **escopo)
    for rotulo in ("Vou acompanhar", "Confirma desistência", "Falso alarme", "Anotar"):
        await intruso.toca(rotulo, em=aviso)
        assert intruso.ultima.texto == "Não encontrado."
    await intruso.comando("alerta", aviso.botoes[0].valor.split()[-1])
    assert intruso.ultima.texto == "Não encontrado."
    await intruso.comando("alertas")
    assert intruso.ultima.texto.startswith("Nenhum alerta de evasão em aberto")
    assert await alertas(cena.banco) == [(cena.sumiu, "faltas_seguidas", "aberto", "")]
    assert await notas(cena.banco) == []


async def test_r17_falso_alarme_so_reabre_com_faltas_novas(cena: Cena) -> None:
    osc = await cena.tecnico("900")
    await cena.noite()
    (aviso,) = await cena.da_fila("900")
    await osc.toca("Falso alarme", em=aviso)
    assert osc.ultima.texto.startswith("Anotado como falso alarme.")
    cena.agora += timedelta(days=1)
    assert await cena.noite() == 0  # a mesma situação não alerta de novo
    # as chamadas atrasadas de antes do falso alarme (15/2 a 1º/3) já foram vistas
    await chamadas(cena.banco, cena.ids, {cena.sumiu: SUMIU + "FFF", cena.veio: "P" * 9}, desde=6)
    assert await cena.noite() == 0
    # depois do falso alarme: uma falta nova ainda não são 3 faltas seguidas novas
    await chamadas(cena.banco, cena.ids, {cena.sumiu: SUMIU + "FFFF", cena.veio: "P" * 10}, desde=9)
    cena.agora += timedelta(days=7)
    assert await cena.noite() == 0
    await chamadas(
        cena.banco, cena.ids, {cena.sumiu: SUMIU + "FFFFFF", cena.veio: "P" * 12}, desde=10
    )
    cena.agora += timedelta(days=14)
    assert await cena.noite() == 1
    assert [a[2] for a in await alertas(cena.banco)] == ["falso_alarme", "aberto"]


async def test_r17_lista_de_alertas_do_menu(cena: Cena) -> None:
    osc = await cena.tecnico("900")
    await cena.noite()
    await osc.diz("alertas")
    assert osc.ultima.texto.startswith("Alertas de evasão em aberto (1 a 1 de 1):")
    assert "1. Pessoa de Teste, turma T0 (Confeitaria): faltou às últimas aulas" in osc.ultima.texto
    await osc.diz("1")  # digitar o número escolhe a pessoa
    assert osc.ultima.texto.startswith("Alerta de evasão desde 01/03: Pessoa de Teste")
    await osc.diz("vou acompanhar")
    assert osc.ultima.texto.startswith("Combinado: você está acompanhando")


async def test_r17_pessoa_responde_quero_continuar_digitando(cena: Cena) -> None:
    await cena.tecnico("900")
    await cena.noite()
    pessoa = cena.conversa("100")
    await pessoa.diz("quero continuar")
    assert pessoa.ultima.texto == texto("evasao.continuar")
    assert (await alertas(cena.banco))[0][3] == "continuar"
    _aviso, resposta = await cena.da_fila("900")
    assert resposta.texto == (
        "Pessoa de Teste, turma T0 (Confeitaria), respondeu que quer continuar no curso."
    )
    await pessoa.diz("quero continuar")  # de novo: a equipe não recebe outro aviso
    assert len(await cena.da_fila("900")) == 2


@pytest.mark.parametrize("digitado", ["vou desistir", "desisto", "Desisto."])
async def test_r17_pessoa_diz_que_desiste_e_confirma(cena: Cena, digitado: str) -> None:
    await cena.tecnico("900")
    await cena.noite()
    pessoa = cena.conversa("100")
    await pessoa.diz(digitado)
    assert pessoa.ultima.texto == texto("evasao.desistir.pergunta")
    assert pessoa.rotulos == ["Sim, vou sair", "Quero continuar", "Preciso de ajuda"]
    await pessoa.diz("sim")
    assert pessoa.ultima.texto == texto("evasao.desistir.anotado")
    assert await alertas(cena.banco) == [(cena.sumiu, "disse_que_sai", "aberto", "desistir")]
    assert (await cena.da_fila("900"))[-1].texto.startswith(
        "Pessoa de Teste, turma T0 (Confeitaria), disse pelo chat que vai desistir."
    )
    assert await situacao_da_matricula(cena.banco, cena.sumiu) == "ativa"  # a equipe confirma


async def test_r17_vou_desistir_depois_do_falso_alarme_abre_outro_alerta(cena: Cena) -> None:
    osc = await cena.tecnico("900")
    await cena.noite()
    cuidado = (await cena.da_fila("100"))[0]
    await osc.toca("Falso alarme", em=(await cena.da_fila("900"))[0])
    pessoa = cena.conversa("100")
    await pessoa.toca("Vou desistir", em=cuidado)
    await pessoa.toca("Sim, vou sair")
    assert [a[1:] for a in await alertas(cena.banco)] == [
        ("faltas_seguidas", "falso_alarme", ""),
        ("disse_que_sai", "aberto", "desistir"),
    ]
    novo = (await cena.da_fila("900"))[-1]
    assert "disse pelo chat que vai desistir" in novo.texto
    assert len(await cena.da_fila("100")) == 1  # quem disse que sai não recebe "sentimos falta"


async def test_r17_botao_de_cuidado_de_outra_pessoa_nao_acha_nada(cena: Cena) -> None:
    await cena.noite()
    cuidado = (await cena.da_fila("100"))[0]
    outra = cena.conversa("101")
    for rotulo in ("Quero continuar", "Vou desistir"):
        await outra.toca(rotulo, em=cuidado)
        assert outra.ultima.texto == texto("evasao.nao_achado")
    await outra.aperta(f"cmd:evasao_sair {cuidado.botoes[0].valor.split()[-1]}")
    assert outra.ultima.texto == texto("evasao.nao_achado")
    assert await alertas(cena.banco) == [(cena.sumiu, "faltas_seguidas", "aberto", "")]


async def test_r17_verificar_uma_turma_depois_da_chamada(cena: Cena) -> None:
    """A função da chamada: só a turma pedida, na transação de quem chama."""
    outra = await matricular(cena.banco, cena.turmas["T1"], "300")
    ids_t1 = await encontros(cena.banco, cena.turmas["T1"], 40)
    await chamadas(cena.banco, ids_t1, {outra: "FFF"})
    async with transacao(cena.banco) as c:
        assert await verificar_turmas(c, NOITE, RegrasEvasao(), [cena.turmas["T1"]]) == 1
    assert [a[0] for a in await alertas(cena.banco)] == [outra]


async def test_r17_limites_configuraveis(cena: Cena) -> None:
    async with transacao(cena.banco) as c:
        assert await verificar_turmas(c, NOITE, RegrasEvasao(faltas_seguidas=4)) == 0
        assert await verificar_turmas(c, NOITE, RegrasEvasao(faltas_seguidas=2)) == 1


async def test_r20_nota_grande_demais_pede_de_novo(cena: Cena) -> None:
    osc = await cena.tecnico("900")
    await cena.noite()
    await osc.toca("Anotar", em=(await cena.da_fila("900"))[0])
    await osc.diz("x" * 2000)
    assert "Escreva a anotação" in osc.ultima.texto
    assert await notas(cena.banco) == []


async def test_r17_quem_se_inscreveu_pelo_site_nao_recebe_pela_fila(cena: Cena) -> None:
    """O chat do site não entrega depois: a OSC liga para a pessoa (o alerta abre igual)."""
    do_site = await matricular(cena.banco, cena.turmas["T0"], "web-1", canal="web")
    await chamadas(cena.banco, cena.ids, {do_site: "PPPFFF"}, desde=0)
    assert await cena.noite() == 2
    assert await cena.da_fila("web-1") == []
    assert do_site in [a[0] for a in await alertas(cena.banco)]


async def test_r17_dois_toques_ao_mesmo_tempo_uma_decisao_so(cena: Cena) -> None:
    """Os dois ao mesmo tempo (no PostgreSQL, de fato em paralelo): um UPDATE condicional."""
    osc = await cena.tecnico("900")
    cras = await cena.tecnico("901", "cras")
    await cena.noite()
    (aviso_osc,) = await cena.da_fila("900")
    (aviso_cras,) = await cena.da_fila("901")
    await osc.toca("Confirma desistência", em=aviso_osc)
    await asyncio.gather(osc.toca("Saúde"), cras.toca("Falso alarme", em=aviso_cras))
    respostas = {osc.ultima.texto.split(".")[0], cras.ultima.texto.split(".")[0]}
    assert "Este alerta já foi decidido por outra pessoa da equipe" in respostas
    (alerta,) = await alertas(cena.banco)
    matricula = await situacao_da_matricula(cena.banco, cena.sumiu)
    assert (alerta[2], matricula) in {("confirmado", "desistente"), ("falso_alarme", "ativa")}
