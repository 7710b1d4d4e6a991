"""Cenário da convocação: o cadastro pequeno (`tests/dados.py`), uma lista do CRAS
encaminhada à OSC (linhas de `Encaminhamento` criadas direto, como a priorização faria),
um relógio que anda e leitores da fila de envio e das tabelas."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from armazenamento.banco import transacao
from armazenamento.convocacoes import travar_turma
from armazenamento.modelos import (
    Convocacao,
    Cras,
    Curso,
    Encaminhamento,
    Envio,
    Matricula,
    MembroEquipe,
    Osc,
    PreInscricao,
    Priorizacao,
    Turma,
)
from fluxos.convocacao.acoes import convocar
from fluxos.montagem import criar_motor_de_conversa
from fluxos.motor import Motor
from mensagens.serializacao import saida_de_json
from mensagens.tipos import Saida
from tests.conversa import Conversa
from tests.dados import semear_programa
from tests.fluxos.conftest import AGORA
from tests.fluxos.equipe.conftest import convidar, tecnica  # noqa: F401  (fixtures)

CANAL = "telegram"
_T = Turma.__table__  # type: ignore[attr-defined]
_C = Convocacao.__table__  # type: ignore[attr-defined]
_M = Matricula.__table__  # type: ignore[attr-defined]
_ENV = Envio.__table__  # type: ignore[attr-defined]


@dataclass
class Relogio:
    """O relógio do motor (e da tarefa agendada): só anda quando o teste manda."""

    agora: datetime = AGORA

    def __call__(self) -> datetime:
        return self.agora

    def andar(self, **quanto: float) -> datetime:
        self.agora += timedelta(**quanto)
        return self.agora


@pytest.fixture
def relogio() -> Relogio:
    return Relogio()


@pytest.fixture
async def motor(sessoes: async_sessionmaker[AsyncSession], relogio: Relogio) -> Motor:
    await semear_programa(sessoes, AGORA.date())
    return criar_motor_de_conversa(sessoes.kw["bind"], relogio=relogio)


def chat(posicao: int) -> str:
    """A conversa no Telegram da pessoa na `posicao` da lista."""
    return f"7{posicao:04d}"


def pessoa(motor: Motor, posicao: int) -> Conversa:
    return Conversa(motor, chat_id=chat(posicao), canal=CANAL)


async def _um(conexao: object, consulta: sa.Select[tuple[int]]) -> int:
    return int((await conexao.execute(consulta)).scalar_one())  # type: ignore[attr-defined]


async def id_da_turma(banco: AsyncEngine, codigo: str = "T0") -> int:
    async with transacao(banco) as c:
        return await _um(c, sa.select(_T.c.id).where(_T.c.codigo == codigo))


async def encaminhar(
    banco: AsyncEngine,
    quantos: int = 40,
    sem_chat: Iterable[int] = (),
    curso: str = "Confeitaria",
    primeira: int = 1,
    turno: str = "manha",
    segunda_opcao: Iterable[int] = (),
    canal: str = CANAL,
) -> list[int]:
    """`quantos` pré-inscrições na lista do CRAS para o curso (posições `primeira`…), na
    ordem; as posições em `sem_chat` são pré-inscrições assistidas (sem conversa). Todas
    escolheram `turno` (R10); nas posições em `segunda_opcao` o curso é a 2ª opção (a 1ª
    é outro curso, que não entra nesta lista). `canal`: onde as pessoas conversam (o
    chat de cada uma é `chat(posicao)`, só dígitos: também um wa_id)."""
    sem = set(sem_chat)
    segunda = set(segunda_opcao)
    async with transacao(banco) as c:
        curso_id, osc_id = (
            await c.execute(
                sa.select(Curso.id, Curso.osc_id).where(Curso.nome == curso)  # type: ignore[arg-type]
            )
        ).one()
        outro_curso = await _um(c, sa.select(sa.func.min(Curso.id)).where(Curso.id != curso_id))
        ciclo_id = await _um(c, sa.select(_T.c.ciclo_id).limit(1))
        cras_id = await _um(c, sa.select(sa.func.min(Cras.id)))
        priorizacao = (
            await c.execute(
                sa.select(Priorizacao.id).where(  # type: ignore[arg-type]
                    Priorizacao.ciclo_id == ciclo_id, Priorizacao.cras_id == cras_id
                )
            )
        ).scalar()
        if priorizacao is None:
            priorizacao = await _um(
                c,
                sa.insert(Priorizacao)
                .values(ciclo_id=ciclo_id, cras_id=cras_id, situacao="enviada")
                .returning(Priorizacao.id),  # type: ignore[arg-type]
            )
        ids = []
        for posicao in range(primeira, primeira + quantos):
            com_chat = posicao not in sem
            pid = await _um(
                c,
                sa.insert(PreInscricao)
                .values(
                    ciclo_id=ciclo_id,
                    nome=f"Pessoa {posicao:02d} da Silva",
                    nome_social="",
                    nascimento=date(2000, 1, 1),
                    telefone=f"1499{posicao:07d}",
                    cras_id=cras_id,
                    prioridades="",
                    curso1_id=outro_curso if posicao in segunda else curso_id,
                    curso2_id=curso_id if posicao in segunda else None,
                    turno=turno,
                    escolaridade="medio_completo",
                    aviso_versao="1",
                    canal=canal if com_chat else "",
                    chat_id=chat(posicao) if com_chat else "",
                    situacao="aprovada",
                    criada_em=AGORA,
                )
                .returning(PreInscricao.id),  # type: ignore[arg-type]
            )
            await c.execute(
                sa.insert(Encaminhamento).values(
                    priorizacao_id=priorizacao,
                    preinscricao_id=pid,
                    osc_id=osc_id,
                    curso_id=curso_id,
                    posicao=posicao,
                    criado_em=AGORA,
                )
            )
            ids.append(pid)
        return ids


async def mensagens(banco: AsyncEngine, chat_id: str) -> list[Saida]:
    """O que a fila de envio tem para essa conversa, na ordem."""
    async with transacao(banco) as c:
        linhas = await c.execute(
            sa.select(_ENV.c.conteudo).where(_ENV.c.chat_id == chat_id).order_by(_ENV.c.id)
        )
        return [saida_de_json(conteudo) for (conteudo,) in linhas.all()]


async def total_de_envios(banco: AsyncEngine) -> int:
    async with transacao(banco) as c:
        return await _um(c, sa.select(sa.func.count()).select_from(_ENV))


async def situacoes(banco: AsyncEngine, turma_id: int) -> dict[str, int]:
    """Convocações por situação e matrículas ativas ("matriculados") da turma."""
    async with transacao(banco) as c:
        por = dict(
            (
                await c.execute(
                    sa.select(_C.c.situacao, sa.func.count())
                    .where(_C.c.turma_id == turma_id)
                    .group_by(_C.c.situacao)
                )
            ).all()
        )
        ativas = await _um(
            c,
            sa.select(sa.func.count()).where(_M.c.turma_id == turma_id, _M.c.situacao == "ativa"),
        )
    return {**por, "matriculados": ativas}


async def convocacao_de(banco: AsyncEngine, turma_id: int, preinscricao_id: int) -> int:
    async with transacao(banco) as c:
        return await _um(
            c,
            sa.select(_C.c.id).where(
                _C.c.turma_id == turma_id, _C.c.preinscricao_id == preinscricao_id
            ),
        )


async def outra_osc_com_turma(banco: AsyncEngine) -> tuple[int, int]:
    """Uma segunda OSC com um curso e uma turma: (osc_id, turma_id)."""
    async with transacao(banco) as c:
        ciclo_id = await _um(c, sa.select(_T.c.ciclo_id).limit(1))
        osc = await _um(c, sa.insert(Osc).values(nome="Outra OSC").returning(Osc.id))  # type: ignore[arg-type]
        curso = await _um(
            c,
            sa.insert(Curso)
            .values(nome="Marcenaria", osc_id=osc, descricao="", o_que_levar="")
            .returning(Curso.id),  # type: ignore[arg-type]
        )
        turma = await _um(
            c,
            sa.insert(Turma)
            .values(codigo="X1", ciclo_id=ciclo_id, curso_id=curso, turno="tarde", capacidade=15)
            .returning(Turma.id),  # type: ignore[arg-type]
        )
    return osc, turma


async def vinculos_osc(banco: AsyncEngine) -> list[int]:
    async with transacao(banco) as c:
        linhas = await c.execute(
            sa.select(MembroEquipe.id).where(MembroEquipe.papel == "osc")  # type: ignore[arg-type]
        )
        return [int(i) for (i,) in linhas.all()]


async def convocar_direto(motor: Motor, turma_id: int, quantos: int) -> list[int]:
    """Convoca os próximos `quantos` da lista como a OSC faria (sem a tela), no relógio do
    motor; devolve os ids das convocações criadas."""
    async with transacao(motor.banco) as c:
        turma = await travar_turma(c, turma_id)
        assert turma is not None
        feitas = await convocar(c, turma, quantos, motor.relogio(), motor.ajustes, None)
    return list(feitas.ids)
