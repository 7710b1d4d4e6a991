"""Peças dos testes da desistência confirmada e da lista do Acessuas (R17, R19).

O botão "Confirmar desistência" vem com os alertas de evasão (outra parte da issue 10);
aqui ele é um comando de teste, nunca instalado no produto: `instalar_confirmacao` o põe
no motor de verdade, guardado por `so_para` como todo comando da equipe, e ele chama a
porta única `fluxos.desistencia.confirmar_desistencia` com quem escreve.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from armazenamento.acesso import Papel
from armazenamento.banco import transacao
from armazenamento.modelos import (
    Cras,
    Encontro,
    Envio,
    Osc,
    Presenca,
    Turma,
)
from armazenamento.tempo import FUSO
from fluxos.desistencia import confirmar_desistencia
from fluxos.equipe.permissao import ComandoDaEquipe, so_para
from fluxos.motor import Acao, Dizer, Motor
from fluxos.passos import Contexto
from mensagens.serializacao import saida_de_json
from mensagens.tipos import Saida
from tests.fluxos import dados_frequencia

COMANDO = "confirmar_teste"
MUDOU, NADA = "mudou", "nada mudou"
DESDE = datetime(2027, 1, 1, 12, tzinfo=UTC)  # a matrícula padrão, antes de tudo


async def _confirmar(ctx: Contexto, argumento: str = "") -> Acao:
    matricula, _, motivo = argumento.partition(" ")
    mudou = await confirmar_desistencia(ctx, int(matricula), motivo)
    return Dizer((MUDOU if mudou else NADA,))


def instalar_confirmacao(motor: Motor) -> None:
    """O "Confirmar desistência" do alerta, para todos os papéis (o escopo é da porta)."""
    motor.comandos[COMANDO] = so_para(COMANDO, ComandoDaEquipe(frozenset(Papel), _confirmar))


def em_bauru(dia: int, hora: int = 14, mes: int = 1) -> datetime:
    return datetime(2027, mes, dia, hora, tzinfo=FUSO)


async def ids(banco: AsyncEngine) -> dict[str, int]:
    """As turmas (T0, T1…), os CRAS (pelo nome) e a OSC semeados."""
    async with transacao(banco) as c:
        turmas = dict((await c.execute(sa.select(Turma.codigo, Turma.id))).all())
        crases = dict((await c.execute(sa.select(Cras.nome, Cras.id))).all())
        osc = (await c.execute(sa.select(sa.func.min(Osc.id)))).scalar_one()
    return {**turmas, **crases, "osc": int(osc)}


async def nova_osc(banco: AsyncEngine, nome: str = "Outra Instituição") -> int:
    async with transacao(banco) as c:
        resultado = await c.execute(sa.insert(Osc.__table__).values(nome=nome))
    return int(resultado.inserted_primary_key[0])


async def matricular(
    banco: AsyncEngine,
    turma_id: int,
    cras_id: int,
    nome: str,
    chat_id: str = "",
    canal: str = "telegram",
    telefone: str = "14991234567",
    desde: datetime = DESDE,
) -> int:
    """Uma pré-inscrição (do CRAS dado, com situação prioritária) matriculada na turma desde
    `desde`; a matrícula."""
    return await dados_frequencia.matricular(
        banco, turma_id, nome, chat_id, canal, desde, "ativa", telefone, cras_id, "II"
    )


async def encontro(
    banco: AsyncEngine,
    turma_id: int,
    inicio: datetime,
    cancelado: bool = False,
    aprendizagem: float = 4.0,
    pessoal: float = 0.0,
) -> int:
    async with transacao(banco) as c:
        resultado = await c.execute(
            sa.insert(Encontro.__table__).values(
                turma_id=turma_id,
                inicio=inicio,
                cancelado=cancelado,
                horas_aprendizagem=aprendizagem,
                horas_desenvolvimento_pessoal=pessoal,
                horas_desenvolvimento_gerencial=0.0,
            )
        )
    return int(resultado.inserted_primary_key[0])


async def marcar(
    banco: AsyncEngine, encontro_id: int, matricula_id: int, situacao: str, origem: str = "chamada"
) -> None:
    async with transacao(banco) as c:
        await c.execute(
            sa.insert(Presenca.__table__).values(
                encontro_id=encontro_id,
                matricula_id=matricula_id,
                situacao=situacao,
                origem=origem,
                registrada_em=datetime(2027, 1, 1, tzinfo=UTC),
            )
        )


async def fila(banco: AsyncEngine) -> list[tuple[str, str, str, Saida]]:
    """(canal, chat, chave, mensagem) de cada linha da fila, em ordem."""
    _E = Envio.__table__  # type: ignore[attr-defined]
    consulta = sa.select(_E.c.canal, _E.c.chat_id, _E.c.chave, _E.c.conteudo).order_by(_E.c.id)
    async with transacao(banco) as c:
        linhas = (await c.execute(consulta)).all()
    return [(canal, chat, chave, saida_de_json(json)) for canal, chat, chave, json in linhas]
