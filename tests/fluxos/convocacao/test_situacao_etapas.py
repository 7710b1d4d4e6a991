"""A `situação` conta UMA história, a da etapa mais recente (issue 8, itens 1 e 2; achados
5, 6 e 7 do testador): tabela etapa × canal (o Telegram entrega depois; o chat do site não).

"A instituição vai ligar … quando for a sua vez" só enquanto a pessoa espera ser chamada;
no site, o link de avisos vem em toda etapa. A OSC que cancela a matrícula de quem não
recebe aviso ouve que deve ligar (com o telefone). Duas pré-inscrições no mesmo Telegram:
as duas aparecem, cada uma com a sua história.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from types import MappingProxyType

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from armazenamento.banco import transacao
from armazenamento.convocacoes import travar_turma
from armazenamento.modelos import Osc, PreInscricao
from fluxos.ajustes import Ajustes
from fluxos.convocacao.acoes import cancelar
from fluxos.montagem import criar_motor_de_conversa
from fluxos.motor import Motor
from mensagens.catalogo import texto
from tests.conversa import Conversa
from tests.dados import semear_programa
from tests.fluxos.conftest import AGORA
from tests.fluxos.convocacao.conftest import (
    Relogio,
    chat,
    convocar_direto,
    encaminhar,
    id_da_turma,
    pessoa,
)
from tests.fluxos.equipe.conftest import Convidar

LINKS = MappingProxyType({"telegram": "https://t.me/bot_teste?start={token}"})
LINK = re.compile(r"https://t\.me/bot_teste\?start=")
TELEFONE = "(14) *****-0001"  # o da pessoa 1, mascarado


@pytest.fixture
async def motor(sessoes: async_sessionmaker[AsyncSession], relogio: Relogio) -> Motor:
    await semear_programa(sessoes, AGORA.date())
    ajustes = Ajustes(links_de_canal=LINKS)
    return criar_motor_de_conversa(sessoes.kw["bind"], relogio=relogio, ajustes=ajustes)


async def _mudar(motor: Motor, preinscricao_id: int, **valores: str) -> None:
    async with transacao(motor.banco) as c:
        await c.execute(
            sa.update(PreInscricao).where(PreInscricao.id == preinscricao_id).values(**valores)  # type: ignore[arg-type]
        )


# ----- cada etapa, como acontece ------------------------------------------------------


async def _recebida(motor: Motor, relogio: Relogio, ids: list[int]) -> None:
    await _mudar(motor, ids[0], situacao="recebida")


async def _aprovada(motor: Motor, relogio: Relogio, ids: list[int]) -> None:
    return None  # a lista do CRAS já foi para a OSC


async def _convocada(motor: Motor, relogio: Relogio, ids: list[int]) -> None:
    await convocar_direto(motor, await id_da_turma(motor.banco), 1)


async def _matriculada(motor: Motor, relogio: Relogio, ids: list[int]) -> None:
    [convocacao] = await convocar_direto(motor, await id_da_turma(motor.banco), 1)
    await pessoa(motor, 1).aperta(f"cmd:conv_sim {convocacao}")


async def _cancelada(motor: Motor, relogio: Relogio, ids: list[int]) -> None:
    await _matriculada(motor, relogio, ids)
    relogio.andar(days=1)
    async with transacao(motor.banco) as c:
        turma = await travar_turma(c, await id_da_turma(motor.banco))
        assert turma is not None
        await cancelar(c, turma, ids[0], relogio(), motor.ajustes, "pediu_sair")


async def _recusou(motor: Motor, relogio: Relogio, ids: list[int]) -> None:
    [convocacao] = await convocar_direto(motor, await id_da_turma(motor.banco), 1)
    await pessoa(motor, 1).aperta(f"cmd:conv_nao {convocacao}")


async def _prazo_venceu(motor: Motor, relogio: Relogio, ids: list[int]) -> None:
    await convocar_direto(motor, await id_da_turma(motor.banco), 1)
    relogio.andar(days=20)


Etapa = Callable[[Motor, Relogio, list[int]], Awaitable[None]]
ETAPAS: dict[str, Etapa] = {
    "recebida": _recebida,
    "aprovada": _aprovada,
    "convocada": _convocada,
    "matriculada": _matriculada,
    "cancelada": _cancelada,
    "recusou": _recusou,
    "prazo_venceu": _prazo_venceu,
}
ESPERANDO = {"recebida", "aprovada"}

# (etapa, canal) → o começo da história
HISTORIAS = {
    ("recebida", "telegram"): "Situação: recebida. O CRAS vai analisar.",
    ("recebida", "web"): "Situação: recebida. O CRAS vai analisar.",
    ("aprovada", "telegram"): "Situação: aprovada pelo CRAS. Quando for a sua vez, a "
    "instituição do curso chama você e o aviso chega por aqui.",
    ("aprovada", "web"): "Situação: aprovada pelo CRAS. Agora é esperar a instituição do "
    "curso chamar você.",
    ("convocada", "telegram"): "Situação: você foi chamado(a) para o curso de Confeitaria. "
    "Responda até",
    ("convocada", "web"): "Situação: você foi chamado(a) para o curso de Confeitaria. Responda até",
    ("matriculada", "telegram"): "Situação: matrícula feita no curso de Confeitaria, turma "
    "T0.\nPrimeiro encontro:",
    ("matriculada", "web"): "Situação: matrícula feita no curso de Confeitaria, turma T0.\n"
    "Primeiro encontro:",
    ("cancelada", "telegram"): "Situação: sua matrícula no curso de Confeitaria foi "
    "cancelada pela instituição que dá o curso.\nO motivo anotado foi: você pediu para sair.",
    ("cancelada", "web"): "Situação: sua matrícula no curso de Confeitaria foi cancelada "
    "pela instituição que dá o curso.\nO motivo anotado foi: você pediu para sair.",
    ("recusou", "telegram"): "Situação: você respondeu que não pode fazer o curso de "
    "Confeitaria agora, e a vaga foi para outra pessoa.",
    ("recusou", "web"): "Situação: você respondeu que não pode fazer o curso de Confeitaria "
    "agora, e a vaga foi para outra pessoa.",
    ("prazo_venceu", "telegram"): "Situação: o prazo para responder à chamada do curso de "
    "Confeitaria acabou",
    ("prazo_venceu", "web"): "Situação: o prazo para responder à chamada do curso de "
    "Confeitaria acabou",
}


@pytest.mark.parametrize(("etapa", "canal"), sorted(HISTORIAS))
async def test_situacao_conta_a_etapa_mais_recente_por_canal(
    motor: Motor, relogio: Relogio, etapa: str, canal: str
) -> None:
    ids = await encaminhar(motor.banco, 3)
    await ETAPAS[etapa](motor, relogio, ids)
    if canal == "web":  # fez pelo site e não levou os avisos para o Telegram
        await _mudar(motor, ids[0], canal="web")

    [situacao, *abertas] = await Conversa(motor, chat_id=chat(1), canal=canal).diz("situação")

    linhas = situacao.texto.split("\n", 2)
    assert linhas[0] == "Pré-inscrição 2027-000001, feita em 10 de janeiro de 2027."
    assert linhas[2].startswith(HISTORIAS[(etapa, canal)]), linhas[2]
    esperando_no_site = etapa in ESPERANDO and canal == "web"
    assert (f"vai ligar para {TELEFONE} quando for a sua vez" in situacao.texto) is (
        esperando_no_site
    )
    assert situacao.texto.count("Situação:") == 1  # UMA história
    assert "vai chamar você" not in situacao.texto
    assert (LINK.search(situacao.texto) is not None) is (canal == "web")
    if etapa == "matriculada":
        lembretes = "Você recebe os lembretes das aulas por aqui."
        assert (lembretes in situacao.texto) is (canal == "telegram")
    # a convocação em aberto vem junto, com os botões, só enquanto dá para responder
    assert [[b.rotulo for b in a.botoes] for a in abertas] == (
        [["Confirmo", "Não posso"]] if etapa == "convocada" else []
    )


@pytest.mark.parametrize("etapa", ["cancelada", "recusou", "prazo_venceu"])
async def test_quem_tem_de_falar_com_a_instituicao_recebe_o_telefone_dela(
    motor: Motor, relogio: Relogio, etapa: str
) -> None:
    ids = await encaminhar(motor.banco, 3)
    async with transacao(motor.banco) as c:
        await c.execute(sa.update(Osc).values(telefone="(14) 3222-0000"))
    await ETAPAS[etapa](motor, relogio, ids)
    [situacao, *_] = await pessoa(motor, 1).diz("situação")
    assert "fale com a instituição" in situacao.texto
    assert situacao.texto.endswith("Telefone da instituição: (14) 3222-0000.")


# ----- a OSC que cancela sabe se a pessoa é avisada -----------------------------------


@pytest.mark.parametrize("canal", ["telegram", "web"])
async def test_osc_que_cancela_quem_nao_recebe_aviso_ouve_para_ligar(
    motor: Motor, relogio: Relogio, convidar: Convidar, canal: str
) -> None:
    ids = await encaminhar(motor.banco, 3)
    await _matriculada(motor, relogio, ids)
    await _mudar(motor, ids[0], canal=canal)
    osc = Conversa(motor, chat_id="900")
    await osc.comando("start", (await convidar("osc")).token)
    turma = await id_da_turma(motor.banco)

    [pergunta] = await osc.comando("conv_cancelar", f"{turma} {ids[0]} nao_veio")
    feito = await osc.comando("conv_cancelar", f"{turma} {ids[0]} nao_veio sim")

    promete = "A pessoa recebe um aviso"
    ligue = "avise por telefone, (14) 99000-0001"
    assert (promete in pergunta.texto) is (canal == "telegram")
    assert (ligue in pergunta.texto) is (canal == "web")
    nota = "Avise a pessoa por telefone: (14) 99000-0001."
    assert (nota in feito[0].texto) is (canal == "web")


# ----- duas pré-inscrições no mesmo Telegram ------------------------------------------


async def test_duas_preinscricoes_no_mesmo_telegram_aparecem_as_duas(
    motor: Motor, relogio: Relogio
) -> None:
    """Mãe (pessoa 1) e filho (pessoa 2) levaram os avisos para o mesmo Telegram; a mãe
    está matriculada, o filho foi chamado depois."""
    ids = await encaminhar(motor.banco, 3)
    await _mudar(motor, ids[0], nome="Ana Maria Souza")
    await _mudar(motor, ids[1], nome="Pedro Souza", chat_id=chat(1))
    turma = await id_da_turma(motor.banco)
    [da_mae] = await convocar_direto(motor, turma, 1)
    await pessoa(motor, 1).aperta(f"cmd:conv_sim {da_mae}")
    await convocar_direto(motor, turma, 1)  # o filho

    celular = pessoa(motor, 1)
    [situacao, chamada] = await celular.diz("situação")

    mae, filho = situacao.texto.split("\n\n")
    assert mae.startswith("Ana Maria Souza:\nPré-inscrição 2027-000001")
    assert "Situação: matrícula feita no curso de Confeitaria, turma T0." in mae
    assert filho.startswith("Pedro Souza:\nPré-inscrição 2027-000002")
    assert "Situação: você foi chamado(a) para o curso de Confeitaria." in filho
    assert chamada.texto.startswith("Boa notícia, Pedro!")

    # "confirmo" digitado continua valendo para a convocação mais recente em aberto
    [resposta] = await celular.diz("confirmo")
    assert resposta.texto.startswith(texto("convocacao.confirmada", curso="Confeitaria"))
    [depois, *abertas] = await celular.diz("situação")
    assert depois.texto.count("Situação: matrícula feita") == 2
    assert abertas == []
