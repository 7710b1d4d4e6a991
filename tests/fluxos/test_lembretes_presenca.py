"""Os botões do lembrete pelo motor de verdade: "Vou" e "Não vou poder" (R7, R16, R17)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from armazenamento.banco import transacao
from armazenamento.equipe import Escopo, criar_convite, revogar
from armazenamento.modelos import Envio, MembroEquipe
from fluxos.lembretes import gerar_lembretes
from fluxos.montagem import criar_motor_de_conversa
from mensagens.serializacao import saida_de_json
from tests.conversa import Conversa
from tests.fluxos.dados_lembretes import AGORA, em_bauru, encontro, matricular, presencas, semear

FALTA = "Tudo bem, anotei que você não vai. Esperamos você na próxima aula."
SEM_MATRICULA = (
    "Não achei sua matrícula nessa turma. Se for engano, converse com a instituição que dá o curso."
)


def conversa(banco: AsyncEngine, chat: str, agora: datetime = AGORA) -> Conversa:
    return Conversa(criar_motor_de_conversa(banco, relogio=lambda: agora), chat, "telegram")


@pytest.fixture
async def turmas(sessoes: async_sessionmaker[AsyncSession]) -> dict[str, int]:
    return await semear(sessoes)


@pytest.fixture
async def aula(motor_banco: AsyncEngine, turmas: dict[str, int]) -> tuple[int, int]:
    """A aula de amanhã (terça, 14h) da Confeitaria e a matrícula da conversa "100"."""
    eid = await encontro(motor_banco, turmas["T0"], em_bauru(2027, 3, 2, 14))
    return eid, await matricular(motor_banco, turmas["T0"], "100")


async def test_r16_nao_vou_poder_grava_uma_falta_justificada(
    motor_banco: AsyncEngine, aula: tuple[int, int]
) -> None:
    eid, mid = aula
    pessoa = conversa(motor_banco, "100")
    await pessoa.aperta(f"cmd:aula_falta {eid}")
    assert pessoa.ultima.texto == FALTA
    await pessoa.aperta(f"cmd:aula_falta {eid}")  # apertou de novo
    assert pessoa.ultima.texto == FALTA
    assert await presencas(motor_banco) == [(eid, mid, "falta_justificada", "lembrete")]


async def test_r16_do_lembrete_na_fila_ao_botao(
    motor_banco: AsyncEngine, aula: tuple[int, int]
) -> None:
    """O caminho inteiro: a tarefa põe o lembrete na fila, a pessoa toca no botão dele."""
    eid, mid = aula
    await gerar_lembretes(motor_banco, AGORA)
    async with motor_banco.connect() as c:
        conteudo = (await c.execute(sa.select(Envio.conteudo))).scalar_one()  # type: ignore[call-overload]
    lembrete = saida_de_json(conteudo)
    pessoa = conversa(motor_banco, "100", AGORA.replace(hour=23))
    await pessoa.toca("Não vou poder", em=lembrete)
    assert pessoa.ultima.texto == FALTA
    assert await presencas(motor_banco) == [(eid, mid, "falta_justificada", "lembrete")]
    await pessoa.toca("Vou", em=lembrete)  # mudou de ideia: a falta avisada some
    assert pessoa.ultima.texto == "Combinado! Até amanhã."
    assert await presencas(motor_banco) == []


async def test_vou_no_dia_da_aula(motor_banco: AsyncEngine, aula: tuple[int, int]) -> None:
    eid, _ = aula
    pessoa = conversa(motor_banco, "100", em_bauru(2027, 3, 2, 9).astimezone(UTC))
    await pessoa.aperta(f"cmd:aula_vou {eid}")
    assert pessoa.ultima.texto == "Combinado! Até daqui a pouco."
    assert await presencas(motor_banco) == []


@pytest.mark.parametrize("botao", ["aula_falta", "aula_vou"])
async def test_aula_que_ja_aconteceu_recusa_com_gentileza(
    motor_banco: AsyncEngine, aula: tuple[int, int], botao: str
) -> None:
    eid, _ = aula
    depois = em_bauru(2027, 3, 2, 14).astimezone(UTC)  # na hora de começar já não dá
    pessoa = conversa(motor_banco, "100", depois)
    await pessoa.aperta(f"cmd:{botao} {eid}")
    assert pessoa.ultima.texto == (
        "Essa aula já aconteceu. Se você faltou, converse com a instituição que dá o curso."
    )
    assert await presencas(motor_banco) == []


async def test_aula_cancelada_recusa_com_gentileza(
    motor_banco: AsyncEngine, turmas: dict[str, int]
) -> None:
    eid = await encontro(motor_banco, turmas["T0"], em_bauru(2027, 3, 2, 14), cancelado=True)
    await matricular(motor_banco, turmas["T0"], "100")
    pessoa = conversa(motor_banco, "100")
    await pessoa.aperta(f"cmd:aula_falta {eid}")
    assert pessoa.ultima.texto == "Essa aula foi cancelada. Não precisa avisar nada."
    assert await presencas(motor_banco) == []


@pytest.mark.parametrize(
    ("chat", "situacao"),
    [
        ("999", "ativa"),  # outra conversa, sem matrícula
        ("100", "cancelada"),
        ("100", "desistente"),
    ],
)
async def test_sem_matricula_ativa_recusa_com_gentileza(
    motor_banco: AsyncEngine, turmas: dict[str, int], chat: str, situacao: str
) -> None:
    eid = await encontro(motor_banco, turmas["T0"], em_bauru(2027, 3, 2, 14))
    await matricular(motor_banco, turmas["T0"], "100", situacao=situacao)
    await matricular(motor_banco, turmas["T1"], chat)  # matrícula em outra turma não vale
    pessoa = conversa(motor_banco, chat)
    await pessoa.aperta(f"cmd:aula_falta {eid}")
    assert pessoa.ultima.texto == SEM_MATRICULA
    assert await presencas(motor_banco) == []


@pytest.mark.parametrize("argumento", ["", "abc", "-1", "0", "99999", "99999999999999999999"])
async def test_botao_com_aula_que_nao_existe(
    motor_banco: AsyncEngine, aula: tuple[int, int], argumento: str
) -> None:
    pessoa = conversa(motor_banco, "100")
    await pessoa.aperta(f"cmd:aula_falta {argumento}".strip())
    assert pessoa.ultima.texto.startswith("Não achei essa aula.")
    assert await presencas(motor_banco) == []


async def test_no_meio_da_preinscricao_o_botao_vale_e_a_conversa_continua(
    motor_banco: AsyncEngine, aula: tuple[int, int]
) -> None:
    """Quem está matriculado (pré-inscrição do ano passado) faz a deste ano e, no meio,
    toca no "Não vou poder" do lembrete."""
    eid, mid = aula
    async with motor_banco.begin() as c:
        await c.execute(
            sa.text(
                "INSERT INTO ciclo (ano, preinscricao_inicio, preinscricao_fim)"
                " VALUES (2026, '2026-01-05', '2026-01-30')"
            )
        )
        await c.execute(
            sa.text("UPDATE preinscricao SET ciclo_id = (SELECT id FROM ciclo WHERE ano = 2026)")
        )
    pessoa = conversa(motor_banco, "100")
    await pessoa.comando("start")
    await pessoa.toca("Entendi, continuar")
    assert pessoa.ultima.texto.startswith("Qual é o seu nome completo?")
    await pessoa.aperta(f"cmd:aula_falta {eid}")
    assert pessoa.ouvidas[-2].texto == FALTA
    assert pessoa.ultima.texto.startswith("Qual é o seu nome completo?")
    assert await presencas(motor_banco) == [(eid, mid, "falta_justificada", "lembrete")]
    await pessoa.diz("Maria Aparecida da Silva")
    assert "nome social" in pessoa.ultima.texto


# ----- o instrutor fica sabendo (R16, R24) ----------------------------------------------


async def _avisos_da_fila(banco: AsyncEngine) -> list[tuple[str, str]]:
    async with banco.connect() as c:
        linhas = await c.execute(
            sa.select(Envio.chat_id, Envio.conteudo).order_by(Envio.id)  # type: ignore[call-overload]
        )
        return [(chat, saida_de_json(conteudo).texto) for chat, conteudo in linhas]


async def _instrutor(banco: AsyncEngine, turma_id: int, chat: str, agora: datetime = AGORA) -> None:
    """Liga a conversa `chat` ao papel de instrutor da turma, pelo convite (como no chat)."""
    async with transacao(banco) as c:
        convite = await criar_convite(c, Escopo("instrutor", turma_id=turma_id), agora)
    await conversa(banco, chat).comando("start", convite.token)


async def test_r16_nao_vou_poder_avisa_o_instrutor_da_turma_uma_vez(
    motor_banco: AsyncEngine, aula: tuple[int, int], turmas: dict[str, int]
) -> None:
    eid, _ = aula
    await _instrutor(motor_banco, turmas["T0"], "700")
    await _instrutor(motor_banco, turmas["T1"], "701")  # instrutor de outra turma: nada
    pessoa = conversa(motor_banco, "100")

    await pessoa.aperta(f"cmd:aula_falta {eid}")
    await pessoa.aperta(f"cmd:aula_falta {eid}")  # apertou de novo: um aviso só

    assert await _avisos_da_fila(motor_banco) == [
        (
            "700",
            "Aviso de falta: Pessoa de Teste não vai à aula de terça-feira, 2 de março, 14h "
            "da turma T0. Já ficou registrada como falta justificada.",
        )
    ]


async def test_r16_mudou_de_ideia_o_instrutor_sabe_e_um_novo_aviso_sai_de_novo(
    motor_banco: AsyncEngine, aula: tuple[int, int], turmas: dict[str, int]
) -> None:
    eid, _ = aula
    await _instrutor(motor_banco, turmas["T0"], "700")
    pessoa = conversa(motor_banco, "100")

    await pessoa.aperta(f"cmd:aula_falta {eid}")
    await pessoa.aperta(f"cmd:aula_vou {eid}")
    await pessoa.aperta(f"cmd:aula_vou {eid}")  # "Vou" de novo: nada a desfazer, nada avisa
    await conversa(motor_banco, "100", AGORA.replace(minute=5)).aperta(f"cmd:aula_falta {eid}")

    textos = [
        t.split(":")[0] if t.startswith("Aviso") else t.split(" mudou")[0]
        for _, t in await _avisos_da_fila(motor_banco)
    ]
    assert textos == ["Aviso de falta", "Pessoa de Teste", "Aviso de falta"]


async def test_r24_instrutor_revogado_nao_recebe_aviso(
    motor_banco: AsyncEngine, aula: tuple[int, int], turmas: dict[str, int]
) -> None:
    eid, _ = aula
    await _instrutor(motor_banco, turmas["T0"], "700")
    async with transacao(motor_banco) as c:
        membro = (await c.execute(sa.select(MembroEquipe.id))).scalar_one()  # type: ignore[call-overload]
        await revogar(c, membro, AGORA)

    await conversa(motor_banco, "100").aperta(f"cmd:aula_falta {eid}")

    assert await _avisos_da_fila(motor_banco) == []
    assert await presencas(motor_banco) != []  # a falta fica registrada do mesmo jeito
